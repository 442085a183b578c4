"""Hostile tests of the random inspections ("双随机、一公开"): can the draw be steered or changed
silently, is the published page enough to re-draw it, does anything private or unpublished leak,
does hostile text stay inert, do the dates and the rights hold, does it scale.

Tests that fail here name a defect; the report of the hostile pass explains each one."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot.cli import cli
from bot.desk.errors import CityOnly
from bot.desk.staff import StaffDirectory, StaffMember, parse_staff
from bot.errors import Refusal
from bot.inspections import plans
from bot.inspections.draw import (
    SCALE,
    Candidate,
    DuplicateCandidate,
    Inspector,
    NotEnoughInspectors,
    Rates,
    Stratum,
    assign_inspectors,
    draw_number,
    draw_targets,
)
from bot.inspections.plans import CandidatesChanged
from bot.reports import evidence
from tests.desk_queue import REPORTER_NAME, REPORTER_PHONE, at, file, known_queue, queue_db
from tests.registry_edit import registry_writer

# Distinctive ids, so that finding one in a page cannot be a coincidence of digits.
IDS = (987650001, 987650002, 987650003, 987650004, 987650005)
STAFF = ",".join(
    f"{uid}:{role}"
    for uid, role in zip(IDS, ("city", "静安", "浦东新区", "静安", "city"), strict=True)
)
DIRECTORY = StaffDirectory(parse_staff(STAFF))
CITY = DIRECTORY.members[IDS[0]]
JINGAN = DIRECTORY.members[IDS[1]]
DAY = date(2026, 6, 1)
WORKED = date(2026, 6, 3)  # results recorded and targets closed: published on 4 June
BUILT = date(2026, 6, 10)  # the site's build day
NOTE = "NOTE-SECRET-现场笔录"
EVIDENCE_NAME = "../../EVIDENCE-SECRET.pdf"


def make(db: sqlite_utils.Database, **changes: Any) -> plans.Plan:
    values: dict[str, Any] = dict(
        planned_on=DAY,
        district=None,
        item_codes=["licence"],
        rates=Rates(0.5),
        seed="blue-sky-2026",
        now=at("2026-06-01"),
    )
    values.update(changes)
    return plans.make_plan(db, CITY, DIRECTORY, **values)


def inspector_of(found: plans.Target, index: int = 0) -> StaffMember:
    return DIRECTORY.members[found.inspectors[index]]


def outsider_of(found: plans.Target) -> StaffMember:
    return next(DIRECTORY.members[uid] for uid in IDS if uid not in found.inspectors)


def finish(
    db: sqlite_utils.Database, plan_id: str, found: plans.Target, day: date = WORKED, **more: Any
) -> None:
    """Record a pass for every item and close the target on `day`."""
    who = inspector_of(found)
    for item in plans.get_plan(db, plan_id).items:
        plans.record(
            db,
            who,
            plan_id,
            found.subject_id,
            item,
            "pass",
            now=at(day.isoformat()),
            today=day,
            **more,
        )
    plans.close_target(db, who, plan_id, found.subject_id, now=at(day.isoformat()), today=day)


def ids_of(db: sqlite_utils.Database, plan_id: str) -> list[str]:
    return [t.subject_id for t in plans.targets(db, plan_id)]


def independent_draw(
    plan_id: str, seed: str, share: float, factor: float, rows: list[tuple[str, str]]
) -> set[str]:
    """The formula of content/campaign/random-inspections.md, written from the page alone with
    hmac and hashlib (no code of Lantian)."""
    rates = {"key": 1.0, "raised": min(1.0, share * factor), "base": share}
    drawn = set()
    for subject, stratum in rows:
        message = f"{plan_id}\x1f{subject}".encode()
        digest = hmac.new(seed.encode("utf-8"), message, hashlib.sha256).digest()
        if int.from_bytes(digest[:8], "big") < rates[stratum] * 2**64:
            drawn.add(subject)
    return drawn


# Verifiability ------------------------------------------------------------------------------


def test_verify_notices_a_seed_changed_in_the_database_without_a_redraw() -> None:
    db = queue_db()
    made = make(db)
    db.execute("UPDATE inspection_plans SET seed = 'quietly changed' WHERE id = ?", [made.id])
    db.conn.commit()
    with pytest.raises(CandidatesChanged):  # not what the audit log recorded at the draw
        plans.check_plan(db, made.id, ids_of(db, made.id))


def test_verify_notices_a_target_deleted_or_added_in_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "l.db"
    db = queue_db(db_path)
    made = make(db)
    spared = ids_of(db, made.id)[-1]
    db.execute(
        "DELETE FROM inspection_targets WHERE plan_id = ? AND subject_id = ?", [made.id, spared]
    )
    db.conn.commit()
    db.close()
    env = {"LANTIAN_STAFF": STAFF, "LANTIAN_TODAY": DAY.isoformat()}
    found = CliRunner().invoke(
        cli,
        ["inspect", "verify", made.id, "--db", str(db_path)],
        env=env,
    )
    assert found.exit_code == 1 and spared in found.output


def test_verify_ignores_the_order_of_the_published_list_and_of_the_stored_candidates() -> None:
    db = queue_db()
    made = make(db)
    drawn = ids_of(db, made.id)
    assert plans.check_plan(db, made.id, drawn[::-1]).matches
    stored = json.loads(db.execute("SELECT candidates FROM inspection_plans").fetchone()[0])
    db.execute("UPDATE inspection_plans SET candidates = ?", [json.dumps(stored[::-1])])
    db.conn.commit()
    assert plans.check_plan(db, made.id, drawn).matches


def test_verify_refuses_stored_candidates_that_name_an_agency_twice() -> None:
    db = queue_db()
    made = make(db)
    stored = json.loads(db.execute("SELECT candidates FROM inspection_plans").fetchone()[0])
    db.execute("UPDATE inspection_plans SET candidates = ?", [json.dumps([*stored, stored[0]])])
    db.conn.commit()
    with pytest.raises((DuplicateCandidate, CandidatesChanged)):
        plans.check_plan(db, made.id, ids_of(db, made.id))


def test_the_draw_is_kept_when_agencies_leave_or_join_the_registry_after_the_plan() -> None:
    db = queue_db()
    made = make(db)
    drawn = ids_of(db, made.id)
    with registry_writer(db) as registry:
        registry.execute("DELETE FROM agencies WHERE uscc = ?", [drawn[0]])
        registry.execute(
            "INSERT INTO agencies (uscc, name, kind, status, province, city, district) "
            "VALUES ('91310106MA1NEW0001', '新来', 'both', 'active', '上海市', '上海市', '静安')"
        )
    assert drawn[0] not in {c.subject_id for c in plans.strata(db, DAY, None)}
    assert plans.check_plan(db, made.id, drawn).matches
    assert len(plans.get_plan(db, made.id).candidates) == len(plans.strata(queue_db(), DAY, None))


def test_a_plan_rewritten_in_the_database_before_publication_is_caught_by_verify() -> None:
    # The candidates and targets are only ever published after the first result; nothing
    # outside the database (no digest in the audit line, nothing published at draw time) binds
    # them. Someone with the database drops an agency from both and verify agrees.
    db = queue_db()
    made = make(db)
    spared = ids_of(db, made.id)[0]
    stored = json.loads(db.execute("SELECT candidates FROM inspection_plans").fetchone()[0])
    db.execute(
        "UPDATE inspection_plans SET candidates = ?",
        [json.dumps([row for row in stored if row[0] != spared])],
    )
    db.execute("DELETE FROM inspection_targets WHERE subject_id = ?", [spared])
    db.conn.commit()
    with pytest.raises(CandidatesChanged):  # the audit log holds the list's SHA-256
        plans.check_plan(db, made.id, ids_of(db, made.id))


def test_a_planner_cannot_pick_a_seed_that_spares_a_chosen_agency() -> None:
    # The formula and the plan id (the date and serial) are public: a planner tries seeds at
    # home until a friend is not drawn, then passes that seed with --seed. Nobody can tell.
    db = queue_db()
    friend = next(c for c in plans.strata(db, DAY, None) if c.stratum is Stratum.BASE).subject_id
    plan_id = f"{DAY.isoformat()}-1"
    seed = next(
        s for s in (f"seed-{n}" for n in range(200)) if draw_number(s, plan_id, friend) >= SCALE / 2
    )
    made = make(db, seed=seed)
    # The fix: a random part chosen at the draw is joined to the planner's seed, so the seed
    # the planner tried at home is not the one the plan is drawn with.
    assert made.seed != seed and made.seed.startswith(seed + "-")


# The published page and CSV: enough to re-draw? ---------------------------------------------

SEEDS = {"honest": "blue-sky-2026", "long": "a" * 64}
# Seeds that would not show or be typed again as they are: refused (SeedNotPlain).
REFUSED_SEEDS = {
    "spaces": "Blue Sky 2026",
    "tick": "tick`tock",
    "padded": " padded seed ",
    "script": "x\n\n<script>alert('seed')</script>\n\ny",
    "braces": "{{ config.site_name }}{% raw %}",
    "long": "长" * 2000,
    "too long": "a" * 65,
}


@dataclass
class Published:
    db: sqlite_utils.Database
    out: Path
    plan_ids: dict[str, str]  # by the SEEDS key, plus "fraction"
    unpublished: list[str]  # closed on the build day, or still open with a result


def _fraction_seed(db: sqlite_utils.Database, plan_id: str) -> str:
    """A seed under which some candidate falls between the page's rounded share (2%, 6%) and
    the plan's real one (2.5%, 7.5%)."""
    found = plans.strata(db, DAY, None)
    gaps = {Stratum.BASE: (0.02, 0.025), Stratum.RAISED: (0.06, 0.075)}
    for n in range(2000):
        seed = f"fraction-{n}"
        for c in found:
            if c.stratum in gaps:
                low, high = gaps[c.stratum]
                if low * SCALE <= draw_number(seed, plan_id, c.subject_id) < high * SCALE:
                    return seed
    raise AssertionError("no seed found")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    from bot.site.build import build_site

    db = known_queue(queue_db()).db  # tickets with a reporter's name and phone
    plan_ids, unpublished = {}, []
    for key, seed in SEEDS.items():
        made = make(db, seed=seed)
        plan_ids[key] = made.id
        for found in plans.targets(db, made.id):
            finish(db, made.id, found, note=NOTE)
    fraction_id = f"{DAY.isoformat()}-{len(SEEDS) + 1}"
    made = make(db, seed=_fraction_seed(db, fraction_id), rates=Rates(0.025))
    assert made.id == fraction_id
    plan_ids["fraction"] = made.id
    for found in plans.targets(db, made.id):
        finish(db, made.id, found)
    # A plan with one target closed on the build day and one still open with a result.
    late = make(db, seed="late")
    first, second = plans.targets(db, late.id)[:2]
    finish(db, late.id, first, day=BUILT)
    plans.record(
        db,
        inspector_of(second),
        late.id,
        second.subject_id,
        "licence",
        "case",
        note=NOTE,
        now=at("2026-06-05"),
        today=date(2026, 6, 5),
    )
    stored = evidence.store(tmp_path_factory.mktemp("data"), b"%PDF-1.4", EVIDENCE_NAME, None)
    plans.attach_evidence(
        db, inspector_of(second), late.id, second.subject_id, stored, now=at("2026-06-05")
    )
    unpublished += [first.subject_id, second.subject_id]
    plan_ids["late"] = late.id
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(db, out, today=BUILT)
    return Published(db, out, plan_ids, unpublished)


