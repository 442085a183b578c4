"""Benchmark importing a large bundle: wall time and peak memory of the importing process.

    .venv/bin/python scripts/bench_import.py [--rows 1000000] [--json]
    .venv/bin/python scripts/bench_import.py --scale national3x [--bundle-dir DIR]

Writes a synthetic bundle of ROWS agencies (plus ROWS/5 practitioners and ROWS/50 listings and
sanctions), or with --scale the demo bundle of that scale (realistic names, phones, sites and
listings; kept in --bundle-dir to be reused, since national3x takes minutes to write), then
imports it into a fresh database in a child process, which reports its own peak resident
memory (VmHWM: a child's ru_maxrss can carry its parent's over fork) and CPU time. A second
import of the same bundle shows the no-op path. Targets: peak < 400 MB at any size (issue 8);
at national3x, import < 60 s and peak < 400 MB on the 2-core machine (issue 11).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

from stdnum.cn import uscc as stdnum_uscc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.districts import DISTRICTS  # noqa: E402
from bot.registry.demo import SCALES, Scale, write_demo_bundle  # noqa: E402
from bot.registry.staging import AGENCY_COLUMNS as AGENCY_HEADER  # noqa: E402

TARGET_S, TARGET_MB = 60, 400  # issue 11, at national3x
TODAY = "2026-11-01"
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
import json, logging, resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from bot.registry.database import open_database
from bot.registry.importer import import_path

class WorkerFigures(logging.Handler):  # what the index worker says of itself when it is done
    seen = {{}}
    def emit(self, record):
        if isinstance(record.args, dict):
            WorkerFigures.seen = record.args

worker_log = logging.getLogger("bot.registry.index_worker")
worker_log.addHandler(WorkerFigures())
worker_log.setLevel(logging.DEBUG)
db = open_database({db!r})
steps = {{}}
started = time.perf_counter()

def progress(event):
    steps.setdefault(event.step, round(time.perf_counter() - started, 1))

def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime

today = date.fromisoformat({today!r})
main_before, workers_before = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
summary = import_path(db, Path({bundle!r}), today=today, progress=progress)
first = time.perf_counter() - started
main_cpu = cpu(resource.RUSAGE_SELF) - main_before
worker_cpu = cpu(resource.RUSAGE_CHILDREN) - workers_before
started = time.perf_counter()
again = import_path(db, Path({bundle!r}), today=today) if {reimport!r} else summary
second = time.perf_counter() - started
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
print(json.dumps({{"import_s": round(first, 1), "reimport_s": round(second, 1),
                  "main_cpu_s": round(main_cpu, 1), "worker_cpu_s": round(worker_cpu, 1),
                  "step_started_s": steps, "unchanged": again.unchanged,
                  "counts": summary.counts,
                  "peak_rss_mb": round(int(hwm.split()[1]) / 1024, 1),
                  "worker_peak_rss_mb": round(WorkerFigures.seen.get("peak_kb", 0) / 1024, 1)}}))
"""


def run(
    rows: int, *, reimport: bool = True, scale: str | None = None, bundle_dir: Path | None = None
) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        bundle = bundle_dir if scale and bundle_dir else Path(tmp) / "bundle"
        db = Path(tmp) / "bench.db"
        load = os.getloadavg()[0]  # other work on the machine slows the import down
        started = time.perf_counter()
        if scale is None:
            write_bundle(bundle, rows)
        elif not _complete(bundle):
            write_demo_bundle(bundle, cast("Scale", scale))
        generated = time.perf_counter() - started
        size = sum(p.stat().st_size for p in bundle.iterdir())
        today = TODAY if scale else "2026-06-01"
        code = CHILD.format(
            root=str(ROOT), db=str(db), bundle=str(bundle), reimport=reimport, today=today
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
        counts = result["counts"]
        assert isinstance(counts, dict)
        result.update(
            scale=scale or "synthetic",
            rows=counts["agencies"],
            bundle_mb=round(size / 2**20, 1),
            generate_s=round(generated, 1),
            db_mb=round(_registry_bytes(db) / 2**20, 1),
            cores=len(os.sched_getaffinity(0)),
            load_before=round(load, 1),
        )
        return result


def _complete(bundle: Path) -> bool:
    """A demo bundle written to its end (meta.json is written last)."""
    return (bundle / "meta.json").is_file() and (bundle / "agencies.csv").is_file()


def _registry_bytes(db: Path) -> int:
    """The main file and the registry file beside it."""
    return sum(p.stat().st_size for p in db.parent.glob(f"{db.stem}*{db.suffix}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-reimport", action="store_true", help="skip the second import")
    parser.add_argument("--scale", choices=SCALES, help="import this demo bundle instead")
    parser.add_argument(
        "--bundle-dir", type=Path, help="where the --scale bundle is kept (reused if complete)"
    )
    args = parser.parse_args()
    result = run(
        args.rows, reimport=not args.no_reimport, scale=args.scale, bundle_dir=args.bundle_dir
    )
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"import of {result['rows']:,} agencies ({result['scale']}, {result['bundle_mb']} MB of "
        f"CSV, ready in {result['generate_s']} s): {result['import_s']} s wall (target < "
        f"{TARGET_S} s at national3x); CPU {result['main_cpu_s']} s in the importing process + "
        f"{result['worker_cpu_s']} s in its index worker; peak RSS {result['peak_rss_mb']} MB "
        f"(target < {TARGET_MB} MB), index worker {result['worker_peak_rss_mb']} MB; re-import "
        f"(no change) {result['reimport_s']} s; database {result['db_mb']} MB; steps began at "
        f"(s): {result['step_started_s']}; {result['cores']} cores, load {result['load_before']}"
    )


if __name__ == "__main__":
    main()
