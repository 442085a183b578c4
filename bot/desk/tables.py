"""Tickets as rows: the columns shared by the report's 工单明细 sheet and the queue export, the
labels staff read for each code, and how a sheet or a CSV file is laid out."""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.desk.notices import KIND_WORDS
from bot.desk.stats import NOT_ACCEPTED, UNASSIGNED, TicketFacts
from bot.desk.vocabulary import DESTINATIONS, OUTCOMES, STATES
from bot.reports import categories

Value = str | int | float | date | None

# by_outcome's codes: the outcomes, and refusal (a state) counted beside them.
RESULTS: dict[str, tuple[str, str]] = {**OUTCOMES, NOT_ACCEPTED: STATES[NOT_ACCEPTED]}

SHEET_TITLE_LIMIT = 31  # Excel's limit
_SHEET_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")
_WIDTH_MIN, _WIDTH_MAX = 8, 60
# A cell a spreadsheet would read as a formula: text from the public must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def label(table: dict[str, tuple[str, str]], code: str | None) -> str | None:
    """A code's Chinese label; the code itself when unknown (old data); None for no code."""
    return None if code is None else table.get(code, (code, code))[0]


def kind_label(code: str) -> str:
    return label(KIND_WORDS, code) or code


def category_label(code: str) -> str:
    return categories.label(code, "zh") if categories.is_known(code) else code


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[TicketFacts], Value]


TICKET_COLUMNS: tuple[Column, ...] = (
    Column("工单编号", lambda f: f.number),
    Column("类型", lambda f: kind_label(f.kind)),
    Column("违法类别", lambda f: category_label(f.category)),
    Column("所属区", lambda f: f.district or UNASSIGNED),
    Column("状态", lambda f: label(STATES, f.state)),
    Column("办理结果", lambda f: label(RESULTS, f.result())),
    Column("移送去向", lambda f: label(DESTINATIONS, f.destination)),
    Column("收到日期", lambda f: f.received_on),
    Column("答复期限", lambda f: f.reply_due_on),
    Column("首次答复日期", lambda f: f.first_response_on),
    Column("办结日期", lambda f: f.closed_on),
)
TICKET_HEADERS = tuple(column.header for column in TICKET_COLUMNS)


def ticket_row(facts: TicketFacts) -> list[Value]:
    """One ticket under TICKET_HEADERS: codes as labels, no identity, no free text."""
    return [column.value(facts) for column in TICKET_COLUMNS]


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
