"""What a reporter reads uses the 12315 words: a ticket is received (收到、登记) when filed and
accepted (受理) only when the office decides so, which it tells separately."""

from __future__ import annotations

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.report_handlers import receipt
from bot.words.chat import REPORT_TEXTS
from tests.desk_queue import file, queue_db


@pytest.fixture(scope="module")
def db() -> sqlite_utils.Database:
    return queue_db()


@given(
    kind=st.sampled_from(["report", "complaint"]),
    anonymous=st.booleans(),
    lang=st.sampled_from(["zh", "en"]),
)
@settings(max_examples=20, deadline=None)
def test_the_receipt_says_received_never_accepted(
    db: sqlite_utils.Database, kind: str, anonymous: bool, lang: str
) -> None:
    anonymous = anonymous and kind == "report"  # a complaint is never anonymous
    key = f"{kind}-{anonymous}-{lang}"
    ticket = file(
        db, key, kind=kind, category="other", uscc=None, on="2026-06-01", anonymous=anonymous,
        lang=lang,
    )  # fmt: skip
    text = receipt(ticket, lang)  # type: ignore[arg-type]
    assert ticket.number in text
    if lang == "zh":
        assert "收到" in text and "已受理" not in text
    else:
        assert "Received" in text and "has been accepted" not in text


def test_no_reporter_text_says_a_ticket_is_already_accepted() -> None:
    for key, (zh, en) in REPORT_TEXTS.items():
        assert "已受理" not in zh, key
        assert "been accepted" not in en and "accepted as" not in en.lower(), key


def test_the_site_says_received_where_a_report_is_filed() -> None:
    from pathlib import Path

    content = Path(__file__).resolve().parent.parent / "content"
    pages = {p: p.read_text(encoding="utf-8") for p in content.rglob("*.md")}
    assert pages and [p for p, text in pages.items() if "受理编号" in text] == []


def test_without_a_bot_account_the_site_tells_visitors_where_to_find_it() -> None:
    from bot.site.pages import report_link

    text = report_link(None)
    assert "/report" in text and "未配置" not in text and "账号：" not in text
