"""The check on a registry it was not tuned on: the demo registry, with generated queries.

The held-out table (test_check_queries.py) proves each rule once; this proves the rules hold
across thousands of names: typos and clones of real names never come back `ok`, and the real
firm is offered among the first candidates.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from rapidfuzz.distance import OSA

from bot.check import check
from bot.normalize import name_key, sound_key, trade_name

TODAY = date(2026, 11, 1)
SAMPLE = 150


@pytest.fixture(scope="module")
def demo(shanghai_demo: sqlite_utils.Database) -> sqlite_utils.Database:
    return shanghai_demo


def sample(db: sqlite_utils.Database, size: int = SAMPLE) -> list[tuple[str, str, str]]:
    rows = db.execute(
        "SELECT uscc, name, phones FROM agencies WHERE parent_uscc IS NULL ORDER BY uscc"
    ).fetchall()
    return random.Random(11).sample(rows, size)


def registered_keys(db: sqlite_utils.Database) -> set[str]:
    return {
        row[0]
        for row in db.execute("SELECT key FROM lookup_keys WHERE key_kind LIKE '%name'").fetchall()
    }


def typo(name: str, rng: random.Random) -> str:
    """One character of the trade name replaced, as a hurried or dishonest hand would."""
    key = name_key(name)
    at = max(name.find(key[0]), 0) + rng.randrange(0, 2)
    return name[:at] + rng.choice("华诚信达明启天和源泽瑞恒") + name[at + 1 :]


def test_every_registered_name_and_uscc_finds_its_agency(demo: sqlite_utils.Database) -> None:
    counts: dict[str, int] = {}
    for key, n in demo.execute(
        "SELECT key, count(DISTINCT subject_id) FROM lookup_keys WHERE key_kind = 'name' "
        "GROUP BY key"
    ).fetchall():
        counts[key] = n
    for uscc, name, _phones in sample(demo):
        by_id = check(demo, uscc.lower(), today=TODAY)
        assert by_id.match is not None and by_id.match.id == uscc
        by_name = check(demo, name, today=TODAY)
        if counts[name_key(name)] == 1:
            assert by_name.match is not None and by_name.match.id == uscc, name
            assert by_name.level == by_id.level
        else:
            assert by_name.match is None and by_name.level == "unknown"


def test_a_typo_in_the_trade_name_is_never_ok_and_finds_the_real_firm(
    demo: sqlite_utils.Database,
) -> None:
    """When the real name is the one nearest to the typo, it comes first; never `ok` anyway.

    A two-character trade name with one character changed is often as near to several
    registered names as to the real one; those ties are listed, not guessed between.
    """
    rng = random.Random(5)
    registered = registered_keys(demo)
    keys = sorted(registered)
    trade_names = {trade_name(key) for key in keys}
    tried = first = 0
    for uscc, name, _phones in sample(demo, 1000):
        query = typo(name, rng)
        if name_key(query) in registered:
            continue  # the typo spelled another registered name
        verdict = check(demo, query, today=TODAY)
        assert verdict.level != "ok", query
        assert verdict.match is None
        distances = sorted(OSA.distance(name_key(query), key) for key in keys)
        # The real name is the unique nearest, and the typo spelled no other firm's trade name.
        if distances[0] < distances[1] and trade_name(name_key(query)) not in trade_names:
            tried += 1
            first += bool(verdict.candidates) and verdict.candidates[0].subject.id == uscc
    assert tried > 20
    assert first / tried >= 0.95, f"{first}/{tried}"


def test_a_clone_with_another_industry_word_is_flagged_as_a_lookalike(
    demo: sqlite_utils.Database,
) -> None:
    registered = registered_keys(demo)
    swaps = {"知识产权代理": "专利代理", "专利代理": "商标代理", "商标代理": "知识产权代理"}
    tried = 0
    for uscc, name, _phones in sample(demo):
        word = next((w for w in swaps if w in name), None)
        if word is None:
            continue
        clone = name.replace(word, swaps[word], 1)
        if name_key(clone) in registered:
            continue
        tried += 1
        verdict = check(demo, clone, today=TODAY)
        assert verdict.level != "ok", clone
        assert "lookalike" in [r.code for r in verdict.reasons], clone
        assert uscc in [c.subject.id for c in verdict.candidates], clone
    assert tried > SAMPLE * 0.5


def test_a_registered_phone_finds_the_agency_that_registered_it(
    demo: sqlite_utils.Database,
) -> None:
    import json

    for uscc, _name, phones in sample(demo)[:50]:
        for phone in json.loads(phones):
            verdict = check(demo, "+86 " + phone.replace("-", " "), today=TODAY)
            owners = {c.subject.id for c in verdict.candidates}
            assert (verdict.match is not None and verdict.match.id == uscc) or uscc in owners


def test_nothing_invented_is_called_legitimate(demo: sqlite_utils.Database, tmp_path: Path) -> None:
    rng = random.Random(3)
    for _ in range(200):
        invented = "上海" + "".join(rng.choice("甲乙丙丁戊己庚辛壬癸") for _ in range(3))
        verdict = check(demo, invented + "知识产权代理有限公司", today=TODAY)
        assert verdict.level == "unknown"


def test_a_homophone_of_a_registered_name_is_a_lookalike_of_it(
    demo: sqlite_utils.Database,
) -> None:
    """A pinyin keyboard's commonest slip: the right sound, the wrong character (华成 for 华诚)."""
    from pypinyin import lazy_pinyin

    registered = registered_keys(demo)
    sounds: dict[str, int] = {}
    for key in registered:
        sounds[sound_key(key)] = sounds.get(sound_key(key), 0) + 1
    alphabet = {ch for key in registered for ch in key}
    by_sound: dict[str, list[str]] = {}
    for ch in sorted(alphabet | set("成城程承呈晟澄乘橙丞铖")):
        by_sound.setdefault(lazy_pinyin(ch)[0], []).append(ch)
    tried = 0
    for uscc, name, _phones in sample(demo, 400):
        key = name_key(name)
        alike = [c for c in by_sound.get(lazy_pinyin(key[0])[0], []) if c != key[0]]
        if not alike or sounds.get(sound_key(key)) != 1:
            continue
        query = name.replace(key[0], alike[0], 1)
        if name_key(query) in registered:
            continue
        tried += 1
        verdict = check(demo, query, today=TODAY)
        assert verdict.level != "ok", query
        assert verdict.candidates[0].subject.id == uscc, query
        assert "lookalike" in [r.code for r in verdict.reasons], query
    assert tried > 50
