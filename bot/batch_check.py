"""Checking a list at once: a .csv or .xlsx in, the same file with each row's verdict added.

The columns added are data-format.md's: level, headline, match_id, match_name, match_kind,
reasons, as_of; each row's level is exactly what `check` gives for it. A row is one subject: its
`query` cell, or its `name`, `phone` and `website` cells read together (so a name with another
firm's phone is the clone case), or else its first cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zipfile import BadZipFile

import openpyxl
import sqlite_utils
from openpyxl.utils.exceptions import InvalidFileException

from bot.check import check
from bot.errors import Refusal
from bot.query_words import HEADERS
from bot.verdict import Verdict
from bot.words import Lang, say
from bot.words import batch as words
from bot.words.verdict import VIEW_WORDS

ADDED = ("level", "headline", "match_id", "match_name", "match_kind", "reasons", "as_of")
MAX_ROWS = 100_000
MAX_BYTES = 50_000_000  # far above 100,000 rows of names; a bigger file is refused unread
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a cell a spreadsheet would run


class ListUnreadable(Refusal):
    words = words.UNREADABLE


class NotAList(Refusal):
    words = words.NOT_A_LIST


class ListEmpty(Refusal):
    words = words.EMPTY


class ListTooLong(Refusal):
    words = words.TOO_MANY


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


def checked_path(path: Path) -> Path:
    """Where the results go by default: list.csv → list.checked.csv."""
    return path.with_name(f"{path.stem}.checked{path.suffix}")


def check_file(
    db: sqlite_utils.Database,
    path: Path,
    out: Path | None = None,
    *,
    today: date,
    lang: Lang = "zh",
    progress: Callable[[int, int], None] | None = None,
    max_rows: int = MAX_ROWS,
) -> tuple[Path, int]:
    """Check every row of `path` and write the results to `out`; (where, how many rows)."""
    table = read_table(path, max_rows)
    subject = _subject_of(table.header)
    added: list[list[str]] = []
    for done, row in enumerate(table.rows, 1):
        added.append(_columns(check(db, subject(row), today=today), lang))
        if progress is not None and (done % 100 == 0 or done == len(table.rows)):
            progress(done, len(table.rows))
    target = out or checked_path(path)
    result = Table(
        table.header + list(ADDED), [r + a for r, a in zip(table.rows, added, strict=True)]
    )
    write_table(target, result)
    return target, len(table.rows)


def read_table(path: Path, max_rows: int = MAX_ROWS) -> Table:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise NotAList(file=path.name)
    if path.stat().st_size > MAX_BYTES:
        raise ListTooLong(file=path.name, rows=f"> {MAX_ROWS:,}", limit=MAX_ROWS)
    try:
        rows = list(_xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path))
    except (OSError, ValueError, KeyError, csv.Error, InvalidFileException, BadZipFile) as error:
        raise ListUnreadable(file=path.name, why=str(error) or type(error).__name__) from error
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise ListEmpty(file=path.name)
    if len(rows) - 1 > max_rows:
        raise ListTooLong(file=path.name, rows=len(rows) - 1, limit=max_rows)
    width = max(len(row) for row in rows)
    header = [cell.strip() or f"column{n + 1}" for n, cell in enumerate(_padded(rows[0], width))]
    return Table(header, [_padded(row, width) for row in rows[1:]])


def _padded(row: list[str], width: int) -> list[str]:
    return row + [""] * (width - len(row))


def _csv_rows(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("not UTF-8 or GB18030 text")
    yield from csv.reader(io.StringIO(text, newline=""))


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else str(v) for v in values]
    finally:
        book.close()


def _subject_of(header: list[str]) -> Callable[[list[str]], str]:
    """How a row becomes one query: its `query` cell, else name/phone/website together."""
    named = {HEADERS.get(h.strip().lower()): n for n, h in enumerate(header)}
    if "query" in named:
        at = named["query"]
        return lambda row: row[at]
    parts = [named[k] for k in ("name", "phone", "website") if k in named]
    if parts:
        return lambda row: " ".join(row[n].strip() for n in parts if row[n].strip())
    return lambda row: row[0]


def _columns(verdict: Verdict, lang: Lang) -> list[str]:
    match = verdict.match
    return [
        verdict.level,
        verdict.headline(lang),
        match.id if match else "",
        match.name if match else "",
        verdict.match_kind or "",
        say(VIEW_WORDS["list_sep"], lang).join(r.text(lang) for r in verdict.reasons),
        verdict.as_of,
    ]


def write_table(path: Path, table: Table) -> None:
    rows = [table.header, *table.rows]
    safe = [[inert(cell) for cell in row] for row in rows]
    temporary = path.with_name(f".{path.name}.part")
    if path.suffix.lower() == ".xlsx":
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in safe:
            sheet.append(row)
        book.save(temporary)
    else:
        with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(safe)
    temporary.replace(path)  # a reader never sees half a file


def inert(cell: str) -> str:
    """A cell as text a spreadsheet shows and never runs (=HYPERLINK(…) stays words)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell
