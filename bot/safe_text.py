"""Text from outside made safe to store, show and encode; light enough for every module."""

from __future__ import annotations

import re

# Invisible format characters: bidi controls (which make a name read differently from how it is
# stored), zero-width characters (which split a name so it no longer matches) and tags.
_FORMAT = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f"
    # …and the marks that show nothing inside a name: variation selectors, the combining
    # grapheme joiner, Hangul fillers, the blank braille pattern, Mongolian and Khmer selectors.
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u2800\ufe00-\ufe0f"
    r"\u3164\uffa0"  # Hangul fillers among CJK: kept as escapes the pattern reads
    "\U000e0100-\U000e01ef"
)
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1, but tab and newline
INVISIBLE = re.compile(f"[{_FORMAT}]")
CONTROL = re.compile(f"[{_CONTROLS}]")
_UNSHOWABLE = re.compile(f"[{_FORMAT}{_CONTROLS}]")
# Lone surrogates: bytes that were not UTF-8, as argv and a forged JSON "\ud800" decode them.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def replace_surrogates(text: str) -> str:
    """Lone surrogates as U+FFFD: the text can be encoded as UTF-8 (and stored) again."""
    return _SURROGATE.sub(REPLACEMENT, text)


def clean_text(text: str) -> str:
    """Text from outside (a query, a form, a CSV cell) with what cannot be shown taken out.

    A lone surrogate becomes U+FFFD, so the text can always be encoded as UTF-8 again.
    """
    return _UNSHOWABLE.sub("", replace_surrogates(text))


def one_line(text: object) -> str:
    """Cleaned text on one line: any run of white space (line breaks included) is one space."""
    return " ".join(clean_text(str(text)).split())


def shown(text: object, limit: int = 500) -> str:
    """A value echoed back to a person in a message: cleaned, one line, and not too long
    (long enough for the change line of a national import; short of a pasted novel)."""
    line = one_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"
