"""Benchmark importing a large bundle: wall time and peak memory of the importing process.

    .venv/bin/python scripts/bench_import.py [--rows 1000000] [--json]

Writes a synthetic bundle of ROWS agencies (plus ROWS/5 practitioners and ROWS/50 listings and
sanctions), then imports it into a fresh database in a child process, which reports its own
peak resident memory (VmHWM: a child's ru_maxrss can carry its parent's over fork). A second
import of the same bundle shows the no-op path. Target (issue 8): peak < 400 MB at any size.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.districts import DISTRICTS  # noqa: E402
from bot.registry.staging import AGENCY_COLUMNS as AGENCY_HEADER  # noqa: E402

TRADE = "华诚信达明启天和源青禾松石蓝海金桥博远恒通嘉禾瑞丰智汇永泰中鼎新苗德润"
FORMS = ["知识产权代理有限公司", "专利代理事务所（普通合伙）", "商标代理有限公司"]


def uscc(serial: int) -> str:
    body = f"9131{serial:013d}"
    return body + stdnum_uscc.calc_check_digit(body)


def write_bundle(folder: Path, rows: int, seed: int = 8) -> None:
    """A valid bundle of `rows` agencies, written a row at a time."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "agencies.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(AGENCY_HEADER)
        for n in range(rows):
            trade = "".join(rng.sample(TRADE, 3))
            out.writerow([
                uscc(n), f"上海{trade}{n}号{rng.choice(FORMS)}", "", "both", f"31{n % 1000:03d}",
                "2029-12-31", "active", "2020-01-01", "", "上海市", "上海市",
                rng.choice(DISTRICTS), f"上海市某路{n}号", f"021-6{n % 10_000_000:07d}",
                f"www.ip{n}.example", "", rng.choice("ABCD"), rng.randint(40, 100), "2026-03-31",
            ])  # fmt: skip
    with (folder / "practitioners.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["cert_no", "name", "agency_uscc", "status", "credit_grade"])
        for n in range(rows // 5):
            out.writerow(
                [f"31{n:08d}.1", f"张{TRADE[n % len(TRADE)]}{n}", uscc(n), "practising", ""]
            )
    for name, header, row in (
        ("listings", ["subject_id", "list", "listed_on"], ["abnormal_operation", "2026-01-05"]),
        ("sanctions", ["subject_id", "decided_on", "sanction", "amount_yuan"],
         ["2025-03-01", "fine", "5000"]),
    ):  # fmt: skip
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(header)
            for n in range(0, rows, 50):
                out.writerow([uscc(n), *row])
    (folder / "meta.json").write_text(
        json.dumps({"source": "bench_import", "as_of": "2026-06-01", "fictional": True}),
        encoding="utf-8",
    )


CHILD = """
import json, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from bot.registry.database import open_database
from bot.registry.importer import import_path

db = open_database({db!r})
steps = {{}}
started = time.perf_counter()

def progress(event):
    steps.setdefault(event.step, round(time.perf_counter() - started, 1))

summary = import_path(db, Path({bundle!r}), today=date(2026, 6, 1), progress=progress)
first = time.perf_counter() - started
started = time.perf_counter()
again = import_path(db, Path({bundle!r}), today=date(2026, 6, 1)) if {reimport!r} else summary
second = time.perf_counter() - started
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
print(json.dumps({{"import_s": round(first, 1), "reimport_s": round(second, 1),
                  "step_started_s": steps,
                  "unchanged": again.unchanged, "counts": summary.counts,
                  "peak_rss_mb": round(int(hwm.split()[1]) / 1024, 1)}}))
"""


def run(rows: int, *, reimport: bool = True) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        bundle, db = Path(tmp) / "bundle", Path(tmp) / "bench.db"
        started = time.perf_counter()
        write_bundle(bundle, rows)
        generated = time.perf_counter() - started
        size = sum(p.stat().st_size for p in bundle.iterdir())
        code = CHILD.format(root=str(ROOT), db=str(db), bundle=str(bundle), reimport=reimport)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
        result.update(
            rows=rows,
            bundle_mb=round(size / 2**20, 1),
            generate_s=round(generated, 1),
            db_mb=round(db.stat().st_size / 2**20, 1),
        )
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-reimport", action="store_true", help="skip the second import")
    args = parser.parse_args()
    result = run(args.rows, reimport=not args.no_reimport)
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"import of {result['rows']:,} agencies ({result['bundle_mb']} MB of CSV, generated in "
        f"{result['generate_s']} s): {result['import_s']} s, peak RSS {result['peak_rss_mb']} MB "
        f"(target < 400 MB); re-import (no change) {result['reimport_s']} s; database "
        f"{result['db_mb']} MB; steps began at (s): {result['step_started_s']}"
    )


if __name__ == "__main__":
    main()
