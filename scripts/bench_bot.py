"""Benchmark the bot: simulated users send checks through the local Bot API server.

    .venv/bin/python scripts/bench_bot.py [--scale national] [--users 100] [--seconds 10]

The bot runs as its own process (`lantian bot`, polling the local Bot API server, the
registry loaded); this process runs the local Bot API server and the simulated users, each
of whom sends a check, waits for the answer, and sends the next. The checks are every class of
`bench_lookup.query_classes` in equal share (the expensive kinds weigh more than in real use).
Reported: the most checks answered per second (users in a closed loop), and the time from
update to reply (p50, p99) with updates arriving at a steady --rate (300/s by default), beside
the same run against a bot whose only handler echoes the text (the framework's and the
protocol's own cost). Targets (issue 3): >= 300 checks/s and p99 < 50 ms with the national demo
registry.

Fairness (issue 8), with the bot's default per-user limits: 50 normal users each check every
--period seconds; the same run again while one user floods (--flood /check messages and as many
inline queries in a burst, twice). Reported: the normal users' p50/p99 in both runs (target:
p99 < 50 ms with the flood) and what the flooder got back.

    .venv/bin/python scripts/bench_bot.py --fairness-only [--scale national]

Under a real round trip (issue 11): the local server holds the answer to every method but
getUpdates for each of --round-trips milliseconds (100,250), and the bot runs with the shipped
send limiter at each of --caps sends/s ("default": the settings' default; 1000: Telegram's paid
broadcasts), the per-user limits lifted so that the cap is what binds. For each pair:
throughput, users in a closed loop (target: >= 95% of the cap; by default enough users to offer
twice the cap, see closed_loop_users, else --rt-users), and latency, updates
arriving at 80% of the cap (target: p99 < round trip x 2 + 50 ms). Then, at 100 ms with the cap
raised to --raised-cap, checks/s (target: >= 300 on this 2-core machine). Each figure comes from
a fresh bot (no queue left by the run before). One table: every figure beside its target, the
bot's CPU per message it sent in the run (what a change to the bot did, whatever share of the
cores it got), and the cores the bot, this process and everything else on the machine used
meanwhile (on a shared machine, "other" says how much CPU the figure had to share). The latency
is from the update reaching the server to the reply being recorded there: one round trip (the
reply's) plus the bot's own time; getUpdates answers at once, as a long poll already waiting does.

    .venv/bin/python scripts/bench_bot.py --round-trip-only --scale national \\
        [--round-trips 100,250] [--caps default,1000] [--rt-users N] [--seconds 10] \\
        [--workers 2]

--workers N runs the bot of these runs as a front and N worker processes (LANTIAN_BOT_WORKERS,
bot/telegram/front.py); the bot's CPU is then the front's and its workers' together.

BENCH_BOT_PROFILE=DIR runs each bot child under cProfile and writes DIR/<run>.prof (slower:
for finding where the time goes, not for the figures).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import faulthandler
import gc
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

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


LIFTED = {  # the per-user limits, out of the way of a load test
    "LANTIAN_CHECKS_PER_MINUTE": "1000000",
    "LANTIAN_MESSAGES_PER_MINUTE": "1000000",
    "LANTIAN_INLINE_PER_MINUTE": "1000000",
    "LANTIAN_CALLBACKS_PER_MINUTE": "1000000",
}
CAPACITY = {
    "LANTIAN_SEND_RATE_LIMIT": "0",  # measure capacity, not Telegram's 30/s cap
    **LIFTED,
}


def start_bot(
    kind: str,
    base_url: str,
    db: Path,
    data_dir: Path,
    limits: dict[str, str] | None = None,
    run: str = "",
) -> subprocess.Popen[bytes]:
    # Only what is given here: a LANTIAN_ variable of the calling shell must not change a figure.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("LANTIAN_")}
    env = {
        **inherited,
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
    profile_dir = os.environ.get("BENCH_BOT_PROFILE")
    if profile_dir:
        Path(profile_dir).mkdir(parents=True, exist_ok=True)
        out = Path(profile_dir) / f"{kind}{'-' + run if run else ''}.prof"
        command[1:1] = ["-m", "cProfile", "-o", str(out)]
    log = data_dir.parent / f"bot-{kind}{'-' + run if run else ''}.log"
    with log.open("wb") as out:
        child = subprocess.Popen(command, env=env, cwd=ROOT, stderr=out)
    LOGS[child.pid] = log
    return child


LOGS: dict[int, Path] = {}  # each bot child's stderr


async def stop_bot(child: subprocess.Popen[bytes]) -> None:
    """SIGTERM: the bot stops cleanly (and cProfile writes its file). Waited for in a thread:
    this process's event loop serves the Bot API the stopping bot still calls."""
    child.terminate()
    try:
        await asyncio.to_thread(child.wait, timeout=60)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    log = LOGS.pop(child.pid)
    lines = log.read_text(errors="replace").splitlines()
    errors = [n for n, line in enumerate(lines) if " ERROR " in line]
    if errors:  # a figure made while the bot failed is no figure: say so beside it
        first = "\n    ".join(lines[errors[0] : errors[0] + TRACEBACK_LINES])
        print(
            f"{log.name}: the bot logged {len(errors)} errors; first:\n    {first}", file=sys.stderr
        )


