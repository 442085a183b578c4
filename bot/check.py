"""The legitimacy check: a query in, a Verdict out. The one entry point the bot and CLI call."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from bot.errors import RegistryEmpty
from bot.lookup import Hit, Lookup, find
from bot.normalize import clean_text
from bot.registry.importer import registry_info
from bot.registry.reader import load_subject
from bot.registry.subjects import Subject
from bot.verdict import (
    Candidate,
    Dataset,
    Reason,
    Verdict,
    impersonation,
    level_of,
    subject_reasons,
)

USCC_STANDARD = "GB 32100-2015"  # the source of a wrong check character


def dataset_of(db: sqlite_utils.Database) -> Dataset:
    info = registry_info(db)
    if "as_of" not in info:
        raise RegistryEmpty(
            "登记库为空：请先运行 `lantian registry demo` 或 `lantian registry import 数据包`。\n"
            "The registry is empty: run `lantian registry demo` or "
            "`lantian registry import BUNDLE`."
        )
    return Dataset(info["source"], info["as_of"], info.get("fictional") == "true")


def check(db: sqlite_utils.Database, query: str, *, today: date) -> Verdict:
    """Answer "is this agency (or agent, phone, website) legitimate?" for one query."""
    data = dataset_of(db)
    query = clean_text(query)
    found = find(db, query.strip())
    loaded = (_candidate(db, hit, today, data) for hit in found.candidates)
    candidates = tuple(c for c in loaded if c is not None)
    posing_as = impersonation(found.query, found.host) if not found.too_long else None
    if len(found.exact) == 1:
        subject = load_subject(db, found.exact[0].kind, found.exact[0].id)
        if subject is not None:
            return _certain(query, subject, found.exact[0], posing_as, today, data)
    reasons = _uncertain_reasons(found, candidates, posing_as, data)
    level = "danger" if posing_as else "unknown"
    key, params = _uncertain_headline(found, candidates, posing_as)
    return Verdict(
        query=query,
        level=level,
        headline_key=key,
        headline_params=params,
        match=None,
        match_kind=None,
        candidates=candidates,
        reasons=tuple(reasons),
        as_of=data.as_of,
        source=data.source,
        fictional=data.fictional,
    )


def _certain(
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
        reasons=tuple(sorted(reasons, key=_by_severity)),
        as_of=data.as_of,
        source=data.source,
        fictional=data.fictional,
    )


def _by_severity(reason: Reason) -> int:
    return {"danger": 0, "caution": 1, "info": 2}[reason.severity]


def _candidate(db: sqlite_utils.Database, hit: Hit, today: date, data: Dataset) -> Candidate | None:
    subject = load_subject(db, hit.kind, hit.id)
    if subject is None:
        return None
    level = level_of(subject_reasons(subject, today, data))
    return Candidate(subject, hit.score, hit.match_kind, level, hit.lookalike)


def _uncertain_reasons(
    found: Lookup, candidates: tuple[Candidate, ...], posing_as: str | None, data: Dataset
) -> list[Reason]:
    reasons: list[Reason] = []
    add = reasons.append
    if posing_as:
        add(Reason("impersonation", "danger", data.source, data.as_of, {"term": posing_as}))
    if found.too_long:
        add(Reason("query_too_long", "info", data.source, data.as_of, {"length": len(found.query)}))
    elif found.invalid_uscc:
        add(Reason("invalid_uscc", "caution", USCC_STANDARD, data.as_of))
    elif len(found.exact) > 1:
        add(Reason("ambiguous", "info", data.source, data.as_of, {"count": len(found.exact)}))
    elif candidates and _is_lookalike(candidates[0]):
        add(
            Reason(
                "lookalike",
                "caution",
                data.source,
                data.as_of,
                {"name": candidates[0].subject.name},
            )
        )
    elif candidates and candidates[0].match_kind == "partial":
        add(Reason("partial_name", "info", data.source, data.as_of, {"query": found.query}))
    if not found.exact and not found.too_long:
        add(Reason("not_registered", "info", data.source, data.as_of))
    return reasons


def _is_lookalike(best: Candidate) -> bool:
    return best.lookalike


def _uncertain_headline(
    found: Lookup, candidates: tuple[Candidate, ...], posing_as: str | None
) -> tuple[str, dict[str, str]]:
    if posing_as:
        return "impersonation", {}
    if found.too_long:
        return "too_long", {}
    if found.invalid_uscc:
        return "invalid_uscc", {}
    if len(found.exact) > 1:
        return "ambiguous", {}
    if candidates and candidates[0].match_kind == "partial":
        return "partial", {}
    if candidates and _is_lookalike(candidates[0]):
        return "lookalike", {}
    return "not_registered", {"query": found.query}