def page_of(site: Published, key: str) -> str:
    return (site.out / "campaign" / "inspections" / site.plan_ids[key] / "index.html").read_text()


def redraw_from_the_site(site: Published, key: str) -> set[str]:
    """Re-draw a plan reading only the built page and its CSV."""
    page = page_of(site, key)
    plan_id = re.search(r"计划 ([0-9-]+)", page)
    seed = re.search(r"随机种子：<code>(.*?)</code>", page, re.S)
    share = re.search(r"抽查比例：([0-9.]+)%", page)
    factor = re.search(r"提高倍数：([0-9.]+)", page)
    assert plan_id and seed and share and factor, "the page lacks an input of the formula"
    name = site.out / "campaign" / "inspections" / f"{plan_id[1]}-candidates.csv"
    rows = [
        (row["subject_id"], row["stratum"])
        for row in csv.DictReader(io.StringIO(name.read_text(encoding="utf-8")))
    ]
    return independent_draw(
        plan_id[1], unescape(seed[1]), float(share[1]) / 100, float(factor[1]), rows
    )


@pytest.mark.slow
def test_an_independent_redraw_from_the_built_page_and_csv_gives_the_drawn_list(
    published: Published,
) -> None:
    plan_id = published.plan_ids["honest"]
    assert redraw_from_the_site(published, "honest") == set(ids_of(published.db, plan_id))


