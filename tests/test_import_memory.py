"""A large import streams: its peak memory does not grow with the bundle (issue 8: a 1,000,000-row
agencies.csv took 2.9 GB). Runs scripts/bench_import.py, which imports in a child process that
reports its own peak resident memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_import.py"
BOUND_MB = 250  # the whole-bundle-in-memory importer needed ~600 MB for this size


@pytest.mark.slow
def test_importing_200_000_agencies_stays_under_the_memory_bound() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "200000", "--json", "--no-reimport"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["counts"]["agencies"] == 200_000
    assert result["peak_rss_mb"] < BOUND_MB, result
