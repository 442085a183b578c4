"""The catalogue: every word a user reads, Chinese first and English, and the one function that
picks them. Each module here holds one area's words as `Words` pairs; nothing outside this package
writes a user-facing sentence or chooses a language itself (tests/test_words_catalogue.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

Lang = Literal["zh", "en"]
Words = tuple[str, str]  # (zh, en): the same placeholders in both
BOTH: tuple[Lang, Lang] = ("zh", "en")


def say(words: Words, lang: Lang, /, **fields: object) -> str:
    """`words` in `lang`, its {placeholders} filled from `fields` (left as they are without)."""
    text = words[0] if lang == "zh" else words[1]
    return text.format(**fields) if fields else text


def in_language(params: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """Parameters said in `lang`: a value written in words has its English beside it under
    `<name>_en` (a reason's parameters travel to the site, so they stay plain values)."""
    if lang == "zh":
        return dict(params)
    return {key: params.get(f"{key}_en", value) for key, value in params.items()}