@pytest.mark.slow
def test_an_independent_redraw_works_when_the_share_is_not_a_whole_percent(
    published: Published,
) -> None:
    # The page prints the share as f"{share:.0%}": 2.5% is shown as "2%".
    plan_id = published.plan_ids["fraction"]
    assert redraw_from_the_site(published, "fraction") == set(ids_of(published.db, plan_id))


@pytest.mark.parametrize("key", sorted(REFUSED_SEEDS))
def test_a_seed_that_would_not_show_or_type_as_it_is_is_refused_plainly(key: str) -> None:
    from bot.inspections.plans import SeedNotPlain

    with pytest.raises(SeedNotPlain) as refused:
        make(queue_db(), seed=REFUSED_SEEDS[key])
    assert refused.value.message("zh") and refused.value.message("en")


@pytest.mark.slow
def test_a_long_plain_seed_is_published_as_it_is(published: Published) -> None:
    assert redraw_from_the_site(published, "long") == set(
        ids_of(published.db, published.plan_ids["long"])
    )


@pytest.mark.slow
def test_the_page_shows_the_tickets_the_method_page_promises(published: Published) -> None:
    # content/campaign/random-inspections.md: "抽中名单 | 每个检查对象的统一社会信用代码、签号…"
    page = page_of(published, "honest")
    tickets = [t.ticket for t in plans.targets(published.db, published.plan_ids["honest"])]
    assert all(ticket in page for ticket in tickets)


