"""A complaint (投诉) is filed by a complainant, not a reporter; and 投诉 has the category of an
agency that took the money and never filed, which the whole desk and the site carry."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.desk.cards import ticket_fields
from bot.desk.reports import campaign_report
from bot.reports import categories
from bot.site.pages import violations
from tests.desk_queue import file, queue_db


@pytest.fixture(scope="module")
def db() -> sqlite_utils.Database:
    return queue_db()


@given(kind=st.sampled_from(["report", "complaint"]), lang=st.sampled_from(["zh", "en"]))
@settings(max_examples=8, deadline=None)
def test_the_card_names_a_complainant_for_a_complaint_and_a_reporter_for_a_report(
    db: sqlite_utils.Database, kind: str, lang: str
) -> None:
    ticket = file(db, f"who-{kind}", kind=kind, category="other", uscc=None, on="2026-06-01")
    labels = [label for label, _ in ticket_fields(db, ticket, lang, today=ticket.received_on)]  # type: ignore[arg-type]
    complainant, reporter = ("投诉人", "举报人") if lang == "zh" else ("Complainant", "Reporter")
    if kind == "complaint":
        assert complainant in labels and reporter not in labels
    else:
        assert reporter in labels and complainant not in labels


def test_a_fee_taken_without_service_is_a_category_in_both_languages() -> None:
    assert categories.label("fee_no_service", "zh") == "收费后未提供代理服务"
    assert "fee" in categories.label("fee_no_service", "en")


def test_the_new_category_is_counted_reported_and_shown_on_the_site(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    file(db, "fee", kind="complaint", category="fee_no_service", uscc=None, on="2023-05-02")
    report = campaign_report(
        db, kind="stage", until=datetime(2023, 7, 14).date(), cases_dir=tmp_path
    )
    assert "收费后未提供代理服务 | 1" in report.markdown()
    assert "收费后未提供代理服务" in violations([])
