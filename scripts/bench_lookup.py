"""Benchmark the check per class of query, beside its baselines on the same queries, in one run.

    .venv/bin/python scripts/bench_lookup.py [--scale national|national3x|shanghai]
        [--per-class 300] [--typos 300] [--no-rapidfuzz] [--keep DIR]

Generates the fictional demo bundle at that scale (national3x: 300,000 agencies and 180,000
practitioners, three times the nation; a few minutes), imports it, and prints:

1. Per class of query (exact id, exact name, short name, typo, lookalike name and site,
   unregistered plausible name, practitioner name, free text, name + phone, phone, website),
   p50/p95/p99/max of `check` (the real verdict, candidates included) and of each baseline
   timed on the same queries: a primary-key lookup for identifiers; SQLite FTS5 trigram (a
   table built in this run's own database) for substrings of names and contacts; rapidfuzz
   `process.extract` with a score cutoff over every normalised name (bot.normalize.name_key).
   Target (issue 11): every class p99 <= 5 ms nationally, <= 8 ms at three times.
2. Typo recall: for each kind of typo people make (tests/typos.py: a homophone, a character of
   similar shape, one dropped, swapped or doubled, the name in traditional characters), the
   share of queries whose registered record the check finds exactly or among its first three
   candidates, beside rapidfuzz's first three on the same queries; and the same for a random
   replacement of one trade-name character, which has no target. Target: >= 95% for every kind.

Before timing, 40 other queries of every class are checked (a running bot's pages are warm);
a cold process's first few name-index reads cost up to ~25 ms each at 3x.

The wall times include waiting for a core: on a shared machine (the load average is printed)
they are the p99's main part. The CPU column is the same queries' CPU time in this process.

Where Lantian loses, and why (the run lists the classes where a baseline's p50 is lower):
- A primary-key lookup answers a USCC in microseconds; `check` also validates the number, loads
  the record with its lists and sanctions and writes the verdict. The probe itself is the same.
- FTS5 trigram is faster on short names, typos, lookalikes, unregistered names, practitioner
  names and text: it returns the row ids of a substring, or nothing (a typo, a two-character
  name, a sentence), and ranks nothing. The check ranks the names one typo off, sounding
  alike, sharing the trade name or the rarest characters, and loads each candidate it shows
  (about a third of a fuzzy check's time). Trigram is slower on exact names, phones and sites.
- rapidfuzz is 10 to 100 times slower (every name, every query) and finds fewer homophones,
  look-alike characters and swaps: an edit ratio does not know how characters sound or look.
- A random replacement of a trade-name character: the demo's trade names have two characters,
  so the query is one edit from every firm of the region and industry sharing the other one,
  and nothing tells them apart (rapidfuzz does no better). A dropped trade-name character is the
  same case, and is left out of the drop kind as ambiguous. The check puts first what sounds or
  looks like the character typed; a blind replacement neither sounds nor looks like it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.check import check  # noqa: E402
from bot.normalize import name_key  # noqa: E402
from bot.registry.database import open_database  # noqa: E402
from bot.registry.demo import write_demo_bundle  # noqa: E402
from bot.registry.importer import import_path  # noqa: E402
from tests.typos import KINDS, ambiguous, random_trade_typo, typo  # noqa: E402

TODAY = date(2026, 11, 1)
TARGET_MS = {"shanghai": 5.0, "national": 5.0, "national3x": 8.0}
RECALL_TARGET = 0.95
TOP = 3  # "among the first three candidates"
RAPIDFUZZ_CUTOFF = 75  # fuzz.ratio: one character off a ten-character name scores 90
RANDOM = "random trade char"

# Trade-name characters: the demo's own (its trade names are two of them), and others firms use.
DEMO_TRADE = (
    "澄禾华诚信德源瑞博景智汇佳嘉恒泰鼎盛弘明启晟睿卓越创锦天海蓝青正本立方远达通科安康乐文雅思维"
    "谷峰岳川林森石金玉宝星辰月阳光晨曦朗悦欣融沐澜泓沛润泽浩淳清知慧聚合众诺优凯铭骏翔鹏鸿奕承永"
    "久誉航策衡律勤毅尚品禹舟桥原杉榕樟桐枫竹梧荷云雨霖露霞岚溪泉湖江河洲屿帆舒恬宁静和睦谦儒贤哲"
    "道行致拓展新元初朴素简杰英豪盈丰裕益兴隆昌祥福禄寿"
)
TRADE_CHARS = DEMO_TRADE + "宏伟腾飞捷迅联百万中国东方夏神州九环宇冠军领先精同心大桥银长城黄山昆仑"
REGIONS = (
    "上海", "上海", "上海", "北京", "天津", "重庆", "广州", "深圳", "南京", "苏州", "杭州", "宁波",
    "武汉", "成都", "西安", "合肥", "厦门", "青岛", "济南", "长沙", "郑州", "沈阳", "大连", "昆明",
)  # fmt: skip
INDUSTRIES = (
    "知识产权代理", "商标代理", "专利代理", "知识产权服务", "专利商标代理", "知识产权咨询",
    "商标事务所", "专利事务所", "知识产权运营", "企业管理咨询",
)  # fmt: skip
FORMS = ("有限公司", "有限责任公司", "股份有限公司")

# Why a baseline beats the check where it does (printed beside the classes it wins).
WHY_SLOWER = {
    "primary key": "the check validates the number and loads the whole record and its lists "
    "to write a verdict; the probe itself is the same index lookup",
    "FTS5 trigram": "a substring probe returns row ids only; the check ranks candidates and "
    "writes a verdict for each query, and finds what trigrams cannot (typos, 2-character names)",
    "rapidfuzz": "",
}


@dataclass(frozen=True)
class Timing:
    """One method on one class of queries: p50, p95, p99, max in ms, wall and CPU."""

    label: str
    method: str
    n: int
    wall: tuple[float, float, float, float]
    cpu: tuple[float, float, float, float]


@dataclass(frozen=True)
class Recall:
    """Typo recall of one kind: ours and rapidfuzz's shares found among the first three."""

    kind: str
    n: int
    ambiguous: int
    ours: float
    rapidfuzz: float | None


