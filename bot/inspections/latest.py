"""The latest published random inspection of an agency, for the check's information line.

Kept apart from bot/inspections/plans.py: the check reads one row here and must start fast
(issue 11), without the desk, YAML or the calendar."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from bot.registry.ready import Readable


class Inspected(NamedTuple):
    plan_id: str
    closed_on: str
    results: tuple[str, ...]  # each item's result code, as recorded


def latest_inspection(db: Readable, subject_id: str, today: date) -> Inspected | None:
    """The newest inspection of `subject_id` whose result the site shows on `today`."""
    row = db.execute(
        "SELECT t.plan_id, t.closed_on, (SELECT group_concat(r.result, ',') FROM "
        "inspection_results r WHERE r.plan_id = t.plan_id AND r.subject_id = t.subject_id) "
        "FROM inspection_targets t WHERE t.subject_id = ? AND t.published_on IS NOT NULL "
        "AND t.published_on <= ? ORDER BY t.closed_on DESC, t.plan_id DESC LIMIT 1",
        [subject_id, today.isoformat()],
    ).fetchone()
    if row is None:
        return None
    plan_id, closed_on, results = row
    return Inspected(plan_id, closed_on, tuple(sorted(set((results or "").split(",")) - {""})))
