"""Reading a registry bundle (folder, .zip or .xlsx) into raw rows, whatever its container.

Validation is not done here: this module only turns files into (line number, row) pairs.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from bot.errors import BundleUnreadable

TABLES = ("agencies", "practitioners", "listings", "sanctions")


@dataclass
class RawTable:
    """One table of the bundle: where it came from, its header and its rows."""

    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


@dataclass
class RawBundle:
    tables: dict[str, RawTable] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""


def read_bundle(path: Path) -> RawBundle:
    """Read a bundle from a folder, a .zip of one, or an .xlsx workbook."""
    if path.is_dir():
        bundle = _read_files({p.name: p.read_bytes for p in path.iterdir() if p.is_file()})
    elif path.suffix.lower() == ".zip" and path.is_file():
        bundle = _read_zip(path)
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        bundle = _read_workbook(path)
    elif not path.exists():
        raise BundleUnreadable(f"找不到数据包 / no such bundle: {path}")
    else:
        raise BundleUnreadable(
            f"数据包应为文件夹、.zip 或 .xlsx / a bundle is a folder, a .zip or an .xlsx: {path}"
        )
    if "agencies" not in bundle.tables:
        raise BundleUnreadable(
            f"数据包缺少 agencies.csv（或工作表 agencies） / agencies.csv is missing: {path}"
        )
    bundle.origin = str(path)
    return bundle


def _read_zip(path: Path) -> RawBundle:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise BundleUnreadable(
            f"无法读取 zip 文件 / not a readable zip: {path} ({error})"
        ) from None
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/") and "__MACOSX" not in n]
        # A zip of a folder holds its files one level down; either layout is accepted.
        files = {PurePosixPath(n).name: (lambda n=n: archive.read(n)) for n in names}
        return _read_files(files)


def _read_files(files: dict[str, Any]) -> RawBundle:
    bundle = RawBundle()
    for table in TABLES:
        reader = files.get(f"{table}.csv")
        if reader is not None:
            bundle.tables[table] = _parse_csv(f"{table}.csv", reader())
    if "meta.json" in files:
        bundle.meta = _parse_meta(files["meta.json"]())
    return bundle


def _parse_meta(data: bytes) -> dict[str, Any]:
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BundleUnreadable(
            f"meta.json 不是有效的 JSON / meta.json is not JSON: {error}"
        ) from None
    if not isinstance(meta, dict):
        raise BundleUnreadable("meta.json 应为一个对象 / meta.json must hold an object")
    return meta


def _parse_csv(file: str, data: bytes) -> RawTable:
    try:
        text = data.decode("utf-8-sig")  # Excel writes a BOM; accept it
    except UnicodeDecodeError as error:
        raise BundleUnreadable(
            f"{file} 不是 UTF-8 编码（请另存为“CSV UTF-8”） / {file} is not UTF-8: {error}"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return RawTable(file, [], [])
    rows: list[tuple[int, dict[str, str]]] = []
    line = 1
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            row = {name: (record[i] if i < len(record) else "") for i, name in enumerate(header)}
            if len(record) > len(header):
                row["__extra__"] = str(len(record) - len(header))
            rows.append((start, row))
    except csv.Error as error:
        raise BundleUnreadable(
            f"{file}:{line + 1}: CSV 格式错误 / malformed CSV: {error}"
        ) from None
    return RawTable(file, header, rows)


def _read_workbook(path: Path) -> RawBundle:
    import openpyxl  # imported here: only workbook imports pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken file
        raise BundleUnreadable(f"无法读取工作簿 / not a readable .xlsx: {path} ({error})") from None
    bundle = RawBundle()
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().removesuffix(".csv")
            cells = sheet.iter_rows(values_only=True)
            if name in TABLES:
                bundle.tables[name] = _sheet_table(f"{name} (xlsx)", cells)
            elif name == "meta":
                bundle.meta = {
                    str(row[0]).strip(): _cell_text(row[1])
                    for row in cells
                    if row and row[0] is not None and len(row) > 1
                }
    finally:
        book.close()
    return bundle


def _sheet_table(file: str, cells: Iterator[tuple[Any, ...]]) -> RawTable:
    header_cells = next(cells, None)
    if header_cells is None:
        return RawTable(file, [], [])
    header = [_cell_text(h).strip() for h in header_cells]
    rows = []
    for line, values in enumerate(cells, start=2):
        texts = [_cell_text(v) for v in values]
        if not any(t.strip() for t in texts):
            continue
        rows.append(
            (line, {name: texts[i] if i < len(texts) else "" for i, name in enumerate(header)})
        )
    return RawTable(file, header, rows)


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
