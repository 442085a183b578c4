"""Random-inspection plans in the database: the draw made and kept, the work on each target,
closing, and what is published. Each step is one transaction with its audit line.

A plan keeps its public inputs (each candidate's id and stratum, the rates, the seed) as they
were when it was drawn, so `verify` re-draws it later from exactly what was published, even
after the registry has changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils
import yaml

from bot.desk.actions import audit_line
from bot.desk.choices import ChoiceSet
from bot.desk.errors import DeskError
from bot.desk.staff import StaffDirectory, StaffMember
from bot.desk.vocabulary import CITY
from bot.inspections.draw import (
    Candidate,
    Drawn,
    Inspector,
    NotEnoughInspectors,
    Rates,
    Stratum,
    Verification,
    assign_inspectors,
    draw_targets,
    verify,
)
from bot.registry.database import transaction, utc_stamp
from bot.registry.reader import inspection_subjects
from bot.reports.deadlines import add_working_days
from bot.reports.evidence import StoredEvidence
from bot.words import BOTH, Lang, Words, say
from bot.words.desk_refusals import CITY_TASKS
from bot.words.inspections import CHOICE_NAMES, PLAN_REFUSALS, RESULTS, inspect_text
from bot.words.site import LIST_SEPARATOR

ITEMS_FILE = Path(__file__).resolve().parents[2] / "content" / "campaign" / "inspection-items.yml"
RAISED_GRADES = ("C", "D")
NEW_LICENCE_DAYS = 365  # "first licensed within a year": status active since, at most this long
MAX_RECTIFY_DAYS = 60
INSPECTORS_PER_TARGET = 2  # "双随机": at least two inspectors for each target
TAKEN_UP = ("accepted", "assigned", "investigating")  # ticket states that raise a stratum
SEED = re.compile(r"[A-Za-z0-9._-]{1,64}")  # a seed shows and re-types as it is, anywhere


class UnknownItem(DeskError):
    words = PLAN_REFUSALS["unknown_item"]


class UnknownResult(DeskError):
    words = PLAN_REFUSALS["unknown_result"]


class PlanNotFound(DeskError):
    words = PLAN_REFUSALS["no_plan"]


class TargetNotFound(DeskError):
    words = PLAN_REFUSALS["no_target"]


class NotTheInspector(DeskError):
    words = PLAN_REFUSALS["not_inspector"]


class TargetClosed(DeskError):
    words = PLAN_REFUSALS["target_closed"]


class ResultsMissing(DeskError):
    words = PLAN_REFUSALS["results_missing"]


class DeadlineNeeded(DeskError):
    words = PLAN_REFUSALS["deadline_needed"]


class RedrawAfterResults(DeskError):
    words = PLAN_REFUSALS["redraw_after_results"]


class RedrawReasonNeeded(DeskError):
    words = PLAN_REFUSALS["reason_needed"]


class NoCandidates(DeskError):
    words = PLAN_REFUSALS["no_candidates"]


class NoInspectors(DeskError):
    words = PLAN_REFUSALS["no_inspectors"]


class BadDays(DeskError):
    words = PLAN_REFUSALS["bad_days"]


class ItemListInvalid(DeskError):
    words = PLAN_REFUSALS["item_list_invalid"]


class SeedNotPlain(DeskError):
    words = PLAN_REFUSALS["seed_not_plain"]


class CandidatesChanged(DeskError):
    words = PLAN_REFUSALS["candidates_changed"]


def final_seed(given: str | None) -> str:
    """The seed a plan is drawn with: what staff give (a public value, e.g. a lottery draw's
    number) joined to a random part chosen here at the moment of the draw, so that nobody can
    try seeds beforehand until one spares an agency. Both parts are published."""
    nonce = secrets.token_hex(8)
    if given is None or given == "":
        return nonce
    if not SEED.fullmatch(given):
        raise SeedNotPlain(seed=given[:64])
    return f"{given}-{nonce}"


def candidates_digest(candidates: tuple[Candidate, ...] | list[Candidate]) -> str:
    """SHA-256 of the candidate list as the CSV beside the plan's page has it: written in
    the append-only audit log at the draw and shown on the page, so a list changed later in
    the database no longer verifies."""
    return hashlib.sha256(candidates_csv(candidates).encode("utf-8")).hexdigest()


def candidates_csv(candidates: tuple[Candidate, ...] | list[Candidate]) -> str:
    """The public inputs of a draw, by subject id (the order changes no draw)."""
    ordered = sorted(candidates, key=lambda c: (c.subject_id, str(c.stratum)))
    lines = ["subject_id,stratum"] + [f"{c.subject_id},{c.stratum}" for c in ordered]
    return "\r\n".join(lines) + "\r\n"


@dataclass(frozen=True)
class Item:
    code: str
    words: Words


def items(path: Path = ITEMS_FILE) -> list[Item]:
    """The inspection item list (抽查事项清单), from its data file; ItemListInvalid says
    what is wrong with a file edited by hand."""
    try:
        found = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        listed = [Item(str(e["code"]), (str(e["zh"]), str(e["en"]))) for e in found]
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, KeyError) as error:
        raise ItemListInvalid(path=str(path), error=str(error)[:200]) from None
    codes = [item.code for item in listed]
    if not listed or len(set(codes)) != len(codes) or not all(SEED.fullmatch(c) for c in codes):
        raise ItemListInvalid(path=str(path), error=", ".join(codes) or "—")
    return listed


# The one mapping from what staff type to a result's code: its code, or its words in either
# language (合格, compliant, pass), from the catalogue.
RESULT_CHOICES = ChoiceSet(CHOICE_NAMES["result"], RESULTS)


def item_names(path: Path = ITEMS_FILE) -> dict[str, Words]:
    """Each item's name in Chinese and English by code, in the list's order."""
    return {item.code: item.words for item in items(path)}


def item_label(code: str, lang: Lang, names: Mapping[str, Words] | None = None) -> str:
    """What a person reads for an item code: its name (the code itself for an item no longer
    on the list, in old data). Give `names` (item_names()) when labelling many."""
    return say((names if names is not None else item_names()).get(code, (code, code)), lang)


def result_label(code: str, lang: Lang) -> str:
    """What a person reads for a result code (the code itself if unknown, in old data)."""
    return say(RESULTS.get(code, (code, code)), lang)


def item_choices(among: Sequence[str] | None = None) -> ChoiceSet:
    """The items staff may type, by code or by name: `among` (a plan's items: one since taken
    off the list still by its code) or the whole list. Read once for many look-ups."""
    known = item_names()
    words = known if among is None else {code: known.get(code, (code, code)) for code in among}
    return ChoiceSet(CHOICE_NAMES["item"], words)


def item_code(typed: str, among: Sequence[str] | None = None) -> str:
    """The item `typed` names (its code, or its name in either language), among `among` (a
    plan's items) or the whole list; UnknownItem lists what is accepted."""
    allowed = item_choices(among)
    code = allowed.find(typed)
    if code is None:
        raise UnknownItem(typed=typed, choices=allowed.named() if allowed.words else "—")
    return code


def result_code(typed: str) -> str:
    """The result `typed` names (its code, or its words in either language); UnknownResult
    lists what is accepted."""
    code = RESULT_CHOICES.find(typed)
    if code is None:
        raise UnknownResult(typed=typed, choices=RESULT_CHOICES.named())
    return code


def checked_items(typed: list[str]) -> list[str]:
    known = [item.code for item in items()]
    return list(dict.fromkeys(item_code(code) for code in typed)) or known


@dataclass(frozen=True)
class Plan:
    id: str
    district: str | None
    items: tuple[str, ...]
    rates: Rates
    seed: str
    planned_on: date
    candidates: tuple[Candidate, ...]
    redraws: int


@dataclass(frozen=True)
class Target:
    plan_id: str
    subject_id: str
    district: str | None
    stratum: str
    ticket: str
    inspectors: tuple[int, ...]
    offices: tuple[str | None, ...]  # the inspectors' districts (None: the city): all published
    closed_on: date | None
    published_on: date | None  # set on closing: the working day after (within the 20 allowed)
    results: dict[str, dict[str, Any]]  # by item: result, due_on, rectified_on, note


def strata(db: sqlite_utils.Database, on: date, district: str | None) -> list[Candidate]:
    """The target directory with each agency's stratum: the key monitoring list always; a
    raised rate for open or substantiated tickets, the abnormal list, grade C or D, or a
    licence first held within a year; the rest uniformly."""
    # A ticket counts once staff took it up (accepted, assigned, investigated) or found it
    # substantiated: a complaint filed today must not move an agency up (a rival could).
    ticketed = {
        row[0]
        for row in db.execute(
            "SELECT DISTINCT subject_uscc FROM tickets WHERE subject_uscc IS NOT NULL AND "
            f"(state IN ({', '.join('?' for _ in TAKEN_UP)}) "
            "OR outcome IN ('substantiated', 'partly'))",
            list(TAKEN_UP),
        )
    }
    recent = (on - timedelta(days=NEW_LICENCE_DAYS)).isoformat()
    found = []
    for subject in inspection_subjects(db, on.isoformat(), district):
        if "key_monitoring" in subject.lists:
            stratum = Stratum.KEY
        elif (
            subject.uscc in ticketed
            or "abnormal_operation" in subject.lists
            or subject.credit_grade in RAISED_GRADES
            or (subject.status_since or "") > recent
        ):
            stratum = Stratum.RAISED
        else:
            stratum = Stratum.BASE
        found.append(Candidate(subject.uscc, subject.district, stratum))
    return found


def inspectors_of(staff: StaffDirectory) -> list[Inspector]:
    """The inspector directory: the configured staff, each with their district (city staff go
    anywhere)."""
    return [
        Inspector(str(m.user_id), None if m.role == CITY else m.role)
        for m in staff.members.values()
    ]


def make_plan(
    db: sqlite_utils.Database,
    staff: StaffMember,
    directory: StaffDirectory,
    *,
    planned_on: date,
    district: str | None,
    item_codes: list[str],
    rates: Rates,
    seed: str | None,
    now: datetime,
) -> Plan:
    """Draw a plan: its targets and two inspectors each; kept with its public inputs."""
    staff.require_planner(district)
    codes = checked_items(item_codes)
    candidates = strata(db, planned_on, district)
    if not candidates:
        raise NoCandidates(scope=district or CITY)
    seed = final_seed(seed)
    with transaction(db):  # the id is taken under the write lock: two plans of a day never clash
        plan_id = _new_id(db, planned_on)
        db.execute(
            "INSERT INTO inspection_plans (id, district, items, share, raised_factor, seed, "
            "planned_on, candidates, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [plan_id, district, json.dumps(codes), rates.share, rates.raised_factor, seed,
             planned_on.isoformat(), _candidates_json(candidates), staff.user_id,
             utc_stamp(now)],
        )  # fmt: skip
        _draw_into(db, get_plan(db, plan_id), directory)
        detail = {"plan": plan_id, "seed": seed, "candidates": candidates_digest(candidates)}
        audit_line(db, staff, "inspection_plan", detail, now=now)
    return get_plan(db, plan_id)


