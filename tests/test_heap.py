"""bot/heap.py: once the bot has started, what start-up made is out of the collector's way, so a
full collection no longer stops the event loop for tens of milliseconds (issue 11). Measured in
a fresh interpreter: freezing this test process's heap would change every test after it."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from bot import heap
from bot.telegram import app as app_module

_MEASURE = """
import gc, json, time
import bot.telegram.app  # what the bot imports at start-up
from bot import heap

def full_collection_ms():
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        gc.collect()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best

before, tracked = full_collection_ms(), len(gc.get_objects())
heap.settle()
print(json.dumps({
    "tracked": tracked,
    "frozen": gc.get_freeze_count(),
    "still_walked": len(gc.get_objects()),
    "young_threshold": gc.get_threshold()[0],
    "before_ms": before,
    "after_ms": full_collection_ms(),
}))
"""


@pytest.fixture(scope="module")
def settled() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE], capture_output=True, text=True, check=True, timeout=120
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_settle_sets_aside_every_object_start_up_made(settled: dict[str, Any]) -> None:
    assert settled["tracked"] > 100_000  # the bot's modules: a heap worth setting aside
    assert settled["frozen"] >= settled["tracked"] * 0.9
    assert settled["still_walked"] < 1_000


def test_a_full_collection_after_settling_is_many_times_quicker(
    settled: dict[str, Any],
) -> None:
    assert settled["after_ms"] * 10 < settled["before_ms"]


def test_settle_collects_young_objects_less_often_than_cpython_does(
    settled: dict[str, Any],
) -> None:
    assert settled["young_threshold"] == heap.YOUNG_COLLECTION_AFTER > 700


@pytest.mark.asyncio
async def test_polling_start_publishes_the_commands_then_settles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    done: list[str] = []

    async def publish(_: object) -> None:
        done.append("commands")

    monkeypatch.setattr(app_module.common_handlers, "publish_commands", publish)
    monkeypatch.setattr(app_module.heap, "settle", lambda: done.append("settled"))
    await app_module._started(object())  # type: ignore[arg-type]
    assert done == ["commands", "settled"]
