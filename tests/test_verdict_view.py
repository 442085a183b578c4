"""One view of a verdict (bot/verdict_view.py), laid out by the CLI, `--json` and the bot's card.

Every query of the acceptance cases (tests/test_check_queries.py) is checked against the fixture
registry; whatever the view says, each front end shows, and nothing else decides the words.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import asdict
from html import escape
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.check import check
from bot.registry.subjects import Subject
from bot.render import verdict_json, verdict_text
from bot.telegram.cards import verdict_card
from bot.verdict import Candidate, Reason, Verdict
from bot.verdict_view import verdict_view
from bot.words.verdict import Lang
from tests.conftest import CHECK_BUNDLE as BUNDLE
from tests.conftest import CHECK_TODAY as TODAY
from tests.test_check_queries import CASES

QUERIES = [pytest.param(c.values[0], id=c.id) for c in CASES]
LANGS: list[Lang] = ["zh", "en"]


@pytest.fixture
def registry(check_registry: sqlite_utils.Database) -> sqlite_utils.Database:
    return check_registry


def rows_of(name: str) -> list[dict[str, str]]:
    with (BUNDLE / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def practitioners_with_agency() -> list[tuple[str, str]]:
    agencies = {row["uscc"]: row["name"] for row in rows_of("agencies.csv")}
    return [
        (row["cert_no"], agencies[row["agency_uscc"]])
        for row in rows_of("practitioners.csv")
        if row["agency_uscc"] in agencies
    ]


@pytest.mark.parametrize(("cert", "agency"), practitioners_with_agency())
@pytest.mark.parametrize("lang", LANGS)
def test_a_practitioners_agency_is_shown_by_the_bot_the_cli_and_json(
    registry: sqlite_utils.Database, cert: str, agency: str, lang: Lang
) -> None:
    verdict = check(registry, cert, today=TODAY)
    assert verdict.match is not None and verdict.match.id == cert
    assert escape(agency) in verdict_card(verdict, lang), "the bot's card hides the agency"
    assert agency in verdict_text(verdict, lang)
    assert verdict_json(verdict, lang)["match"]["agency_name"] == agency


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_front_end_shows_all_the_view_holds(
    registry: sqlite_utils.Database, query: str, lang: Lang
) -> None:
    verdict = check(registry, query, today=TODAY)
    view = verdict_view(verdict, lang)
    text = verdict_text(verdict, lang)
    card = verdict_card(verdict, lang)
    shown = [view.level_word, view.headline, view.footer.text, view.compare]
    shown += [f"{row.label}" for row in view.rows] + [row.value for row in view.rows]
    shown += [r.text for r in view.reasons] + [r.source for r in view.reasons]
    for c in view.candidates:
        shown += [c.name, c.id, c.why, c.level_word, *c.phones]
    for part in filter(None, shown):
        assert part in text, f"the CLI leaves out {part!r}"
        assert escape(part) in card, f"the bot's card leaves out {part!r}"
    assert verdict_json(verdict, lang)["view"] == asdict(view)


@pytest.mark.parametrize("query", QUERIES)
def test_english_answers_use_english_punctuation_around_the_facts(
    registry: sqlite_utils.Database, query: str
) -> None:
    verdict = check(registry, query, today=TODAY)
    view = verdict_view(verdict, "en")
    text = verdict_text(verdict, "en")
    for row in view.rows:
        assert f"{row.label}: {row.value}" in text
        assert f"{row.label}：" not in text
    branch = [row.value for row in view.rows if row.key == "kind" and "branch" in row.value]
    assert all("（" not in value for value in branch)
    assert view.footer.text.startswith("Data as of: ")


MARKUP = json.loads((Path(__file__).parent / "hostile" / "text" / "markup.json").read_bytes())
CARD_TAGS = re.compile(r"</?(?:b|i|code)>")


def verdict_with(text: str) -> Verdict:
    """A verdict whose every registry string (names, contacts, sources) is `text`."""
    head = Subject(kind="agency", id="91310106MA1FL3R23H", name=text, status="active")
    subject = Subject(
        kind="agency",
        id="91310106MA1FL3R24F",
        name=text,
        status="active",
        agency_kind="patent",
        former_names=(text,),
        phones=(text,),
        websites=(text,),
        address=text,
        district=text,
        parent=head,
    )
    reason = Reason("key_monitoring", "caution", text, "2026-01-01", {"reason": text})
    return Verdict(
        query=text,
        level="caution",
        headline_key="caution",
        headline_params={"name": text},
        match=subject,
        match_kind="exact_name",
        candidates=(Candidate(subject, 0.9, "fuzzy", "ok", lookalike=True),),
        reasons=(reason,),
        as_of="2026-06-01",
        source=text,
        fictional=True,
    )


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.sampled_from(MARKUP["values"]), st.text(max_size=60)))
def test_the_bots_card_shows_registry_text_as_text(text: str) -> None:
    """Whatever a registry or a query holds, the card's only markup is the card's own."""
    for lang in LANGS:
        card = verdict_card(verdict_with(text), lang)
        assert "<" not in CARD_TAGS.sub("", card) and ">" not in CARD_TAGS.sub("", card)
