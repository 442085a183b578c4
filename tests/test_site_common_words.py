"""The directory's answers to queries of common words alone (bot/site/common_words.py): the
names found holding each word in one pass over the registry are those bot.lookup finds in its
FTS index, word by word."""

from __future__ import annotations

import pytest
import sqlite_utils

from bot import lookup
from bot.site.common_words import NamesContaining, bot_answers, common_words


def stop_grams(db: sqlite_utils.Database, names_over: int) -> set[str]:
    """Characters and bigrams in more than `names_over` names: a low bar, for many words."""
    rows = db.execute("SELECT gram FROM gram_counts WHERE names > ?", [names_over]).fetchall()
    return {gram for (gram,) in rows if not gram.startswith("~")}


@pytest.mark.parametrize("registry", ["shanghai_demo", "check_registry"])
def test_the_names_holding_each_common_word_are_those_the_bot_finds(
    registry: str, request: pytest.FixtureRequest
) -> None:
    db: sqlite_utils.Database = request.getfixturevalue(registry)
    stop = stop_grams(db, 3)
    names = [key for (key,) in db.execute("SELECT DISTINCT name_key FROM search_names") if key]
    words = sorted(common_words(names, stop).texts)
    containing = NamesContaining(db, words, stop)
    found = {word: containing.of(word) for word in words}
    assert found == {word: lookup._containing(db, word) for word in words}
    sizes = {len(names) for names in found.values() if names is not None}
    assert len(words) > 20 and any(len(word) == 1 for word in words)
    assert min(sizes) < lookup.SUBSTRING_POOL
    if registry == "shanghai_demo":  # large enough for words in more names than the bot reads
        assert lookup.SUBSTRING_POOL in sizes


def test_a_word_the_fts_index_reads_otherwise_is_left_to_the_bot(
    check_registry: sqlite_utils.Database,
) -> None:
    # A capital is folded and a symbol splits tokens in the FTS index: not a plain substring.
    stop = stop_grams(check_registry, 0)
    containing = NamesContaining(check_registry, ["ab", "a+", "Ab", "知识"], stop | {"a+", "Ab"})
    assert containing.of("a+") is None and containing.of("Ab") is None
    assert containing.of("知识") == lookup._containing(check_registry, "知识")
    assert containing.of("未问") is None  # not asked for


def test_the_answers_are_the_bots_own(shanghai_demo: sqlite_utils.Database) -> None:
    stop = stop_grams(shanghai_demo, 50)
    names = [key for (key,) in shanghai_demo.execute("SELECT name_key FROM search_names")]
    words = sorted(common_words(set(names), stop).texts)[:60]
    answered = dict(bot_answers(shanghai_demo)(words, stop))
    bot = {word: lookup.find(shanghai_demo, word).candidates for word in words}
    assert answered == {word: [(hit.kind, hit.id) for hit in bot[word]] for word in words}
    assert any(answered.values())