def redraw(
    db: sqlite_utils.Database,
    staff: StaffMember,
    directory: StaffDirectory,
    plan_id: str,
    *,
    seed: str,
    reason: str,
    now: datetime,
) -> Plan:
    """Draw a plan again with a new seed, before any result: a logged action with a reason."""
    if not reason.strip():
        raise RedrawReasonNeeded()
    seed = final_seed(seed)
    plan = get_plan(db, plan_id)
    staff.require_planner(plan.district)
    with transaction(db):
        if next(db.query("SELECT 1 FROM inspection_results WHERE plan_id = ?", [plan_id]), None):
            raise RedrawAfterResults(plan=plan_id)
        db.execute("DELETE FROM inspection_targets WHERE plan_id = ?", [plan_id])
        db.execute(
            "UPDATE inspection_plans SET seed = ?, redraws = redraws + 1 WHERE id = ?",
            [seed, plan_id],
        )
        _draw_into(db, get_plan(db, plan_id), directory)
        detail = {"plan": plan_id, "old_seed": plan.seed, "seed": seed,
                  "candidates": candidates_digest(plan.candidates)}  # fmt: skip
        audit_line(db, staff, "inspection_redraw", detail, now=now, note=reason.strip())
    return get_plan(db, plan_id)


def _draw_into(db: sqlite_utils.Database, plan: Plan, directory: StaffDirectory) -> None:
    inspectors = inspectors_of(directory)
    if len(inspectors) < INSPECTORS_PER_TARGET:
        raise NoInspectors(available=len(inspectors), needed=INSPECTORS_PER_TARGET)
    drawn = draw_targets(plan.id, plan.seed, plan.candidates, plan.rates)
    conflicts = {
        (str(row[0]), str(row[1]))
        for row in db.execute("SELECT inspector_id, subject_id FROM inspection_conflicts")
    }
    sent = assign_inspectors(
        plan.id, plan.seed, drawn, inspectors, conflicts, per_target=INSPECTORS_PER_TARGET
    )
    office = {inspector.id: inspector.district for inspector in inspectors}
    db.conn.executemany(
        "INSERT INTO inspection_targets (plan_id, subject_id, district, stratum, ticket, "
        "inspectors, offices) VALUES (?,?,?,?,?,?,?)",
        [_target_row(plan.id, target, sent[target.subject_id], office) for target in drawn],
    )


