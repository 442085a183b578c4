"""Text from outside made safe to store, show and encode; light enough for every module."""

from __future__ import annotations

import re

# Characters a person cannot see or type on purpose: C0/C1 controls (but tab and newline),
# bidi overrides that reorder a name on screen, zero-width joiners that split a name so it
# no longer matches, and lone surrogates (bytes that were not UTF-8, as argv decodes them).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """Text from outside (a query, a form, a CSV cell) with what cannot be shown taken out.

    A lone surrogate becomes U+FFFD, so the text can always be encoded as UTF-8 again.
    """
    return _INVISIBLE.sub("", _SURROGATE.sub(REPLACEMENT, text))


def one_line(text: object) -> str:
    """Cleaned text on one line: any run of white space (line breaks included) is one space."""
    return " ".join(clean_text(str(text)).split())


def shown(text: object, limit: int = 200) -> str:
    """A value echoed back to a person in a message: cleaned, one line, and not too long."""
    line = one_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"
