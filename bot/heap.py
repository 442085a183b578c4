"""The garbage collector set for a long-running process that answers while others wait.

Why: after start-up the bot holds ~300,000 objects that live as long as it does (modules,
the words catalogue, handlers, loaded user data). CPython's full collection walks all of them,
and under load it ran every 2 to 3 s for 50 to 120 ms, the event loop stopped meanwhile: every
check in flight waited it out (scripts/bench_bot.py, issue 11: p99 at 800 checks/s behind a
250 ms round trip, 450 to 715 ms with it, 270 ms without).
"""

from __future__ import annotations

import gc

# Allocations between young collections (CPython's default: 700). An answer in flight makes
# a few thousand objects that die with it; collected ten times less often, fewer of them
# are caught alive and moved on to be walked again (a worker's GC time fell from ~3% to <1%).
YOUNG_COLLECTION_AFTER = 10_000


def settle() -> None:
    """Once start-up is done: what it made is set aside from every later collection
    (gc.freeze), and young objects are collected less often."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, middle, old)