def _target_row(
    plan_id: str, target: Drawn, inspectors: tuple[str, ...], office: dict[str, str | None]
) -> list[Any]:
    return [plan_id, target.subject_id, target.district, str(target.stratum), target.ticket,
            json.dumps([int(i) for i in inspectors]),
            json.dumps([office[i] for i in inspectors], ensure_ascii=False)]  # fmt: skip


def _new_id(db: sqlite_utils.Database, day: date) -> str:
    taken = {
        row[0]
        for row in db.execute(
            "SELECT id FROM inspection_plans WHERE planned_on = ?", [day.isoformat()]
        )
    }
    serial = 1
    while f"{day.isoformat()}-{serial}" in taken:
        serial += 1
    return f"{day.isoformat()}-{serial}"


def _candidates_json(candidates: list[Candidate]) -> str:
    return json.dumps([[c.subject_id, c.district, str(c.stratum)] for c in candidates])


def get_plan(db: sqlite_utils.Database, plan_id: str) -> Plan:
    rows = list(db.query("SELECT * FROM inspection_plans WHERE id = ?", [plan_id]))
    if not rows:
        raise PlanNotFound(plan=plan_id)
    row = rows[0]
    return Plan(
        id=row["id"],
        district=row["district"],
        items=tuple(json.loads(row["items"])),
        rates=Rates(row["share"], row["raised_factor"]),
        seed=row["seed"],
        planned_on=date.fromisoformat(row["planned_on"]),
        candidates=tuple(
            Candidate(sid, place, Stratum(stratum))
            for sid, place, stratum in json.loads(row["candidates"])
        ),
        redraws=row["redraws"],
    )


