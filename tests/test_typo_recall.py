"""Typos as people make them find the firm they meant (issue 11): for each kind of typo
(tests/typos.py), the registered record is the match or among the first three candidates for at
least 95% of names drawn from a generated registry. The Shanghai demo runs always; the national
one, where every trade name has dozens of neighbours one character away, is slow."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from bot.check import check
from bot.lookup import typo_likeness
from bot.normalize import char_likeness
from bot.registry.database import open_database
from bot.registry.demo import write_demo_bundle
from bot.registry.importer import import_path
from tests.typos import KINDS, ambiguous, typo

TODAY = date(2026, 11, 1)
RECALL = 0.95
TOP = 3


def recall(db: sqlite_utils.Database, kind: str, count: int, seed: int) -> tuple[float, list[str]]:
    """The share of `count` typos of `kind` whose firm is found, and the queries that missed.

    A typo that spells another firm's name, or is the same kind of typo of another firm's name
    too (a dropped trade-name character), means that firm as much: it is not counted."""
    rng = random.Random(seed)
    rows = db.execute("SELECT uscc, name FROM agencies ORDER BY uscc").fetchall()
    tried, left_out, missed = 0, 0, []
    while tried < count:
        uscc, name = rows[rng.randrange(len(rows))]
        query = typo(name, kind, rng)
        if query is None:
            continue
        if ambiguous(db, kind, query, uscc):
            left_out += 1
            assert left_out < count, f"most {kind} typos name another firm as much"
            continue
        tried += 1
        verdict = check(db, query, today=TODAY)
        if verdict.match is not None:
            found = verdict.match.id == uscc
        else:
            found = uscc in [c.subject.id for c in verdict.candidates[:TOP]]
        if not found:
            missed.append(query)
    return 1 - len(missed) / count, missed


@pytest.mark.parametrize("kind", KINDS)
def test_a_typo_finds_the_firm_meant_in_the_shanghai_demo(
    shanghai_demo: sqlite_utils.Database, kind: str
) -> None:
    share, missed = recall(shanghai_demo, kind, 150, seed=KINDS.index(kind))
    assert share >= RECALL, f"{kind}: {share:.1%}, missed {missed[:10]}"


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    folder: Path = tmp_path_factory.mktemp("national")
    write_demo_bundle(folder / "bundle", "national")
    db = open_database(folder / "national.db")
    import_path(db, folder / "bundle", today=TODAY)
    yield db
    db.close()


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_a_typo_finds_the_firm_meant_in_the_national_demo(
    national: sqlite_utils.Database, kind: str
) -> None:
    share, missed = recall(national, kind, 200, seed=100 + KINDS.index(kind))
    assert share >= RECALL, f"{kind}: {share:.1%}, missed {missed[:10]}"


def test_a_character_that_sounds_the_same_is_as_likely_as_the_right_one() -> None:
    assert char_likeness("城", "诚") == 1.0


def test_a_character_that_looks_alike_is_likelier_than_an_unrelated_one() -> None:
    for typed, meant, unrelated in [("绵", "锦", "山"), ("寿", "涛", "禾"), ("端", "瑞", "龙")]:
        assert char_likeness(typed, meant) > char_likeness(unrelated, meant)


def test_a_homophone_is_the_likeliest_typo_a_swap_likely_and_a_stray_character_not() -> None:
    meant = "华诚示例知识产权代理"
    homophone = typo_likeness("华城示例知识产权代理", meant)
    assert homophone == 1.0
    assert 0.5 < typo_likeness("诚华示例知识产权代理", meant) < homophone
    assert 0.5 < typo_likeness("华诚诚示例知识产权代理", meant) < homophone
    assert typo_likeness("华诚山示例知识产权代理", meant) == 0.0
    assert typo_likeness("华绵示例知识产权代理", meant) < typo_likeness(
        "华诫示例知识产权代理", meant
    )