TRACEBACK_LINES = 25


def queries(db: Path, per_class: int = 200, only: list[str] | None = None) -> list[str]:
    """`per_class` distinct checks of every class of bench_lookup (or of the classes `only`
    names), shuffled together."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_lookup import query_classes

    classes = query_classes(db, per_class)
    unknown = set(only or []) - set(classes)
    if unknown:
        raise SystemExit(f"no such class: {sorted(unknown)}; the classes: {sorted(classes)}")
    mix = [q for name, qs in classes.items() if not only or name in only for q in qs]
    random.Random(7).shuffle(mix)
    return mix


class Replies:
    """When the bot's messages reach each chat, read by one task for all simulated users: a
    cursor per user rescans the sent log on every send, which at hundreds of users costs this
    process more CPU than the bot it measures."""

    def __init__(self, api: LocalBotApi) -> None:
        self._state = api.bot(TOKEN)
        self._read_up_to = len(self._state.sent)
        self._waiting: dict[int, deque[asyncio.Future[float]]] = {}
        self._reader: asyncio.Task[None] | None = None
        self._stopping = False

    def expect(self, chat_id: int) -> asyncio.Future[float]:
        """The time (perf_counter) the chat's next message not yet expected arrives."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(chat_id, deque()).append(future)
        return future

    async def __aenter__(self) -> Replies:
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._reader is not None
        # A flag as well as cancel(): Python 3.11's wait_for (inside Signal.wait) can swallow a
        # cancellation that lands as its wait ends, and the reader would then run forever.
        self._stopping = True
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader

    async def _read(self) -> None:
        sent = self._state.sent
        while not self._stopping:
            await self._state.sent_signal.wait(0.2)
            now = time.perf_counter()
            while self._read_up_to < len(sent):
                record = sent[self._read_up_to]
                self._read_up_to += 1
                waiting = self._waiting.get(record["chat_id"])
                if waiting:
                    future = waiting.popleft()  # a cancelled one still takes its reply
                    if not future.done():
                        future.set_result(now)