def all_plans(db: sqlite_utils.Database) -> list[Plan]:
    ids = [row[0] for row in db.execute("SELECT id FROM inspection_plans ORDER BY planned_on, id")]
    return [get_plan(db, plan_id) for plan_id in ids]


def targets(db: sqlite_utils.Database, plan_id: str) -> list[Target]:
    """A plan's targets in draw order, with their results."""
    return _targets(db, "t.plan_id = ?", [plan_id])


def _targets(db: sqlite_utils.Database, where: str, params: list[Any]) -> list[Target]:
    """Targets matching `where` (over `inspection_targets t`), in plan and draw order, each
    with its results: two queries, whatever the size of the plan."""
    rows = list(
        db.query(
            f"SELECT t.* FROM inspection_targets t WHERE {where} ORDER BY plan_id, ticket", params
        )
    )
    results: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for row in db.query(
        "SELECT r.* FROM inspection_results r JOIN inspection_targets t ON "
        f"t.plan_id = r.plan_id AND t.subject_id = r.subject_id WHERE {where}",
        params,
    ):
        results.setdefault((row["plan_id"], row["subject_id"]), {})[row["item"]] = row
    return [_target(row, results.get((row["plan_id"], row["subject_id"]), {})) for row in rows]


def _target(row: dict[str, Any], results: dict[str, dict[str, Any]]) -> Target:
    return Target(
        plan_id=row["plan_id"],
        subject_id=row["subject_id"],
        district=row["district"],
        stratum=row["stratum"],
        ticket=row["ticket"],
        inspectors=tuple(json.loads(row["inspectors"])),
        offices=tuple(json.loads(row["offices"])),
        closed_on=date.fromisoformat(row["closed_on"]) if row["closed_on"] else None,
        published_on=date.fromisoformat(row["published_on"]) if row["published_on"] else None,
        results=results,
    )


