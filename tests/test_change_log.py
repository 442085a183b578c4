"""The registry's change log, over the real importer: each import's changes of each subject, once,
carried from one registry file to the next; nothing for a first import or an unchanged one."""

from __future__ import annotations

import itertools
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.registry.change_log import KEEP_DAYS
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.registry.reader import RegistryChange, import_seq, registry_changes
from tests.bundles import USCC_A, USCC_B, USCC_C, agency, write_bundle

DAY = date(2026, 6, 1)
OLD_NAME = "上海青禾示例知识产权代理有限公司"
NEW_NAME = "上海青禾新名知识产权代理有限公司"
PERSON = {"cert_no": "3100012345", "name": "王示例", "agency_uscc": USCC_A, "status": "practising"}


def firms(**changes: Any) -> list[dict[str, Any]]:
    """Three agencies; `changes` alter the first."""
    return [
        agency(**changes),
        agency(uscc=USCC_B, name="上海乙示例知识产权代理有限公司", phones="021-62222222"),
        agency(uscc=USCC_C, name="上海丙示例专利代理事务所", phones="021-63333333"),
    ]


def load(db: sqlite_utils.Database, folder: Path, day: date = DAY, **tables: Any) -> None:
    tables.setdefault("agencies", firms())
    agencies = tables.pop("agencies")
    import_path(db, write_bundle(folder, agencies, **tables), today=day, allow_shrink=True)


def kinds(rows: list[RegistryChange]) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((r.subject_id, r.change, r.before, r.after) for r in rows)


def test_a_first_import_logs_no_change_and_is_import_one(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    assert import_seq(db) == 0
    load(db, tmp_path / "b1")
    assert import_seq(db) == 1
    assert registry_changes(db) == []


def test_each_kind_of_agency_change_is_logged_with_its_date_and_source(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    load(db, tmp_path / "b1", practitioners=[PERSON])
    changed = firms(
        status="suspended", status_since="2026-06-20", suspended_until="2026-12-20",
        credit_grade="C", credit_as_of="2026-06-18", name=NEW_NAME,
        parent_uscc=USCC_B,
    )  # fmt: skip
    load(
        db, tmp_path / "b2", DAY.replace(day=25), agencies=changed[:2],
        practitioners=[{**PERSON, "status": "revoked", "agency_uscc": USCC_B}],
        listings=[{"subject_id": USCC_A, "list": "abnormal_operation", "authority": "市监局",
                   "listed_on": "2026-06-21"}],
        sanctions=[{"subject_id": "3100012345", "decided_on": "2026-06-22",
                    "authority": "知识产权局", "sanction": "warning"}],
    )  # fmt: skip
    rows = registry_changes(db)
    assert kinds(rows) == sorted(
        [
            (USCC_A, "status", "active", "suspended"),
            (USCC_A, "grade", "A", "C"),
            (USCC_A, "renamed", OLD_NAME, NEW_NAME),
            (USCC_A, "parent", None, USCC_B),
            (USCC_A, "listed", None, "abnormal_operation"),
            (USCC_C, "removed", None, None),
            ("3100012345", "status", "practising", "revoked"),
            ("3100012345", "agency", USCC_A, USCC_B),
            ("3100012345", "sanction", None, "warning"),
        ]
    )
    by_change = {(r.subject_id, r.change): r for r in rows}
    assert by_change[USCC_A, "status"].effective_on == "2026-06-20"
    assert by_change[USCC_A, "grade"].effective_on == "2026-06-18"
    assert by_change[USCC_A, "listed"].authority == "市监局"
    assert by_change[USCC_A, "listed"].effective_on == "2026-06-21"
    assert by_change["3100012345", "sanction"].subject_kind == "practitioner"
    assert by_change["3100012345", "sanction"].effective_on == "2026-06-22"
    assert by_change[USCC_C, "removed"].name == "上海丙示例专利代理事务所"
    assert {(r.seq, r.noted_on, r.source) for r in rows} == {(2, "2026-06-25", "测试")}


def test_a_delisting_is_logged_with_its_removal_date(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    entry = {"subject_id": USCC_B, "list": "serious_dishonest", "listed_on": "2025-01-01"}
    load(db, tmp_path / "b1", listings=[entry])
    load(db, tmp_path / "b2", listings=[{**entry, "removed_on": "2026-05-30"}])
    [row] = registry_changes(db)
    assert (row.subject_id, row.change, row.before, row.effective_on) == (
        USCC_B, "delisted", "serious_dishonest", "2026-05-30",
    )  # fmt: skip


def test_the_log_is_carried_into_each_new_file_and_numbered_by_import(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    load(db, tmp_path / "b1")
    load(db, tmp_path / "b2", agencies=firms(credit_grade="B"))
    load(db, tmp_path / "b3", agencies=firms(credit_grade="D"))
    assert import_seq(db) == 3
    assert [(r.seq, r.before, r.after) for r in registry_changes(db)] == [
        (2, "A", "B"), (3, "B", "D"),
    ]  # fmt: skip
    assert [r.seq for r in registry_changes(db, after_seq=2)] == [3]


def test_an_unchanged_import_logs_nothing_and_keeps_its_number(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    load(db, tmp_path / "b1")
    load(db, tmp_path / "b2", agencies=firms(credit_grade="B"))
    load(db, tmp_path / "b3", agencies=firms(credit_grade="B"))  # same rows, other bytes
    import_path(db, tmp_path / "b3", today=DAY)  # the very same bytes
    assert import_seq(db) == 2
    assert len(registry_changes(db)) == 1


def test_changes_older_than_the_kept_days_leave_the_log(tmp_path: Path) -> None:
    db = open_database(tmp_path / "l.db")
    load(db, tmp_path / "b1")
    load(db, tmp_path / "b2", agencies=firms(credit_grade="B"))
    later = date.fromordinal(DAY.toordinal() + KEEP_DAYS + 1)
    load(db, tmp_path / "b3", later, agencies=firms(credit_grade="C"))
    assert [r.after for r in registry_changes(db)] == ["C"]


@settings(max_examples=20, deadline=None)
@given(
    grades=st.lists(st.sampled_from(["A+", "A", "B", "C", "D", ""]), min_size=2, max_size=5),
)
def test_every_grade_change_is_logged_once_in_order(grades: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        db = open_database(root / "l.db")
        for n, grade in enumerate(grades):
            load(db, root / f"b{n}", agencies=firms(credit_grade=grade))
        expected = [
            (before or None, after or None)
            for before, after in itertools.pairwise(grades)
            if before != after
        ]
        assert [(r.before, r.after) for r in registry_changes(db)] == expected
        db.close()
