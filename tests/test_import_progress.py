"""Import progress: rows, files and bytes as they are read; a moving bar on a terminal and plain
lines elsewhere."""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot import cli as cli_module
from bot.cli import cli
from bot.registry import staging
from bot.registry.importer import import_path
from bot.registry.staging import Progress
from tests.bundles import agency, write_bundle
from tests.hostile.bundles.make_bundles import uscc

TODAY = date(2026, 6, 1)


def bundle(folder: Path, rows: int = 10) -> Path:
    agencies = [agency(uscc=uscc(n), name=f"上海示例{n}号代理有限公司") for n in range(rows)]
    people = [{"cert_no": f"3100{n:06d}", "name": f"示例{n}", "status": "practising"}
              for n in range(4)]  # fmt: skip
    return write_bundle(folder, agencies, practitioners=people)


def test_progress_reports_rows_files_and_bytes_as_they_are_read(
    fresh_db: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "PROGRESS_EVERY", 3)
    events: list[Progress] = []
    folder = bundle(tmp_path / "b")
    import_path(fresh_db, folder, today=TODAY, progress=events.append)

    reading = [(e.file, e.rows, e.files_done, e.finished) for e in events if e.step == "read"]
    assert reading == [
        ("agencies.csv", 3, 0, False),
        ("agencies.csv", 6, 0, False),
        ("agencies.csv", 9, 0, False),
        ("agencies.csv", 10, 1, True),
        ("practitioners.csv", 3, 1, False),
        ("practitioners.csv", 4, 2, True),
    ]
    done = [e.done for e in events if e.step == "read"]
    total = sum(p.stat().st_size for p in folder.glob("*.csv"))
    assert done == sorted(done) and done[-1] == total
    assert {e.total for e in events if e.step == "read"} == {total}
    steps = [e.step for e in events]
    assert steps[-3:] == ["check", "index", "write"]


def test_off_a_terminal_progress_is_plain_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(cli_module, "PLAIN_PROGRESS_EVERY", 4)
    result = CliRunner().invoke(
        cli, ["registry", "import", str(bundle(tmp_path / "b")), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "行 rows" in line]
    assert lines == [
        "读取 / reading agencies.csv: 2 行 rows (文件 files 0/2)",  # reading has begun
        "读取 / reading agencies.csv: 4 行 rows (文件 files 0/2)",
        "读取 / reading agencies.csv: 8 行 rows (文件 files 0/2)",
        "读取 / reading agencies.csv: 10 行 rows (文件 files 1/2)",
        "读取 / reading practitioners.csv: 4 行 rows (文件 files 1/2)",
        "读取 / reading practitioners.csv: 4 行 rows (文件 files 2/2)",
    ]
    assert "\r" not in result.output
    assert "建索引 / indexing" in result.output and "写入 / writing" in result.output


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_moves_with_the_bytes_read(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli_module._import_progress() as report:
        for rows in (1000, 2000, 3000):
            report(Progress("read", "agencies.csv", rows, 0, 1, rows * 10, 40_000))
        report(Progress("read", "agencies.csv", 4000, 1, 1, 40_000, 40_000, True))
    shown = terminal.getvalue()
    assert "\r" in shown  # redrawn in place
    percents = [int(p) for p in re.findall(r"(\d+)%", shown)]
    assert percents == sorted(percents) and percents[0] < 50 and percents[-1] == 100
    assert "agencies.csv: 3,000 行 rows" in shown


def test_on_a_terminal_the_bar_starts_again_for_reading_after_the_download(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli_module._import_progress() as report:
        report(Progress("download", "http://x/b.zip", done=0, total=1000))
        report(Progress("download", "http://x/b.zip", done=1000, total=1000))
        report(Progress("read", "agencies.csv", 10, 0, 1, 100, 4000))
    frames = terminal.getvalue().split("\r")
    reading = [f for f in frames if "agencies.csv" in f]
    assert any("下载 / downloading" in f and "100%" in f for f in frames)
    assert reading and "2%" in reading[-1]