@dataclass(frozen=True)
class Registry:
    """What the query generators draw from, read once."""

    agencies: list[tuple[str, str, list[str], list[str]]]  # uscc, name, phones, websites
    practitioners: list[str]
    keys: set[str]  # every registered name key (current and former)


def read_registry(db_path: Path) -> Registry:
    db = open_database(db_path)
    agencies = [
        (uscc, name, json.loads(phones), json.loads(websites))
        for uscc, name, phones, websites in db.execute(
            "SELECT uscc, name, phones, websites FROM agencies ORDER BY uscc"
        ).fetchall()
    ]
    people = [row[0] for row in db.execute("SELECT name FROM practitioners ORDER BY cert_no")]
    keys = {
        row[0]
        for row in db.execute(
            "SELECT key FROM lookup_keys WHERE key_kind IN ('name', 'former_name')"
        ).fetchall()
    }
    db.close()
    return Registry(agencies, people, keys)


WARM_PER_CLASS = 40  # queries per class run before timing (see main)


def query_classes(db_path: Path, count: int, seed: int = 7) -> dict[str, list[str]]:
    """`count` distinct queries of each class people send, the expensive classes included."""
    registry = read_registry(db_path)
    rng = random.Random(seed)
    agencies = registry.agencies

    def pick() -> tuple[str, str, list[str], list[str]]:
        return agencies[rng.randrange(len(agencies))]

    def unregistered(query: str) -> str | None:
        return None if name_key(query) in registry.keys else query

    def with_phone() -> tuple[str, list[str]]:
        while True:
            _, name, phones, _ = pick()
            if phones:
                return name, phones

    def with_site() -> str:
        while True:
            sites = pick()[3]
            if sites:
                return str(sites[0]).removeprefix("www.")

    def one_off(site: str) -> str:
        label, _, rest = site.partition(".")
        i = rng.randrange(len(label))
        return label[:i] + rng.choice("lio0") + label[i + 1 :] + "." + rest

    def a_typo() -> str | None:
        name = pick()[1]
        return unregistered(typo(name, rng.choice(KINDS), rng) or "")

    def clone() -> str | None:
        """A lookalike's name: a registered trade name under another industry word or region,
        or with a character that sounds the same."""
        name = pick()[1]
        roll = rng.random()
        region = next((r for r in REGIONS if name.startswith(r)), None)
        if roll < 0.25 and region:
            made = rng.choice(REGIONS) + name.removeprefix(region)
        elif roll < 0.75:
            made = next(
                (name.replace(w, rng.choice(INDUSTRIES), 1) for w in INDUSTRIES if w in name), ""
            )
        else:
            made = typo(name, "homophone", rng) or ""
        return unregistered(made)

    def invented() -> str | None:
        """A plausible name nobody registered: region, two trade-name characters, an industry
        word and a form; half spelled as the demo's names are (示例), half as real ones."""
        trade = "".join(rng.sample(TRADE_CHARS, 2))
        marker = "示例" if rng.random() < 0.5 else ""
        industry, form = rng.choice(INDUSTRIES), rng.choice(FORMS)
        return unregistered(rng.choice(REGIONS) + trade + marker + industry + form)

    def sentence() -> str:
        named = pick()[1]
        named = rng.choice([named, typo(named, rng.choice(KINDS), rng) or named])
        return "请帮我查一下" + named + "，电话 " + with_phone()[1][0] + "，靠谱吗？"

    makers: dict[str, Callable[[], str | None]] = {
        "exact id (USCC)": lambda: pick()[0].lower(),
        "exact name": lambda: pick()[1],
        "short name": lambda: name_key(pick()[1])[:4],
        "typo": a_typo,
        "lookalike name": clone,
        "lookalike site": lambda: one_off(with_site()),
        "unregistered name": invented,
        "practitioner name": lambda: rng.choice(registry.practitioners),
        "free text": sentence,
        "name + phone": lambda: with_phone()[0] + " 电话：" + with_phone()[1][0],
        "phone": lambda: with_phone()[1][0],
        "website": lambda: "https://" + with_site(),
    }
    return {label: _distinct(make, count) for label, make in makers.items()}


