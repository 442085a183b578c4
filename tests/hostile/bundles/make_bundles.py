"""Hostile registry bundles, built at test time (no zip bomb or workbook is committed).

Each `Case` builds one bundle in a folder and says what the importer must do with it: refuse it
with an error of a given type whose text names something, or import it with its cells cleaned.
Every bundle also holds the two legitimate agencies of `LEGIT`, so a refusal is never just the
shrink guard at work.

    .venv/bin/python -m tests.hostile.bundles.make_bundles OUT   # every case into OUT/<name>
"""

from __future__ import annotations

import csv
import io
import sys
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from stdnum.cn import uscc as stdnum_uscc

from bot.errors import BundleInvalid, BundleUnreadable
from bot.registry.limits import DEFAULT_LIMITS, MiB, ReadLimits
from bot.registry.refusals import BundleAmbiguous, BundleEmpty, BundleTooLarge
from tests.bundles import AGENCY_HEADER, USCC_A, USCC_B, agency, write_bundle

LEGIT = [
    agency(),
    agency(uscc=USCC_B, name="上海松石示例专利代理事务所（普通合伙）", kind="patent",
           patent_agency_code="31002", phones="13800138000", websites="", district="徐汇"),
]  # fmt: skip


def uscc(serial: int) -> str:
    """A valid USCC for test rows: a Shanghai prefix, a serial and its check character."""
    body = f"91310115MA{serial:07d}"
    return body + stdnum_uscc.calc_check_digit(body)


def hostile(**fields: Any) -> dict[str, Any]:
    """An agency row beside the legitimate ones, with its own USCC unless given."""
    serial = fields.pop("serial", 1)
    return agency(
        **{"uscc": uscc(serial), "name": f"上海示例新设{serial}号知识产权代理有限公司", **fields}
    )


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]
    refused: type[Exception] | None  # None: the bundle imports, cleaned
    says: tuple[str, ...] = ()  # what the refusal must name
    limits: ReadLimits = DEFAULT_LIMITS


def _rows(*rows: dict[str, Any], **tables: Any) -> Callable[[Path], Path]:
    return lambda folder: write_bundle(folder, [*LEGIT, *rows], **tables)


