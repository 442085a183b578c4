"""Benchmark the bot's work while the registry is re-imported in another process.

    .venv/bin/python scripts/bench_import_live.py [--scale national] [--seconds-after 2]

Imports the demo registry (seed 426), then starts `lantian import` of a different one (seed 427)
in a child process and, in this process, does what the running bot does meanwhile on its own
connection: a check every few milliseconds (following the registry file before each, as the
bot's first handler does) and a report submitted every 50 ms. Prints the checks' p50 / p99 /
max during the import, the submissions that succeeded and failed, and when this process first
answered from the new registry. Targets (issue 11): every submission succeeds; checks p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.check import check  # noqa: E402
from bot.registry.database import follow_registry, open_database  # noqa: E402
from bot.registry.demo import SCALES, write_demo_bundle  # noqa: E402
from bot.registry.importer import import_path  # noqa: E402
from bot.registry.records import VIOLATIONS  # noqa: E402
from bot.reports.tickets import Draft, submit  # noqa: E402

TODAY = date(2026, 11, 1)
SUBMIT_EVERY = 0.05  # seconds between reports, far above a real queue's rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="national")
    parser.add_argument("--seconds-after", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old, new, db_path = Path(tmp) / "old", Path(tmp) / "new", Path(tmp) / "lantian.db"
        write_demo_bundle(old, args.scale, seed=426)
        write_demo_bundle(new, args.scale, seed=427)
        db = open_database(db_path)
        import_path(db, old, today=TODAY)
        old_names = [r[0] for r in db.execute("SELECT name FROM agencies LIMIT 2000")]
        queries = old_names + [r[0] for r in _names(new)]
        random.Random(1).shuffle(queries)
        importer = subprocess.Popen(
            [sys.executable, "-m", "bot", "registry", "import", str(new), "--allow-shrink",
             "--db", str(db_path), "--today", TODAY.isoformat()],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        run = _Run(db, queries)
        started = time.perf_counter()
        while importer.poll() is None:
            run.step()
        imported = time.perf_counter() - started
        after = time.perf_counter()
        while time.perf_counter() - after < args.seconds_after:
            run.step()
        if importer.returncode != 0:
            sys.exit(f"the import failed: {importer.stderr.read() if importer.stderr else ''}")
        run.report(imported, started)


def _names(bundle: Path) -> list[tuple[str]]:
    import csv

    with (bundle / "agencies.csv").open(encoding="utf-8") as rows:
        return [(row["name"],) for _, row in zip(range(2000), csv.DictReader(rows), strict=False)]


class _Run:
    def __init__(self, db: object, queries: list[str]) -> None:
        self.db = db
        self.queries = queries
        self.samples: list[float] = []
        self.submit_times: list[float] = []
        self.submitted = self.failed = 0
        self.errors: list[str] = []
        self.switched_at: float | None = None
        self.last_submit = 0.0
        self.n = 0

    def step(self) -> None:
        db = self.db
        start = time.perf_counter()
        if follow_registry(db):  # type: ignore[arg-type]
            self.switched_at = start
        check(db, self.queries[self.n % len(self.queries)], today=TODAY)  # type: ignore[arg-type]
        self.samples.append(time.perf_counter() - start)
        self.n += 1
        if start - self.last_submit >= SUBMIT_EVERY:
            self.last_submit = start
            self.submit()

    def submit(self) -> None:
        draft = Draft(
            kind="report",
            category=VIOLATIONS[0],
            subject_text="bench",
            description="x" * 30,
            anonymous=True,
            reporter_user_id=10_000 + self.submitted,
        )
        start = time.perf_counter()
        try:
            submit(self.db, draft, f"bench:{self.submitted}:{self.failed}", datetime.now(UTC))  # type: ignore[arg-type]
            self.submitted += 1
            self.submit_times.append(time.perf_counter() - start)
        except Exception as error:  # every failure is counted and shown, none is hidden
            self.failed += 1
            self.errors.append(repr(error))

    def report(self, imported: float, started: float) -> None:
        ordered = sorted(self.samples)
        p99 = ordered[int(len(ordered) * 0.99)] * 1000
        print(f"import in another process: {imported:.1f} s")
        print(
            f"checks meanwhile: {len(ordered)}  p50 {statistics.median(ordered) * 1000:.2f} ms  "
            f"p99 {p99:.2f} ms  max {ordered[-1] * 1000:.1f} ms   (target p99 < 50 ms)"
        )
        waits = sorted(self.submit_times)
        print(
            f"reports submitted: {self.submitted} ok, {self.failed} failed   (target 0 failed); "
            f"each took p50 {statistics.median(waits) * 1000:.2f} ms, "
            f"p99 {waits[int(len(waits) * 0.99)] * 1000:.2f} ms, max {waits[-1] * 1000:.1f} ms"
        )
        for error in self.errors[:5]:
            print("  ", error)
        if self.switched_at is not None:
            print(f"answered from the new registry {self.switched_at - started:.1f} s after start")
        else:
            print("never switched to the new registry")


if __name__ == "__main__":
    main()