# Privacy ------------------------------------------------------------------------------------


def _built_text(site: Published) -> str:
    parts = []
    for path in site.out.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".csv", ".txt", ".md"}:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.mark.slow
def test_no_inspector_note_evidence_or_reporter_reaches_any_built_file(
    published: Published,
) -> None:
    text = _built_text(published)
    for secret in (*map(str, IDS), NOTE, "EVIDENCE-SECRET", REPORTER_NAME, REPORTER_PHONE):
        assert secret not in text, secret


@pytest.mark.slow
def test_an_unpublished_result_is_on_no_page_and_not_in_the_check(published: Published) -> None:
    from bot.check import check

    late = published.plan_ids["late"]  # one target closed on the build day, one still open
    assert not (published.out / "campaign" / "inspections" / late).exists()
    assert late not in _built_text(published)
    for subject in published.unpublished:
        lines = [
            r for r in check(published.db, subject, today=BUILT).reasons if r.code == "inspected"
        ]
        assert not any(late in r.text(lang) for r in lines for lang in ("zh", "en"))


@pytest.mark.slow
def test_the_checks_line_names_no_inspector_and_no_note(published: Published) -> None:
    from bot.check import check

    subject = ids_of(published.db, published.plan_ids["honest"])[0]
    line = next(
        r for r in check(published.db, subject, today=BUILT).reasons if r.code == "inspected"
    )
    for lang in ("zh", "en"):
        said = line.text(lang)
        assert NOTE not in said and not any(str(uid) in said for uid in IDS)


