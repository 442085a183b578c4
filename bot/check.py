"""The legitimacy check: a query in, a Verdict out. The one entry point the bot and CLI call."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.answers import USCC_STANDARD, candidate, certain
from bot.check_reading import check_reading
from bot.errors import RegistryEmpty
from bot.inspections.latest import latest_inspection
from bot.lookup import CANDIDATES, MAX_QUERY, Hit, Lookup, find, former_holders
from bot.normalize import clean_text, name_key, web_host
from bot.query_reading import read
from bot.registry import reader
from bot.registry.reader import load_subject, registry_info
from bot.registry.ready import Readable
from bot.verdict import (
    Candidate,
    Dataset,
    Reason,
    Verdict,
    impersonation,
)
from bot.words import say
from bot.words.inspections import RESULTS as INSPECTION_RESULTS
from bot.words.inspections import SOURCE as INSPECTION_SOURCE
from bot.words.verdict import VIEW_WORDS


def dataset_of(db: Readable) -> Dataset:
    info = registry_info(db)
    if "as_of" not in info:
        raise RegistryEmpty()
    return Dataset(info["source"], info["as_of"], info.get("fictional") == "true")


PAGE_SIZE = CANDIDATES  # records offered at once; a name many share is read page by page


def check(db: Readable, query: str, *, today: date, page: int = 1) -> Verdict:
    """Answer "is this agency (or agent, phone, website) legitimate?" for one query.

    A name more records share than one page holds (a common person's name) offers PAGE_SIZE of
    them; `page` picks which (the `ambiguous` reason counts them all). Only such a name has
    more than one page: any other answer is the same whatever the page."""
    return _with_inspection(db, _check(db, query, today=today, page=page), today)


def _check(db: Readable, query: str, *, today: date, page: int) -> Verdict:
    data = dataset_of(db)
    query = clean_text(query)
    text = query.strip()
    if len(text) > MAX_QUERY:
        return _answer(db, query, find(db, text), None, today, data)
    posing_as = impersonation(text, web_host(text))
    reading = read(text)
    whole: Lookup | None = None
    if not reading.pieces and not reading.invalid_usccs:
        found = whole = find(db, text)  # the whole text as one name first: it may hold any mark
        plain = name_key(reading.name) == name_key(text)
        if found.exact or (plain and (found.candidates or not reading.spans)):
            return _answer(db, query, found, posing_as, today, data, page)
    verdict = check_reading(db, query, reading, posing_as, today, data)
    if verdict is not None:
        return verdict
    subject = text
    if reading.invalid_usccs:
        subject = reading.invalid_usccs[0]
    elif not reading.pieces and reading.name:
        subject = reading.name
    found = whole if whole is not None and subject == text else find(db, subject)
    found.query = text  # the answer quotes what was asked
    return _answer(db, query, found, posing_as, today, data, page)


def _answer(
    db: Readable,
    query: str,
    found: Lookup,
    posing_as: str | None,
    today: date,
    data: Dataset,
    page: int = 1,
) -> Verdict:
    """The verdict on what one lookup found (`query` is what was asked)."""
    loaded = (candidate(db, hit, today, data) for hit in _page_of(found, page))
    candidates = tuple(c for c in loaded if c is not None)
    if len(found.exact) == 1:
        hit = found.exact[0]
        subject = load_subject(db, hit.kind, hit.id)
        if subject is not None:
            verdict = certain(query, subject, hit, posing_as, today, data)
            return _with_former_holders(db, verdict, found, data)
    reasons = _uncertain_reasons(found, candidates, posing_as, data)
    level = "danger" if posing_as or any(r.severity == "danger" for r in reasons) else "unknown"
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


def _page_of(found: Lookup, page: int) -> list[Hit]:
    """The hits offered on `page`: of a name several records share, that page of them all
    (none past the last); of anything else, the candidates the lookup found."""
    if len(found.exact) <= 1 or not found.candidates:
        return found.candidates
    start = (page - 1) * PAGE_SIZE
    return found.exact[start : start + PAGE_SIZE] if start >= 0 else []


def _with_inspection(db: Readable, verdict: Verdict, today: date) -> Verdict:
    """An agency's latest published random inspection, as information with its date."""
    if verdict.match is None or verdict.match.kind != "agency":
        return verdict
    found = latest_inspection(db, verdict.match.id, today)
    if found is None:
        return verdict
    known = [INSPECTION_RESULTS[code] for code in found.results if code in INSPECTION_RESULTS]
    params = {"plan": found.plan_id}
    params["results"] = say(VIEW_WORDS["list_sep"], "zh").join(say(w, "zh") for w in known)
    params["results_en"] = say(VIEW_WORDS["list_sep"], "en").join(say(w, "en") for w in known)
    source = say(INSPECTION_SOURCE, "zh")
    note = Reason("inspected", "info", source, found.closed_on, params)
    return replace(verdict, reasons=(*verdict.reasons, note))


def _with_former_holders(db: Readable, verdict: Verdict, found: Lookup, data: Dataset) -> Verdict:
    """A name held now that another record held before: that history, as information."""
    if verdict.match is None or verdict.match_kind != "exact_name":
        return verdict
    holders = former_holders(db, found.name_key, verdict.match.id)
    if not holders:
        return verdict
    names = [reader.registered_name(db, "agency", uscc) or uscc for uscc in holders]
    params = {"others": say(VIEW_WORDS["list_sep"], "zh").join(names)}
    params["others_en"] = say(VIEW_WORDS["list_sep"], "en").join(names)
    note = Reason("former_holder", "info", data.source, data.as_of, params)
    return replace(verdict, reasons=(*verdict.reasons, note))


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
    claimed = found.head_office.id if found.head_office else None
    head = next((c for c in candidates if c.subject.id == claimed), None)
    if head is not None:
        # Rule 6 for a branch the registry does not hold: its head office's danger is its own.
        severity = "danger" if head.level == "danger" else "caution"
        add(
            Reason(
                "unregistered_branch",
                severity,
                data.source,
                data.as_of,
                {"name": head.subject.name},
            )
        )
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
