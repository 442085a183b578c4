"""Benchmark the bot: simulated users send checks through the local Bot API server.

    .venv/bin/python scripts/bench_bot.py [--scale national] [--users 100] [--seconds 10]

The bot runs as its own process (`lantian bot`, polling the local Bot API server, the
registry loaded); this process runs the local Bot API server and the simulated users, each
of whom sends a check, waits for the answer, and sends the next. Reported: the most checks
answered per second (users in a closed loop), and the time from update to reply (p50, p99)
with updates arriving at a steady --rate (300/s by default), beside the same run against a bot
whose only handler echoes the text (the framework's and the protocol's own cost).
Targets (issue 3): >= 300 checks/s and p99 < 50 ms with the national demo registry.

Fairness (issue 8), with the bot's default per-user limits: 50 normal users each check every
--period seconds; the same run again while one user floods (--flood /check messages and as many
inline queries in a burst, twice). Reported: the normal users' p50/p99 in both runs (target:
p99 < 50 ms with the flood) and what the flooder got back.

    .venv/bin/python scripts/bench_bot.py --fairness-only [--scale national]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.localapi.server import LocalBotApi  # noqa: E402
from bot.localapi.state import User  # noqa: E402

TOKEN = "2000000002:lantian-bench"


def echo_bot(base_url: str) -> None:
    """The baseline: a python-telegram-bot Application whose one handler echoes the text."""
    from telegram import Update
    from telegram.ext import AIORateLimiter, ApplicationBuilder, MessageHandler, filters

    async def echo(update: Update, context: object) -> None:
        assert update.effective_chat is not None and update.effective_message is not None
        await update.effective_chat.send_message(update.effective_message.text or "")

    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(base_url)
        .rate_limiter(AIORateLimiter(overall_max_rate=0, max_retries=3))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling()


CAPACITY = {
    "LANTIAN_SEND_RATE_LIMIT": "0",  # measure capacity, not Telegram's 30/s cap
    "LANTIAN_CHECKS_PER_MINUTE": "100000",
    "LANTIAN_MESSAGES_PER_MINUTE": "100000",
    "LANTIAN_INLINE_PER_MINUTE": "100000",
}


def start_bot(
    kind: str, base_url: str, db: Path, data_dir: Path, limits: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "LANTIAN_DB": str(db),
        "LANTIAN_DATA_DIR": str(data_dir),
        **(CAPACITY if limits is None else limits),
    }
    if kind == "echo":
        command = [sys.executable, __file__, "--echo-child", base_url]
    else:
        command = [sys.executable, "-m", "bot", "bot"]
    return subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)


def queries(db: Path, count: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_lookup import query_mix

    return query_mix(db, count)


async def load(
    api: LocalBotApi, texts: list[str], users: int, seconds: float
) -> tuple[int, list[float]]:
    """Closed loop: each user sends, waits for the reply, sends again, until time is up."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    answered = 0

    async def one_user(uid: int) -> None:
        nonlocal answered
        user = User(id=uid, first_name=f"u{uid}", language_code="zh")
        cursor = api.cursor(TOKEN, uid)
        rng = random.Random(uid)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            api.user_sends_text(TOKEN, user, rng.choice(texts))
            await cursor.wait(1, timeout=30)
            latencies.append(time.perf_counter() - started)
            answered += 1

    started = time.perf_counter()
    await asyncio.gather(*(one_user(100_000 + i) for i in range(users)))
    elapsed = time.perf_counter() - started
    return int(answered / elapsed), latencies


