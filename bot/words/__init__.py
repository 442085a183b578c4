"""The catalogue: every word a user reads, Chinese first and English, and the one function that
picks them. Each module here holds one area's words as `Words` pairs; nothing outside this package
writes a user-facing sentence or chooses a language itself (tests/test_words_catalogue.py)."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]
Words = tuple[str, str]  # (zh, en): the same placeholders in both


def say(words: Words, lang: Lang, /, **fields: object) -> str:
    """`words` in `lang`, its {placeholders} filled from `fields` (left as they are without)."""
    text = words[0] if lang == "zh" else words[1]
    return text.format(**fields) if fields else text
