"""Checking a list at once (`lantian check --file`): every row gets exactly the verdict `check`
gives it, the input's columns are kept, and a bad file is refused plainly, writing nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils

from bot.batch_check import (
    ADDED,
    ListEmpty,
    ListUnreadable,
    NotAList,
    check_file,
    checked_path,
)
from bot.check import check
from tests.conftest import CHECK_TODAY as TODAY

HUAYUE = "上海华岳知识产权代理有限公司"
HUAYUE_USCC = "91310106MA1FL3R23H"
OTHER_PHONE = "021-64871203"  # 上海华岳专利代理有限公司's


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


QUERIES = [
    HUAYUE,
    "“上海华岳知识产权代理有限公司”",
    HUAYUE_USCC,
    f"{HUAYUE} {OTHER_PHONE}",
    "国家知识产权局商标受理窗口",
    "上海某某知识产权代理有限公司",
    '=HYPERLINK("x")',
]


def test_each_row_gets_the_verdict_check_gives_it(
    check_registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "list.csv", [["query", "note"], *([q, "n"] for q in QUERIES)])
    out, rows = check_file(check_registry, source, today=TODAY)
    assert out == tmp_path / "list.checked.csv" == checked_path(source)
    assert rows == len(QUERIES)
    got = read_csv(out)
    assert list(got[0]) == ["query", "note", *ADDED]
    for query, row in zip(QUERIES, got, strict=True):
        verdict = check(check_registry, query, today=TODAY)
        assert row["level"] == verdict.level
        assert row["match_id"] == (verdict.match.id if verdict.match else "")
        assert row["note"] == "n"
    assert got[3]["level"] != "ok"  # a registered name with another firm's phone


def test_name_phone_and_website_columns_are_read_as_one_subject(
    check_registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "firms.csv",
        [["名称", "电话", "网址"], [HUAYUE, "021-61234567", ""], [HUAYUE, OTHER_PHONE, ""]],
    )
    out, _ = check_file(check_registry, source, today=TODAY)
    own, other = read_csv(out)
    assert (own["level"], own["match_id"]) == ("ok", HUAYUE_USCC)
    assert other["level"] == "caution" and other["match_id"] == ""


def test_without_a_known_header_the_first_column_is_checked(
    check_registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "plain.csv", [["机构", "备注"], [HUAYUE_USCC, "x"]])
    out, _ = check_file(check_registry, source, today=TODAY)
    assert read_csv(out)[0]["match_id"] == HUAYUE_USCC


def test_a_gbk_csv_from_excel_is_read(
    check_registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "gbk.csv", [["query"], [HUAYUE]], encoding="gb18030")
    out, _ = check_file(check_registry, source, today=TODAY)
    assert read_csv(out)[0]["match_name"] == HUAYUE


def test_an_xlsx_list_is_answered_as_an_xlsx_with_formulas_kept_inert(
    check_registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [["query"], [HUAYUE], ["+cmd|' /C calc'!A0"], [12345]]:
        sheet.append(row)
    source = tmp_path / "list.xlsx"
    book.save(source)
    out, rows = check_file(check_registry, source, today=TODAY)
    assert out.suffix == ".xlsx" and rows == 3
    values = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert values[0][:2] == ("query", "level")
    assert values[1][1] == "ok"
    assert str(values[2][0]).startswith("'+")  # shown as text, never run


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("list.txt", b"query\nx\n", NotAList),
        ("empty.csv", b"", ListEmpty),
        ("header-only.csv", b"query\n", ListEmpty),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", ListUnreadable),
        ("binary.csv", bytes(range(256)) * 4, ListUnreadable),
    ],
)
def test_a_bad_list_is_refused_plainly_and_nothing_is_written(
    check_registry: sqlite_utils.Database,
    tmp_path: Path,
    name: str,
    content: bytes,
    error: type[Exception],
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(error) as raised:
        check_file(check_registry, source, today=TODAY)
    assert name in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_list_too_big_to_hold_is_refused_before_it_is_read(
    check_registry: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import batch_check

    monkeypatch.setattr(batch_check, "MAX_BYTES", 1_000)
    source = write_csv(tmp_path / "big.csv", [["query"], *([HUAYUE] for _ in range(200))])
    with pytest.raises(batch_check.ListTooLong) as raised:
        check_file(check_registry, source, today=TODAY)
    assert "big.csv" in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]