def _distinct(make: Callable[[], str | None], count: int) -> list[str]:
    seen: dict[str, None] = {}
    for _ in range(count * 50):
        made = make()
        if made:
            seen[made] = None
        if len(seen) == count:
            break
    return list(seen)


@dataclass(frozen=True)
class Typos:
    """Typos of one kind: (query, the USCC meant), and how many were left out as ambiguous."""

    pairs: list[tuple[str, str]]
    ambiguous: int


def typo_queries(db_path: Path, count: int, seed: int = 11) -> dict[str, Typos]:
    """`count` typos of each kind (tests/typos.py). One that spells another registered name, or
    is the same kind of typo of another's name too (a dropped trade-name character), means
    that one as much: no lookup can know, so it is left out and counted; not for the random
    replacement, which has no target."""
    registry = read_registry(db_path)
    db = open_database(db_path)
    rng = random.Random(seed)
    out: dict[str, Typos] = {}
    for kind in (*KINDS, RANDOM):
        found: dict[str, str] = {}
        left_out = 0
        for _ in range(count * 50):
            uscc, name, _, _ = registry.agencies[rng.randrange(len(registry.agencies))]
            query = (
                random_trade_typo(name, DEMO_TRADE, rng)
                if kind == RANDOM
                else typo(name, kind, rng)
            )
            if not query or query in found:
                continue
            if kind == RANDOM and name_key(query) in registry.keys:
                continue
            if kind != RANDOM and ambiguous(db, kind, query, uscc):
                left_out += 1
                continue
            found[query] = uscc
            if len(found) == count:
                break
        out[kind] = Typos(list(found.items()), left_out)
    db.close()
    return out


# --- baselines --------------------------------------------------------------------------------