def test_an_unverified_complaint_cannot_be_read_off_the_candidates_csv() -> None:
    # The CSV publishes each candidate's stratum; credit grade, licence date and the abnormal
    # list are public, so "raised" with none of them says "someone complained", even about a
    # complaint nobody has accepted yet.
    from bot.inspections.plans import candidates_csv

    db = queue_db()
    quiet = next(c for c in plans.strata(db, DAY, None) if c.stratum is Stratum.BASE).subject_id
    file(db, "rival", kind="complaint", category="solicitation", uscc=quiet, on="2026-05-30")
    made = make(db)
    rows = dict(csv.reader(io.StringIO(candidates_csv(made.candidates))))
    assert rows[quiet] == "base"


# Markup, paths, hostile input ----------------------------------------------------------------


def test_a_seed_that_is_not_utf8_is_refused_plainly_by_the_command_line(tmp_path: Path) -> None:
    # `lantian inspect plan --seed $'\xff'`: Python hands the byte over as a lone surrogate.
    db_path = tmp_path / "l.db"
    queue_db(db_path).close()
    env = {"LANTIAN_STAFF": STAFF, "LANTIAN_TODAY": DAY.isoformat()}
    run = CliRunner().invoke(
        cli,
        ["inspect", "plan", "--seed", "\udcff", "--staff-id", str(IDS[0]), "--db", str(db_path)],
        env=env,
    )
    assert run.exit_code == 1 and isinstance(run.exception, SystemExit), repr(run.exception)
    assert run.output.strip()


def test_hostile_ids_on_the_command_line_are_refused_as_unknown(tmp_path: Path) -> None:
    db_path = tmp_path / "l.db"
    queue_db(db_path).close()
    env = {"LANTIAN_STAFF": STAFF, "LANTIAN_TODAY": DAY.isoformat()}
    for plan_id in ("../../etc/passwd", "x\x00y", "<script>", "2026-06-01-1' OR 1=1 --"):
        run = CliRunner().invoke(
            cli,
            ["inspect", "verify", plan_id, "--db", str(db_path)],
            env=env,
        )
        assert run.exit_code == 1 and isinstance(run.exception, SystemExit), repr(run.exception)


def test_an_evidence_file_name_with_folders_and_nul_is_kept_only_as_a_label(
    tmp_path: Path,
) -> None:
    db = queue_db()
    made = make(db)
    found = plans.targets(db, made.id)[0]
    stored = evidence.store(tmp_path, b"%PDF-1.4 x", "../../a\x00b/../../x.pdf", None)
    plans.attach_evidence(
        db, inspector_of(found), made.id, found.subject_id, stored, now=at("2026-06-03")
    )
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [tmp_path / stored.relative_path] and files[0].suffix == ".pdf"
    (label,) = db.execute("SELECT file_name FROM inspection_evidence").fetchone()
    assert "/" not in label and ".." not in label.replace("x.pdf", "")


# Dates and deadlines ------------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, 61, -1, 10**12])
def test_a_rectification_deadline_outside_1_to_60_working_days_is_refused(days: int) -> None:
    db = queue_db()
    made = make(db)
    found = plans.targets(db, made.id)[0]
    with pytest.raises(plans.DeadlineNeeded):
        plans.record(
            db,
            inspector_of(found),
            made.id,
            found.subject_id,
            "licence",
            "rectify",
            rectify_days=days,
            now=at("2026-06-03"),
            today=WORKED,
        )


def test_rectification_and_publication_count_working_days_across_the_spring_festival() -> None:
    db = queue_db()
    made = make(db, rates=Rates(1.0))
    first, second = plans.targets(db, made.id)[:2]
    who = inspector_of(first)
    eve = date(2026, 2, 13)  # Friday; 15-23 February are the holiday, Saturday 14th is worked
    done = plans.record(
        db,
        who,
        made.id,
        first.subject_id,
        "licence",
        "rectify",
        rectify_days=5,
        now=at(eve.isoformat()),
        today=eve,
    )
    assert done.results["licence"]["due_on"] == "2026-02-27"  # 14, 24, 25, 26, 27
    closed = plans.close_target(db, who, made.id, first.subject_id, now=at("2026-02-13"), today=eve)
    assert closed.published_on == date(2026, 2, 14)
    on_holiday = date(2026, 2, 17)
    finish(db, made.id, second, day=on_holiday)
    assert plans.target(db, made.id, second.subject_id).published_on == date(2026, 2, 24)


