"""Benchmark checking pictures: seconds per picture, character accuracy, and other users' checks
while pictures are read.

    .venv/bin/python scripts/bench_picture.py [--rounds 2] [--checkers 20] [--seconds 20]

1. Every layout × variant of tests/pictures.py (flyer, card, phone screenshot; clean, turned,
   sideways, blurred, compressed, coloured), drawn with registered identities, is read by
   bot/ocr.py in this process, one thread, as the bot's worker reads them: seconds per picture
   (p50, p95, max), the character accuracy (1 − CER against the lines drawn) and whether every
   identity (name, USCC, phone, web address) was read.
2. The real bot, polling the project's Bot API server, with pictures arriving back to back from
   four users (each waits for its card) while --checkers users each send a text check and wait
   for the answer: the checkers' latency p50/p99/max, beside the same with no pictures.
Targets (issue 15): p50 ≤ 2 s per phone photo; other users' p99 under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from bot.cli import cli  # noqa: E402
from bot.localapi.server import LocalBotApi  # noqa: E402
from bot.localapi.state import User  # noqa: E402
from bot.ocr import read_picture  # noqa: E402
from bot.registry.database import open_database  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.telegram.runner import LOCAL_TOKEN, running_application  # noqa: E402
from tests.pictures import LAYOUTS, VARIANTS, picture  # noqa: E402

BUNDLE = ROOT / "tests" / "fixtures" / "check_bundle"
LINES = [
    "包过！不成功全额退款",
    "上海华岳知识产权代理有限公司",
    "统一社会信用代码 91310106MA1FL3R23H",
    "电话 021-61234567",
    "网址 www.huayue-ip.example",
]
KEYS = ["上海华岳知识产权代理有限公司", "91310106MA1FL3R23H", "021-61234567", "huayue-ip.example"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def reading(rounds: int) -> None:
    read_picture(picture(["预热"], "card"))  # the engine loaded, as the bot's worker keeps it
    seconds, accuracy, misses = [], [], 0
    truth = "".join(LINES).replace(" ", "")
    for seed in range(rounds):
        for layout in LAYOUTS:
            for variant in VARIANTS:
                data = picture(LINES, layout, variant, seed=seed)
                started = time.perf_counter()
                text = read_picture(data).text
                seconds.append(time.perf_counter() - started)
                got = text.replace("\n", "").replace(" ", "").replace("9:41", "")
                accuracy.append(1 - Levenshtein.distance(got, truth) / len(truth))
                misses += sum(key not in text.replace(" ", "") for key in KEYS)
    print(
        f"reading {len(seconds)} pictures (1 thread): p50 {percentile(seconds, 0.5):.2f} s, "
        f"p95 {percentile(seconds, 0.95):.2f} s, max {max(seconds):.2f} s; character accuracy "
        f"mean {statistics.mean(accuracy):.3f}, min {min(accuracy):.3f}; identities missed "
        f"{misses} of {len(seconds) * len(KEYS)}"
    )


async def checks_while_reading(db_path: Path, data: Path, checkers: int, seconds: float) -> None:
    # The send cap raised (its queue is not what is measured: bench_bot.py measures it).
    settings = Settings(db=db_path, data_dir=data, today="2026-06-01", send_rate_limit=1000,
                        checks_per_minute=6000, messages_per_minute=6000)  # fmt: skip
    db = open_database(db_path)
    async with LocalBotApi.running() as api, running_application(settings, db, api) as app:
        app.bot_data["deps"].pictures.limit = 10_000  # the per-user cap is not what is measured
        app.bot_data["deps"].pictures.burst = 10_000
        for label, senders in (("no pictures", 0), ("pictures being read", 4)):
            stop = asyncio.Event()
            read = [0]
            senders_tasks = [
                asyncio.create_task(_send_pictures(api, 900 + n, stop, read))
                for n in range(senders)
            ]
            await asyncio.sleep(1.0 if senders else 0)
            latencies: list[float] = []
            await asyncio.gather(
                *(_check_loop(api, 100 + n, seconds, latencies) for n in range(checkers))
            )
            stop.set()
            await asyncio.gather(*senders_tasks)
            print(
                f"{checkers} users checking, {label}: {len(latencies)} checks, p50 "
                f"{percentile(latencies, 0.5) * 1000:.1f} ms, p99 "
                f"{percentile(latencies, 0.99) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms"
                + (f"; {read[0]} pictures read meanwhile" if senders else "")
            )
    db.close()


async def _send_pictures(api: LocalBotApi, uid: int, stop: asyncio.Event, read: list[int]) -> None:
    user = User(id=uid, first_name="p")
    data = picture(LINES * 2, "screenshot", "compressed")
    while not stop.is_set():
        cursor = api.cursor(LOCAL_TOKEN, uid)
        api.user_sends_photo(LOCAL_TOKEN, user, data)
        await cursor.wait(2, timeout=120)  # "reading…" and the card
        read[0] += 1


async def _check_loop(api: LocalBotApi, uid: int, seconds: float, out: list[float]) -> None:
    user = User(id=uid, first_name="c")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        cursor = api.cursor(LOCAL_TOKEN, uid)
        started = time.monotonic()
        api.user_sends_text(LOCAL_TOKEN, user, "91310106MA1FL3R23H")
        await cursor.wait(1, timeout=30)
        out.append(time.monotonic() - started)
        await asyncio.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--checkers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if args.rounds:
        reading(args.rounds)
    with tempfile.TemporaryDirectory(prefix="bench-picture-") as folder:
        db_path = Path(folder) / "l.db"
        result = CliRunner().invoke(cli, ["registry", "import", str(BUNDLE), "--db", str(db_path)])
        assert result.exit_code == 0, result.output
        asyncio.run(
            checks_while_reading(db_path, Path(folder) / "data", args.checkers, args.seconds)
        )


if __name__ == "__main__":
    main()
