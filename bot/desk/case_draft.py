"""A typical case's first draft, from a ticket closed as substantiated or partly substantiated.

The draft goes where case posts live (cases/posts under a docs folder such as content/) with
`draft: true`, so the site never publishes it until staff have rewritten and approved it. It
holds the facts staff may keep (the subject, the category, the outcome, the dates) and
placeholders for the rest. The reporter's description is left out on purpose: it may name the
reporter in ways no pattern catches, and a draft in content/ is committed with the site's text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import sqlite_utils

from bot.desk import actions
from bot.desk.cards import public_phones
from bot.desk.errors import CaseDraftRefused
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import DESTINATIONS, OUTCOMES, STATES, outcome_words, term
from bot.registry.reader import agency_name
from bot.reports import categories
from bot.reports.tickets import Ticket
from bot.site import markdown as md
from bot.site.cases import POSTS
from bot.site.language import SITE_LANG
from bot.site.legal import BASIS
from bot.words import Lang, say
from bot.words.desk_reports import CASE_DRAFT, CASE_REFERRAL, NO_OUTCOME, SENTENCE_END
from bot.words.desk_terms import REGISTERED_AS

CASE_OUTCOMES = ("substantiated", "partly")


def draft_case(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    cases_dir: Path,
    *,
    now: datetime,
) -> Path:
    """Write a draft case post for a closed, substantiated ticket; returns the new file's path.

    `cases_dir` is the docs folder (content/); an existing file is never overwritten. The
    action is written to the audit log.
    """
    ticket = actions.load(db, staff, number)
    if ticket.state != "closed" or ticket.outcome not in CASE_OUTCOMES or ticket.closed_on is None:
        raise CaseDraftRefused(
            number=ticket.number,
            state=STATES.get(ticket.state, (ticket.state, ticket.state)),
            outcome=outcome_words(ticket.outcome, ticket.kind) or NO_OUTCOME,
        )
    # The file is named <date>-<slug>.md and the post's address holds its date: the slug
    # needs none.
    slug = f"case-{md.slug(ticket.category)}"
    subject = subject_line(db, ticket)
    path = _write_new(
        cases_dir / POSTS, ticket.closed_on, slug, lambda name: draft_text(ticket, subject, name)
    )
    relative = path.relative_to(cases_dir).as_posix()
    actions.log_queue_action(
        db, staff, "case_draft", {"ticket": ticket.number, "path": relative}, now=now
    )
    return path


def draft_text(ticket: Ticket, subject: str, slug: str, lang: Lang = SITE_LANG) -> str:
    """The draft post: front matter as the case posts have it, then the sections to edit."""
    assert ticket.closed_on is not None
    category = categories.get(ticket.category)
    outcome = term(OUTCOMES, ticket.outcome, lang)
    referral = (
        say(CASE_REFERRAL, lang, destination=term(DESTINATIONS, ticket.destination, lang))
        if ticket.destination
        else ""
    )
    return say(
        CASE_DRAFT,
        lang,
        date=ticket.closed_on.isoformat(),
        slug=slug,
        category_code=category.code,
        category=category.label(lang),
        example=category.example(lang).rstrip(say(SENTENCE_END, lang)),
        year=ticket.received_on.year,
        subject=subject,
        outcome=outcome,
        closed=ticket.closed_on.isoformat(),
        received=ticket.received_on.isoformat(),
        referral=referral,
        basis="\n".join(f"- {line}" for line in BASIS[category.code].basis),
    )


def subject_line(db: sqlite_utils.Database, ticket: Ticket, lang: Lang = SITE_LANG) -> str:
    """The registered agency's name when the reporter chose one, else what they typed; as
    literal Markdown text (a name or a subject may hold markup, and the draft becomes a page)."""
    if ticket.subject_uscc:
        name = agency_name(db, ticket.subject_uscc)
        if name is not None:
            return md.text(say(REGISTERED_AS, lang, name=name, uscc=ticket.subject_uscc))
    # Typed by the reporter: it may hold their own phone number or name.
    return md.text(ticket.redacted_subject(public_phones(db, ticket)))


def _write_new(posts: Path, day: date, slug: str, render: Callable[[str], str]) -> Path:
    """Create the post file, with -2, -3 … after the slug when the name is taken."""
    posts.mkdir(parents=True, exist_ok=True)
    serial = 1
    while True:
        name = slug if serial == 1 else f"{slug}-{serial}"
        path = posts / f"{day.isoformat()}-{name}.md"
        try:
            with path.open("x", encoding="utf-8") as out:  # "x": fails rather than overwrite
                out.write(render(name))
        except FileExistsError:
            serial += 1
            continue
        return path
