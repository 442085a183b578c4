"""An update waiting for its own chat holds no place among the updates in flight: a few chats'
bursts cannot keep every other chat waiting."""

from __future__ import annotations

import asyncio

import pytest

from bot.telegram.chat_order import PerChatOrder
from tests.test_chat_order import message_update


@pytest.mark.asyncio
async def test_a_chats_queue_leaves_the_other_places_free() -> None:
    processor = PerChatOrder(2)
    ended: list[str] = []

    async def work(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        ended.append(name)

    burst = [
        processor.process_update(message_update(n, 1), work(f"burst {n}", 0.05)) for n in range(6)
    ]
    other = processor.process_update(message_update(99, 2), work("other chat", 0.0))
    await asyncio.gather(*burst, other)
    assert ended[0] == "other chat"  # at once, beside the burst's first, not after its queue
    assert ended[1:] == [f"burst {n}" for n in range(6)]


@pytest.mark.asyncio
async def test_queued_updates_are_not_counted_in_flight() -> None:
    processor = PerChatOrder(8)
    peak = [0]

    async def work() -> None:
        peak[0] = max(peak[0], processor.current_concurrent_updates)
        await asyncio.sleep(0.002)

    await asyncio.gather(
        *(processor.process_update(message_update(n, 7), work()) for n in range(20))
    )
    assert peak[0] == 1  # one chat: one update in flight, the rest waiting their turn