class Baselines:
    """The rivals, built in this run's own database beside the registry."""

    def __init__(self, db: sqlite_utils.Database, folder: Path) -> None:
        self.registry = db
        path = folder / "baselines.db"
        path.unlink(missing_ok=True)
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE VIRTUAL TABLE names USING fts5(name, tokenize='trigram')")
        self.conn.execute("CREATE VIRTUAL TABLE contacts USING fts5(contact, tokenize='trigram')")
        names = db.execute("SELECT name FROM agencies UNION ALL SELECT name FROM practitioners")
        self.conn.executemany("INSERT INTO names VALUES (?)", names)
        contacts = db.execute("SELECT phones || ' ' || websites FROM agencies")
        self.conn.executemany("INSERT INTO contacts VALUES (?)", contacts)
        self.conn.commit()
        owners: dict[str, list[str]] = {}
        for subject_id, key in db.execute(
            "SELECT subject_id, name_key FROM search_names ORDER BY id"
        ).fetchall():
            owners.setdefault(key, []).append(subject_id)
        self.keys = list(owners)
        self.owners = [owners[key] for key in self.keys]

    def primary_key(self, query: str) -> object:
        sql = "SELECT * FROM agencies WHERE uscc = ?"
        return self.registry.execute(sql, [query.strip().upper()]).fetchall()

    def trigram(self, table: str, query: str) -> object:
        phrase = '"' + query.replace('"', '""') + '"'
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT 20"
        return self.conn.execute(sql, [phrase]).fetchall()

    def fuzzy(self, query: str, limit: int = 5) -> list[str]:
        """The subjects of the `limit` closest normalised names."""
        found = process.extract(
            name_key(query),
            self.keys,
            scorer=fuzz.ratio,
            processor=None,
            limit=limit,
            score_cutoff=RAPIDFUZZ_CUTOFF,
        )
        return [owner for _, _, index in found for owner in self.owners[index]]


def rivals(label: str, base: Baselines) -> dict[str, Callable[[str], object]]:
    """The baselines a class of query is timed against."""
    if label == "exact id (USCC)":
        return {"primary key": base.primary_key}
    if label in ("phone", "website", "lookalike site"):
        return {"FTS5 trigram": lambda q: base.trigram("contacts", q.removeprefix("https://"))}
    return {"FTS5 trigram": lambda q: base.trigram("names", q), "rapidfuzz": base.fuzzy}


# --- measuring --------------------------------------------------------------------------------


