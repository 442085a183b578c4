"""The published random inspections (一公开), as pages of the build's docs: one per plan with
its public inputs and each closed target's results, and a list on the method's page.

Only targets whose publication day has come are shown (bot/inspections/plans.py); of the
inspectors, only their office. The candidates with their strata go beside each page as a CSV,
so anyone can re-draw the plan.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlite_utils

from bot.inspections import plans
from bot.inspections.plans import Plan, Target
from bot.registry.reader import agency_name
from bot.site import markdown as md
from bot.site.language import SITE_LANG
from bot.words import Words, say
from bot.words.inspections import INSPECT_PAGE
from bot.words.site import LIST_SEPARATOR

FOLDER = "campaign/inspections"
PLAIN = re.compile(r"[A-Za-z0-9._-]+")
METHOD_PAGE = "campaign/random-inspections.md"


def _say(key: str, **fields: object) -> str:
    return say(INSPECT_PAGE[key], SITE_LANG, **fields)


def write(docs: Path, db: sqlite_utils.Database, *, today: date) -> list[str]:
    """Write a page (and its candidates' CSV) for every plan with a published result, and
    their list at the end of the method's page; returns the pages written."""
    written, lines = [], []
    for plan in plans.all_plans(db):
        shown = plans.published_targets(db, plan.id, today)
        if not shown:
            continue
        folder = docs / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        name = md.slug(plan.id)  # the plan's id is ours (a date and a serial); slug all the same
        (folder / f"{name}.md").write_text(
            plan_page(db, plan, shown, name, today), encoding="utf-8"
        )
        (folder / f"{name}-candidates.csv").write_bytes(
            plans.candidates_csv(plan.candidates).encode("utf-8")
        )
        written.append(f"{FOLDER}/{name}.md")
        link = md.Link(_say("title", plan=plan.id), f"inspections/{name}.md").markdown()
        scope = plan.district or _say("city_office")
        lines.append(
            "- "
            + _say(
                "list_line",
                date=plan.planned_on.isoformat(),
                link=link,
                scope=md.text(scope),
                count=len(shown),
            )
        )
    method = docs / METHOD_PAGE
    if method.exists():
        listing = "\n".join(lines) if lines else _say("list_empty")
        text = method.read_text(encoding="utf-8")
        method.write_text(f"{text}\n\n## {_say('list_heading')}\n\n{listing}\n", encoding="utf-8")
    return written


def plan_page(
    db: sqlite_utils.Database,
    plan: Plan,
    shown: list[Target],
    name: str,
    today: date,
) -> str:
    separator = say(LIST_SEPARATOR, SITE_LANG)
    names = plans.item_names()
    item_names = separator.join(plans.item_label(code, SITE_LANG, names) for code in plan.items)
    facts = _say(
        "facts", scope=md.text(plan.district or _say("city_office")), date=plan.planned_on,
        items=md.text(item_names), share=_percent(plan.rates.share),
        factor=repr(plan.rates.raised_factor), seed=_code(plan.seed),
        digest=_code(plans.candidates_digest(plan.candidates)),
        candidates=len(plan.candidates), targets=len(plans.targets(db, plan.id)),
    )  # fmt: skip
    method = md.Link(_say("method_link"), "../random-inspections.md").markdown()
    download = md.Link(_say("candidates_link"), f"{name}-candidates.csv").markdown()
    parts = [f"# {md.text(_say('title', plan=plan.id))}", facts]
    if plan.redraws:
        parts.append(_say("redrawn", count=plan.redraws))
    parts += [_say("verify", method=method, candidates=download), f"## {_say('results_heading')}"]
    headers = [_say(k) for k in ("col_agency", "col_ticket", "col_district", "col_results",
                                 "col_rectify", "col_closed", "col_office")]  # fmt: skip
    rows = [_row(db, target, today, names) for target in shown]
    parts.append(md.table(headers, rows) if rows else _say("no_results"))
    return "\n\n".join(parts) + "\n"


def _row(
    db: sqlite_utils.Database, target: Target, today: date, names: dict[str, Words]
) -> list[str]:
    """A published target's row: each item and its result by name (never a code)."""
    separator = say(LIST_SEPARATOR, SITE_LANG)
    order = list(names)  # the items in the list's order; one no longer listed last
    results = separator.join(
        _say("result_cell", item=plans.item_label(item, SITE_LANG, names),
             result=plans.result_label(r["result"], SITE_LANG))
        for item, r in sorted(target.results.items(),
                              key=lambda pair: (_place(order, pair[0]), pair[0]))
    )  # fmt: skip
    office_names = sorted({_office(district) for district in target.offices})
    name = agency_name(db, target.subject_id) or target.subject_id
    agency = _say("agency_cell", name=name, uscc=target.subject_id)
    return [agency, target.ticket, target.district or "—", results,
            _rectification(target, today), str(target.closed_on or ""),
            separator.join(office_names)]  # fmt: skip


def _place(order: list[str], code: str) -> int:
    return order.index(code) if code in order else len(order)


def _percent(share: float) -> str:
    """The share exactly as drawn with, in percent (2.5%, never rounded to 2%)."""
    return f"{Decimal(repr(share)) * 100:f}".rstrip("0").rstrip(".") + "%"


def _code(value: str) -> str:
    """A seed or digest as code (it is copied and typed again), or as plain escaped text when
    it holds anything but letters, digits and . _ - (a plan from before seeds were checked)."""
    return f"`{value}`" if PLAIN.fullmatch(value) else md.text(value)


def _rectification(target: Target, today: date) -> str:
    orders = [r for r in target.results.values() if r["result"] == "rectify"]
    if not orders:
        return _say("no_rectify")
    done = [r for r in orders if r["rectified_on"]]
    if len(done) == len(orders):
        return _say("rectified", day=max(r["rectified_on"] for r in done))
    due = min(r["due_on"] for r in orders if not r["rectified_on"])
    return _say("rectify_overdue" if due < today.isoformat() else "rectify_due", due=due)


def _office(district: str | None) -> str:
    return _say("district_office", district=district) if district else _say("city_office")
