"""Reading a registry bundle (folder, .zip or .xlsx) into raw rows, whatever its container.

Validation is not done here: this module only turns files into (line number, row) pairs. Rows
are read lazily, a line at a time, and every byte read counts against `ReadLimits`: sizes in a
zip's header are the sender's claim, so decompressed bytes are counted as they come.
"""

from __future__ import annotations

import csv
import json
import lzma
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from bot.errors import BundleUnreadable
from bot.registry.limits import DEFAULT_LIMITS, MiB, ReadLimits
from bot.registry.refusals import (
    AgenciesMissing,
    BundleAmbiguous,
    BundleMissing,
    BundleTooLarge,
    BundleWrongKind,
    CsvMalformed,
    FileDamaged,
    MemberCompression,
    MemberEncrypted,
    MetaNotJson,
    MetaNotObject,
    NotUtf8,
    WorkbookUnreadable,
    ZipUnreadable,
)
from bot.words import Words
from bot.words import registry as words
from bot.words.registry import filled

TABLES = ("agencies", "practitioners", "listings", "sanctions")
_MAX_META_BYTES = 64 * 1024
_CHUNK = 64 * 1024

Rows = Iterable[tuple[int, dict[str, str]]]


@dataclass
class RawTable:
    """One table of the bundle: where it came from, its header and its rows (maybe lazy)."""

    file: str
    header: list[str]
    rows: Rows
    size: int = 0  # bytes to read, for progress; 0 when unknown
    consumed: Callable[[], int] = lambda: 0  # bytes read so far, for progress


@dataclass
class RawBundle:
    tables: dict[str, RawTable] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""


