"""The verdict: what Lantian says about a query, by the rules of docs/verdict-rules.md.

A pure domain object; the CLI, the bot and the site render it. Nothing here knows about them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.normalize import fold, squeeze
from bot.registry.subjects import Subject
from bot.state_organs import POSING_HOST, posing_in
from bot.words import BOTH, in_language, say
from bot.words import verdict as messages
from bot.words.verdict import Lang

LEVEL_ORDER = {"ok": 0, "unknown": 1, "caution": 2, "danger": 3}
SEVERITY_LEVEL = {"danger": "danger", "caution": "caution", "info": "ok"}


@dataclass(frozen=True)
class Reason:
    """One thing that bears on the verdict, with where it comes from."""

    code: str
    severity: str  # danger, caution or info
    source: str
    date: str
    params: dict[str, Any] = field(default_factory=dict)
    message: str | None = None  # when one code needs other words (a revoked person, not firm)

    def text(self, lang: Lang) -> str:
        template = messages.REASONS[self.message or self.code]
        return say(template, lang, **in_language(self.params, lang))


@dataclass(frozen=True)
class Candidate:
    subject: Subject
    score: float
    match_kind: str
    level: str
    lookalike: bool = False


@dataclass(frozen=True)
class Verdict:
    query: str
    level: str
    headline_key: str
    headline_params: dict[str, str]
    match: Subject | None
    match_kind: str | None
    candidates: tuple[Candidate, ...]
    reasons: tuple[Reason, ...]
    as_of: str
    source: str
    fictional: bool

    def headline(self, lang: Lang) -> str:
        return say(messages.HEADLINES[self.headline_key], lang).format(**self.headline_params)


@dataclass(frozen=True)
class Dataset:
    """Where the registry's facts come from, for every reason's source and every answer's as-of."""

    source: str
    as_of: str
    fictional: bool


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# Credit bands of the patent agency credit rules (domain brief): a score without a grade falls in
# its band. A+ is A with a bonus, which a score alone cannot show.
GRADE_FLOORS = (("A", 90.0), ("B", 80.0), ("C", 60.0))


def grade_of_score(score: float | None) -> str | None:
    if score is None:
        return None
    return next((grade for grade, floor in GRADE_FLOORS if score >= floor), "D")


def subject_reasons(subject: Subject, today: date, data: Dataset) -> list[Reason]:
    """Everything on record for a subject that is certainly the one asked about."""
    now = today.isoformat()
    since = subject.status_since or data.as_of
    reasons: list[Reason] = []
    add = reasons.append
    if subject.kind == "practitioner":
        if subject.status == "revoked":
            add(Reason("revoked", "danger", data.source, since, message="practitioner_revoked"))
        elif subject.status == "not_practising":
            add(Reason("not_practising", "caution", data.source, data.as_of))
        else:
            add(Reason("practising", "info", data.source, data.as_of))
    else:
        reasons.extend(_agency_status(subject, today, data))
    reasons.extend(_listing_reasons(subject, now, data))
    reasons.extend(_sanction_reasons(subject, today, data))
    grade = subject.credit_grade or grade_of_score(subject.credit_score)
    if grade in ("C", "D"):
        add(Reason("low_grade", "caution", data.source, data.as_of, {"grade": grade}))
    if subject.practice is not None:
        # The agency's own status, or its head office's (a branch of a revoked firm).
        practice = subject.practice
        held = [practice, *([practice.parent] if practice.parent else [])]
        if any(level_of(_agency_status(a, today, data)) == "danger" for a in held):
            status = messages.STATUSES.get(subject.practice.status, (subject.practice.status,) * 2)
            params = {"name": subject.practice.name, "status": status[0], "status_en": status[1]}
            since = subject.practice.status_since or data.as_of
            add(Reason("practice_agency", "caution", data.source, since, params))
    if subject.parent is not None:
        reasons.extend(_head_office_reasons(subject.parent, today, data))
    return reasons


def _head_office_reasons(parent: Subject, today: date, data: Dataset) -> list[Reason]:
    """A branch is in danger when its head office is, by its status or a list it is on now
    (rule 6): the first of the head office's dangers, in its words."""
    own = [*_agency_status(parent, today, data), *_listing_reasons(parent, today.isoformat(), data)]
    danger = next((reason for reason in own if reason.severity == "danger"), None)
    if danger is None:
        return []
    if danger.code in messages.LISTS:
        zh, en = (
            say(messages.ON_LIST, lang, list=messages.LISTS[danger.code][n])
            for n, lang in enumerate(BOTH)
        )
    else:
        zh, en = messages.STATUSES.get(danger.code, (danger.code, danger.code))
    params = {"name": parent.name, "status": zh, "status_en": en}
    return [Reason("head_office", "danger", danger.source, danger.date, params)]


