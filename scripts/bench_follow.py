"""Benchmark following at national scale: 100,000 followers and an import with 5,000 changes.

    .venv/bin/python scripts/bench_follow.py [--followers 100000] [--changes 5000]
        [--round-trip 100] [--caps default,1000] [--send-seconds 20] [--keep DIR]

1. The national demo registry is imported (its bundle kept in --keep to be reused).
2. FOLLOWERS users follow 1 to 3 agencies each, drawn from a pool that holds every agency the
   second bundle changes (so most changes have followers, as a popular firm's would).
3. A second bundle changes CHANGES agencies (a fifth revoked or suspended, the rest a grade
   change or a new listing); it is imported (the change log is written in that import), then
   the fan-out is timed: from the change log to every follower's notice in the outbox.
4. The real bot, polling the project's Bot API server with a --round-trip delay and the shipped
   rate limiter, sends notices for --send-seconds at each send cap; the rate it reached is
   printed beside the rate it is set to (SEND_SHARE of the cap), with the time the whole outbox
   would take at that rate, and the reply latency of one user checking meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.follows import outbox  # noqa: E402
from bot.follows.fanout import fan_out  # noqa: E402
from bot.localapi.server import LocalBotApi  # noqa: E402
from bot.localapi.state import User  # noqa: E402
from bot.registry.database import open_database, transaction, utc_stamp  # noqa: E402
from bot.registry.demo import write_demo_bundle  # noqa: E402
from bot.registry.importer import import_path  # noqa: E402
from bot.registry.reader import import_seq  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.telegram.follow_jobs import SEND_SHARE  # noqa: E402
from bot.telegram.runner import LOCAL_TOKEN, running_application  # noqa: E402

TODAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 1, tzinfo=UTC)
POOL = 20_000  # agencies followers choose from


@contextlib.contextmanager
def workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="bench-follow-") as folder:
        yield Path(folder)


def changed_bundle(bundle: Path, out: Path, changes: int, rng: random.Random) -> list[str]:
    """A copy of `bundle` with `changes` agencies changed; their USCCs."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(bundle, out)
    with (bundle / "agencies.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    active = [n for n, row in enumerate(rows) if row["status"] == "active"]
    chosen = rng.sample(active, changes)
    listings: list[dict[str, str]] = []
    for k, n in enumerate(chosen):
        row = rows[n]
        if k % 5 == 0:
            row["status"] = "revoked" if k % 10 == 0 else "suspended"
            row["status_since"] = "2026-10-30"
        elif k % 5 in (1, 2):
            row["credit_grade"] = {"A+": "B", "A": "C", "B": "D"}.get(row["credit_grade"], "A")
            row["credit_as_of"] = "2026-10-31"
        else:
            listings.append({"subject_id": row["uscc"], "list": "abnormal_operation",
                             "listed_on": "2026-10-29", "authority": "市场监督管理局"})  # fmt: skip
    with (out / "agencies.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    table = out / "listings.csv"
    with table.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    with table.open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writerows({key: entry.get(key, "") for key in header} for entry in listings)
    return [rows[n]["uscc"] for n in chosen]


def add_followers(db_path: Path, followers: int, pool: list[str], rng: random.Random) -> int:
    """Follow rows as `bot.follows.store.follow` writes them, in one transaction (200,000 calls
    of it would time the set-up, not the fan-out)."""
    db = open_database(db_path)
    seq, stamp = import_seq(db), utc_stamp(NOW)
    rows = [
        (user, "agency", uscc, uscc, "zh" if user % 4 else "en", seq, stamp)
        for user in range(1, followers + 1)
        for uscc in rng.sample(pool, rng.randint(1, 3))
    ]
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO follows (user_id, subject_kind, subject_id, name, lang, since_seq, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()
    return len(rows)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def send_for(
    db_path: Path, folder: Path, cap: float, round_trip: float, seconds: float
) -> tuple[float, list[float]]:
    """Notices a second the real bot delivers over `seconds` at send cap `cap` (from its first),
    and the latencies of a user's checks meanwhile."""
    async with LocalBotApi.running() as api:
        api.round_trip = round_trip
        db = open_database(db_path)
        users = [row[0] for row in db.execute("SELECT DISTINCT user_id FROM follow_notices")]
        for user in users:
            api.bot(LOCAL_TOKEN).chat_for(User(id=user, first_name="u"))
        settings = Settings(
            db=db_path, data_dir=folder / "data", today=TODAY, send_rate_limit=cap,
            checks_per_minute=600, messages_per_minute=600,
        )  # fmt: skip
        before = outbox.waiting(db)
        latencies: list[float] = []
        checker = User(id=9_999_999, first_name="c")
        async with running_application(settings, db, api):
            while outbox.waiting(db) == before:  # the first look for an import is at 2 s
                await asyncio.sleep(0.01)
            before, started = outbox.waiting(db), time.monotonic()
            while time.monotonic() - started < seconds:
                cursor = api.cursor(LOCAL_TOKEN, checker.id)
                sent = time.monotonic()
                api.user_sends_text(LOCAL_TOKEN, checker, "上海")
                await cursor.wait(1, timeout=10)
                latencies.append(time.monotonic() - sent)
                await asyncio.sleep(0.5)
            delivered = before - outbox.waiting(db)
            seconds = time.monotonic() - started
        db.close()
    return delivered / seconds, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=5_000)
    parser.add_argument("--round-trip", type=float, default=100, help="milliseconds")
    parser.add_argument("--caps", default="default,1000")
    parser.add_argument("--send-seconds", type=float, default=20)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    rng = random.Random(14)
    with workdir(args.keep) as folder:
        bundle = folder / "bundle-national"
        if not bundle.exists():
            write_demo_bundle(bundle, "national")
        db_path = folder / "follow.db"
        for stale in folder.glob("follow*.db*"):
            stale.unlink()
        db = open_database(db_path)
        start = time.perf_counter()
        import_path(db, bundle, today=TODAY)
        print(f"national import: {time.perf_counter() - start:.1f} s")
        changed = changed_bundle(bundle, folder / "bundle-changed", args.changes, rng)
        agencies = [row[0] for row in db.execute("SELECT uscc FROM agencies")]
        db.close()
        pool = list({*changed, *rng.sample(agencies, POOL - len(changed))})
        follows = add_followers(db_path, args.followers, pool, rng)
        print(f"{args.followers:,} followers, {follows:,} follows over {len(pool):,} agencies")

        db = open_database(db_path)
        start = time.perf_counter()
        summary = import_path(db, folder / "bundle-changed", today=TODAY, allow_shrink=True)
        print(f"import with {sum(summary.changes.values()):,} changes (log written): "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        rss, cpu = peak_mb(), time.process_time()
        start = time.perf_counter()
        done = fan_out(db, today=TODAY, now=NOW)
        wall = time.perf_counter() - start
        print(
            f"fan-out: {done.changes:,} changes -> {done.followers:,} followers, "
            f"{done.notices:,} notices in {wall:.1f} s wall, {time.process_time() - cpu:.1f} s "
            f"CPU, peak RSS {peak_mb():.0f} MB (before {rss:.0f} MB)"
        )
        db.close()

        default = Settings.model_fields["send_rate_limit"].default
        for cap_name in args.caps.split(","):
            cap = default if cap_name == "default" else float(cap_name)
            rate, lat = asyncio.run(
                send_for(db_path, folder, cap, args.round_trip / 1000, args.send_seconds)
            )
            lat.sort()
            print(
                f"send cap {cap:g}/s, round trip {args.round_trip:g} ms: {rate:.1f} notices/s "
                f"(set to {cap * SEND_SHARE:g}/s, {rate / (cap * SEND_SHARE):.0%}); all "
                f"{done.notices:,} would take {done.notices / max(rate, 0.001) / 60:.0f} min; "
                f"a check meanwhile: p50 {lat[len(lat) // 2] * 1000:.0f} ms, "
                f"max {lat[-1] * 1000:.0f} ms ({len(lat)} checks)"
            )


if __name__ == "__main__":
    main()