@contextlib.asynccontextmanager
async def local_server() -> AsyncIterator[tuple[LocalBotApi, Replies]]:
    """The local Bot API server and the reader of its replies, this process's garbage collector
    paused meanwhile: the server stands in for Telegram, and its full collections (up to 140 ms
    as its record of sent messages grows) stopped it, the replies and updates of that moment
    waiting: charged to the bot's latency. Collected at the end of each run instead."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        async with LocalBotApi.running() as api, Replies(api) as replies:
            yield api, replies
    finally:
        gc.enable()
        gc.unfreeze()
        gc.collect()


async def until_answering(api: LocalBotApi, replies: Replies) -> None:
    """Until the bot has started, polls and answers (the registry opened, caches warm)."""
    warm = User(id=1, first_name="warm")
    for _ in range(600):
        reply = replies.expect(warm.id)
        api.user_sends_text(TOKEN, warm, "上海")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(reply, timeout=0.5 + api.round_trip)
            return
    raise RuntimeError("the bot never answered")


async def closed_loop(
    api: LocalBotApi,
    replies: Replies,
    texts: list[str],
    users: int,
    seconds: float,
    *,
    warmup: float = 2.0,
    first_id: int = 100_000,
    drain: float = 30.0,
) -> tuple[float, list[float]]:
    """Each user sends, waits for the reply, sends again. Answers/s and the latencies of the
    answers that came in the `seconds` after `warmup` (the steady state); then up to `drain`
    seconds for the answers still on their way, so that the next run starts clean."""
    start = time.perf_counter()
    opens, closes = start + warmup, start + warmup + seconds
    latencies: list[float] = []

    async def one_user(uid: int) -> None:
        user = User(id=uid, first_name=f"u{uid}", language_code="zh")
        rng = random.Random(uid)
        while time.perf_counter() < closes:
            sent = time.perf_counter()
            reply = replies.expect(uid)
            api.user_sends_text(TOKEN, user, rng.choice(texts))
            arrived = await reply
            if opens <= arrived < closes:
                latencies.append(arrived - sent)

    tasks = [asyncio.create_task(one_user(first_id + i)) for i in range(users)]
    await asyncio.wait(tasks, timeout=closes - time.perf_counter() + drain)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return len(latencies) / seconds, latencies


async def paced(
    api: LocalBotApi,
    replies: Replies,
    texts: list[str],
    rate: float,
    seconds: float,
    *,
    warmup: float = 0.0,
    patience: float = 10.0,
) -> tuple[list[float], int]:
    """Open loop: updates arrive at a steady `rate` per second, whatever the bot is doing;
    the latency of each is the time until its chat gets the reply. The latencies of those sent
    after `warmup`, and how many of them got no reply within `patience` s of the last."""
    rng = random.Random(7)
    users = [User(id=200_000 + i, first_name=f"p{i}", language_code="zh") for i in range(1000)]
    timed: list[tuple[float, asyncio.Future[float]]] = []
    start = time.perf_counter()
    for i in range(int(rate * (warmup + seconds))):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        user = users[i % len(users)]
        sent = time.perf_counter()
        reply = replies.expect(user.id)
        api.user_sends_text(TOKEN, user, rng.choice(texts))
        if sent - start >= warmup:
            timed.append((sent, reply))
    await asyncio.wait([reply for _, reply in timed], timeout=patience)
    latencies = [reply.result() - sent for sent, reply in timed if reply.done()]
    for _, reply in timed:
        reply.cancel()
    return latencies, len(timed) - len(latencies)


async def measure(
    kind: str, args: argparse.Namespace, db: Path, texts: list[str]
) -> tuple[int, float, float]:
    async with local_server() as (api, replies):
        child = start_bot(kind, api.base_url, db, db.parent / f"data-{kind}", run="capacity")
        try:
            await until_answering(api, replies)
            rate, _ = await closed_loop(api, replies, texts, args.users, args.seconds)
            latencies, _ = await paced(api, replies, texts, args.rate, args.seconds)
        finally:
            await stop_bot(child)
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99)] * 1000
    return int(rate), p50, p99


async def normal_users(
    api: LocalBotApi,
    replies: Replies,
    texts: list[str],
    users: int,
    period: float,
    seconds: float,
    first_id: int,
) -> list[float]:
    """Each user checks every `period` seconds (jittered), within the default per-user limits;
    the latency of each check is the time until the user's chat gets the reply."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def one_user(uid: int) -> None:
        user = User(id=uid, first_name=f"n{uid}", language_code="zh")
        rng = random.Random(uid)
        await asyncio.sleep(rng.uniform(0, period))
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            reply = replies.expect(uid)
            api.user_sends_text(TOKEN, user, rng.choice(texts))
            latencies.append(await asyncio.wait_for(reply, timeout=30) - started)
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
    async with local_server() as (api, replies):
        limits = {} if not args.without_gate else {
            "LANTIAN_MESSAGES_PER_MINUTE": "100000",  # as before issue 8: only /check counted
            "LANTIAN_INLINE_PER_MINUTE": "100000",
            "LANTIAN_CALLBACKS_PER_MINUTE": "100000",
        }  # fmt: skip
        child = start_bot("bot", api.base_url, db, db.parent / "data-fair", limits, "fairness")
        try:
            await until_answering(api, replies)
            quiet = normal_users(
                api, replies, texts, args.users, args.period, args.fair_seconds, 300_000
            )
            results["no flood"] = percentiles(await quiet)
            busy = normal_users(
                api, replies, texts, args.users, args.period, args.fair_seconds, 400_000
            )
            moments = [1.0, args.fair_seconds / 2]
            latencies, _ = await asyncio.gather(busy, flood(api, texts, args.flood, moments))
            results["one user flooding"] = percentiles(latencies)
            await asyncio.sleep(1.0)
            replies_got = len(api.sent_messages(TOKEN, 999_999))
            answers = sum(1 for a in api.inline_answers(TOKEN) if a.get("results"))
            print(
                f"flooder sent {2 * args.flood} /check and {2 * args.flood} inline queries; "
                f"got {replies_got} replies and {answers} inline answers with results"
            )
        finally:
            await stop_bot(child)
    return results