def test_a_target_closed_just_after_midnight_in_shanghai_on_a_utc_server_is_dated_shanghai(
    tmp_path: Path,
) -> None:
    import time_machine

    db_path = tmp_path / "l.db"
    db = queue_db(db_path)
    made = make(db)
    found = plans.targets(db, made.id)[0]
    plans.record(
        db,
        inspector_of(found),
        made.id,
        found.subject_id,
        "licence",
        "pass",
        now=at("2026-06-02"),
        today=date(2026, 6, 2),
    )
    db.close()
    env = {"LANTIAN_STAFF": STAFF, "TZ": "UTC"}
    moment = datetime(2026, 6, 2, 16, 30, tzinfo=UTC)  # 00:30 on Wednesday 3 June in Shanghai
    with time_machine.travel(moment, tick=False):
        run = CliRunner().invoke(
            cli,
            [
                "inspect",
                "close",
                made.id,
                found.subject_id,
                "--staff-id",
                str(found.inspectors[0]),
                "--db",
                str(db_path),
            ],
            env=env,
        )
    assert run.exit_code == 0, run.output
    closed = plans.target(sqlite_utils.Database(db_path), made.id, found.subject_id)
    assert closed.closed_on == date(2026, 6, 3) and closed.published_on == date(2026, 6, 4)


# Authorization ------------------------------------------------------------------------------


def test_a_district_plans_neither_the_city_nor_another_district() -> None:
    db = queue_db()
    for district in (None, "浦东新区"):
        with pytest.raises(CityOnly):
            plans.make_plan(
                db,
                JINGAN,
                DIRECTORY,
                planned_on=DAY,
                district=district,
                item_codes=[],
                rates=Rates(0.5),
                seed="s",
                now=at("2026-06-01"),
            )
    with pytest.raises(CityOnly):
        plans.redraw(
            db, JINGAN, DIRECTORY, make(db).id, seed="s2", reason="x", now=at("2026-06-02")
        )


def test_someone_not_sent_to_a_target_can_neither_record_close_rectify_nor_attach(
    tmp_path: Path,
) -> None:
    db = queue_db()
    made = make(db)
    found = plans.targets(db, made.id)[0]
    who, stranger = inspector_of(found), outsider_of(found)
    plans.record(
        db,
        who,
        made.id,
        found.subject_id,
        "licence",
        "rectify",
        rectify_days=3,
        now=at("2026-06-03"),
        today=WORKED,
    )
    stored = evidence.store(tmp_path, b"%PDF-1.4", "x.pdf", None)
    attempts = [
        lambda: plans.record(
            db,
            stranger,
            made.id,
            found.subject_id,
            "licence",
            "pass",
            now=at("2026-06-03"),
            today=WORKED,
        ),
        lambda: plans.close_target(
            db, stranger, made.id, found.subject_id, now=at("2026-06-03"), today=WORKED
        ),
        lambda: plans.rectified(
            db, stranger, made.id, found.subject_id, "licence", now=at("2026-06-03"), today=WORKED
        ),
        lambda: plans.attach_evidence(
            db, stranger, made.id, found.subject_id, stored, now=at("2026-06-03")
        ),
    ]
    for attempt in attempts:
        with pytest.raises(plans.NotTheInspector):
            attempt()
    assert plans.target(db, made.id, found.subject_id).results["licence"]["result"] == "rectify"


def test_a_refused_evidence_file_is_not_left_on_disk(tmp_path: Path) -> None:
    db_path = tmp_path / "l.db"
    db = queue_db(db_path)
    made = make(db)
    found = plans.targets(db, made.id)[0]
    db.close()
    upload = tmp_path / "photo.pdf"
    upload.write_bytes(b"%PDF-1.4 stranger")
    env = {
        "LANTIAN_STAFF": STAFF,
        "LANTIAN_TODAY": "2026-06-03",
        "LANTIAN_DATA_DIR": str(tmp_path / "data"),
    }
    run = CliRunner().invoke(
        cli,
        [
            "inspect",
            "evidence",
            made.id,
            found.subject_id,
            str(upload),
            "--staff-id",
            str(outsider_of(found).user_id),
            "--db",
            str(db_path),
        ],
        env=env,
    )
    assert run.exit_code == 1
    assert not [p for p in (tmp_path / "data").rglob("*") if p.is_file()]


