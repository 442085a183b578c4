"""Verdicts built from what was found: a certain record, or a record offered as a candidate."""

from __future__ import annotations

from datetime import date

from bot.lookup import Hit
from bot.registry.reader import load_subject
from bot.registry.ready import Readable
from bot.registry.subjects import Subject
from bot.verdict import Candidate, Dataset, Reason, Verdict, level_of, subject_reasons

USCC_STANDARD = "GB 32100-2015"  # the source of a wrong check character


def certain(
    query: str, subject: Subject, hit: Hit, posing_as: str | None, today: date, data: Dataset
) -> Verdict:
    reasons = subject_reasons(subject, today, data)
    if posing_as:
        reasons.insert(
            0, Reason("impersonation", "danger", data.source, data.as_of, {"term": posing_as})
        )
    level = level_of(reasons)
    return Verdict(
        query=query,
        level=level,
        headline_key="impersonation" if posing_as else level,
        headline_params={"name": subject.name},
        match=subject,
        match_kind=hit.match_kind,
        candidates=(),
        reasons=tuple(sorted(reasons, key=by_severity)),
        as_of=data.as_of,
        source=data.source,
        fictional=data.fictional,
    )


def by_severity(reason: Reason) -> int:
    return {"danger": 0, "caution": 1, "info": 2}[reason.severity]


def candidate(db: Readable, hit: Hit, today: date, data: Dataset) -> Candidate | None:
    subject = load_subject(db, hit.kind, hit.id)
    if subject is None:
        return None
    level = level_of(subject_reasons(subject, today, data))
    return Candidate(subject, hit.score, hit.match_kind, level, hit.lookalike)