def timed(run: Callable[[str], object], queries: list[str]) -> tuple[list[float], list[float]]:
    """Each query's wall time and this process's CPU time, in ms: on a busy machine the wall
    time also holds the waits for a core, which the CPU time leaves out."""
    wall, cpu = [], []
    for query in queries:
        start, used = time.perf_counter(), time.process_time()
        run(query)
        cpu.append((time.process_time() - used) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def spread(samples: list[float]) -> tuple[float, float, float, float]:
    """p50, p95, p99 and max, in ms."""
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    return at(0.5), at(0.95), at(0.99), ordered[-1]


def found_among_first(db: sqlite_utils.Database, query: str, meant: str) -> bool:
    verdict = check(db, query, today=TODAY)
    if verdict.match is not None:
        return verdict.match.id == meant
    return meant in [c.subject.id for c in verdict.candidates[:TOP]]


def held_memory(db_path: Path) -> float:
    """Peak RSS (MB) of a fresh process that opens the registry and answers checks."""
    code = (
        "import sys\n"
        "from datetime import date\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from bot.check import check\nfrom bot.registry.database import open_database\n"
        f"db = open_database({str(db_path)!r})\n"
        "for q in ['示例知识产权', '上海某某代理有限公司', '021-60000000', '91310115MA1K4ABC2B']:\n"
        "    check(db, q, today=date(2026, 11, 1))\n"
        # VmHWM is this process's own peak; ru_maxrss would carry the parent's over exec.
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(int(hwm.split()[1]) / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


@contextmanager
def workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", choices=list(TARGET_MS), default="national")
    parser.add_argument("--per-class", type=int, default=300)
    parser.add_argument("--typos", type=int, default=300, help="queries per kind of typo")
    parser.add_argument(
        "--rapidfuzz",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time rapidfuzz over every name (tens of ms a query nationally)",
    )
    parser.add_argument(
        "--keep", type=Path, help="keep the bundle and database here and reuse them next time"
    )
    args = parser.parse_args()

    with workdir(args.keep) as folder:
        bundle, db_path = folder / f"bundle-{args.scale}", folder / f"{args.scale}.db"
        start = time.perf_counter()
        summary = "reused" if bundle.exists() else write_demo_bundle(bundle, args.scale)
        generated = time.perf_counter() - start
        db = open_database(db_path)
        start = time.perf_counter()
        import_path(db, bundle, today=TODAY)
        imported = time.perf_counter() - start
        start = time.perf_counter()
        import_path(db, bundle, today=TODAY)
        reimported = time.perf_counter() - start
        db.close()

        classes = query_classes(db_path, args.per_class)
        typos = typo_queries(db_path, args.typos)
        db = open_database(db_path)
        base = Baselines(db, folder)
        # A running bot's pages are warm: other queries of every class (another seed, none of
        # those timed) touch the index pages each class reads first. Without this, the first
        # typo queries read the name index cold and their misses are the p99 at 3x.
        for queries in query_classes(db_path, WARM_PER_CLASS, seed=99).values():
            for query in queries:
                check(db, query, today=TODAY)

        timings: list[Timing] = []
        for label, queries in classes.items():
            wall, cpu = timed(lambda q: check(db, q, today=TODAY), queries)
            timings.append(Timing(label, "lantian check", len(queries), spread(wall), spread(cpu)))
            for rival, run in rivals(label, base).items():
                if rival == "rapidfuzz" and not args.rapidfuzz:
                    continue
                wall, cpu = timed(run, queries)
                timings.append(Timing(label, rival, len(queries), spread(wall), spread(cpu)))

        recall: list[Recall] = []
        for kind, made in typos.items():
            pairs = made.pairs
            ours_found = sum(found_among_first(db, q, meant) for q, meant in pairs)
            theirs = (
                sum(meant in base.fuzzy(q, TOP) for q, meant in pairs) if args.rapidfuzz else None
            )
            n = len(pairs)
            share = None if theirs is None else theirs / n
            recall.append(Recall(kind, n, made.ambiguous, ours_found / n, share))
        db.close()
        base.conn.close()
        rss = held_memory(db_path)

    report(args.scale, summary, generated, imported, reimported, rss, timings, recall)


def report(
    scale: str,
    summary: object,
    generated: float,
    imported: float,
    reimported: float,
    rss: float,
    timings: list[Timing],
    recall: list[Recall],
) -> None:
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    target = TARGET_MS[scale]
    print(f"scale {scale}: {summary}")
    print(f"generate bundle      {generated:8.2f} s")
    print(f"import               {imported:8.2f} s")
    print(f"re-import (no-op)    {reimported:8.2f} s")
    print(f"checking process RSS {rss:8.1f} MB  (this script: {own_rss:.0f} MB)")
    print()
    print(f"load average at the end: {', '.join(f'{n:.1f}' for n in os.getloadavg())}")
    print()
    header = f"{'class':18} {'method':14} {'n':>4} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"
    print(header + f" {'cpu p99':>8}  ms")
    missed, losses = [], []
    ours: dict[str, float] = {}
    last = ""
    for row in timings:
        shown = row.label if row.label != last else ""
        last = row.label
        p50, p95, p99, top = row.wall
        print(
            f"{shown:18} {row.method:14} {row.n:4d} {p50:8.3f} {p95:8.3f} {p99:8.3f} {top:8.3f}"
            f" {row.cpu[2]:8.3f}"
        )
        if row.method == "lantian check":
            ours[row.label] = p50
            if p99 > target:
                missed.append(row.label)
        elif p50 < ours[row.label]:
            losses.append(
                f"  {row.label}: {row.method} p50 {p50:.3f} ms < {ours[row.label]:.3f} ms"
            )
    verdict = "met" if not missed else "MISSED: " + ", ".join(missed)
    print(f"target p99 <= {target:g} ms in every class: {verdict}")
    if losses:
        print("where a baseline is faster (why: see this script's docstring):")
        print("\n".join(losses))
    print()
    print(f"{'typo kind':18} {'n':>4} {'lantian top 3':>14} {'rapidfuzz top 3':>16}  ambiguous")
    short = []
    for found in recall:
        rival = f"{found.rapidfuzz:16.1%}" if found.rapidfuzz is not None else f"{'-':>16}"
        left_out = f"{found.ambiguous:>10}" if found.kind != RANDOM else f"{'-':>10}"
        print(f"{found.kind:18} {found.n:4d} {found.ours:14.1%} {rival} {left_out}")
        if found.kind != RANDOM and found.ours < RECALL_TARGET:
            short.append(found.kind)
        if found.rapidfuzz is not None and found.rapidfuzz > found.ours:
            print(f"  rapidfuzz finds more {found.kind} typos: see this script's docstring")
    print(
        f"target >= {RECALL_TARGET:.0%} in the first {TOP} for every kind but {RANDOM}: "
        + ("met" if not short else "MISSED: " + ", ".join(short))
    )
    print("(ambiguous: typos left out as another firm's name, or the same kind of typo of it)")


if __name__ == "__main__":
    main()