def test_a_staff_member_cannot_declare_a_conflict_for_another_inspector() -> None:
    # Otherwise a district's staff member declares conflicts for the others and is sent alone
    # (with one chosen colleague) to the agency of their choice.
    db = queue_db()
    target = plans.strata(db, DAY, "静安")[0].subject_id
    with pytest.raises(Refusal):
        plans.declare_conflict(db, JINGAN, DIRECTORY, IDS[0], target, now=at("2026-05-30"))


def test_a_conflict_declared_after_the_draw_keeps_the_inspector_off_the_target() -> None:
    db = queue_db()
    made = make(db)
    found = plans.targets(db, made.id)[0]
    conflicted = inspector_of(found)
    plans.declare_conflict(
        db, conflicted, DIRECTORY, conflicted.user_id, found.subject_id, now=at("2026-06-02")
    )
    now_sent = plans.target(db, made.id, found.subject_id).inspectors
    if conflicted.user_id not in now_sent:
        return  # re-assigned: the fix
    with pytest.raises(Refusal):
        plans.record(
            db,
            conflicted,
            made.id,
            found.subject_id,
            "licence",
            "pass",
            now=at("2026-06-03"),
            today=WORKED,
        )


def test_a_redraw_needs_a_reason_and_is_refused_after_any_result() -> None:
    db = queue_db()
    made = make(db)
    for reason in ("", " \n\t"):
        with pytest.raises(plans.RedrawReasonNeeded):
            plans.redraw(
                db, CITY, DIRECTORY, made.id, seed="s2", reason=reason, now=at("2026-06-02")
            )
    found = plans.targets(db, made.id)[0]
    plans.record(
        db,
        inspector_of(found),
        made.id,
        found.subject_id,
        "licence",
        "pass",
        now=at("2026-06-03"),
        today=WORKED,
    )
    with pytest.raises(plans.RedrawAfterResults):
        plans.redraw(db, CITY, DIRECTORY, made.id, seed="s3", reason="x", now=at("2026-06-04"))
    assert plans.get_plan(db, made.id).seed == made.seed


def test_a_redraw_that_fails_leaves_the_plan_as_it_was() -> None:
    db = queue_db()
    made = make(db)
    before = plans.targets(db, made.id)
    alone = StaffDirectory(parse_staff(f"{IDS[0]}:city"))
    with pytest.raises(plans.NoInspectors):
        plans.redraw(db, CITY, alone, made.id, seed="other", reason="x", now=at("2026-06-02"))
    assert plans.get_plan(db, made.id).seed == made.seed
    assert plans.targets(db, made.id) == before


def test_recording_twice_keeps_the_last_result_and_both_in_the_audit_log() -> None:
    db = queue_db()
    made = make(db)
    found = plans.targets(db, made.id)[0]
    who = inspector_of(found)
    for result in ("case", "pass"):
        plans.record(
            db,
            who,
            made.id,
            found.subject_id,
            "licence",
            result,
            now=at("2026-06-03"),
            today=WORKED,
        )
    assert plans.target(db, made.id, found.subject_id).results["licence"]["result"] == "pass"
    logged = [
        json.loads(r[0])["result"]
        for r in db.execute(
            "SELECT after FROM audit_log WHERE action = 'inspection_result' ORDER BY id"
        )
    ]
    assert logged == ["case", "pass"]


# Scale and the degenerate ---------------------------------------------------------------------


