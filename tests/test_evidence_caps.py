"""Evidence caps (files and bytes per report, bytes per user and day) and the clean-up of a
draft's files when it is cancelled, replaced or discarded. End to end over the project's Bot
API server; the quota itself by property."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from bot.localapi.server import LocalBotApi
from bot.reports.errors import EvidenceRefused
from bot.reports.evidence import MB, Quota, StoredEvidence
from bot.settings import Settings
from bot.telegram.runner import LOCAL_TOKEN, running_application
from bot.words.chat import REPORT_TEXTS, TEXTS
from tests.bot_harness import Person, eventually, file_report_until_evidence, person, png

DISCARDED = REPORT_TEXTS["discarded"][0]


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {
        "evidence_files_per_report": 3,
        "evidence_mb_per_report": 1000 / MB,  # 1000 bytes
        "evidence_mb_per_day": 1500 / MB,
        "reports_per_day": 5,
    }


def evidence_files(settings: Settings) -> set[str]:
    return {p.name for p in (settings.data_dir / "evidence").rglob("*") if p.is_file()}


def stored_name(content: bytes, ext: str = ".txt") -> str:
    return hashlib.sha256(content).hexdigest() + ext


async def send_text_file(api: LocalBotApi, someone: Person, content: bytes) -> str:
    api.user_sends_document(LOCAL_TOKEN, someone.user, content, "note.txt", "text/plain")
    await someone.replies()
    return someone.text()


def blob(tag: int, size: int) -> bytes:
    return (f"{tag}:".encode() * size)[:size]


@pytest.mark.asyncio
async def test_a_file_past_the_per_report_count_is_refused_and_the_others_kept(
    running: LocalBotApi, settings: Settings
) -> None:
    alice = person(running)
    await file_report_until_evidence(alice)
    sent = [blob(i, 100) for i in range(4)]
    for content in sent[:3]:
        assert "已收到第" in await send_text_file(running, alice, content)
    refused = await send_text_file(running, alice, sent[3])
    assert "已附 3 份文件" in refused and "已收到的文件都已保存" in refused
    assert evidence_files(settings) == {stored_name(c) for c in sent[:3]}
    await alice.presses("完成")
    await alice.says("李四 13800138000")
    assert "证据：3" in alice.text()


@pytest.mark.asyncio
async def test_a_file_past_the_per_report_bytes_is_refused_with_what_is_left(
    running: LocalBotApi, settings: Settings
) -> None:
    alice = person(running)
    await file_report_until_evidence(alice)
    assert "已收到第 1 份" in await send_text_file(running, alice, blob(1, 700))
    refused = await send_text_file(running, alice, blob(2, 400))
    assert "超过" in refused and "未保存" in refused
    assert "已收到第 2 份" in await send_text_file(running, alice, blob(3, 300))  # still fits
    assert evidence_files(settings) == {stored_name(blob(1, 700)), stored_name(blob(3, 300))}


@pytest.mark.asyncio
async def test_the_daily_bytes_count_across_cancelled_reports(running: LocalBotApi) -> None:
    alice = person(running)
    for round_ in range(2):
        await file_report_until_evidence(alice)
        assert "已收到" in await send_text_file(running, alice, blob(10 + round_, 700))
        await alice.says("/cancel")
    await file_report_until_evidence(alice)
    refused = await send_text_file(running, alice, blob(20, 200))
    assert "今天您发送的证据已达" in refused  # 1400 of 1500 bytes sent today: 200 is too many


@pytest.mark.asyncio
async def test_after_cancel_the_drafts_files_are_gone(
    running: LocalBotApi, settings: Settings
) -> None:
    alice = person(running)
    await file_report_until_evidence(alice)
    running.user_sends_photo(LOCAL_TOKEN, alice.user, png(2, 2))
    await alice.replies()
    await send_text_file(running, alice, blob(1, 100))
    assert len(evidence_files(settings)) == 2
    await alice.says("/cancel")
    assert alice.text() == TEXTS["cancelled"][0]
    assert evidence_files(settings) == set()


@pytest.mark.asyncio
async def test_cancel_keeps_a_file_a_filed_ticket_or_another_draft_holds(
    running: LocalBotApi, settings: Settings
) -> None:
    shared, mine, bobs = blob(1, 100), blob(2, 100), blob(3, 100)
    alice, bob = person(running, 501), person(running, 502)
    await file_report_until_evidence(alice)
    await send_text_file(running, alice, shared)
    await alice.presses("完成")
    await alice.says("李四 13800138000")
    await alice.presses("提交")  # a ticket now holds `shared`
    await file_report_until_evidence(bob)
    await send_text_file(running, bob, bobs)
    await file_report_until_evidence(alice)
    for content in (shared, mine, bobs):
        await send_text_file(running, alice, content)
    await alice.says("/cancel")
    assert evidence_files(settings) == {stored_name(shared), stored_name(bobs)}


@pytest.mark.asyncio
async def test_starting_a_new_report_discards_the_old_drafts_files(
    running: LocalBotApi, settings: Settings
) -> None:
    alice = person(running)
    await file_report_until_evidence(alice)
    await send_text_file(running, alice, blob(1, 100))
    await alice.says("/report")  # starts afresh: the old draft can never be filed
    assert evidence_files(settings) == set()


@pytest.mark.asyncio
async def test_an_expired_drafts_files_are_deleted(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    quick = settings.model_copy(
        update={"report_reminder_minutes": 0.05, "report_discard_minutes": 0.02}
    )  # discarded after 1.2 s of silence
    async with running_application(quick, db, api):
        alice = person(api)
        await file_report_until_evidence(alice)
        await send_text_file(api, alice, blob(1, 100))
        assert len(evidence_files(settings)) == 1
        while DISCARDED not in alice.text():
            await alice.replies(timeout=5)
        await eventually(lambda: evidence_files(settings) == set())


@pytest.mark.asyncio
async def test_a_draft_abandoned_over_a_restart_is_discarded_with_its_files(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    """The conversation's timeout is not restored after a restart; the sweep stands in."""
    alice = person(api)
    async with running_application(settings, db, api):
        await file_report_until_evidence(alice)
        await send_text_file(api, alice, blob(1, 100))
    assert len(evidence_files(settings)) == 1
    quick = settings.model_copy(update={"report_discard_minutes": 0.01})  # 0.6 s
    async with running_application(quick, db, api):
        # No one writes: only the sweep can act.
        await eventually(lambda: evidence_files(settings) == set(), timeout=5)
        await alice.presses("完成")  # a button of the swept draft
        assert DISCARDED in alice.text()
        await alice.says("/report")  # and a new report starts as usual
        assert "举报" in alice.text()


# The quota ----------------------------------------------------------------------------------


def held(sizes: list[int]) -> list[StoredEvidence]:
    return [StoredEvidence(Path(), f"e/{i}", f"{i:064x}", s, "f", "text/plain") for i, s in
            enumerate(sizes)]  # fmt: skip


@given(
    files=st.integers(1, 5),
    per_report=st.integers(1, 1000),
    per_day=st.integers(1, 2000),
    sizes=st.lists(st.integers(1, 600), max_size=12),
)
def test_the_quota_never_lets_a_report_or_a_day_past_its_caps(
    files: int, per_report: int, per_day: int, sizes: list[int]
) -> None:
    quota = Quota(files_per_report=files, bytes_per_report=per_report, bytes_per_day=per_day)
    kept: list[int] = []
    for size in sizes:
        try:
            quota.check("f", size, report=held(kept), sent_today=sum(kept))
        except EvidenceRefused as refusal:
            assert refusal.message("zh") and refusal.message("en")
            continue
        kept.append(size)
    assert len(kept) <= files and sum(kept) <= min(per_report, per_day)
