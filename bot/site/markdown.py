"""Small helpers to write Markdown safely: registry text is data, never markup."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from bot.safe_text import one_line
from bot.site.agencies import Entry
from bot.site.language import SITE_LANG
from bot.words import say
from bot.words import site as words
from bot.words import verdict as messages

# Characters Python-Markdown (with its tables and attr_list extensions) reads as inline markup
# anywhere in a line: a link or image, emphasis, code, a table cell, an attribute list
# (`{: onclick=…}`). `<`, `>` and `&` are HTML-escaped first.
_MARKUP = re.compile(r"([\\`*_{}\[\]()|])")
# What starts a block when it begins a line: a heading, a list, an admonition, a definition,
# a setext underline. Escaped there only, so dates and amounts stay readable in the source.
_LEADING = re.compile(r"^(?:([#+\-!])|(\d+)([.)])(?=\s|$)|([:=~]))")
_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")
# A link goes to a page of the site (relative, no scheme, never up out of the docs by data) or
# to an http(s) address; never javascript:, data: or the like.
# A relative target has no `&` (an entity such as `&#106;` spells a scheme once decoded), no
# backslash and no leading `//` (both lead to another host).
_SAFE_TARGET = re.compile(r"https?://[^\s()<>\\]+|(?![a-zA-Z][a-zA-Z0-9+.\-]*:)(?!//)[^\s()<>&\\]+")
# A code, phone number, date or decision number: kept on one line in a wide table on a desktop.
_UNBROKEN = re.compile(r"[0-9A-Z+()\-–.:/ ]{4,40}")


def text(value: object) -> str:
    """Registry or ticket text as literal Markdown: `<b>` stays `<b>`, `A*B|C` stays `A*B|C`,
    `[x](javascript:…)` stays text; on one line (a page generator places it inside a line)."""
    flat = one_line(value)  # a line break would let text start a block of its own
    return _LEADING.sub(_leading, _MARKUP.sub(r"\\\1", escape(flat, quote=False)))


def _leading(found: re.Match[str]) -> str:
    escapable, number, dot, other = found.groups()
    if escapable:
        return "\\" + escapable
    if number:
        return f"{number}\\{dot}"
    return f"&#{ord(other)};"


def slug(value: object, fallback: str = "other") -> str:
    """A file or URL name from data that cannot leave its folder: `[a-z0-9-]+`, else fallback."""
    cleaned = _SLUG_UNSAFE.sub("-", str(value).lower()).strip("-")[:80]
    return cleaned or fallback


@dataclass(frozen=True)
class Link:
    label: str
    target: str  # a Markdown link target, relative to the page (so mkdocs checks it)

    def __post_init__(self) -> None:
        if not _SAFE_TARGET.fullmatch(self.target):
            raise ValueError(f"not a relative or http(s) link target: {self.target!r}")

    def markdown(self) -> str:
        return f"[{text(self.label)}]({self.target})"


Cell = str | int | float | Link | None


def table(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """A Markdown table; every cell escaped, empty cells shown as —."""
    lines = [
        "| " + " | ".join(text(h) for h in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines) + "\n"


def cards(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """A wide table that reads as cards on a phone, without JavaScript: every cell carries its
    column's name (`data-label`, shown by lantian.css), and codes, phones and dates are marked
    to stay on one line on a desktop.

    Written as the HTML Markdown would make of `cards_markdown`: a district's list runs to
    thousands of cells, and Python-Markdown's inline processing of them was most of the build's
    mkdocs time. A table with a link in it stays Markdown, so that mkdocs checks and rewrites
    the link."""
    if any(isinstance(value, Link) for row in rows for value in row):
        return cards_markdown(headers, rows)
    labels = [_attribute(say(words.CELL_LABEL, SITE_LANG, column=h)) for h in headers]
    lines = ['<div class="lt-cards">', "<table>", "<thead>", "<tr>"]
    lines += [f"<th>{escape(one_line(h), quote=False)}</th>" for h in headers]
    lines += ["</tr>", "</thead>", "<tbody>"]
    cells = [f'<td data-label="{label}">' for label in labels]
    unbroken = [f'<td class="lt-unbroken" data-label="{label}">' for label in labels]
    for row in rows:
        lines.append("<tr>")
        for value, plain, kept in zip(row, cells, unbroken, strict=True):
            shown = "—" if value is None or value == "" else escape(one_line(value), quote=False)
            lines.append(f"{kept if _unbroken(value) else plain}{shown}</td>")
        lines.append("</tr>")
    lines += ["</tbody>", "</table>", "</div>"]
    return "\n".join(lines) + "\n"


def cards_markdown(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """`cards` in Markdown: the table sits in a `lt-cards` block (md_in_html); the attributes
    are attr_list's, written after each cell, where escaped data cannot reach."""
    labels = [_attribute(say(words.CELL_LABEL, SITE_LANG, column=h)) for h in headers]
    lines = [
        "| " + " | ".join(text(h) for h in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    for row in rows:
        cells = [
            f'{_cell(value)} {{ data-label="{label}"{_unbroken(value)} }}'
            for value, label in zip(row, labels, strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    body = "\n".join(lines)
    return f'<div class="lt-cards" markdown>\n\n{body}\n\n</div>\n'


def _attribute(value: str) -> str:
    """A column name as an attribute value: ours, from the catalogue, but checked all the same
    (nothing to escape, in HTML or in attr_list)."""
    if any(ch in value for ch in '"{}\n&<>'):
        raise ValueError(f"not usable as an attribute value: {value!r}")
    return value


def _unbroken(value: Cell) -> str:
    plain = isinstance(value, str | int | float) and not isinstance(value, bool)
    return " .lt-unbroken" if plain and _UNBROKEN.fullmatch(str(value).strip()) else ""


def _cell(value: Cell) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Link):
        return value.markdown()
    return text(value)


def front_matter(**fields: object) -> str:
    """YAML front matter from simple values (strings are quoted as JSON, which YAML reads)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def level(agency: Entry) -> str:
    return messages.level_word(agency.level, SITE_LANG)


def status(code: str | None) -> str:
    return messages.term(messages.STATUSES, code, SITE_LANG)


def kind(code: str | None) -> str:
    return messages.term(messages.AGENCY_KINDS, code, SITE_LANG)


def phones(agency: Entry) -> str:
    return say(words.PART_SEPARATOR, SITE_LANG).join(agency.subject.phones)


def as_of_note(as_of: str, today: str, fictional: bool) -> str:
    """The line every generated page carries: where the data stands and when it was judged."""
    note = words.AS_OF_NOTE_FICTIONAL if fictional else words.AS_OF_NOTE
    line = say(note, SITE_LANG, as_of=text(as_of), today=today)
    title = say(words.AS_OF_TITLE, SITE_LANG)
    return f'!!! info "{title}"\n\n    {line}\n\n'