# Under a round trip (issue 11) -------------------------------------------------------------


def cpu_seconds(pid: int | str) -> float:
    """User and system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and of every process below it (the workers of a front)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    family, total = [pid], 0.0
    while family:
        member = family.pop()
        with contextlib.suppress(OSError):
            total += cpu_seconds(member)
        family += [child for child, parent in parents.items() if parent == member]
    return total


def machine_busy_seconds() -> float:
    """CPU time every core of the machine spent busy so far (all processes)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # less idle, iowait


@dataclass
class Cores:
    """Cores in use on average over a run: the bot, this process, everything else."""

    bot: float
    bench: float
    other: float

    def __str__(self) -> str:
        return f"{self.bot:.2f}/{self.bench:.2f}/{self.other:.2f}"


class CpuMeter:
    """The cores used over a run and the bot's CPU per message it sent meanwhile: on a shared
    machine the figure that says what a change did, whatever share of the cores the bot got."""

    def __init__(self, child_pid: int, api: LocalBotApi) -> None:
        self.child_pid = child_pid
        self.sent = api.bot(TOKEN).sent

    def __enter__(self) -> CpuMeter:
        self.start = self._sample()
        self.sent_before = len(self.sent)
        return self

    def __exit__(self, *_: object) -> None:
        wall, bot, bench, busy = (b - a for a, b in zip(self.start, self._sample(), strict=True))
        self.cores = Cores(bot / wall, bench / wall, max(0.0, busy - bot - bench) / wall)
        answers = len(self.sent) - self.sent_before
        self.ms_each = bot / answers * 1000 if answers else float("inf")

    def _sample(self) -> tuple[float, float, float, float]:
        return (
            time.perf_counter(),
            tree_cpu_seconds(self.child_pid),
            cpu_seconds("self"),
            machine_busy_seconds(),
        )


@dataclass
class Row:
    round_trip_ms: int
    cap: str  # as shown: "30/s (default)"
    run: str
    figure: str
    target: str
    met: bool
    cores: Cores


def default_send_cap() -> float:
    from bot.settings import Settings

    default = Settings.model_fields["send_rate_limit"].default
    assert isinstance(default, int | float)
    return float(default)


@contextlib.asynccontextmanager
async def bot_behind(
    round_trip_ms: int, db: Path, limits: dict[str, str], run: str
) -> AsyncIterator[tuple[LocalBotApi, Replies, subprocess.Popen[bytes]]]:
    """A fresh bot, answering, behind a local server whose every answer takes the round trip:
    each figure starts from an empty queue, whatever the run before it left behind."""
    async with local_server() as (api, replies):
        api.round_trip = round_trip_ms / 1000
        child = start_bot("bot", api.base_url, db, db.parent / f"data-{run}", limits, run)
        try:
            await until_answering(api, replies)
            yield api, replies, child
        finally:
            await stop_bot(child)