def target(db: sqlite_utils.Database, plan_id: str, subject_id: str) -> Target:
    found = _targets(
        db, "t.plan_id = ? AND t.subject_id = ?", [plan_id, subject_id.strip().upper()]
    )
    if not found:
        plan_items(db, plan_id)  # PlanNotFound when there is no such plan
        raise TargetNotFound(plan=plan_id, subject=subject_id)
    return found[0]


def plan_items(db: sqlite_utils.Database, plan_id: str) -> tuple[str, ...]:
    """A plan's item codes, without loading its candidates."""
    row = db.execute("SELECT items FROM inspection_plans WHERE id = ?", [plan_id]).fetchone()
    if row is None:
        raise PlanNotFound(plan=plan_id)
    return tuple(json.loads(row[0]))


def no_tasks_text(staff: StaffMember, lang: Lang) -> str:
    """What a staff member with no target reads: the exact command that draws a plan (for a
    district office, of its own district)."""
    district = (
        "" if staff.role == CITY else inspect_text("district_option", lang, district=staff.role)
    )
    return inspect_text("no_tasks", lang, district=district, user_id=staff.user_id)


def entry_codes(db: sqlite_utils.Database, plan_id: str, item: str, result: str) -> tuple[str, str]:
    """(item, result) as codes, each typed as its code or its name: the item one of the
    plan's, the result one of RESULTS; the refusal names the part that is wrong."""
    return item_code(item, plan_items(db, plan_id)), result_code(result)


def tasks_of(db: sqlite_utils.Database, staff: StaffMember) -> list[Target]:
    """The targets this staff member inspects, open ones first."""
    where = "EXISTS (SELECT 1 FROM json_each(t.inspectors) j WHERE j.value = ?)"
    mine = _targets(db, where, [staff.user_id])
    return sorted(mine, key=lambda t: (t.closed_on is not None, t.plan_id, t.ticket))


def record(
    db: sqlite_utils.Database,
    staff: StaffMember,
    plan_id: str,
    subject_id: str,
    item: str,
    result: str,
    *,
    rectify_days: int | None = None,
    note: str | None = None,
    now: datetime,
    today: date,
) -> Target:
    """One item's result of one target, by one of its inspectors (the item and the result each
    by code or by name)."""
    found = _open_target_of(db, staff, plan_id, subject_id)
    item, result = entry_codes(db, plan_id, item, result)
    due = None
    if result == "rectify":
        if rectify_days is None or not 1 <= rectify_days <= MAX_RECTIFY_DAYS:
            raise DeadlineNeeded()
        due = add_working_days(today, rectify_days).isoformat()
    with transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO inspection_results (plan_id, subject_id, item, result, "
            "due_on, note, recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?)",
            [plan_id, found.subject_id, item, result, due, note, staff.user_id, utc_stamp(now)],
        )
        detail = {"plan": plan_id, "subject": found.subject_id, "item": item, "result": result}
        audit_line(db, staff, "inspection_result", {**detail, "due_on": due}, now=now)
    return target(db, plan_id, found.subject_id)


