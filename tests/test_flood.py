"""One user cannot hurt the others: per-user limits on messages, inline queries and button
presses, enforced before any lookup, with one 'slow down' per window rather than one per
message. End to end over the project's Bot API server; the window itself by property."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from bot.localapi.server import LocalBotApi
from bot.settings import Settings
from bot.telegram import check_handlers, gate
from bot.telegram.context import RateLimit
from bot.telegram.runner import LOCAL_TOKEN
from bot.words.chat import TEXTS
from tests.bot_harness import person, running_tracked, settled

SLOW_DOWN = TEXTS["slow_down"][0]
STALE = TEXTS["button_stale"][0]
LIMIT = 3  # also the burst of each limit (min(limit, burst))


@pytest.fixture
def settings_overrides(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    for burst in ("MESSAGE_BURST", "INLINE_BURST", "CALLBACK_BURST"):
        monkeypatch.setattr(gate, burst, 1.0)  # the whole limit at once: easy to count
    return {
        "messages_per_minute": LIMIT,
        "inline_per_minute": LIMIT,
        "callbacks_per_minute": LIMIT,
        "checks_per_minute": 100,
    }


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every registry lookup the check handlers make."""
    made: list[str] = []
    real = check_handlers.check

    def counted(db: Any, query: str, **kw: Any) -> Any:
        made.append(query)
        return real(db, query, **kw)

    monkeypatch.setattr(check_handlers, "check", counted)
    return made


@pytest.mark.asyncio
async def test_a_burst_of_checks_is_cut_before_the_lookup_and_others_are_answered(
    running: LocalBotApi, lookups: list[str]
) -> None:
    flooder, other = person(running, 601), person(running, 602)
    for _ in range(60):
        running.user_sends_text(LOCAL_TOKEN, flooder.user, "/check 华岳")
    await settled(running)  # the whole burst handled (chats run concurrently)
    await other.says("/check 华岳")
    assert "华岳" in other.text()
    heard = [r.get("text") or "" for r in flooder.cursor.read()]
    assert len(heard) == LIMIT + 1 and heard[-1] == SLOW_DOWN  # one 'slow down', not 56
    assert len(lookups) == LIMIT + 1  # the flooder's allowance and the other user's check


@pytest.mark.asyncio
async def test_inline_queries_past_the_limit_are_not_looked_up(
    running: LocalBotApi, lookups: list[str]
) -> None:
    flooder = person(running, 603)
    for i in range(30):
        running.user_inline_query(LOCAL_TOKEN, flooder.user, f"华岳 {i}")
    await settled(running)
    answers = running.inline_answers(LOCAL_TOKEN)
    with_results = [a for a in answers if a.get("results")]
    assert len(with_results) == LIMIT and len(answers) == LIMIT + 1  # one empty answer, once
    assert len({q for q in lookups if q.startswith("华岳 ")}) == LIMIT


@pytest.mark.asyncio
async def test_button_presses_past_the_limit_get_one_toast(running: LocalBotApi) -> None:
    flooder = person(running, 605)
    await flooder.says("/help")
    message_id = running.sent_messages(LOCAL_TOKEN, flooder.user.id)[-1]["message_id"]
    for _ in range(20):
        running.user_presses_button(LOCAL_TOKEN, flooder.user, message_id, "zzz", forged=True)
    await settled(running)
    toasts = [a.get("text") for a in running.callback_answers(LOCAL_TOKEN)]
    assert toasts == [STALE] * LIMIT + [SLOW_DOWN[:200]]


@pytest.mark.asyncio
async def test_checks_past_their_own_limit_are_told_once(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    limits = {"checks_per_minute": 8, "messages_per_minute": 100}  # 2 checks at once
    settings = settings.model_copy(update=limits)
    async with running_tracked(settings, db, api):
        alice = person(api)
        for _ in range(10):
            api.user_sends_text(LOCAL_TOKEN, alice.user, "华岳")
        await settled(api)
        heard = [r.get("text") or "" for r in alice.cursor.read()]
        assert len(heard) == 3 and "太频繁" in heard[-1]


@pytest.mark.asyncio
async def test_by_default_a_burst_gets_a_share_of_the_limit_at_once(
    api: LocalBotApi, tmp_path: Path, db: sqlite_utils.Database, lookups: list[str]
) -> None:
    defaults = Settings(data_dir=tmp_path / "d", today=date(2026, 6, 1))  # 20 checks, 30 messages
    async with running_tracked(defaults, db, api):
        flooder, other = person(api, 611), person(api, 612)
        for _ in range(500):
            api.user_sends_text(LOCAL_TOKEN, flooder.user, "/check 华岳")
        await settled(api)
        await other.says("/check 华岳")
        heard = [r.get("text") or "" for r in flooder.cursor.read()]
    # 12 messages let in at once (40% of 30), 5 of them looked up (25% of 20); told twice:
    # once by the check limit, once by the message limit; the other 488 never parsed.
    assert len(lookups) == 5 + 1
    assert heard[-1] == SLOW_DOWN and "太频繁" in heard[-2] and len(heard) == 5 + 2


# The limit itself --------------------------------------------------------------------------


@given(
    limit=st.integers(1, 30),
    burst=st.integers(1, 12),
    gaps=st.lists(st.floats(0, 10, allow_nan=False), min_size=1, max_size=120),
)
def test_a_rate_limit_allows_its_burst_and_rate_and_warns_once_per_window(
    limit: int, burst: int, gaps: list[float]
) -> None:
    now = [0.0]
    rate = RateLimit(limit=limit, seconds=60.0, burst=burst, clock=lambda: now[0])
    allowed: list[float] = []
    warned: list[float] = []
    for gap in gaps:
        now[0] += gap
        if rate.allow(1):
            allowed.append(now[0])
        elif rate.first_refusal(1):
            warned.append(now[0])
    at_once = min(burst, limit)
    for i, start in enumerate(allowed):
        for end in allowed[i:]:  # tokens refill at limit/60 a second, from a full bucket
            count = sum(1 for t in allowed[i:] if t <= end)
            assert count <= at_once + (end - start) * limit / 60.0 + 1e-9
    assert all(b - a >= 60.0 for a, b in itertools.pairwise(warned))
    assert len(allowed) >= min(len(gaps), at_once)  # the first burst always gets through


def test_quiet_users_are_forgotten() -> None:
    now = [0.0]
    rate = RateLimit(limit=1, seconds=60.0, clock=lambda: now[0])
    for user in range(5000):
        rate.allow(user)
    now[0] = 120.0
    for _ in range(5000):
        rate.allow(-1)
    assert len(rate._buckets) < 100


def test_staff_are_not_counted_by_the_flood_gate() -> None:
    settings = Settings(staff="7001:city", messages_per_minute=5, callbacks_per_minute=5)
    flood = gate.FloodGate.from_settings(settings)

    def press(user_id: int, n: int) -> dict[str, object]:
        return {"update_id": n, "callback_query": {"id": str(n), "from": {"id": user_id}}}

    staff_admitted = sum(flood.admit(press(7001, n)) for n in range(100))
    public_admitted = sum(flood.admit(press(8001, n)) for n in range(100))
    assert staff_admitted == 100  # a caseworker clearing the queue is never told to slow down
    assert public_admitted < 5  # the burst, plus the one flagged to hear "slow down"