async def paced(api: LocalBotApi, texts: list[str], rate: int, seconds: float) -> list[float]:
    """Open loop: updates arrive at a steady `rate` per second, whatever the bot is doing;
    the latency of each is the time until its chat gets the reply."""
    sent: dict[int, list[float]] = {}
    latencies: list[float] = []
    cursor = api.cursor(TOKEN, None)
    rng = random.Random(7)
    total = int(rate * seconds)
    users = [User(id=200_000 + i, first_name=f"p{i}", language_code="zh") for i in range(1000)]

    async def collect() -> None:
        while len(latencies) < total:
            try:
                records = await cursor.wait(1, timeout=10)
            except TimeoutError:
                return
            now = time.perf_counter()
            for record in records:
                waiting = sent.get(record["chat_id"])
                if waiting:
                    latencies.append(now - waiting.pop(0))

    collector = asyncio.create_task(collect())
    start = time.perf_counter()
    for i in range(total):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        user = users[i % len(users)]
        sent.setdefault(user.id, []).append(time.perf_counter())
        api.user_sends_text(TOKEN, user, rng.choice(texts))
    await collector
    return latencies


async def measure(
    kind: str, args: argparse.Namespace, db: Path, texts: list[str]
) -> tuple[int, float, float]:
    async with LocalBotApi.running() as api:
        child = start_bot(kind, api.base_url, db, db.parent / f"data-{kind}")
        try:
            warm = User(id=1, first_name="warm")
            cursor = api.cursor(TOKEN, 1)
            for _ in range(600):  # until the bot polls and answers
                api.user_sends_text(TOKEN, warm, "上海")
                try:
                    await cursor.wait(1, timeout=0.5)
                    break
                except TimeoutError:
                    continue
            await load(api, texts, args.users, 2.0)  # warm-up
            rate, _ = await load(api, texts, args.users, args.seconds)
            latencies = await paced(api, texts, args.rate, args.seconds)
        finally:
            child.terminate()
            child.wait(timeout=30)
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    return rate, p50, p99


