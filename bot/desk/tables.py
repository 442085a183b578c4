"""Tickets as rows: the columns shared by the report's 工单明细 sheet and the queue export, the
labels staff read for each code, and how a sheet or a CSV file is laid out."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.desk.stats import NOT_ACCEPTED, UNASSIGNED, TicketFacts
from bot.desk.vocabulary import DESTINATIONS, KIND_WORDS, OUTCOMES, STATES, outcome_words, term
from bot.reports import categories
from bot.words import Lang, Words, say
from bot.words.desk_reports import TICKET_COLUMNS
from bot.words.desk_terms import UNASSIGNED as UNASSIGNED_WORDS

Value = str | int | float | date | None

# by_outcome's codes: the outcomes, and refusal (a state) counted beside them.
RESULTS: dict[str, Words] = {**OUTCOMES, NOT_ACCEPTED: STATES[NOT_ACCEPTED]}
REPORT_LANG: Lang = "zh"  # the city office's files are in Chinese unless asked otherwise

SHEET_TITLE_LIMIT = 31  # Excel's limit
_SHEET_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")
_WIDTH_MIN, _WIDTH_MAX = 8, 60
# A cell a spreadsheet would read as a formula: text from the public must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def label(table: Mapping[str, Words], code: str | None, lang: Lang = REPORT_LANG) -> str | None:
    """A code's words; the code itself when unknown (old data); None for no code."""
    return None if code is None else term(table, code, lang)


def kind_label(code: str, lang: Lang = REPORT_LANG) -> str:
    return term(KIND_WORDS, code, lang)


def category_label(code: str, lang: Lang = REPORT_LANG) -> str:
    return categories.label(code, lang) if categories.is_known(code) else code


def district_label(district: str, lang: Lang = REPORT_LANG) -> str:
    """A district as a report names it; the tickets no district has yet in words."""
    return say(UNASSIGNED_WORDS, lang) if district == UNASSIGNED else district


def result_label(facts: TicketFacts, lang: Lang = REPORT_LANG) -> str | None:
    """How one ticket ended: a merged complaint is a duplicate complaint."""
    result = facts.result()
    words = outcome_words(result, facts.kind) if result in OUTCOMES else None
    return say(words, lang) if words else label(RESULTS, result, lang)


@dataclass(frozen=True)
class Column:
    key: str  # its header in TICKET_COLUMNS
    value: Callable[[TicketFacts, Lang], Value]


TICKET_TABLE: tuple[Column, ...] = (
    Column("number", lambda f, lang: f.number),
    Column("kind", lambda f, lang: kind_label(f.kind, lang)),
    Column("category", lambda f, lang: category_label(f.category, lang)),
    Column("district", lambda f, lang: district_label(f.district or UNASSIGNED, lang)),
    Column("state", lambda f, lang: label(STATES, f.state, lang)),
    Column("result", result_label),
    Column("destination", lambda f, lang: label(DESTINATIONS, f.destination, lang)),
    Column("received", lambda f, lang: f.received_on),
    Column("due", lambda f, lang: f.reply_due_on),
    Column("answered", lambda f, lang: f.first_response_on),
    Column("closed", lambda f, lang: f.closed_on),
)


def ticket_headers(lang: Lang = REPORT_LANG) -> tuple[str, ...]:
    return tuple(say(TICKET_COLUMNS[column.key], lang) for column in TICKET_TABLE)


TICKET_HEADERS = ticket_headers()


def ticket_row(facts: TicketFacts, lang: Lang = REPORT_LANG) -> list[Value]:
    """One ticket under ticket_headers(lang): codes as words, no identity, no free text."""
    return [column.value(facts, lang) for column in TICKET_TABLE]


def sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: no []:*?/\\ and at most 31 characters."""
    return name.translate(_SHEET_FORBIDDEN)[:SHEET_TITLE_LIMIT] or "Sheet"


def fill_sheet(sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Value]]) -> None:
    """Headers in bold on a frozen first row, the rows under them, columns as wide as needed."""
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_sheet_cell(value) for value in row])
    widths: dict[int, int] = {}
    for line in sheet.iter_rows():
        for index, cell in enumerate(line, start=1):
            if cell.data_type == "f":
                cell.data_type = "s"  # openpyxl reads "=…" as a formula; it is the public's text
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            widths[index] = max(widths.get(index, 0), _display_width(cell.value))
    for index, width in widths.items():
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(width + 2, _WIDTH_MIN), _WIDTH_MAX)
    sheet.freeze_panes = "A2"


def _sheet_cell(value: Value) -> Value:
    """Control characters (a reporter can type them) are not allowed in a workbook: openpyxl
    refuses the whole file for one; they are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Value]]) -> None:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows([_csv_cell(value) for value in row] for row in rows)


def _csv_cell(value: Value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # the usual guard against a formula in a CSV cell
    return value


def _display_width(value: object) -> int:
    if value is None:
        return 0
    text = value.isoformat() if isinstance(value, date) else str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)
