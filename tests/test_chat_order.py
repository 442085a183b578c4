"""Updates of different chats run at once; one chat's run strictly in the order they came,
whatever each takes (the update processor the bot's Application is built with)."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.telegram.chat_order import PerChatOrder


def message_update(update_id: int, chat: int) -> Update:
    data: dict[str, Any] = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "x"},
            "text": "hi",
        },
    }
    return Update.de_json(data, None)


async def run_all(
    processor: PerChatOrder, arrivals: list[tuple[int, float]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Feed (chat, seconds of work) updates in order, as the Application does (a task each);
    returns the (chat, update) order of starts and of ends."""
    starts: list[tuple[int, int]] = []
    ends: list[tuple[int, int]] = []

    async def handle(chat: int, update_id: int, work: float) -> None:
        starts.append((chat, update_id))
        await asyncio.sleep(work)
        ends.append((chat, update_id))

    tasks = [
        asyncio.create_task(
            processor.process_update(message_update(n, chat), handle(chat, n, work))
        )
        for n, (chat, work) in enumerate(arrivals)
    ]
    await asyncio.gather(*tasks)
    return starts, ends


@settings(max_examples=60, deadline=None)
@given(
    arrivals=st.lists(
        st.tuples(st.integers(1, 4), st.sampled_from([0.0, 0.001, 0.003])), max_size=40
    ),
    bound=st.integers(1, 8),
)
def test_one_chats_updates_start_and_end_in_the_order_they_came(
    arrivals: list[tuple[int, float]], bound: int
) -> None:
    starts, ends = asyncio.run(run_all(PerChatOrder(bound), arrivals))
    for chat in {c for c, _ in arrivals}:
        came = [n for n, (c, _) in enumerate(arrivals) if c == chat]
        assert [n for c, n in starts if c == chat] == came
        assert [n for c, n in ends if c == chat] == came


@pytest.mark.asyncio
async def test_a_slow_chat_does_not_hold_up_the_others() -> None:
    arrivals = [(1, 0.5)] + [(chat, 0.01) for chat in range(2, 30)]
    started = asyncio.get_running_loop().time()
    _, ends = await run_all(PerChatOrder(64), arrivals)
    assert ends[-1] == (1, 0)  # everyone else was answered while chat 1 waited
    assert asyncio.get_running_loop().time() - started < 0.9


@pytest.mark.asyncio
async def test_many_chats_waiting_on_a_round_trip_are_answered_together() -> None:
    """200 chats, each answer waiting 100 ms on the network: together in about one round trip,
    where one at a time would take 20 s."""
    arrivals = [(chat, 0.1) for chat in random.Random(1).sample(range(10_000), 200)]
    started = asyncio.get_running_loop().time()
    await run_all(PerChatOrder(256), arrivals)
    assert asyncio.get_running_loop().time() - started < 1.0


@pytest.mark.asyncio
async def test_the_bound_on_work_in_flight_holds() -> None:
    processor = PerChatOrder(5)
    peak = [0]

    async def work() -> None:
        peak[0] = max(peak[0], processor.current_concurrent_updates)
        await asyncio.sleep(0.005)

    await asyncio.gather(
        *(processor.process_update(message_update(n, n), work()) for n in range(40))
    )
    assert peak[0] == 5


@pytest.mark.asyncio
async def test_a_failing_update_does_not_stop_its_chat() -> None:
    processor = PerChatOrder(4)
    seen: list[int] = []

    async def fails() -> None:
        raise RuntimeError("a handler bug")

    async def works(n: int) -> None:
        seen.append(n)

    first = processor.process_update(message_update(1, 7), fails())
    second = processor.process_update(message_update(2, 7), works(2))
    results = await asyncio.gather(first, second, return_exceptions=True)
    assert isinstance(results[0], RuntimeError) and seen == [2]