def close_target(
    db: sqlite_utils.Database,
    staff: StaffMember,
    plan_id: str,
    subject_id: str,
    *,
    now: datetime,
    today: date,
) -> Target:
    """Close a target once every item has its result; published the next working day."""
    found = _open_target_of(db, staff, plan_id, subject_id)
    missing = [i for i in plan_items(db, plan_id) if i not in found.results]
    if missing:
        names = item_names()
        zh, en = (
            say(LIST_SEPARATOR, lang).join(item_label(i, lang, names) for i in missing)
            for lang in BOTH
        )
        raise ResultsMissing(subject=found.subject_id, items=(zh, en))
    with transaction(db):
        published = add_working_days(today, 1)  # the next working day: well inside 20
        db.execute(
            "UPDATE inspection_targets SET closed_on = ?, published_on = ? WHERE plan_id = ? "
            "AND subject_id = ?",
            [today.isoformat(), published.isoformat(), plan_id, found.subject_id],
        )
        audit_line(db, staff, "inspection_close", {"plan": plan_id, "subject": found.subject_id},
                   now=now)  # fmt: skip
    return target(db, plan_id, found.subject_id)


def _open_target_of(
    db: sqlite_utils.Database, staff: StaffMember, plan_id: str, subject_id: str
) -> Target:
    found = target(db, plan_id, subject_id)
    if staff.user_id not in found.inspectors or _conflicted(db, staff.user_id, found.subject_id):
        raise NotTheInspector(subject=found.subject_id)
    if found.closed_on is not None:
        raise TargetClosed(subject=found.subject_id)
    return found


def require_inspector(
    db: sqlite_utils.Database, staff: StaffMember, plan_id: str, subject_id: str
) -> Target:
    """The open target, if this staff member inspects it (checked before a file is kept)."""
    return _open_target_of(db, staff, plan_id, subject_id)


def _conflicted(db: sqlite_utils.Database, inspector_id: int, subject_id: str) -> bool:
    row = db.execute(
        "SELECT 1 FROM inspection_conflicts WHERE inspector_id = ? AND subject_id = ?",
        [inspector_id, subject_id],
    ).fetchone()
    return row is not None


def check_plan(db: sqlite_utils.Database, plan_id: str, published: list[str]) -> Verification:
    """`verify` of a plan against a published list of target ids; CandidatesChanged if its
    candidates or seed are not those the audit log recorded at the draw."""
    plan = get_plan(db, plan_id)
    drawn = drawn_with(db, plan_id)
    if drawn != (plan.seed, candidates_digest(plan.candidates)):
        raise CandidatesChanged(plan=plan_id)
    return verify(plan.id, plan.seed, plan.candidates, plan.rates, published)


def drawn_with(db: sqlite_utils.Database, plan_id: str) -> tuple[str, str] | None:
    """(seed, candidates' SHA-256) of the plan's last draw, as the audit log recorded them."""
    for (after,) in db.execute(
        "SELECT after FROM audit_log WHERE action IN ('inspection_plan', 'inspection_redraw') "
        "AND json_extract(after, '$.plan') = ? ORDER BY id DESC LIMIT 1",
        [plan_id],
    ):
        recorded = json.loads(after)
        return str(recorded.get("seed")), str(recorded.get("candidates"))
    return None


def published_targets(db: sqlite_utils.Database, plan_id: str, today: date) -> list[Target]:
    """The targets whose results the site shows on `today`: closed, publication day reached."""
    return [t for t in targets(db, plan_id) if (t.published_on or date.max) <= today]


