"""Benchmark the check on the national demo registry, beside two baselines in the same run.

    .venv/bin/python scripts/bench_lookup.py [--scale national] [--per-class 300]

Prints: bundle generation and import time, the resident memory of a process holding the
registry, and for each class of query (exact, wrapped, short and unregistered names, typos,
codes, phones, sites, lookalike sites, a name with a phone, free text) p50 / p99 of `check`
(the real verdict, candidates included) beside its fair rival on the same queries: a primary-key
lookup for codes, a LIKE scan for names and contacts, rapidfuzz over every name for names.
Targets (issues 2 and 10): p99 <= 5 ms per class nationally; import < 60 s; RSS < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
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

TODAY = date(2026, 11, 1)


def query_classes(db_path: Path, count: int, seed: int = 7) -> dict[str, list[str]]:
    """`count` distinct queries of each kind people send, the expensive kinds included."""
    db = open_database(db_path)
    rng = random.Random(seed)
    rows = db.execute("SELECT uscc, name, phones, websites FROM agencies").fetchall()
    db.close()
    trade = "华诚信达明启天和源澜岳瑞安泰恒远博思睿智鼎盛宏图嘉禾晨曦锦程松风"

    def pick() -> tuple[str, str, list[str], list[str]]:
        uscc, name, phones, websites = rows[rng.randrange(len(rows))]
        return uscc, name, json.loads(phones), json.loads(websites)

    def typo(name: str) -> str:
        i = rng.randrange(2, max(3, len(name) - 6))
        return name[:i] + rng.choice(trade) + name[i + 1 :]

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

    makers: dict[str, Callable[[], str]] = {
        "exact name": lambda: pick()[1],
        "wrapped name": lambda: rng.choice(["“{}”", "名称：{}", "【{}】"]).format(pick()[1]),
        "short name": lambda: name_key(pick()[1])[:4],
        "typo": lambda: typo(pick()[1]),
        "unregistered name": lambda: (
            "上海"
            + "".join(rng.sample(trade, 2))
            + rng.choice(["知识产权代理", "专利代理", "商标代理", "知识产权服务"])
            + "有限公司"
        ),
        "uscc": lambda: pick()[0].lower(),
        "phone": lambda: with_phone()[1][0],
        "website": lambda: "https://" + with_site(),
        "lookalike site": lambda: one_off(with_site()),
        "name + phone": lambda: with_phone()[0] + " 电话：" + with_phone()[1][0],
        "free text": lambda: (
            "请帮我查一下"
            + rng.choice([pick()[1], typo(pick()[1])])
            + "，电话 "
            + with_phone()[1][0]
            + "，靠谱吗？"
        ),
    }
    out: dict[str, list[str]] = {}
    for label, make in makers.items():
        seen: dict[str, None] = {}
        for _ in range(count * 20):
            seen[make()] = None
            if len(seen) == count:
                break
        out[label] = list(seen)
    return out


def like_contact(db: sqlite_utils.Database, sql: str, query: str) -> object:
    return db.execute(sql, [f"%{query.removeprefix('https://')}%"]).fetchall()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return p50 * 1000, p99 * 1000


def timed(run: Callable[[str], object], queries: list[str]) -> tuple[float, float]:
    samples = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["shanghai", "national"], default="national")
    parser.add_argument("--per-class", type=int, default=300)
    parser.add_argument(
        "--rapidfuzz",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time rapidfuzz over every name for the name classes (slow nationally)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder, db_path = Path(tmp) / "bundle", Path(tmp) / "bench.db"
        start = time.perf_counter()
        summary = write_demo_bundle(folder, args.scale)
        generated = time.perf_counter() - start
        db = open_database(db_path)
        start = time.perf_counter()
        import_path(db, folder, today=TODAY)
        imported = time.perf_counter() - start
        start = time.perf_counter()
        import_path(db, folder, today=TODAY)
        reimported = time.perf_counter() - start
        db.close()

        classes = query_classes(db_path, args.per_class)
        db = open_database(db_path)
        for query in classes["exact name"][:50]:
            check(db, query, today=TODAY)  # warm the page cache, as a running bot would be
        names = [row[0] for row in db.execute("SELECT name FROM agencies").fetchall()]
        results = []
        for label, queries in classes.items():
            ours = timed(lambda q: check(db, q, today=TODAY), queries)
            rival = "LIKE '%q%' over names"
            if label == "uscc":
                rival = "primary key"
                base = timed(
                    lambda q: db.execute(
                        "SELECT * FROM agencies WHERE uscc = ?", [q.upper()]
                    ).fetchall(),
                    queries,
                )
            elif label in ("phone", "website", "lookalike site"):
                rival = "LIKE '%q%' over contacts"
                sql = "SELECT uscc FROM agencies WHERE {} LIKE ? LIMIT 20".format(
                    "phones" if label == "phone" else "websites"
                )
                base = timed(partial(like_contact, db, sql), queries)
            else:
                base = timed(
                    lambda q: db.execute(
                        "SELECT uscc FROM agencies WHERE name LIKE ? LIMIT 20", [f"%{q}%"]
                    ).fetchall(),
                    queries,
                )
            fuzzy = (
                timed(lambda q: process.extract(q, names, scorer=fuzz.ratio, limit=5), queries)
                if args.rapidfuzz and ("name" in label or label in ("typo", "free text"))
                else None
            )
            results.append((label, len(queries), ours, rival, base, fuzzy))
        db.close()
        rss = held_memory(db_path)

    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scale {args.scale}: {summary}")
    print(f"generate bundle      {generated:8.2f} s")
    print(f"import               {imported:8.2f} s   (target < 60 s)")
    print(f"re-import (no-op)    {reimported:8.2f} s")
    print(f"checking process RSS {rss:8.1f} MB  (target < 300 MB; this script: {own_rss:.0f} MB)")
    print(f"{'class':18} {'n':>5} {'p50':>7} {'p99':>7}   {'rival':26} {'p50':>7} {'p99':>7}"
          f"   {'rapidfuzz p50':>13} {'p99':>7}")  # fmt: skip
    missed = []
    for label, n, ours, rival, base, fuzzy in results:
        fuzz_cols = f"{fuzzy[0]:13.3f} {fuzzy[1]:7.3f}" if fuzzy else f"{'-':>13} {'-':>7}"
        print(f"{label:18} {n:5d} {ours[0]:7.3f} {ours[1]:7.3f}   {rival:26} {base[0]:7.3f} "
              f"{base[1]:7.3f}   {fuzz_cols}")  # fmt: skip
        if ours[1] > 5:
            missed.append(label)
    print(
        "target p99 <= 5 ms per class: " + ("met" if not missed else "MISSED: " + ", ".join(missed))
    )


if __name__ == "__main__":
    main()