PATIENCE = 10.0  # s after the last update of a latency run; unanswered by then: counted missing


async def measure_round_trip(
    args: argparse.Namespace,
    db: Path,
    texts: list[str],
    round_trip_ms: int,
    cap: float | None,
    *,
    latency: bool = True,
) -> list[Row]:
    """At one cap (None: the shipped default) behind one round trip: the latency with updates
    arriving at 80% of the cap, and the throughput with the cap binding, each of a fresh bot."""
    send_cap = default_send_cap() if cap is None else cap
    shown = f"{send_cap:g}/s" + (" (default)" if cap is None else "")
    limits = dict(LIFTED) if cap is None else {**LIFTED, "LANTIAN_SEND_RATE_LIMIT": f"{cap:g}"}
    limits["LANTIAN_BOT_WORKERS"] = str(args.workers)
    run = f"rt{round_trip_ms}-cap{send_cap:g}"
    rows: list[Row] = []
    if latency:
        rate = 0.8 * send_cap
        async with bot_behind(round_trip_ms, db, limits, f"{run}-latency") as (api, replies, bot):
            with CpuMeter(bot.pid, api) as meter:
                latencies, missing = await paced(
                    api, replies, texts, rate, args.seconds, warmup=2.0, patience=PATIENCE
                )
        ordered = sorted(latencies) + [float("inf")] * missing
        p50 = ordered[len(ordered) // 2] * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        p99_shown = (
            f"{p99:.0f} ms"
            if missing == 0
            else f"> {PATIENCE:g} s ({missing} of "
            f"{len(ordered)} unanswered {PATIENCE:g} s after the last)"
        )
        figure = f"p50 {p50:.0f} ms, p99 {p99_shown}; {meter.ms_each:.2f} ms bot CPU each"
        bound = 2 * round_trip_ms + 50
        run_name = f"latency at {rate:g}/s"
        rows.append(
            Row(
                round_trip_ms,
                shown,
                run_name,
                figure,
                f"p99 < {bound} ms",
                p99 < bound,
                meter.cores,
            )
        )
    users = args.rt_users or closed_loop_users(send_cap, round_trip_ms)
    async with bot_behind(round_trip_ms, db, limits, f"{run}-throughput") as (api, replies, bot):
        with CpuMeter(bot.pid, api) as meter:
            answered, _ = await closed_loop(
                api, replies, texts, users, args.seconds, warmup=3.0, drain=0.0
            )
    if cap is None or cap < args.raised_cap:
        goal, target = 0.95 * send_cap, f">= {0.95 * send_cap:g}/s (95% of the cap)"
    else:
        goal, target = args.checks_target, f">= {args.checks_target:g} checks/s"
    run_name = f"throughput, {users} users"
    rows.append(
        Row(
            round_trip_ms,
            shown,
            run_name,
            f"{answered:.1f} answers/s, {meter.ms_each:.2f} ms bot CPU each",
            target,
            answered >= goal,
            meter.cores,
        )
    )
    return rows


MOST_USERS = 800
ANSWER_SECONDS = 0.15  # a generous guess at the bot's own time per answer under load


def closed_loop_users(send_cap: float, round_trip_ms: int) -> int:
    """Users enough to offer twice the cap (Little's law: each has one check in flight for a
    round trip and the bot's time), so the cap binds and not the users' own waiting: 400
    users behind a 250 ms round trip offer about 1,100 checks a second, barely above a cap of
    1,000. At least 400, at most MOST_USERS (the raised cap's run has no cap to offer twice)."""
    wanted = 2 * send_cap * (round_trip_ms / 1000 + ANSWER_SECONDS)
    return int(min(MOST_USERS, max(400, wanted)))


async def measure_round_trips(args: argparse.Namespace, db: Path, texts: list[str]) -> list[Row]:
    rows: list[Row] = []
    for round_trip_ms in args.round_trips:
        for cap in args.caps:
            rows += await measure_round_trip(args, db, texts, round_trip_ms, cap)
    rows += await measure_round_trip(args, db, texts, 100, args.raised_cap, latency=False)
    return rows