async def normal_users(
    api: LocalBotApi, texts: list[str], users: int, period: float, seconds: float, first_id: int
) -> list[float]:
    """Each user checks every `period` seconds (jittered), within the default per-user limits;
    the latency of each check is the time until the user's chat gets the reply."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def one_user(uid: int) -> None:
        user = User(id=uid, first_name=f"n{uid}", language_code="zh")
        cursor = api.cursor(TOKEN, uid)
        rng = random.Random(uid)
        await asyncio.sleep(rng.uniform(0, period))
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            api.user_sends_text(TOKEN, user, rng.choice(texts))
            await cursor.wait(1, timeout=30)
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(max(0.0, period * rng.uniform(0.9, 1.1) - latencies[-1]))

    await asyncio.gather(*(one_user(first_id + i) for i in range(users)))
    return latencies


async def flood(api: LocalBotApi, texts: list[str], burst: int, at: list[float]) -> None:
    """One user: `burst` /check messages and `burst` inline queries at once, at each time."""
    flooder = User(id=999_999, first_name="flood", language_code="zh")
    started = time.perf_counter()
    for moment in at:
        await asyncio.sleep(max(0.0, started + moment - time.perf_counter()))
        for i in range(burst):
            api.user_sends_text(TOKEN, flooder, "/check " + texts[i % len(texts)])
            api.user_inline_query(TOKEN, flooder, texts[(i + 1) % len(texts)])


def percentiles(latencies: list[float]) -> tuple[float, float, int]:
    ordered = sorted(latencies)
    return (
        statistics.median(ordered) * 1000,
        ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        len(ordered),
    )


async def measure_fairness(
    args: argparse.Namespace, db: Path, texts: list[str]
) -> dict[str, tuple[float, float, int]]:
    """Normal users alone, then beside a flooder, against one bot with the default limits."""
    results: dict[str, tuple[float, float, int]] = {}
    async with LocalBotApi.running() as api:
        limits = {} if not args.without_gate else {
            "LANTIAN_MESSAGES_PER_MINUTE": "100000",  # as before issue 8: only /check counted
            "LANTIAN_INLINE_PER_MINUTE": "100000",
            "LANTIAN_CALLBACKS_PER_MINUTE": "100000",
        }  # fmt: skip
        child = start_bot("bot", api.base_url, db, db.parent / "data-fair", limits=limits)
        try:
            warm = User(id=1, first_name="warm")
            api.user_sends_text(TOKEN, warm, "上海")
            await api.cursor(TOKEN, 1).wait(1, timeout=120)  # the bot polls and answers
            quiet = normal_users(api, texts, args.users, args.period, args.fair_seconds, 300_000)
            results["no flood"] = percentiles(await quiet)
            busy = normal_users(api, texts, args.users, args.period, args.fair_seconds, 400_000)
            moments = [1.0, args.fair_seconds / 2]
            latencies, _ = await asyncio.gather(busy, flood(api, texts, args.flood, moments))
            results["one user flooding"] = percentiles(latencies)
            await asyncio.sleep(1.0)
            replies = len(api.sent_messages(TOKEN, 999_999))
            answers = sum(1 for a in api.inline_answers(TOKEN) if a.get("results"))
            print(
                f"flooder sent {2 * args.flood} /check and {2 * args.flood} inline queries; "
                f"got {replies} replies and {answers} inline answers with results"
            )
        finally:
            child.terminate()
            child.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["shanghai", "national"], default="national")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=int, default=300, help="updates/s for the latency run")
    parser.add_argument("--echo-child", help=argparse.SUPPRESS)
    parser.add_argument("--fairness-only", action="store_true", help="only the flood runs")
    parser.add_argument("--period", type=float, default=3.5, help="s between a user's checks")
    parser.add_argument("--fair-seconds", type=float, default=20.0, help="s per fairness run")
    parser.add_argument("--flood", type=int, default=500, help="/check (and inline) per burst")
    parser.add_argument(
        "--without-gate", action="store_true", help="fairness with message/inline limits lifted"
    )
    args = parser.parse_args()
    if args.echo_child:
        echo_bot(args.echo_child)
        return

    from bot.registry.database import open_database
    from bot.registry.demo import write_demo_bundle
    from bot.registry.importer import import_path

    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        write_demo_bundle(Path(tmp) / "bundle", args.scale)
        db = open_database(db_path)
        import_path(db, Path(tmp) / "bundle", today=date(2026, 11, 1))
        db.close()
        texts = queries(db_path, 2000)
        fair = asyncio.run(measure_fairness(args, db_path, texts))
        if not args.fairness_only:
            echo = asyncio.run(measure("echo", args, db_path, texts))
            ours = asyncio.run(measure("bot", args, db_path, texts))

    print(
        f"fairness, scale {args.scale}: {args.users} users checking every {args.period:g} s "
        f"for {args.fair_seconds:g} s, "
        + ("message and inline limits lifted" if args.without_gate else "default per-user limits")
    )
    print(f"{'':24} {'checks':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for name, (p50, p99, count) in fair.items():
        print(f"{name:24} {count:8d} {p50:8.2f} {p99:8.2f}")
    flooded = fair["one user flooding"][1]
    print(
        f"target: normal users' p99 < 50 ms beside a flood: {'met' if flooded < 50 else 'MISSED'}"
    )
    if args.fairness_only:
        return

    print(
        f"scale {args.scale}: throughput with {args.users} users in a closed loop; "
        f"latency with updates arriving at {args.rate}/s; {args.seconds:.0f} s per run"
    )
    print(f"{'':24} {'max updates/s':>14} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"{'echo-only bot':24} {echo[0]:14d} {echo[1]:8.2f} {echo[2]:8.2f}")
    print(f"{'lantian checks':24} {ours[0]:14d} {ours[1]:8.2f} {ours[2]:8.2f}")
    print(f"checks vs echo: {ours[0] / echo[0]:.2f}x the rate, p99 {ours[2] / echo[2]:.2f}x")
    print(f"targets: >= 300 checks/s: {'met' if ours[0] >= 300 else 'MISSED'}; "
          f"p99 < 50 ms: {'met' if ours[2] < 50 else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
