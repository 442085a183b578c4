"""Benchmark the bot: simulated users send checks through the local Bot API server.

    .venv/bin/python scripts/bench_bot.py [--scale national] [--users 100] [--seconds 10]

The bot runs as its own process (`lantian bot`, polling the local Bot API server, the
registry loaded); this process runs the local Bot API server and the simulated users, each
of whom sends a check, waits for the answer, and sends the next. Reported: the most checks
answered per second (users in a closed loop), and the time from update to reply (p50, p99)
with updates arriving at a steady --rate (300/s by default), beside the same run against a bot
whose only handler echoes the text (the framework's and the protocol's own cost).
Targets (issue 3): >= 300 checks/s and p99 < 50 ms with the national demo registry.
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


def start_bot(kind: str, base_url: str, db: Path, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "LANTIAN_DB": str(db),
        "LANTIAN_DATA_DIR": str(data_dir),
        "LANTIAN_SEND_RATE_LIMIT": "0",  # measure capacity, not Telegram's 30/s cap
        "LANTIAN_CHECKS_PER_MINUTE": "100000",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["shanghai", "national"], default="national")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=int, default=300, help="updates/s for the latency run")
    parser.add_argument("--echo-child", help=argparse.SUPPRESS)
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
        echo = asyncio.run(measure("echo", args, db_path, texts))
        ours = asyncio.run(measure("bot", args, db_path, texts))

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