def _csv_bytes(header: list[str], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _zip(files: dict[str, bytes], level: int = 9) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bundle.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        return path

    return build


def _member(
    name: str,
    data: bytes,
    *,
    method: int = zipfile.ZIP_DEFLATED,
    flags: int = 0,
    twice: bool = False,
) -> Callable[[Path], Path]:
    """A zip whose agencies.csv is stored with another method, flagged encrypted, or twice."""

    def build(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bundle.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for _ in range(2 if twice else 1):
                info = zipfile.ZipInfo(name)
                info.compress_type = method
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # "Duplicate name": the point of the case
                    archive.writestr(info, data)
        if flags:  # zipfile clears flag bits when it writes: set them in both headers after
            raw = bytearray(path.read_bytes())
            for signature, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
                start = raw.find(signature)
                raw[start + at] |= flags
            path.write_bytes(bytes(raw))
        return path

    return build


def _meta_bytes(raw: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        write_bundle(folder, LEGIT)
        (folder / "meta.json").write_bytes(raw)
        return folder

    return build


def _blank_line_bomb(folder: Path) -> Path:
    """A header, then 64 MiB of blank lines (~1000:1 deflated): no rows, only bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bundle.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("bundle/agencies.csv", "w", force_zip64=True) as member,
    ):
        member.write(",".join(AGENCY_HEADER).encode() + b"\n")
        block = b"\n" * MiB
        for _ in range(64):
            member.write(block)
    return path


def _corrupt_member(folder: Path) -> Path:
    """A zip whose agencies.csv fails its CRC check (a flipped byte inside the deflate data)."""
    path = _zip({"agencies.csv": _csv_bytes(AGENCY_HEADER, LEGIT * 50)}, level=0)(folder)
    data = bytearray(path.read_bytes())
    middle = data.index(b"\n") + 40
    data[middle] ^= 0x20
    path.write_bytes(bytes(data))
    return path


def _workbook(sheets: dict[str, list[list[str]]]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        book = openpyxl.Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = folder / "bundle.xlsx"
        book.save(path)
        return path

    return build


def _agency_sheet() -> list[list[str]]:
    return [AGENCY_HEADER, *([str(row.get(c, "")) for c in AGENCY_HEADER] for row in LEGIT)]


def _malformed_xlsx(folder: Path) -> Path:
    """A workbook whose sheet XML is cut off mid-element: expat refuses it mid-read."""
    good = _workbook({"agencies": _agency_sheet()})(folder / "good")
    path = folder / "bundle.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2] + b"<row r=<<"
            target.writestr(info, data)
    return path


def _xlsx_bomb(folder: Path) -> Path:
    """A workbook with an extra part that inflates 64 MiB of spaces from a few KiB."""
    good = _workbook({"agencies": _agency_sheet()})(folder / "good")
    path = folder / "bundle.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        with out.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(64):
                member.write(b" " * MiB)
    return path


def _xlsx_beside_csv(folder: Path) -> Path:
    write_bundle(folder, LEGIT)
    _workbook({"agencies": _agency_sheet()})(folder)
    return folder


def _folder_case_twins(folder: Path) -> Path:
    write_bundle(folder, LEGIT)
    (folder / "AGENCIES.CSV").write_bytes(_csv_bytes(AGENCY_HEADER, LEGIT[:1]))
    return folder


def _twice_status(folder: Path) -> Path:
    """A second `status` column: a reader taking the last would call a revoked firm active."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{**row, "status": "revoked"} for row in LEGIT]
    text = _csv_bytes(AGENCY_HEADER, rows).decode().splitlines()
    lines = [text[0] + ",status", *(line + ",active" for line in text[1:])]
    (folder / "agencies.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _header_only(folder: Path) -> Path:
    return write_bundle(folder, [])


def _blank_lines_only(folder: Path) -> Path:
    write_bundle(folder, [])
    with (folder / "agencies.csv").open("a", encoding="utf-8") as f:
        f.write("\n" * 50 + ",,,\n" * 50)
    return folder


def _not_utf8(folder: Path) -> Path:
    write_bundle(folder, LEGIT)
    with (folder / "agencies.csv").open("ab") as f:
        f.write(f"{uscc(1)},".encode() + "上海示例".encode("gbk") + b",,both,,,active\n")
    return folder


def _long_line(folder: Path) -> Path:
    return write_bundle(folder, [*LEGIT, hostile(address="长" * 2000)])


_SCRIPT_SITES = [
    "javascript:alert(1)//qinghe.example",
    "JavaScript://qinghe.example/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://qinghe.example/",
    'qinghe.example/"onmouseover=alert(1)',
    "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "java\tscript:alert(1)",
]
_NOT_NUMBERS = ["inf", "-inf", "nan", "NaN", "Infinity", "1e309", "1e3", "1_0", "+1", "0x10",
                "1,000", "٣", " 1 2", "1.", ".5"]  # fmt: skip
_NOT_DISTRICTS = ["../../../../tmp/x", "javascript:alert(1)//", "徐家汇", "浦西", "上海市", "黄埔"]


def _sanction(**fields: Any) -> dict[str, Any]:
    return {"subject_id": USCC_A, "decided_on": "2026-01-01", "sanction": "fine", **fields}


CASES: list[Case] = [
    Case("control_character_in_name", _rows(hostile(name="上海\x07示例\x00代理有限公司")),
         BundleInvalid, ("agencies.csv:4", "control characters")),
    Case("script_websites",
         _rows(*(hostile(serial=i, websites=site) for i, site in enumerate(_SCRIPT_SITES, 1))),
         BundleInvalid, tuple(f"agencies.csv:{i + 4}" for i in range(len(_SCRIPT_SITES)))),
    Case("credit_scores_that_are_not_plain_numbers",
         _rows(*(hostile(serial=i, credit_score=n) for i, n in enumerate(_NOT_NUMBERS, 1))),
         BundleInvalid, tuple(f"agencies.csv:{i + 4}" for i in range(len(_NOT_NUMBERS)))),
    Case("amounts_and_months_that_are_not_numbers",
         _rows(sanctions=[_sanction(amount_yuan="1e309"), _sanction(amount_yuan="nan"),
                          _sanction(suspend_months="6.5"), _sanction(suspend_months="1_2"),
                          _sanction(amount_yuan="-5"), _sanction(suspend_months="9999")]),
         BundleInvalid, tuple(f"sanctions.csv:{line}" for line in range(2, 8))),
    Case("shanghai_districts_not_in_the_list",
         _rows(*(hostile(serial=i, district=d) for i, d in enumerate(_NOT_DISTRICTS, 1))),
         BundleInvalid, ("agencies.csv:4", "agencies.csv:9", "黄浦 / 徐汇", "临港新片区")),
    Case("places_elsewhere_that_are_paths_or_links",
         _rows(*(hostile(serial=i, province="浙江省", city=c, district=d)
                 for i, (c, d) in enumerate([("舟山市", "../../../../tmp/x"),
                                             ("舟山市", "javascript:alert(1)//"),
                                             ("<b>杭州</b>", "西湖区"),
                                             ("杭州市", "..")], 1))),
         BundleInvalid, ("agencies.csv:4", "agencies.csv:5", "agencies.csv:6", "agencies.csv:7",
                         "not a place name")),
    Case("spreadsheet_formulas",
         _rows(hostile(serial=1, name='=HYPERLINK("http://evil.example","上海青禾")'),
               hostile(serial=2, address="@SUM(1+1)*cmd|' /C calc'!A0")),
         BundleInvalid, ("agencies.csv:4", "agencies.csv:5", "formula")),
    Case("identifiers_that_are_not_identifiers",
         _rows(hostile(serial=1, patent_agency_code="../../x"),
               hostile(serial=2, patent_agency_code="<b>31001</b>"),
               practitioners=[{"cert_no": "../../../etc", "name": "甲", "status": "practising"},
                              {"cert_no": "<img src=x>", "name": "乙", "status": "practising"},
                              {"cert_no": "javascript:1", "name": "丙", "status": "practising"}]),
         BundleInvalid, ("agencies.csv:4", "agencies.csv:5", "practitioners.csv:2",
                         "practitioners.csv:3", "practitioners.csv:4")),
    Case("a_column_given_twice", _twice_status, BundleInvalid, ("agencies.csv:1", "status")),
    Case("script_link_as_source",
         lambda folder: write_bundle(folder, LEGIT, meta={"source": " javascript:alert(1)"}),
         BundleInvalid, ("meta.json",)),
    Case("header_only", _header_only, BundleEmpty, ("no agency rows",)),
    Case("blank_lines_only", _blank_lines_only, BundleEmpty, ("no agency rows",)),
    Case("two_agencies_csv_in_one_zip",
         _zip({"a/agencies.csv": _csv_bytes(AGENCY_HEADER, LEGIT),
               "b/agencies.csv": _csv_bytes(AGENCY_HEADER, LEGIT[:1])}),
         BundleAmbiguous, ("a/agencies.csv", "b/agencies.csv")),
    Case("agencies_in_two_spellings", _folder_case_twins, BundleAmbiguous, ("AGENCIES.CSV",)),
    Case("workbook_beside_csv_files", _xlsx_beside_csv, BundleAmbiguous,
         ("agencies.csv", "bundle.xlsx")),
    Case("two_sheets_named_agencies",
         _workbook({"agencies": _agency_sheet(), "agencies.csv": _agency_sheet()[:2]}),
         BundleAmbiguous, ("agencies.csv",)),
    Case("zip_bomb_of_blank_lines", _blank_line_bomb, BundleTooLarge, ("zip bomb", "agencies")),
    Case("zip_bomb_inside_a_workbook", _xlsx_bomb, BundleTooLarge, ("padding.bin", "zip bomb")),
    Case("zip_whose_header_admits_too_much",
         _zip({"agencies.csv": _csv_bytes(AGENCY_HEADER, LEGIT * 400)}),
         BundleTooLarge, ("uncompressed size",), ReadLimits(max_total_bytes=64 * 1024)),
    Case("zip_with_too_many_members",
         _zip({"agencies.csv": _csv_bytes(AGENCY_HEADER, LEGIT),
               **{f"junk/{i}.txt": b"x" for i in range(30)}}),
         BundleTooLarge, ("31",), ReadLimits(max_members=20)),
    Case("more_lines_than_allowed", _blank_lines_only, BundleTooLarge, ("agencies.csv", "60"),
         ReadLimits(max_rows=60)),
    Case("line_longer_than_allowed", _long_line, BundleTooLarge, ("agencies.csv:4",),
         ReadLimits(max_line_bytes=4096)),
    Case("cell_larger_than_allowed", _long_line, BundleTooLarge, ("agencies.csv:4", "cell"),
         ReadLimits(max_cell_bytes=1024)),
    Case("corrupt_zip_member", _corrupt_member, BundleUnreadable, ("agencies.csv",)),
    # bzip2 and lzma inflate in one read with no cap (a 3 KB member made 4 GB): refused unread.
    Case("bzip2_member", _member("agencies.csv", b"\n" * 4096, method=zipfile.ZIP_BZIP2),
         BundleUnreadable, ("compression method 12",)),
    Case("lzma_member", _member("agencies.csv", b"\n" * 4096, method=zipfile.ZIP_LZMA),
         BundleUnreadable, ("compression method 14",)),
    Case("encrypted_member", _member("agencies.csv", _csv_bytes(AGENCY_HEADER, LEGIT), flags=1),
         BundleUnreadable, ("encrypted",)),
    Case("one_member_name_twice",
         _member("agencies.csv", _csv_bytes(AGENCY_HEADER, LEGIT), twice=True),
         BundleAmbiguous, ("agencies.csv",)),
    Case("a_header_of_thousands_of_columns",
         _zip({"agencies.csv": (",".join(["ab"] * 85_000) + "\n").encode()}),
         BundleTooLarge, ("85000",)),
    Case("a_row_of_thousands_of_cells",
         _zip({"agencies.csv": _csv_bytes(AGENCY_HEADER, LEGIT)
               + (",".join(["x"] * 30_000) + "\n").encode()}),
         BundleTooLarge, ("30000",)),
    Case("a_number_of_5000_digits_in_meta", _meta_bytes(b'{"source": ' + b"9" * 5000 + b"}"),
         BundleUnreadable, ("meta.json",)),
    Case("malformed_sheet_xml", _malformed_xlsx, BundleUnreadable, ("not a readable .xlsx",)),
    Case("not_utf8", _not_utf8, BundleUnreadable, ("agencies.csv:4", "UTF-8")),
]  # fmt: skip

# Imported, with every text cell cleaned: (case, USCC, column, stored value).
BIDI_NAME = "上海\u202e青禾\u202c示例\u200b知识产权\u2066代理\u2069有限公司\u200e"
CLEANED: list[tuple[Case, str, str, str | None]] = [
    (Case("bidi_controls_in_a_name", _rows(hostile(name=BIDI_NAME)), None),
     uscc(1), "name", "上海青禾示例知识产权代理有限公司"),
    (Case("line_breaks_in_an_address",
          _rows(hostile(address="上海市\r\n浦东新区\t张江路1号")), None),
     uscc(1), "address", "上海市 浦东新区 张江路1号"),
    (Case("district_with_qu", _rows(hostile(district="徐汇区")), None),
     uscc(1), "district", "徐汇"),
    (Case("district_without_xinqu", _rows(hostile(district="浦东")), None),
     uscc(1), "district", "浦东新区"),
    (Case("lingang_by_its_long_name",
          _rows(hostile(district="中国（上海）自由贸易试验区临港新片区")), None),
     uscc(1), "district", "临港新片区"),
    (Case("district_with_city_prefix",
          _rows(hostile(province="", city="", district="上海市静安区")), None),
     uscc(1), "district", "静安"),
    (Case("putuo_of_zhoushan_is_not_shanghais",
          _rows(hostile(province="浙江省", city="舟山市", district="普陀区")), None),
     uscc(1), "district", "普陀区"),
]  # fmt: skip


def main(out: Path) -> None:
    for case in [*CASES, *(c for c, *_ in CLEANED)]:
        print(case.name, case.build(out / case.name))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
