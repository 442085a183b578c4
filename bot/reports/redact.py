"""Hiding a reporter's identity in free text they wrote (a description may name them).

Two strengths. `redact_contact` hides the reporter's own name and phone, in any spelling, and
keeps every other number: the agency's phone in a description is evidence staff need.
`redact` hides any phone number, e-mail address and ID-card number as well, for text that
leaves the desk (an export). Neither catches everything (an address, a workplace), so
redacted text is still for staff, not the public.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HIDDEN = "［已隐去］"
# A name of one character would hide that character everywhere in the text.
_NAME_MIN = 2
# Not inside a longer run of letters and digits (a USCC, a file name): `\w` would also
# exclude Chinese text, and "电话13912345678" must still match.
_START, _END = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ID_CARD = re.compile(_START + r"(?:\d{17}[\dXx]|\d{15})" + _END)
_PHONE = re.compile(r"(?<![0-9A-Za-z+])(?:\+?86[\s\-－]*)?\d(?:[\s\-－]?\d){6,}" + _END)
_ISO_DAY = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")  # 2023-04-20 is a date, not a phone number


def redact(text: str, names: Iterable[str | None] = ()) -> str:
    """The text with the given names, phone numbers, e-mails and ID numbers hidden."""
    for name in names:
        if name and len(name.strip()) >= _NAME_MIN:
            text = text.replace(name.strip(), HIDDEN)
    text = _EMAIL.sub(HIDDEN, text)
    text = _ID_CARD.sub(HIDDEN, text)
    return _PHONE.sub(_phone_or_date, text)


def _phone_or_date(found: re.Match[str]) -> str:
    return found.group(0) if _ISO_DAY.fullmatch(found.group(0)) else HIDDEN


def redact_contact(text: str, name: str | None, phone: str | None) -> str:
    """`text` with `name` and every spelling of `phone` (spaces, dashes, +86, 021) replaced."""
    if name and len(name.strip()) > 1:
        text = text.replace(name.strip(), HIDDEN)
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) >= 7:
        # A Shanghai landline is also written without its area code.
        local = digits[3:] if digits.startswith("021") else digits
        spaced = _PHONE_GAP.join(re.escape(d) for d in local)
        text = re.sub(rf"(?<!\d){_PHONE_PREFIX}{spaced}(?!\d)", HIDDEN, text)
    return text


_PHONE_GAP = r"[\s\-－—()（）]*"
_PHONE_PREFIX = r"(?:(?:\+|00)?86[\s\-]*)?(?:[(（]?0?21[)）]?[\s\-]*)?"
