"""The directory's answers to queries made only of its commonest words (bot/site/shards.py).

A gram in more than STOP_POSTINGS records has no postings in the directory index, so the
browser cannot search "示例" or "知识产权" by itself: the index keeps the bot's own answer to
every part of a registered name made only of such stop grams (`common_words`), thousands of
them at three times the national registry. bot.lookup finds the names containing one with an
FTS phrase of its bigrams, which reads the postings of every bigram in it, each held by a good
share of the registry: milliseconds a query, most of the gram files' time. `bot_answers` finds
the names containing every such word in one pass over the registry's names instead, the same
names bot.lookup's `_containing` finds, and leaves the rest of each answer to bot.lookup.
"""

from __future__ import annotations

import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from bot.lookup import SUBSTRING_POOL, Named, find
from bot.normalize import name_key
from bot.registry.ready import Readable

COMMON_TEXT = 12  # characters: longer runs of common words are no query anyone types


@dataclass(frozen=True)
class CommonWords:
    """What the directory keeps of the registered names made of stop grams."""

    texts: set[str]  # every part of a name key made only of stop grams: "示例", "知识产权"
    names: list[str]  # the name keys made only of stop grams ("知识产权代理"), sorted


def stop_runs(key: str, stop: set[str]) -> Iterator[str]:
    """The longest stretches of a name key whose every bigram is a stop gram."""
    common = [key[i : i + 2] in stop for i in range(len(key) - 1)]
    start = None
    for i, is_stop in enumerate([*common, False]):
        if is_stop and start is None:
            start = i
        elif not is_stop and start is not None:
            yield key[start : i + 1]
            start = None


def common_words(names: Iterable[str], stop: set[str]) -> CommonWords:
    """The common words of these name keys (each once), as `CommonWords` tells.

    The browser has no postings for a text of stop grams alone, so the shards keep the bot's
    answer to each: the industry words and their pieces, a few hundred at national scale. The
    page looks up the stretches of pasted text that may be a name only where the name grams
    could hold such a name; a name of stop grams alone, usually none, has no postings to ask."""
    found: set[str] = set()
    runs: set[str] = set()
    whole: list[str] = []
    stop_chars = {gram for gram in stop if len(gram) == 1}
    for key in names:
        found.update(stop_chars.intersection(key))
        if len(key) == 1:
            if key in stop:
                whole.append(key)
            continue
        for run in stop_runs(key, stop):
            runs.add(run)
            if len(run) == len(key):
                whole.append(key)
    for run in runs:
        found.update(_parts(run, COMMON_TEXT))
    texts = {text for text in found if name_key(text) == text}
    return CommonWords(texts, sorted(whole))


def _parts(run: str, longest: int) -> Iterator[str]:
    """The stretches of two characters or more of a run, at most `longest` long."""
    for i in range(len(run) - 1):
        for j in range(i + 2, min(len(run), i + longest) + 1):
            yield run[i:j]


# The bot's answers to texts of common words alone: each text with the (kind, id) of its
# candidates, given the texts and the stop grams they are made of.
CommonAnswers = Callable[[Sequence[str], set[str]], Iterator[tuple[str, list[tuple[str, str]]]]]


def bot_answers(db: Readable) -> CommonAnswers:
    """bot.lookup.find's candidates for each text, the names containing them found at once."""

    def answers(
        texts: Sequence[str], stop: set[str]
    ) -> Iterator[tuple[str, list[tuple[str, str]]]]:
        containing = NamesContaining(db, texts, stop)
        for text in texts:
            found = find(db, text, containing=containing.of)
            yield text, [(hit.kind, hit.id) for hit in found.candidates]

    return answers


class NamesContaining:
    """The first SUBSTRING_POOL registered names (search_names, by id) containing each word,
    as bot.lookup's `_containing` reads them from its FTS index, for words of stop grams.

    A word of two characters or more whose bigrams are all stop grams lies, wherever a name
    holds it, within one of the name's stop runs; so a pass over the names in id order, each
    run asked once for the words it holds, finds the first names of every word together. A
    word of one character is looked for in the whole name. Words the FTS tokenizer might read
    otherwise than as their characters (`_plain`) are left to bot.lookup (`of` says None)."""

    def __init__(self, db: Readable, words: Iterable[str], stop: set[str]) -> None:
        self.db = db
        chosen = [word for word in words if _plain(word) and _of_stop_grams(word, stop)]
        self.held = {word: array("i") for word in chosen}
        self._read(db, stop)

    def of(self, key: str) -> Named | None:
        """The names containing `key` by search_names id, as bot.lookup reads them (a new
        dict); None for a key this did not look for."""
        found = self.held.get(key)
        if found is None:
            return None
        ids = found.tolist()
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.db.execute(
            "SELECT id, subject_kind, subject_id, name_key FROM search_names "
            f"WHERE id IN ({marks}) ORDER BY id",
            ids,
        )
        return {rowid: (kind, subject_id, name) for rowid, kind, subject_id, name in rows}

    def _read(self, db: Readable, stop: set[str]) -> None:
        held = self.held
        chars = {word for word in held if len(word) == 1}  # those still short of names
        longer = {word for word in held if len(word) > 1}
        longest = max(map(len, longer), default=0)
        in_run: dict[str, list[str]] = {}  # a stop run → its words still short of names
        for rowid, key in db.execute("SELECT id, name_key FROM search_names ORDER BY id"):
            if chars:
                chars.difference_update(
                    [char for char in chars.intersection(key) if not _noted(held[char], rowid)]
                )
            for run in stop_runs(key, stop):
                words = in_run.get(run)
                if words is None:
                    words = [word for word in set(_parts(run, longest)) if word in longer]
                wanting = [word for word in words if _noted(held[word], rowid)]
                in_run[run] = wanting


def _noted(found: array[int], rowid: int) -> bool:
    """Note a name holding a word (once, however often it does); whether the word wants more."""
    if len(found) < SUBSTRING_POOL and (not found or found[-1] != rowid):
        found.append(rowid)
    return len(found) < SUBSTRING_POOL


def _plain(word: str) -> bool:
    """Whether the FTS tokenizer (unicode61, bot/registry/database.py) reads every character of
    the word as a character of a token, unchanged: Chinese characters, lower-case ASCII letters
    and digits. Another (a symbol splits tokens, a capital is folded) is left to bot.lookup."""
    return all(
        unicodedata.category(char) == "Lo"
        or (char.isascii() and (char.islower() or char.isdigit()))
        for char in word
    )


def _of_stop_grams(word: str, stop: set[str]) -> bool:
    return len(word) == 1 or all(word[i : i + 2] in stop for i in range(len(word) - 1))
