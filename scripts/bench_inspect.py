"""Benchmark a random-inspection plan at national scale: drawn, then published.

    .venv/bin/python scripts/bench_inspect.py [--db PATH] [--scale national|national3x]
        [--share 0.05] [--inspectors-per-district 10]

Without --db it generates and imports the fictional demo at that scale into a temporary folder,
then places every demo agency in a Shanghai district (so all of them, ~100,000 nationally, are
candidates: a plan draws from Shanghai's agencies). Prints, for
`make_plan` (the target directory with strata from the registry and the queue, the draw of
every candidate, two inspectors per target, all kept in one transaction), `verify` (the re-draw
from the plan's public inputs), and the plan's page with every target closed (the site's
generation step, `bot.site.inspection_pages.write`): the seconds each took. Target (issue 13):
a national-scale plan (100,000 agencies, 5%) drawn and published in seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.desk.staff import StaffDirectory, parse_staff  # noqa: E402
from bot.desk.vocabulary import DISTRICTS  # noqa: E402
from bot.inspections import plans  # noqa: E402
from bot.inspections.draw import Rates  # noqa: E402
from bot.registry.database import open_database, transaction  # noqa: E402
from bot.site import inspection_pages  # noqa: E402

DAY = date(2026, 6, 1)


def staff_list(per_district: int) -> str:
    entries = [f"{900000 + i}:city" for i in range(per_district)]
    for d, district in enumerate(DISTRICTS):
        entries += [f"{910000 + d * 1000 + i}:{district}" for i in range(per_district)]
    return ",".join(entries)


def demo_db(folder: Path, scale: str) -> Path:
    from bot.registry.demo import write_demo_bundle
    from bot.registry.importer import import_path

    bundle = folder / "bundle"
    write_demo_bundle(bundle, scale, seed=426)  # type: ignore[arg-type]
    path = folder / "lantian.db"
    db = open_database(path)
    import_path(db, bundle, today=DAY)
    db.close()
    shanghai_everywhere(path)
    return path


def shanghai_everywhere(path: Path) -> None:
    """Place every demo agency in a Shanghai district (round robin), in the registry file
    itself: a plan draws from Shanghai's agencies, and the benchmark wants all of them."""
    import sqlite3

    registry = path.with_name(f"{path.stem}-registry.db")
    conn = sqlite3.connect(registry)
    districts = list(DISTRICTS)
    conn.create_function("district_of", 1, lambda n: districts[n % len(districts)])
    conn.execute(
        "UPDATE agencies SET province = '上海市', city = '上海市', district = district_of(rowid), "
        "status = 'active'"
    )
    conn.commit()
    conn.close()


def timed(label: str, work):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    print(f"{label:<40} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--scale", default="national")
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--inspectors-per-district", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lantian-bench-inspect-") as work:
        path = args.db or timed(
            "demo registry made and imported", lambda: demo_db(Path(work), args.scale)
        )
        db = open_database(path)
        directory = StaffDirectory(parse_staff(staff_list(args.inspectors_per_district)))
        city = next(iter(directory.members.values()))
        made = timed(
            "plan drawn and kept (make_plan)",
            lambda: plans.make_plan(
                db,
                city,
                directory,
                planned_on=DAY,
                district=None,
                item_codes=["licence"],
                rates=Rates(args.share),
                seed="bench",
                now=plans_now(),
            ),
        )
        drawn = plans.targets(db, made.id)
        key = sum(1 for t in drawn if t.stratum == "key")
        print(
            f"candidates {len(made.candidates):,}, targets {len(drawn):,} (key {key:,}), "
            f"inspectors {len(directory.members):,}"
        )
        ids = [t.subject_id for t in drawn]
        found = timed(
            "verified (re-draw from public inputs)", lambda: plans.check_plan(db, made.id, ids)
        )
        assert found.matches
        with transaction(db):  # setup, not timed: every target closed with one result
            db.execute(
                "UPDATE inspection_targets SET closed_on = ?, published_on = ? WHERE plan_id = ?",
                [DAY.isoformat(), DAY.isoformat(), made.id],
            )
            db.conn.executemany(
                "INSERT INTO inspection_results (plan_id, subject_id, item, result, recorded_by, "
                "recorded_at) VALUES (?, ?, 'licence', 'pass', 0, '2026-06-01T00:00:00Z')",
                [(made.id, subject) for subject in ids],
            )
        docs = Path(work) / "docs"
        (docs / "campaign").mkdir(parents=True)
        (docs / "campaign" / "random-inspections.md").write_text("# x\n", encoding="utf-8")
        pages = timed(
            "published (the plan's page written)",
            lambda: inspection_pages.write(docs, db, today=DAY),
        )
        size = sum(p.stat().st_size for p in (docs / "campaign" / "inspections").iterdir())
        print(f"pages {len(pages)}, {size / 1e6:.1f} MB with the candidates' CSV")
        db.close()


def plans_now():  # type: ignore[no-untyped-def]
    from bot.clock import noon_of

    return noon_of(DAY)


if __name__ == "__main__":
    main()