@contextmanager
def open_bundle(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Iterator[RawBundle]:
    """A bundle whose tables' rows are read lazily while the context is open."""
    with ExitStack() as stack:
        budget = _Budget(limits)
        if path.is_dir():
            bundle = _open_folder(path, budget, stack)
        elif path.suffix.lower() == ".zip" and path.is_file():
            bundle = _open_zip(path, budget, stack)
        elif path.suffix.lower() == ".xlsx" and path.is_file():
            bundle = _open_workbook(path, budget, stack)
        elif not path.exists():
            raise BundleMissing(path=str(path))
        else:
            raise BundleWrongKind(path=str(path))
        if "agencies" not in bundle.tables:
            raise AgenciesMissing(path=str(path))
        bundle.origin = str(path)
        yield bundle


def read_bundle(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> RawBundle:
    """The whole bundle in memory: for small bundles and tests (imports stream instead)."""
    with open_bundle(path, limits) as bundle:
        for table in bundle.tables.values():
            table.rows = list(table.rows)
        return bundle


# --- limits --------------------------------------------------------------------------------------


class _Budget:
    """Counts the bytes read from the whole bundle against the limits."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.total = 0

    def spend(self, where: str, amount: int) -> None:
        self.total += amount
        if self.total > self.limits.max_total_bytes:
            raise _too_large(where, words.OVER_TOTAL_SIZE, self.limits.max_total_bytes)


class _Source:
    """A zip file's bytes, counted as zipfile reads them: the compressed side of the ratio."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.consumed += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def seekable(self) -> bool:
        return True


class _Counted:
    """A file read through a counter: refuses it once it inflates past the limits.

    The ratio compares bytes out with compressed bytes read so far (not the header's sizes), so
    a bomb is stopped after its first few hundred KiB whatever its header says.
    """

    def __init__(self, raw: IO[bytes], name: str, source: _Source | None, budget: _Budget) -> None:
        self.raw, self.name, self.source, self.budget = raw, name, source, budget
        self.read_so_far = 0
        self.compressed = 0

    def _count(self, data: bytes, before: int) -> bytes:
        self.read_so_far += len(data)
        self.budget.spend(self.name, len(data))
        if self.source is None:  # a plain file: nothing inflates
            return data
        self.compressed += self.source.consumed - before
        limits = self.budget.limits
        if (
            self.read_so_far > limits.ratio_floor_bytes
            and self.read_so_far > limits.max_ratio * max(self.compressed, 1)
        ):
            ratio = f"{limits.max_ratio:g}:1"
            raise BundleTooLarge(
                where=self.name, what=filled(words.OVER_RATIO, ratio=ratio), limit=ratio
            )
        return data

    def _consumed(self) -> int:
        return self.source.consumed if self.source is not None else 0

    def readline(self, size: int = -1) -> bytes:
        before = self._consumed()
        try:  # as `_plain_errors`, without a context manager for each of a million lines
            data = self.raw.readline(size)
        except _DAMAGED as error:
            raise FileDamaged(file=self.name, error=str(error)) from None
        return self._count(data, before)

    def read(self, size: int = -1) -> bytes:
        before = self._consumed()
        with _plain_errors(self.name):
            return self._count(self.raw.read(size), before)


_DAMAGED = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
    lzma.LZMAError, MemoryError,
)  # fmt: skip


@contextmanager
def _plain_errors(name: str) -> Iterator[None]:
    """A damaged member (bad CRC, truncated deflate data) fails mid-read: say so plainly."""
    try:
        yield
    except _DAMAGED as error:
        raise FileDamaged(file=name, error=str(error)) from None


def _too_large(where: str, what: Words, limit: int) -> BundleTooLarge:
    shown = f"{limit / MiB:g} MiB" if limit >= MiB else f"{limit} B"
    return BundleTooLarge(where=where, what=what, limit=shown)


# --- containers ----------------------------------------------------------------------------------


def _pick(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Bundle file name (lower case) -> path, refusing two paths that claim the same name."""
    found: dict[str, str] = {}
    for key, where in names:
        if key in found:
            raise BundleAmbiguous(first=found[key], second=where, table=key)
        found[key] = where
    return found


def _wanted(name: str) -> str | None:
    lowered = name.lower()
    if lowered == "meta.json" or (lowered.endswith(".csv") and lowered[:-4] in TABLES):
        return lowered
    if lowered.endswith(".xlsx"):
        return "*.xlsx"
    return None


def _refuse_mixture(found: dict[str, str]) -> None:
    """A workbook beside CSV files leaves open which one is the registry."""
    if "*.xlsx" in found:
        tables = [key for key in found if key.endswith(".csv")]
        if tables:
            raise BundleAmbiguous(first=found[tables[0]], second=found["*.xlsx"], table="agencies")


def _open_folder(path: Path, budget: _Budget, stack: ExitStack) -> RawBundle:
    files = [p for p in sorted(path.iterdir()) if p.is_file()]
    found = _pick((key, p.name) for p in files if (key := _wanted(p.name)))
    _refuse_mixture(found)
    bundle = RawBundle()
    for table in TABLES:
        name = found.get(f"{table}.csv")
        if name is not None:
            file = path / name
            stream = stack.enter_context(file.open("rb"))
            counted = _Counted(stream, name, None, budget)
            bundle.tables[table] = _csv_table(
                f"{table}.csv", counted, budget.limits, file.stat().st_size
            )
    if "meta.json" in found:
        with (path / found["meta.json"]).open("rb") as meta:
            bundle.meta = _parse_meta(meta.read(_MAX_META_BYTES + 1))
    return bundle


def _open_zip(path: Path, budget: _Budget, stack: ExitStack) -> RawBundle:
    archive, source = _zip(path, budget.limits, stack)
    members = {
        info.filename: info
        for info in archive.infolist()
        if not info.is_dir() and "__MACOSX" not in info.filename
    }
    # A zip of a folder holds its files one level down; either layout is accepted.
    found = _pick((key, name) for name in members if (key := _wanted(PurePosixPath(name).name)))
    _refuse_mixture(found)
    _refuse_claimed_size(members.values(), budget.limits)
    bundle = RawBundle()
    for table in TABLES:
        name = found.get(f"{table}.csv")
        if name is not None:
            info = members[name]
            stream = stack.enter_context(archive.open(info))
            counted = _Counted(stream, name, source, budget)
            bundle.tables[table] = _csv_table(
                f"{table}.csv", counted, budget.limits, info.file_size
            )
    if "meta.json" in found:
        info = members[found["meta.json"]]
        with archive.open(info) as raw:
            data = _Counted(raw, info.filename, source, budget).read(_MAX_META_BYTES + 1)
        bundle.meta = _parse_meta(data)
    return bundle


def _zip(path: Path, limits: ReadLimits, stack: ExitStack) -> tuple[zipfile.ZipFile, _Source]:
    source = _Source(stack.enter_context(path.open("rb")))
    try:
        archive = stack.enter_context(zipfile.ZipFile(source))  # type: ignore[arg-type,unused-ignore]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ZipUnreadable(path=str(path), error=str(error)) from None
    infos = archive.infolist()
    count = len(infos)
    if count > limits.max_members:
        raise BundleTooLarge(
            where=path.name,
            what=filled(words.OVER_MEMBERS, count=count),
            limit=str(limits.max_members),
        )
    _refuse_unsafe_members(path, infos)
    return archive, source


# Stored and deflate only: zipfile inflates bzip2 and lzma in one read with no cap on the output
# (a 3 KB member made 4 GB before a byte could be counted), and deflate64 or AES it cannot read.
_PLAIN_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _refuse_unsafe_members(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise MemberEncrypted(archive=path.name, member=info.filename)
        if info.compress_type not in _PLAIN_METHODS:
            raise MemberCompression(
                archive=path.name, member=info.filename, method=info.compress_type
            )
        if info.filename in seen:  # two members of one name: which one is the registry?
            raise BundleAmbiguous(first=info.filename, second=info.filename, table=info.filename)
        seen.add(info.filename)


def _refuse_claimed_size(members: Iterable[zipfile.ZipInfo], limits: ReadLimits) -> None:
    """Refuse early what the header already admits to; the counter catches what it hides."""
    claimed = sum(info.file_size for info in members)
    if claimed > limits.max_total_bytes:
        raise _too_large("zip", words.OVER_TOTAL_SIZE, limits.max_total_bytes)


def _parse_meta(data: bytes) -> dict[str, Any]:
    if len(data) > _MAX_META_BYTES:
        raise _too_large("meta.json", words.OVER_FILE_SIZE, _MAX_META_BYTES)
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # ValueError: 5000 digits
        raise MetaNotJson(error=str(error)) from None
    if not isinstance(meta, dict):
        raise MetaNotObject()
    return meta


# --- CSV -----------------------------------------------------------------------------------------


def _csv_table(file: str, stream: _Counted, limits: ReadLimits, size: int) -> RawTable:
    lines = _lines(file, stream, limits)
    reader = csv.reader(lines)
    try:
        first = next(reader, None)
    except csv.Error as error:
        raise CsvMalformed(where=f"{file}:1", error=str(error)) from None
    header = _header(file, [h.strip() for h in first] if first else [], limits)
    rows = _csv_rows(file, reader, header, limits)
    return RawTable(file, header, rows, size, lambda: stream.read_so_far)


def _lines(file: str, stream: _Counted, limits: ReadLimits) -> Iterator[str]:
    """Physical lines, decoded; a line longer than the limit is refused before it is kept."""
    number = 0
    while True:
        data = stream.readline(limits.max_line_bytes + 1)
        if not data:
            return
        number += 1
        if len(data) > limits.max_line_bytes:
            raise _too_large(f"{file}:{number}", words.OVER_LINE_LENGTH, limits.max_line_bytes)
        if number > limits.max_rows:
            raise _too_many_rows(file, limits)
        try:
            # Excel writes a BOM; accept it. UTF-8 never splits a character across a newline.
            yield data.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise NotUtf8(where=f"{file}:{number}", error=str(error)) from None


def _csv_rows(
    file: str, reader: Any, header: list[str], limits: ReadLimits
) -> Iterator[tuple[int, dict[str, str]]]:
    line = 1
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            yield start, _row(file, start, record, header, limits)
    except csv.Error as error:
        raise CsvMalformed(where=f"{file}:{line + 1}", error=str(error)) from None


def _row(
    file: str, line: int, cells: list[str], header: list[str], limits: ReadLimits
) -> dict[str, str]:
    if len(cells) > limits.max_columns:
        raise BundleTooLarge(
            where=f"{file}:{line}",
            what=filled(words.OVER_CELLS, count=len(cells)),
            limit=str(limits.max_columns),
        )
    # A character is at most four bytes: only a long cell needs encoding to be measured.
    if cells and max(map(len, cells)) * 4 > limits.max_cell_bytes:
        for cell in cells:
            if len(cell) * 4 > limits.max_cell_bytes and len(cell.encode()) > limits.max_cell_bytes:
                raise _too_large(f"{file}:{line}", words.OVER_CELL_SIZE, limits.max_cell_bytes)
    missing = len(header) - len(cells)
    # Cells past the header are counted, not kept; missing ones read as empty.
    row = dict(zip(header, [*cells, *[""] * missing] if missing > 0 else cells, strict=False))
    if missing < 0:
        row["__extra__"] = str(-missing)
    return row


# --- workbooks -----------------------------------------------------------------------------------


def _open_workbook(path: Path, budget: _Budget, stack: ExitStack) -> RawBundle:
    _scan_workbook(path, budget)
    import openpyxl  # imported here: only workbook imports pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken file
        raise _unreadable_workbook(path, error) from None
    stack.callback(book.close)
    bundle = RawBundle()
    titles = _pick(
        (sheet.title.strip().lower().removesuffix(".csv"), sheet.title) for sheet in book.worksheets
    )
    for name, title in titles.items():
        sheet = book[title]
        cells = _guarded(path, sheet.iter_rows(values_only=True))
        if name in TABLES:
            bundle.tables[name] = _sheet_table(f"{name} (xlsx)", cells, budget.limits, 0)
        elif name == "meta":
            bundle.meta = {
                str(row[0]).strip(): _cell_text(row[1])
                for _, row in zip(range(100), cells, strict=False)
                if row and row[0] is not None and len(row) > 1
            }
    return bundle


def _scan_workbook(path: Path, budget: _Budget) -> None:
    """Inflate every part once through the counter before openpyxl trusts any of it."""
    with ExitStack() as stack:
        archive, source = _zip(path, budget.limits, stack)
        members = [info for info in archive.infolist() if not info.is_dir()]
        _refuse_claimed_size(members, budget.limits)
        for info in members:
            with archive.open(info) as raw:
                counted = _Counted(raw, f"{path.name}:{info.filename}", source, budget)
                while counted.read(_CHUNK):
                    pass


def _guarded(path: Path, cells: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Sheet rows, with whatever a broken workbook makes openpyxl or expat raise made plain."""
    try:
        yield from cells
    except BundleUnreadable:
        raise
    except Exception as error:  # a malformed sheet fails mid-read, in any of many types
        raise _unreadable_workbook(path, error) from None


def _unreadable_workbook(path: Path, error: Exception) -> BundleUnreadable:
    reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    return WorkbookUnreadable(file=path.name, error=reason)


def _sheet_table(
    file: str, cells: Iterator[tuple[Any, ...]], limits: ReadLimits, size: int
) -> RawTable:
    header_cells = next(cells, None)
    if header_cells is None:
        return RawTable(file, [], iter(()), size)
    header = _header(file, [_cell_text(h).strip() for h in header_cells], limits)
    return RawTable(file, header, _sheet_rows(file, cells, header, limits), size)


def _header(file: str, header: list[str], limits: ReadLimits) -> list[str]:
    """A header of a sane width: each row becomes a dict keyed by it."""
    while header and not header[-1]:
        header.pop()  # a spreadsheet's trailing empty columns
    if len(header) > limits.max_columns:
        raise BundleTooLarge(
            where=file,
            what=filled(words.OVER_COLUMNS, count=len(header)),
            limit=str(limits.max_columns),
        )
    return header


def _sheet_rows(
    file: str, cells: Iterator[tuple[Any, ...]], header: list[str], limits: ReadLimits
) -> Iterator[tuple[int, dict[str, str]]]:
    for line, values in enumerate(cells, start=2):
        if line > limits.max_rows:
            raise _too_many_rows(file, limits)
        texts = [_cell_text(v) for v in values]
        if not any(t.strip() for t in texts):
            continue
        yield line, _row(file, line, texts, header, limits)


def _too_many_rows(file: str, limits: ReadLimits) -> BundleTooLarge:
    return BundleTooLarge(
        where=file,
        what=filled(words.OVER_ROWS, limit=limits.max_rows),
        limit=str(limits.max_rows),
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
