"""`lantian leads scan FOLDER`: a folder of screenshots read and checked into a workbook staff can
open tickets from, worst first; a file that is not a picture is a row saying why, not a crash."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from bot.cli import cli
from tests.bot_harness import BUNDLE
from tests.pictures import picture

CLONE = ["包过！不成功全额退款", "上海华岳知识产权代理有限公司", "电话：021-68889999"]
REAL = ["上海华岳知识产权代理有限公司", "电话 021-61234567", "网址 www.huayue-ip.example"]


def test_a_folder_of_screenshots_becomes_a_workbook_worst_first(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    assert (
        CliRunner().invoke(cli, ["registry", "import", str(BUNDLE), "--db", str(db)]).exit_code == 0
    )
    folder = tmp_path / "shots"
    folder.mkdir()
    (folder / "a-real.jpg").write_bytes(picture(REAL, "screenshot"))
    (folder / "b-clone.jpg").write_bytes(picture(CLONE, "screenshot", "compressed"))
    (folder / "c-broken.png").write_bytes(b'=HYPERLINK("x") not a picture')
    (folder / "notes.txt").write_text("not looked at", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["leads", "scan", str(folder), "--db", str(db), "--today", "2026-06-01"]
    )
    assert result.exit_code == 0, result.output
    assert "3 张图片，2 张有问题" in result.output
    book = openpyxl.load_workbook(folder / "leads.xlsx")
    pictures, identities = book.worksheets
    rows = [[c or "" for c in row] for row in pictures.iter_rows(min_row=2, values_only=True)]
    assert [row[0] for row in rows] == ["b-clone.jpg", "a-real.jpg", "c-broken.png"]
    assert "包过" in rows[0][4] and "不正当招揽" in rows[0][4]
    assert "合规" in rows[1][1]
    assert "不是可以识别的图片" in rows[2][2]
    found = {(r[0], r[1], r[4]) for r in identities.iter_rows(min_row=2, values_only=True)}
    assert ("b-clone.jpg", "021-68889999", None) in found
    assert ("a-real.jpg", "021-61234567", "91310106MA1FL3R23H") in found


def test_a_folder_without_pictures_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["leads", "scan", str(tmp_path), "--db", str(tmp_path / "l.db")]
    )
    assert result.exit_code == 2
    assert "没有图片" in result.output