def declare_conflict(
    db: sqlite_utils.Database,
    staff: StaffMember,
    directory: StaffDirectory,
    inspector_id: int,
    subject_id: str,
    *,
    now: datetime,
) -> int:
    """An inspector's declared conflict of interest with an agency (their own, or declared by
    city staff): never drawn against it, and taken off its open targets, each given another
    inspector. Returns how many targets changed hands."""
    if staff.user_id != inspector_id:
        staff.require_city(CITY_TASKS["inspection_conflict"])
    subject_id = subject_id.strip().upper()
    with transaction(db):
        db.execute(
            "INSERT OR IGNORE INTO inspection_conflicts (inspector_id, subject_id, declared_at) "
            "VALUES (?, ?, ?)",
            [inspector_id, subject_id, utc_stamp(now)],
        )
        detail = {"inspector": inspector_id, "subject": subject_id}
        audit_line(db, staff, "inspection_conflict", detail, now=now)
        moved = _reassign(db, staff, directory, inspector_id, subject_id, now=now)
    return moved


def _reassign(
    db: sqlite_utils.Database,
    staff: StaffMember,
    directory: StaffDirectory,
    inspector_id: int,
    subject_id: str,
    *,
    now: datetime,
) -> int:
    """Give the open targets of `subject_id` that `inspector_id` was sent to another inspector:
    of the target's district (or the city), free of conflicts with it, least loaded."""
    where = (
        "t.subject_id = ? AND t.closed_on IS NULL AND EXISTS (SELECT 1 FROM "
        "json_each(t.inspectors) j WHERE j.value = ?)"
    )
    office = {p.id: p.district for p in inspectors_of(directory)}
    moved = 0
    for found in _targets(db, where, [subject_id, inspector_id]):
        spare = _spare_inspector(db, directory, found)
        if spare is None:
            raise NotEnoughInspectors(subject=subject_id, available=1, needed=2)
        sent = [spare.id if i == inspector_id else str(i) for i in found.inspectors]
        db.execute(
            "UPDATE inspection_targets SET inspectors = ?, offices = ? WHERE plan_id = ? AND "
            "subject_id = ?",
            [json.dumps([int(i) for i in sent]),
             json.dumps([office.get(i) for i in sent], ensure_ascii=False),
             found.plan_id, subject_id],
        )  # fmt: skip
        detail = {"plan": found.plan_id, "subject": subject_id, "from": inspector_id,
                  "to": int(spare.id)}  # fmt: skip
        audit_line(db, staff, "inspection_reassign", detail, now=now)
        moved += 1
    return moved


def _spare_inspector(
    db: sqlite_utils.Database, directory: StaffDirectory, found: Target
) -> Inspector | None:
    taken = {str(i) for i in found.inspectors}
    conflicted = {
        str(row[0])
        for row in db.execute(
            "SELECT inspector_id FROM inspection_conflicts WHERE subject_id = ?",
            [found.subject_id],
        )
    }
    free = [p for p in inspectors_of(directory) if p.id not in taken | conflicted]
    local = [p for p in free if p.district in (found.district, None)] or free
    if not local:
        return None
    load = dict(
        db.execute(
            "SELECT CAST(j.value AS TEXT), count(*) FROM inspection_targets t, "
            "json_each(t.inspectors) j WHERE t.closed_on IS NULL GROUP BY j.value"
        ).fetchall()
    )  # open targets per inspector, in one pass
    return min(local, key=lambda p: (load.get(p.id, 0), p.id))


