"""Benchmark the check on the national demo registry, beside two baselines in the same run.

    .venv/bin/python scripts/bench_lookup.py [--scale national] [--queries 2000]

Prints: bundle generation and import time, the resident memory of a process holding the
registry, and p50 / p99 per query for (1) `check` (the real verdict, candidates included),
(2) a SQL `LIKE '%q%'` scan over every name, (3) rapidfuzz over every name; then the ratios.
Targets (issue 2): p99 <= 5 ms, >= 20x faster than LIKE at p50, import < 60 s, RSS < 300 MB.
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
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.check import check  # noqa: E402
from bot.normalize import name_key  # noqa: E402
from bot.registry.database import open_database  # noqa: E402
from bot.registry.demo import write_demo_bundle  # noqa: E402
from bot.registry.importer import import_path  # noqa: E402

TODAY = date(2026, 11, 1)


def query_mix(db_path: Path, count: int, seed: int = 7) -> list[str]:
    """What people type: full and short names, typos, clones, codes, phones, sites, strangers."""
    db = open_database(db_path)
    rng = random.Random(seed)
    rows = db.execute(
        "SELECT uscc, name, patent_agency_code, phones, websites FROM agencies"
    ).fetchall()
    people = db.execute("SELECT cert_no, name FROM practitioners").fetchall()
    db.close()
    makers: list[tuple[float, Callable[[], str]]] = []

    def pick() -> tuple[str, str, str | None, str, str]:
        return rows[rng.randrange(len(rows))]  # type: ignore[no-any-return]

    def typo(name: str) -> str:
        i = rng.randrange(2, max(3, len(name) - 6))
        return name[:i] + rng.choice("华诚信达明启天和源") + name[i + 1 :]

    makers = [
        (0.30, lambda: pick()[1]),
        (0.10, lambda: name_key(pick()[1])),
        (0.10, lambda: name_key(pick()[1])[:4]),
        (0.08, lambda: typo(pick()[1])),
        (0.05, lambda: pick()[1].replace("知识产权", "专利", 1)),
        (0.10, lambda: pick()[0].lower()),
        (0.05, lambda: pick()[2] or pick()[0]),
        (0.08, lambda: (json.loads(pick()[3]) or ["021-60000000"])[0]),
        (0.04, lambda: "https://" + ((json.loads(pick()[4]) or ["x.example"])[0])),
        (0.04, lambda: people[rng.randrange(len(people))][0]),
        (0.03, lambda: people[rng.randrange(len(people))][1]),
        (0.03, lambda: "上海" + rng.choice("甲乙丙丁戊") + "某知识产权代理有限公司"),
    ]
    weights = [w for w, _ in makers]
    return [rng.choices(makers, weights)[0][1]() for _ in range(count)]


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
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--baseline-queries", type=int, default=200)
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

        queries = query_mix(db_path, args.queries)
        db = open_database(db_path)
        for query in queries[:50]:
            check(db, query, today=TODAY)  # warm the page cache, as a running bot would be
        ours = timed(lambda q: check(db, q, today=TODAY), queries)

        names = [row[0] for row in db.execute("SELECT name FROM agencies").fetchall()]
        sample = queries[: args.baseline_queries]
        like = timed(
            lambda q: db.execute(
                "SELECT uscc FROM agencies WHERE name LIKE ? LIMIT 20", [f"%{q}%"]
            ).fetchall(),
            sample,
        )
        fuzzy = timed(lambda q: process.extract(q, names, scorer=fuzz.ratio, limit=5), sample)
        db.close()
        rss = held_memory(db_path)

    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scale {args.scale}: {summary}")
    print(f"generate bundle      {generated:8.2f} s")
    print(f"import               {imported:8.2f} s   (target < 60 s)")
    print(f"re-import (no-op)    {reimported:8.2f} s")
    print(f"checking process RSS {rss:8.1f} MB  (target < 300 MB; this script: {own_rss:.0f} MB)")
    print(f"{'per query (ms)':24} {'p50':>8} {'p99':>8}   queries")
    for label, (p50, p99), n in (
        ("lantian check", ours, len(queries)),
        ("baseline LIKE '%q%'", like, len(sample)),
        ("baseline rapidfuzz all", fuzzy, len(sample)),
    ):
        print(f"{label:24} {p50:8.3f} {p99:8.3f}   {n}")
    print(f"speed-up over LIKE      p50 {like[0] / ours[0]:6.1f}x  p99 {like[1] / ours[1]:6.1f}x")
    print(f"speed-up over rapidfuzz p50 {fuzzy[0] / ours[0]:6.1f}x  p99 {fuzzy[1] / ours[1]:6.1f}x")
    print(f"targets: p99 <= 5 ms: {'met' if ours[1] <= 5 else 'MISSED'}; "
          f">= 20x LIKE at p50: {'met' if like[0] / ours[0] >= 20 else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
