"""Importing bundles: atomic, specific about bad rows, idempotent, and honest about changes."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils
from click.testing import CliRunner

from bot.cli import cli
from bot.errors import BundleInvalid, BundleUnreadable
from bot.registry.database import open_database
from bot.registry.importer import import_path
from tests.bundles import USCC_A, USCC_B, USCC_C, agency, write_bundle

TODAY = date(2026, 6, 1)


def count(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def good_bundle(folder: Path, **overrides: object) -> Path:
    return write_bundle(
        folder,
        [agency(), agency(uscc=USCC_B, name="上海松石示例专利代理事务所（普通合伙）", kind="patent",
                          patent_agency_code="31002", phones="13800138000", websites="")],
        practitioners=[{"cert_no": "3100001234.5", "name": "张某甲", "agency_uscc": USCC_B,
                        "status": "practising", "credit_grade": ""}],
        listings=[{"subject_id": USCC_A, "list": "abnormal_operation", "reason": "未报年报",
                   "authority": "浦东新区市场监管局", "decision_no": "沪浦监〔2026〕1号",
                   "listed_on": "2026-01-05", "removed_on": ""}],
        sanctions=[{"subject_id": "3100001234.5", "decided_on": "2025-03-01", "sanction": "warning",
                    "violation": "solicitation", "authority": "徐汇区知识产权局"}],
        **overrides,  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_valid_bundle_fills_every_table(fresh_db: sqlite_utils.Database, tmp_path: Path) -> None:
    summary = import_path(fresh_db, good_bundle(tmp_path / "b"), today=TODAY)
    assert summary.counts == {"agencies": 2, "practitioners": 1, "listings": 1, "sanctions": 1}
    assert len(summary.added) == 2
    assert summary.newly_listed == [("上海青禾示例知识产权代理有限公司", "abnormal_operation")]
    assert count(fresh_db, "agencies") == 2
    assert count(fresh_db, "practitioners") == 1
    row = fresh_db.execute("SELECT cert_no FROM practitioners").fetchone()
    assert row[0] == "3100001234.5"  # kept as written; look-ups use the compact form


def test_importing_the_same_bundle_twice_changes_nothing(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    bundle = good_bundle(tmp_path / "b")
    import_path(fresh_db, bundle, today=TODAY)
    before = fresh_db.execute("SELECT group_concat(uscc || status) FROM agencies").fetchone()
    second = import_path(fresh_db, bundle, today=TODAY)
    assert second.unchanged
    assert (
        fresh_db.execute("SELECT group_concat(uscc || status) FROM agencies").fetchone() == before
    )


def test_every_bad_row_is_named_and_nothing_changes(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_path(fresh_db, good_bundle(tmp_path / "good"), today=TODAY)
    bad = write_bundle(
        tmp_path / "bad",
        [
            agency(),
            agency(uscc=USCC_B[:-1] + "X", name="校验位错"),  # wrong check character
            agency(uscc=USCC_C, status="sleeping"),  # unknown status
            agency(uscc="91310115MA1K4ABC3Q", status_since="2026-02-30"),  # broken date
        ],
        listings=[{"subject_id": USCC_C[:-1] + "0", "list": "serious_dishonest",
                   "listed_on": "2026-01-01"},
                  {"subject_id": USCC_A, "list": "blacklist", "listed_on": "2026-01-01"}],
        sanctions=[{"subject_id": USCC_A, "decided_on": "2026-01-01", "sanction": "fine",
                    "violation": "bribery", "amount_yuan": "lots"}],
    )  # fmt: skip
    with pytest.raises(BundleInvalid) as raised:
        import_path(fresh_db, bad, today=TODAY)
    where = {(p.file, p.line) for p in raised.value.problems}
    assert ("agencies.csv", 3) in where
    assert ("agencies.csv", 4) in where
    assert ("agencies.csv", 5) in where
    assert ("listings.csv", 2) in where
    assert ("listings.csv", 3) in where
    assert ("sanctions.csv", 2) in where
    text = str(raised.value)
    assert "校验位错误" in text and "应为 G" in text
    assert "sleeping" in text and "2026-02-30" in text and "blacklist" in text
    assert "bribery" in text and "lots" in text
    assert count(fresh_db, "agencies") == 2  # the earlier import is untouched
    assert count(fresh_db, "listings") == 1


def test_a_duplicate_uscc_and_an_unknown_head_office_are_refused(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    bad = write_bundle(
        tmp_path / "bad", [agency(), agency(name="重复"), agency(uscc=USCC_B, parent_uscc=USCC_C)]
    )
    with pytest.raises(BundleInvalid) as raised:
        import_path(fresh_db, bad, today=TODAY)
    reasons = " ".join(p.reason for p in raised.value.problems)
    assert "duplicate USCC" in reasons and "unknown head office" in reasons
    assert count(fresh_db, "agencies") == 0


def test_a_row_with_more_cells_than_the_header_is_refused(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = good_bundle(tmp_path / "b")
    with (folder / "agencies.csv").open("a", encoding="utf-8") as f:
        f.write(f"{USCC_C},多一列,,patent,31009,,active,,,,,,,,,,,,,extra\n")
    with pytest.raises(BundleInvalid) as raised:
        import_path(fresh_db, folder, today=TODAY)
    assert [(p.file, p.line) for p in raised.value.problems] == [("agencies.csv", 4)]


def test_a_second_import_reports_status_grade_and_list_changes(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_path(fresh_db, good_bundle(tmp_path / "one"), today=TODAY)
    changed = write_bundle(
        tmp_path / "two",
        [agency(status="revoked", credit_grade="D"),
         agency(uscc=USCC_C, name="上海新苗示例商标代理有限公司")],
        listings=[{"subject_id": USCC_A, "list": "serious_dishonest", "listed_on": "2026-05-01"}],
    )  # fmt: skip
    summary = import_path(fresh_db, changed, today=TODAY, allow_shrink=True)  # 1 of 2 removed
    assert summary.status_changes == [("上海青禾示例知识产权代理有限公司", "active", "revoked")]
    assert summary.grade_changes == [("上海青禾示例知识产权代理有限公司", "A", "D")]
    assert summary.added == ["上海新苗示例商标代理有限公司"]
    assert summary.removed == ["上海松石示例专利代理事务所（普通合伙）"]
    assert summary.newly_listed == [("上海青禾示例知识产权代理有限公司", "serious_dishonest")]
    assert summary.delisted == [("上海青禾示例知识产权代理有限公司", "abnormal_operation")]
    assert summary.practitioners_removed == 1


def test_a_zip_of_the_bundle_folder_imports(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = good_bundle(tmp_path / "bundle")
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in folder.iterdir():
            z.write(file, f"bundle/{file.name}")
    assert import_path(fresh_db, archive, today=TODAY).counts["agencies"] == 2


def test_an_xlsx_workbook_with_one_sheet_per_table_imports(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = good_bundle(tmp_path / "bundle")
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name in ("agencies", "practitioners", "listings"):
        sheet = book.create_sheet(name)
        for line in (folder / f"{name}.csv").read_text(encoding="utf-8").splitlines():
            sheet.append(line.split(","))
    meta = book.create_sheet("meta")
    meta.append(["as_of", "2026-05-31"])
    meta.append(["source", "工作簿"])
    path = tmp_path / "bundle.xlsx"
    book.save(path)
    summary = import_path(fresh_db, path, today=TODAY)
    assert summary.counts["agencies"] == 2 and summary.counts["listings"] == 1
    assert (summary.as_of, summary.source) == ("2026-05-31", "工作簿")


def test_a_bom_written_by_excel_is_accepted(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = write_bundle(tmp_path / "b", [agency()], bom=True)
    assert import_path(fresh_db, folder, today=TODAY).counts["agencies"] == 1


def test_a_bundle_without_agencies_is_unreadable(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = good_bundle(tmp_path / "b")
    (folder / "agencies.csv").unlink()
    with pytest.raises(BundleUnreadable, match=r"agencies\.csv"):
        import_path(fresh_db, folder, today=TODAY)


def test_without_meta_the_import_date_is_the_as_of_date(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = write_bundle(tmp_path / "b", [agency()])
    (folder / "meta.json").unlink()
    summary = import_path(fresh_db, folder, today=TODAY)
    assert (summary.as_of, summary.fictional) == ("2026-06-01", False)


def test_the_cli_prints_file_line_and_reason_and_exits_1(tmp_path: Path) -> None:
    bad = write_bundle(tmp_path / "bad", [agency(uscc=USCC_A[:-1] + "1")])
    result = CliRunner().invoke(
        cli, ["registry", "import", str(bad), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1
    assert "agencies.csv:2:" in result.output
    assert "Traceback" not in result.output


def test_the_cli_says_when_a_reimport_changes_nothing(tmp_path: Path) -> None:
    bundle = good_bundle(tmp_path / "b")
    args = ["registry", "import", str(bundle), "--db", str(tmp_path / "x.db")]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0 and "新增 2" in first.output and "added 2" in first.output
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0 and "未做任何修改" in second.output


def test_a_copied_fixture_bundle_is_not_modified_by_import(tmp_path: Path) -> None:
    source = Path(__file__).parent / "fixtures" / "check_bundle"
    copy = tmp_path / "copy"
    shutil.copytree(source, copy)
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    CliRunner().invoke(cli, ["registry", "import", str(copy), "--db", str(tmp_path / "x.db")])
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


def test_new_matching_keys_make_the_same_bundle_import_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that changes name keys, re-importing the bundle rebuilds the index."""
    from bot.registry import importer, staging

    folder = good_bundle(tmp_path / "bundle")
    db = open_database(tmp_path / "r.db")
    import_path(db, folder, today=TODAY)
    assert import_path(db, folder, today=TODAY).unchanged
    monkeypatch.setattr(importer, "KEYS_VERSION", 999)
    monkeypatch.setattr(staging, "KEYS_VERSION", 999)
    assert not import_path(db, folder, today=TODAY).unchanged