def rectified(
    db: sqlite_utils.Database,
    staff: StaffMember,
    plan_id: str,
    subject_id: str,
    item: str,
    *,
    now: datetime,
    today: date,
) -> Target:
    """An ordered rectification done (by one of the target's inspectors)."""
    found = target(db, plan_id, subject_id)
    if staff.user_id not in found.inspectors:
        raise NotTheInspector(subject=found.subject_id)
    ordered = [code for code, r in found.results.items() if r["result"] == "rectify"]
    item = item_code(item, ordered)  # only an item ordered to be rectified
    with transaction(db):
        db.execute(
            "UPDATE inspection_results SET rectified_on = ? WHERE plan_id = ? AND subject_id = ? "
            "AND item = ?",
            [today.isoformat(), plan_id, found.subject_id, item],
        )
        detail = {"plan": plan_id, "subject": found.subject_id, "item": item}
        audit_line(db, staff, "inspection_rectified", detail, now=now)
    return target(db, plan_id, found.subject_id)


def due_rectifications(db: sqlite_utils.Database, today: date, within: int = 3) -> list[Any]:
    """Orders to rectify not yet done, due within `within` working days or already overdue
    (these escalate: the city's digest names them), soonest first."""
    horizon = add_working_days(today, within).isoformat()
    return list(
        db.query(
            "SELECT plan_id, subject_id, item, due_on FROM inspection_results WHERE result = "
            "'rectify' AND rectified_on IS NULL AND due_on <= ? ORDER BY due_on, subject_id",
            [horizon],
        )
    )


@dataclass(frozen=True)
class InspectionFigures:
    """What the stage and annual reports count of the random inspections in a period."""

    plans: int
    targets: int
    closed: int
    by_item: dict[str, dict[str, int]]  # item → result → count
    by_district: dict[str, int]  # district → targets
    rectify_done: int
    rectify_overdue: int
    abnormal_candidates: list[str]  # not found / unreachable: candidates for the abnormal list


def figures(
    db: sqlite_utils.Database, *, since: date, until: date, district: str | None = None
) -> InspectionFigures:
    """The counts of plans dated in [since, until] (one district's targets, if given)."""
    chosen = [p for p in all_plans(db) if since <= p.planned_on <= until]
    drawn = [t for p in chosen for t in targets(db, p.id) if district in (None, t.district)]
    by_item: dict[str, dict[str, int]] = {}
    by_district: dict[str, int] = {}
    done = overdue = 0
    unreachable = []
    for found in drawn:
        by_district[found.district or "—"] = by_district.get(found.district or "—", 0) + 1
        for item, result in found.results.items():
            counts = by_item.setdefault(item, {})
            counts[result["result"]] = counts.get(result["result"], 0) + 1
            if result["result"] == "rectify":
                done += bool(result["rectified_on"])
                overdue += not result["rectified_on"] and result["due_on"] < until.isoformat()
            if result["result"] == "not_found":
                unreachable.append(found.subject_id)
    return InspectionFigures(
        plans=len(chosen),
        targets=len(drawn),
        closed=sum(1 for t in drawn if t.closed_on),
        by_item=by_item,
        by_district=by_district,
        rectify_done=done,
        rectify_overdue=overdue,
        abnormal_candidates=sorted(set(unreachable)),
    )


def attach_evidence(
    db: sqlite_utils.Database,
    staff: StaffMember,
    plan_id: str,
    subject_id: str,
    stored: StoredEvidence,
    *,
    now: datetime,
) -> int:
    """An inspector's evidence file (already stored by hash) linked to an open target; how
    many files the target holds now."""
    found = _open_target_of(db, staff, plan_id, subject_id)
    with transaction(db):
        db.execute(
            "INSERT INTO inspection_evidence (plan_id, subject_id, sha256, relative_path, "
            "file_name, mime_type, size, recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?,?)",
            [plan_id, found.subject_id, stored.sha256, stored.relative_path, stored.file_name,
             stored.mime_type, stored.size, staff.user_id, utc_stamp(now)],
        )  # fmt: skip
        detail = {"plan": plan_id, "subject": found.subject_id, "sha256": stored.sha256}
        audit_line(db, staff, "inspection_evidence", detail, now=now)
        (count,) = db.execute(
            "SELECT count(*) FROM inspection_evidence WHERE plan_id = ? AND subject_id = ?",
            [plan_id, found.subject_id],
        ).fetchone()
    return int(count)