def test_no_candidates_no_inspectors_and_everyone_conflicted_are_refused_without_a_plan() -> None:
    db = queue_db()
    with pytest.raises(plans.NoCandidates):
        make(db, district="不存在区")
    with pytest.raises(plans.NoInspectors):
        plans.make_plan(
            db,
            CITY,
            StaffDirectory(parse_staff(f"{IDS[0]}:city")),
            planned_on=DAY,
            district=None,
            item_codes=[],
            rates=Rates(1.0),
            seed="s",
            now=at("2026-06-01"),
        )
    key = next(c for c in plans.strata(db, DAY, None) if c.stratum is Stratum.KEY).subject_id
    for uid in IDS:
        plans.declare_conflict(
            db, DIRECTORY.members[uid], DIRECTORY, uid, key, now=at("2026-05-30")
        )
    with pytest.raises(NotEnoughInspectors):
        make(db)
    assert db.execute("SELECT count(*) FROM inspection_plans").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM inspection_targets").fetchone()[0] == 0


@pytest.mark.slow
def test_a_share_of_one_on_a_hundred_thousand_candidates_draws_and_assigns_in_seconds() -> None:
    pool = [Candidate(f"9131{n:014d}", f"d{n % 16}", Stratum.BASE) for n in range(100_000)]
    staff = [Inspector(str(1000 + i), None if i < 20 else f"d{i % 16}") for i in range(500)]
    started = time.perf_counter()
    drawn = draw_targets("P", "s", pool, Rates(1.0))
    sent = assign_inspectors("P", "s", drawn, staff, set())
    assert len(drawn) == 100_000 and len(sent) == 100_000
    assert time.perf_counter() - started < 20


@pytest.mark.slow
def test_recording_one_result_on_a_large_plan_takes_well_under_a_second() -> None:
    db = queue_db()
    with registry_writer(db) as registry:
        registry.executemany(
            "INSERT INTO agencies (uscc, name, kind, status, province, city, district) "
            "VALUES (?, ?, 'both', 'active', '上海市', '上海市', '静安')",
            [(f"9131{n:014d}", f"a{n}") for n in range(100_000)],
        )
    made = make(db, rates=Rates(1.0))
    found = plans.targets(db, made.id)[0]
    started = time.perf_counter()
    plans.record(
        db,
        inspector_of(found),
        made.id,
        found.subject_id,
        "licence",
        "pass",
        now=at("2026-06-03"),
        today=WORKED,
    )
    assert time.perf_counter() - started < 0.5


# The bot ------------------------------------------------------------------------------------


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"staff": STAFF}


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_deadline_in_other_digits_gets_the_deadline_refusal_not_a_failure(
    running: Any, db: sqlite_utils.Database
) -> None:
    from tests.bot_harness import BOT_TODAY, person

    made = plans.make_plan(
        db,
        CITY,
        DIRECTORY,
        planned_on=BOT_TODAY,
        district=None,
        item_codes=["licence"],
        rates=Rates(1.0),
        seed="bot",
        now=at("2026-06-01"),
    )
    found = plans.targets(db, made.id)[0]
    inspector = person(running, found.inspectors[0])
    await inspector.says(f"/inspect {made.id} {found.subject_id} licence rectify ²")  # isdigit
    assert "1 到 60" in inspector.text(), inspector.text()


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_document_named_with_folders_is_kept_under_its_hash(
    running: Any, db: sqlite_utils.Database, tmp_path: Path
) -> None:
    from bot.telegram.runner import LOCAL_TOKEN
    from tests.bot_harness import BOT_TODAY, person

    made = plans.make_plan(
        db,
        CITY,
        DIRECTORY,
        planned_on=BOT_TODAY,
        district=None,
        item_codes=["licence"],
        rates=Rates(1.0),
        seed="bot",
        now=at("2026-06-01"),
    )
    found = plans.targets(db, made.id)[0]
    inspector = person(running, found.inspectors[0])
    running.user_sends_document(
        LOCAL_TOKEN,
        inspector.user,
        b"%PDF-1.4 doc",
        "../../../etc/x.pdf",
        "application/pdf",
        f"/inspect {made.id} {found.subject_id}",
    )
    await inspector.replies()
    assert "证据已保存" in inspector.text()
    (path, name) = db.execute("SELECT relative_path, file_name FROM inspection_evidence").fetchone()
    assert re.fullmatch(r"evidence/[0-9a-f]{2}/[0-9a-f]{64}\.pdf", path) and name == "x.pdf"
    assert not (tmp_path / "etc").exists()