def print_round_trips(args: argparse.Namespace, rows: list[Row]) -> None:
    print(
        f"under a round trip, scale {args.scale}, shipped send limiter, per-user limits lifted; "
        f"{args.seconds:g} s per run; bot processes answering: {args.workers}"
        f"{' (and a front)' if args.workers > 1 else ''}; "
        f"cores: bot/bench/other on {os.cpu_count()} cores"
    )
    header = ("round trip", "send cap", "run", "figure", "target", "", "cores")
    table = [header] + [
        (
            f"{r.round_trip_ms} ms",
            r.cap,
            r.run,
            r.figure,
            r.target,
            "met" if r.met else "MISSED",
            str(r.cores),
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


def caps(value: str) -> list[float | None]:
    return [None if c.strip() == "default" else float(c) for c in value.split(",")]


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
    parser.add_argument("--round-trip-only", action="store_true", help="only the round trips")
    parser.add_argument(
        "--round-trips",
        type=lambda v: [int(ms) for ms in v.split(",")],
        default=[100, 250],
        help="ms, comma-separated",
    )
    parser.add_argument(
        "--caps", type=caps, default=[None, 1000.0], help="sends/s: default or a number"
    )
    parser.add_argument(
        "--rt-users", type=int, help="closed-loop users (default: closed_loop_users)"
    )
    parser.add_argument("--raised-cap", type=float, default=100_000.0)
    parser.add_argument("--checks-target", type=float, default=300.0)
    parser.add_argument(
        "--classes",
        type=lambda v: [name.strip() for name in v.split(",")],
        help="only these classes of bench_lookup, comma-separated (default: every class)",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="LANTIAN_BOT_WORKERS of the round-trip runs"
    )
    args = parser.parse_args()
    faulthandler.register(signal.SIGUSR1)  # kill -USR1 <pid>: where a stalled run waits
    if args.echo_child:
        echo_bot(args.echo_child)
        return

    from bot.registry.database import open_database
    from bot.registry.demo import write_demo_bundle
    from bot.registry.importer import import_path

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        write_demo_bundle(Path(tmp) / "bundle", args.scale)
        db = open_database(db_path)
        import_path(db, Path(tmp) / "bundle", today=date(2026, 11, 1))
        db.close()
        texts = queries(db_path, only=args.classes)
        if not args.round_trip_only:
            results["fair"] = asyncio.run(measure_fairness(args, db_path, texts))
            if not args.fairness_only:
                results["echo"] = asyncio.run(measure("echo", args, db_path, texts))
                results["ours"] = asyncio.run(measure("bot", args, db_path, texts))
        if not args.fairness_only:
            results["round trips"] = asyncio.run(measure_round_trips(args, db_path, texts))

    if "fair" in results:
        print_fairness(args, results["fair"])
    if "ours" in results:
        print_capacity(args, results["echo"], results["ours"])
    if "round trips" in results:
        print_round_trips(args, results["round trips"])


def print_fairness(args: argparse.Namespace, fair: dict[str, tuple[float, float, int]]) -> None:
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


def print_capacity(
    args: argparse.Namespace, echo: tuple[int, float, float], ours: tuple[int, float, float]
) -> None:
    print(
        f"scale {args.scale}: throughput with {args.users} users in a closed loop; "
        f"latency with updates arriving at {args.rate}/s; {args.seconds:.0f} s per run; "
        "no round trip, send limiter off"
    )
    print(f"{'':24} {'max updates/s':>14} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"{'echo-only bot':24} {echo[0]:14d} {echo[1]:8.2f} {echo[2]:8.2f}")
    print(f"{'lantian checks':24} {ours[0]:14d} {ours[1]:8.2f} {ours[2]:8.2f}")
    print(f"checks vs echo: {ours[0] / echo[0]:.2f}x the rate, p99 {ours[2] / echo[2]:.2f}x")
    print(f"targets: >= 300 checks/s: {'met' if ours[0] >= 300 else 'MISSED'}; "
          f"p99 < 50 ms: {'met' if ours[2] < 50 else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
