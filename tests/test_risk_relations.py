"""Risk follows relations (domain brief, rule 6), on small bundles written here: a practitioner
at a revoked, cancelled or suspended agency (or a branch of a revoked head office) is not ok; a
credit score without a grade falls in its band; a registered name held before by another firm
names the firm that holds it now, with the history beside it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.check import check
from bot.registry.database import open_database
from bot.registry.importer import import_path
from tests.bundles import USCC_A, USCC_B, USCC_C, agency, write_bundle

TODAY = date(2026, 6, 1)
PERSON = {"cert_no": "3120990001", "name": "孙七", "status": "practising", "credit_grade": ""}


def registry(tmp_path: Path, agencies: list[dict[str, str]], people: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "r.db")
    import_path(db, write_bundle(tmp_path / "b", agencies, practitioners=people), today=TODAY)
    return db


@pytest.mark.parametrize(
    "status", [{"status": "revoked"}, {"status": "cancelled"},
               {"status": "suspended", "suspended_until": "2026-12-31"}],
)  # fmt: skip
def test_an_attorney_at_a_barred_agency_is_not_ok(tmp_path: Path, status: dict[str, str]) -> None:
    db = registry(tmp_path, [agency(**status)], [{**PERSON, "agency_uscc": USCC_A}])
    verdict = check(db, "孙七", today=TODAY)
    assert verdict.match is not None and verdict.level != "ok"
    assert any(r.code == "practice_agency" for r in verdict.reasons)


def test_an_attorney_at_a_branch_of_a_revoked_head_office_is_not_ok(tmp_path: Path) -> None:
    head = agency(status="revoked")
    branch = agency(
        uscc=USCC_B, name="上海青禾示例知识产权代理有限公司浦东分公司", parent_uscc=USCC_A,
        phones="021-61230000", websites="",
    )  # fmt: skip
    db = registry(tmp_path, [head, branch], [{**PERSON, "agency_uscc": USCC_B}])
    assert check(db, "孙七", today=TODAY).level != "ok"


def test_an_attorney_at_a_sound_agency_is_ok(tmp_path: Path) -> None:
    db = registry(tmp_path, [agency()], [{**PERSON, "agency_uscc": USCC_A}])
    assert check(db, "孙七", today=TODAY).level == "ok"


@pytest.mark.parametrize(("score", "level"), [("72", "caution"), ("55", "caution"), ("85", "ok")])
def test_a_score_without_a_grade_falls_in_its_band(tmp_path: Path, score: str, level: str) -> None:
    db = registry(tmp_path, [agency(credit_grade="", credit_score=score)], [])
    assert check(db, "上海青禾示例知识产权代理有限公司", today=TODAY).level == level


def test_a_name_held_before_by_another_firm_is_the_firm_holding_it_now(tmp_path: Path) -> None:
    old = agency(
        uscc=USCC_C,
        name="上海旧禾示例知识产权代理有限公司",
        status="cancelled",
        former_names="上海青禾示例知识产权代理有限公司",
        phones="",
        websites="",
    )
    db = registry(tmp_path, [agency(), old], [])
    verdict = check(db, "上海青禾示例知识产权代理有限公司", today=TODAY)
    assert verdict.match is not None and verdict.match.id == USCC_A
    assert verdict.level == "ok"
    history = [r for r in verdict.reasons if r.code == "former_holder"]
    assert history and "上海旧禾" in history[0].text("zh")
