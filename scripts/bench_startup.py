"""How long `lantian check` takes from the shell: start-up, one check, the answer printed.

    .venv/bin/python scripts/bench_startup.py [--db data/lantian.db] [--runs 15]

Runs each command `--runs` times (one unmeasured run first, so the page cache is warm and the
byte code compiled) and prints the median wall time and the median CPU time (user + system,
which other work on the machine disturbs less), beside two floors measured the same way: the
bare interpreter and `lantian --version` (the command line without a check). Without --db, a
Shanghai demo registry is made in a temporary folder first. Target (issue 11): under 200 ms
wall time for `lantian check`, of a name as text and as --json, and of a web address (one
unregistered, whose site name is read with the public suffix list, and the registry's first
registered site).

The commands run as a user runs them, with Python's byte code cache: PYTHONDONTWRITEBYTECODE,
if this shell sets it, is left out of their environment (with it, every run compiles Lantian's
modules from source again, some 60 ms). Where the time goes: `python -X importtime
.venv/bin/lantian check …` (what a check imports: tests/test_startup.py). The commands are the
venv's beside the running interpreter, so a git worktree is measured with the main venv and
its own code first on the path: `PYTHONPATH=$PWD ../main/.venv/bin/python scripts/…`.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
LANTIAN = PYTHON.with_name("lantian")
QUERY = "上海示例知识产权代理有限公司"  # a demo name: the substring, similarity and sound searches
WEB_QUERY = "www.example-ip.cn"  # registered nowhere: its site name is looked for (lookalikes)
TARGET_MS = 200
# As a user runs them: byte code cached (see above).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run of `command` (its output is discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def medians(command: list[str], runs: int) -> tuple[float, float]:
    timed(command)  # warm: the files read once, the byte code compiled
    samples = [timed(command) for _ in range(runs)]
    return (
        statistics.median(wall for wall, _ in samples),
        statistics.median(cpu for _, cpu in samples),
    )


def demo_database(folder: Path) -> Path:
    db = folder / "lantian.db"
    subprocess.run(
        [str(LANTIAN), "registry", "demo", "--db", str(db), "--out", str(folder / "demo")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return db


def registered_site(db: Path) -> str | None:
    """The first web host the registry beside `db` holds (as bot/registry/database.py names
    that file), or None without one."""
    registry = db.with_name(f"{db.stem}-registry{db.suffix}")
    if not registry.exists():
        return None
    with closing(sqlite3.connect(f"file:{registry}?mode=ro", uri=True)) as conn:
        row = conn.execute("SELECT min(key) FROM lookup_keys WHERE key_kind = 'website'").fetchone()
    return str(row[0]) if row and row[0] else None


def report(db: Path, runs: int) -> None:
    check = [str(LANTIAN), "check", "--db", str(db)]
    site = registered_site(db)
    rows = [
        ("floor", [str(PYTHON), "-c", "pass"]),
        ("floor", [str(LANTIAN), "--version"]),
        ("check", [*check, QUERY]),
        ("check", [*check, QUERY, "--json"]),
        ("check", [*check, WEB_QUERY]),
        *([("check", [*check, "www." + site])] if site else []),
    ]
    print(f"median of {runs} runs, milliseconds; target: check under {TARGET_MS} ms wall")
    print(f"{'wall':>7} {'cpu':>7}  command")
    for kind, command in rows:
        wall, cpu = medians(command, runs)
        verdict = "" if kind == "floor" else ("  ok" if wall < TARGET_MS else "  OVER")
        shown = " ".join(command).replace(str(ROOT) + "/", "").replace(str(db), "DB")
        print(f"{wall:7.0f} {cpu:7.0f}  {shown}{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a Lantian database (default: a fresh demo)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if args.db is not None:
        report(args.db, args.runs)
        return
    with tempfile.TemporaryDirectory() as folder:
        print("making the Shanghai demo registry…", file=sys.stderr)
        report(demo_database(Path(folder)), args.runs)


if __name__ == "__main__":
    main()