def _agency_status(subject: Subject, today: date, data: Dataset) -> list[Reason]:
    now = today.isoformat()
    since = subject.status_since or data.as_of
    status = subject.status
    if status == "revoked":
        return [Reason("revoked", "danger", data.source, since)]
    if status == "cancelled":
        return [Reason("cancelled", "danger", data.source, since)]
    reasons: list[Reason] = []
    if status == "suspended":
        until = subject.suspended_until
        if until is None or until >= now:
            reasons.append(
                Reason("suspended", "danger", data.source, since, {"until": until or "—"})
            )
        else:
            reasons.append(Reason("suspension_ended", "info", data.source, until, {"until": until}))
    filed_until = subject.trademark_filed_until
    expired = status == "filing_expired" or (
        subject.agency_kind in ("trademark", "both")
        and filed_until is not None
        and filed_until < now
    )
    if expired:
        # A dual agency keeps its patent licence: its expired filing is a caution, not a bar.
        severity = "caution" if subject.agency_kind == "both" else "danger"
        until = filed_until or since
        reasons.append(Reason("filing_expired", severity, data.source, until, {"until": until}))
    elif subject.agency_kind in ("trademark", "both"):
        zh, en = (say(messages.FILED_UNTIL, lang, until=filed_until) for lang in BOTH)
        valid = {"until": zh, "until_en": en} if filed_until else {"until": "", "until_en": ""}
        reasons.append(Reason("filed", "info", data.source, data.as_of, valid))
    if subject.agency_kind in ("patent", "both") and status not in ("suspended",):
        code = subject.patent_agency_code or "—"
        reasons.append(Reason("licensed", "info", data.source, data.as_of, {"code": code}))
    return reasons


def _listing_reasons(subject: Subject, now: str, data: Dataset) -> list[Reason]:
    reasons = []
    for entry in subject.listings:
        source = " ".join(p for p in (entry.authority, entry.decision_no) if p) or data.source
        if entry.removed_on and entry.removed_on <= now:
            zh_list, en_list = messages.LISTS[entry.list]
            params = {"list": zh_list, "list_en": en_list, "removed": entry.removed_on}
            reasons.append(Reason("delisted", "info", source, entry.removed_on, params))
        elif entry.listed_on <= now:
            severity = "danger" if entry.list == "serious_dishonest" else "caution"
            params = {"reason": entry.reason or "—"}
            reasons.append(Reason(entry.list, severity, source, entry.listed_on, params))
    return reasons


def _sanction_reasons(subject: Subject, today: date, data: Dataset) -> list[Reason]:
    recent_since = years_before(today, 3).isoformat()
    reasons = []
    for sanction in subject.sanctions:
        if sanction.decided_on > today.isoformat():
            continue
        source = " ".join(p for p in (sanction.authority, sanction.decision_no) if p) or data.source
        label, label_en = messages.SANCTIONS[sanction.sanction]
        if sanction.amount_yuan:
            amount = f"{sanction.amount_yuan:,.0f}"
            label += say(messages.AMOUNT, "zh", amount=amount)
            label_en += say(messages.AMOUNT, "en", amount=amount)
        summary = sanction.summary
        params = {
            "sanction": label,
            "sanction_en": label_en,
            "violation": say(messages.SUMMARY, "zh", summary=summary) if summary else "",
            "violation_en": say(messages.SUMMARY, "en", summary=summary) if summary else "",
        }
        if sanction.decided_on >= recent_since:
            reasons.append(Reason("sanction", "caution", source, sanction.decided_on, params))
        else:
            reasons.append(Reason("old_sanction", "info", source, sanction.decided_on, params))
    return reasons


def level_of(reasons: list[Reason]) -> str:
    """The worst severity among the reasons; `ok` when none is a concern."""
    level = "ok"
    for reason in reasons:
        candidate = SEVERITY_LEVEL[reason.severity]
        if LEVEL_ORDER[candidate] > LEVEL_ORDER[level]:
            level = candidate
    return level


def impersonation(query: str, host: str | None) -> str | None:
    """The words by which a query poses as a state organ, if it does (bot/state_organs.py)."""
    if host is not None:
        if host.endswith(".gov.cn"):
            return None  # a real government site is not an agency posing as one
        if found := POSING_HOST.search(host):
            return found.group(0).strip(".-")
    found = posing_in(fold(query))
    return squeeze(found.group(0)) if found else None
