"""Checking bundle rows one at a time: each cell is cleaned or the row is named as bad.

Checks that need other rows (duplicates, references to other rows) run in SQL over the staged
rows (`bot.registry.staging`), so a bundle of any size is checked without holding it in memory.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from bot.districts import DISTRICTS, canonical_district
from bot.errors import RowProblem
from bot.normalize import compact_id, phone_keys, web_host
from bot.registry.bundle import RawBundle, RawTable
from bot.registry.records import (
    AGENCY_KINDS,
    AGENCY_STATUSES,
    GRADES,
    LISTS,
    PRACTITIONER_STATUSES,
    SANCTIONS,
    VIOLATIONS,
    Dataset,
    Row,
)
from bot.safe_text import CONTROL, INVISIBLE, replace_surrogates

REQUIRED = {
    "agencies": ("uscc", "name", "kind", "status"),
    "practitioners": ("cert_no", "name", "status"),
    "listings": ("subject_id", "list", "listed_on"),
    "sanctions": ("subject_id", "decided_on", "sanction"),
}
MAX_TEXT = 2000

_BREAKS = re.compile("[\t\n\v\f\r\x85\u2028\u2029]+")  # a line break in a cell reads as a space
# Plain decimals only: no exponent, no `inf`/`nan`, no `_` or sign tricks that float() accepts.
_DECIMAL = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,6})?", re.ASCII)
_INTEGER = re.compile(r"[0-9]{1,6}", re.ASCII)
NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "credit_score": (-100, 200),  # starts at 100; a bonus may lift it, deductions sink it
    "amount_yuan": (0, 100_000_000_000),
    "suspend_months": (0, 120),
}
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.ASCII)
_URL_UNSAFE = re.compile(r"[\s<>\"'`\\{}|^]")
_SAFE_SCHEMES = ("http", "https")
# Identifiers end up in links and look-up keys: letters, digits and the usual separators only.
_CERT_NO = re.compile(r"[0-9A-Z][0-9A-Z.\-/ ]{3,39}", re.ASCII)
_AGENCY_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\- ]{0,19}", re.ASCII)
_NOT_PLACE = re.compile(r"[/\\<>\"'`]|\.\.|^\.|:")
_SCRIPT_LINK = re.compile(r"\s*(?:javascript|vbscript|data|file|blob):", re.IGNORECASE)


def cell_text(value: str) -> str:
    """A cell as stored: no invisible format characters, line breaks as spaces, trimmed."""
    if not value.isascii():
        value = INVISIBLE.sub("", replace_surrogates(value))  # meta.json may hold "\ud800"
    return _BREAKS.sub(" ", value).strip()


class RowCheck:
    """Reads the cells of one row after another of a table, collecting each row's problems."""

    def __init__(self, file: str, report: Callable[[RowProblem], None]) -> None:
        self.file = file
        self.report = report
        self.line = 0
        self.row: dict[str, str] = {}
        self.ok = True

    def start(self, line: int, row: dict[str, str]) -> None:
        self.line, self.row, self.ok = line, row, True
        if "__extra__" in row:
            self.fail(f"比表头多出 {row['__extra__']} 列 / more cells than header columns")

    def fail(self, reason: str) -> None:
        self.ok = False
        self.report(RowProblem(self.file, self.line, reason))

    def text(self, column: str, *, required: bool = False) -> str | None:
        raw = self.row.get(column, "")
        # Printable text (most cells) holds no control, format or line-break character at all.
        value = raw.strip() if raw.isprintable() else cell_text(raw)
        if not value:
            if required:
                self.fail(f"{column} 不能为空 / {column} is required")
            return None
        if len(value) > MAX_TEXT:
            self.fail(f"{column} 超过 {MAX_TEXT} 字 / {column} is too long")
            return None
        if not raw.isprintable() and CONTROL.search(value):
            self.fail(f"{column} 含有控制字符 / {column} has control characters")
            return None
        if value[0] in "=@":  # a spreadsheet would run it when the registry is exported
            self.fail(f"{column} 以 {value[0]} 开头，像是表格公式 / {column} looks like a formula")
            return None
        return value

    def choice(
        self, column: str, allowed: tuple[str, ...], *, required: bool = False
    ) -> str | None:
        value = self.text(column, required=required)
        if value is not None and value not in allowed:
            self.fail(
                f"{column} 的值 {value!r} 无效，应为 {' / '.join(allowed)} / unknown {column}"
            )
            return None
        return value

    def day(self, column: str, *, required: bool = False) -> str | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date()
        except ValueError:
            self.fail(f"{column} 日期 {value!r} 无效，应为 YYYY-MM-DD / not a date")
            return None

    def number(self, column: str, *, integer: bool = False) -> int | float | None:
        """A plain decimal (or whole number) within the column's range, else a row problem."""
        value = self.text(column)
        if value is None:
            return None
        folded = unicodedata.normalize("NFKC", value)  # full-width digits are still digits
        if not (_INTEGER if integer else _DECIMAL).fullmatch(folded):
            kind = "整数 / a whole number" if integer else "十进制数 / a plain decimal number"
            self.fail(f"{column} 的值 {value!r} 不是{kind}, e.g. 85 or 85.5")
            return None
        number = int(folded) if integer else float(folded)
        low, high = NUMBER_RANGES[column]
        if not low <= number <= high:
            self.fail(f"{column} 的值 {value} 超出范围 {low:g}–{high:g} / out of range")
            return None
        return number

    def place(self, column: str) -> str | None:
        """A place name: text, but never a path or a link (pages and file names are made of it)."""
        value = self.text(column)
        if value is not None and (_NOT_PLACE.search(value) or _SCRIPT_LINK.match(value)):
            self.fail(f"{column} 的值 {value!r} 不是地名 / not a place name")
            return None
        return value

    def items(self, column: str) -> list[str]:
        value = self.text(column)
        return [part.strip() for part in value.split(";") if part.strip()] if value else []


def _bad_date() -> str:
    raise ValueError("not YYYY-MM-DD")


# GB 32100-2015, as stdnum.cn.uscc computes it; done here with a table because a national
# bundle checks a million codes and stdnum's cleaning costs more than the sum itself.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {char: value for value, char in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str | None:
    """The check character of 17 USCC characters, or None if one is outside the alphabet."""
    try:
        total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    except KeyError:
        return None
    return _USCC_ALPHABET[(31 - total) % 31]


def uscc_problem(value: str) -> str | None:
    """Why a USCC is not valid (length, alphabet, check character), or None."""
    compact = compact_id(value)
    if len(compact) != 18:
        return f"统一社会信用代码 {value!r} 应为 18 位 / a USCC has 18 characters"
    expected = uscc_check_char(compact[:17])
    if expected is None or not compact[:8].isdigit():
        return f"统一社会信用代码 {value!r} 含有无效字符 / invalid characters in USCC"
    if expected != compact[17]:
        return f"统一社会信用代码 {value!r} 校验位错误，应为 {expected} / wrong check character"
    return None


def website_problem(site: str) -> str | None:
    """Why a registered website cannot be kept: a script or data link, not a web address."""
    folded = unicodedata.normalize("NFKC", site).strip().lower()
    scheme = _SCHEME.match(folded)
    # `javascript:…`, `data:…`, `ftp://…`: any scheme but http(s). After a host, digits are a port.
    foreign = "://" in folded and folded.split("://", 1)[0] not in _SAFE_SCHEMES
    if foreign or (scheme and "://" not in folded and not folded[scheme.end() :][:1].isdigit()):
        return f"websites 中 {site!r} 不是 http(s) 网址 / only http(s) web addresses"
    if _URL_UNSAFE.search(site) or web_host(site) is None:
        return f"websites 中 {site!r} 不是网址或域名 / not a web address"
    return None


def check_header(table: RawTable, name: str, report: Callable[[RowProblem], None]) -> bool:
    # In place: the table's rows are keyed by this very list as they are read.
    table.header[:] = [cell_text(h) for h in table.header]
    missing = [c for c in REQUIRED[name] if c not in table.header]
    if missing:
        report(RowProblem(table.file, 1, f"表头缺少列 {', '.join(missing)} / missing columns"))
    # Two `status` columns: which one holds the truth? (A row would silently take the last.)
    twice = sorted({h for h in table.header if h and table.header.count(h) > 1})
    if twice:
        report(RowProblem(table.file, 1, f"表头中列 {', '.join(twice)} 重复 / duplicate columns"))
    return not missing and not twice


def dataset_from_meta(
    meta: dict[str, Any], import_date: date, report: Callable[[RowProblem], None]
) -> Dataset:
    as_of = cell_text(str(meta.get("as_of") or import_date.isoformat()))
    try:
        date.fromisoformat(as_of)
    except ValueError:
        report(RowProblem("meta.json", 1, f"as_of {as_of!r} 不是日期 / not a date"))
    fictional = meta.get("fictional", False)
    if isinstance(fictional, str):
        fictional = fictional.strip().lower() in ("true", "1", "yes", "是")
    source = cell_text(str(meta.get("source") or "未注明来源 / unnamed source"))
    if CONTROL.search(source) or len(source) > MAX_TEXT:
        report(RowProblem("meta.json", 1, "source 含有控制字符或过长 / source is not plain text"))
    if _SCRIPT_LINK.match(unicodedata.normalize("NFKC", source)):
        report(RowProblem("meta.json", 1, f"source {source!r} 是脚本链接 / a script link"))
    return Dataset(source=source, as_of=as_of, fictional=bool(fictional))


def _district(rows: RowCheck) -> tuple[str | None, str | None, str | None]:
    """Province, city and district; a Shanghai district in its one canonical spelling."""
    province, city = rows.place("province"), rows.place("city")
    district = rows.place("district")
    elsewhere = any(v and not v.startswith("上海") for v in (province, city))
    in_shanghai = any(v and v.startswith("上海") for v in (province, city))
    if district is None or (elsewhere and not in_shanghai):
        return province, city, district  # 舟山 has a 普陀区 too: only Shanghai's are folded
    canonical = canonical_district(district)
    if canonical is not None:
        return province, city, canonical
    if in_shanghai:
        rows.fail(
            f"district 的值 {district!r} 不是上海的区，应为 {' / '.join(DISTRICTS)}"
            "（可带“区”字） / not a Shanghai district"
        )
    return province, city, district


def agency_row(rows: RowCheck) -> Row:
    """One agency row, checked cell by cell (problems go to the row's report)."""
    uscc = rows.text("uscc", required=True)
    if uscc is not None and (problem := uscc_problem(uscc)):
        rows.fail(problem)
    phones = rows.items("phones")
    for phone in phones:
        if not phone_keys(phone):
            rows.fail(f"phones 中 {phone!r} 不是电话号码 / not a phone number")
    websites = rows.items("websites")
    for site in websites:
        if problem := website_problem(site):
            rows.fail(problem)
    parent = rows.text("parent_uscc")
    province, city, district = _district(rows)
    code = rows.text("patent_agency_code")
    if code is not None and not _AGENCY_CODE.fullmatch(unicodedata.normalize("NFKC", code)):
        rows.fail(f"patent_agency_code {code!r} 格式无效 / not an agency code")
    return {
        "uscc": compact_id(uscc) if uscc else None,
        "name": rows.text("name", required=True),
        "former_names": json.dumps(rows.items("former_names"), ensure_ascii=False),
        "kind": rows.choice("kind", AGENCY_KINDS, required=True),
        "patent_agency_code": code,
        "trademark_filed_until": rows.day("trademark_filed_until"),
        "status": rows.choice("status", AGENCY_STATUSES, required=True),
        "status_since": rows.day("status_since"),
        "suspended_until": rows.day("suspended_until"),
        "province": province,
        "city": city,
        "district": district,
        "address": rows.text("address"),
        "phones": json.dumps(phones, ensure_ascii=False),
        "websites": json.dumps(websites, ensure_ascii=False),
        "parent_uscc": compact_id(parent) if parent else None,
        "credit_grade": rows.choice("credit_grade", GRADES),
        "credit_score": rows.number("credit_score"),
        "credit_as_of": rows.day("credit_as_of"),
    }


def practitioner_row(rows: RowCheck) -> Row:
    given = rows.text("cert_no", required=True)
    if given is not None and not _CERT_NO.fullmatch(unicodedata.normalize("NFKC", given).upper()):
        rows.fail(
            f"证书号 {given!r} 格式无效（只可含字母、数字和 . - /） / not a certificate number"
        )
    agency = rows.text("agency_uscc")
    return {
        # Keyed by the compact form (what look-ups use); the number is kept as written.
        "cert_key": compact_id(given) if given else None,
        "cert_no": unicodedata.normalize("NFKC", given).upper() if given else None,
        "name": rows.text("name", required=True),
        "agency_uscc": compact_id(agency) if agency else None,
        "status": rows.choice("status", PRACTITIONER_STATUSES, required=True),
        "credit_grade": rows.choice("credit_grade", GRADES),
    }


def listing_row(rows: RowCheck) -> Row:
    subject = rows.text("subject_id", required=True)
    listed_on = rows.day("listed_on", required=True)
    removed_on = rows.day("removed_on")
    if listed_on and removed_on and removed_on < listed_on:
        rows.fail("removed_on 早于 listed_on / removed before listed")
    return {
        "subject_id": compact_id(subject) if subject else None,
        "list": rows.choice("list", LISTS, required=True),
        "reason": rows.text("reason"),
        "authority": rows.text("authority"),
        "decision_no": rows.text("decision_no"),
        "listed_on": listed_on,
        "removed_on": removed_on,
    }


def sanction_row(rows: RowCheck) -> Row:
    subject = rows.text("subject_id", required=True)
    return {
        "subject_id": compact_id(subject) if subject else None,
        "decided_on": rows.day("decided_on", required=True),
        "authority": rows.text("authority"),
        "decision_no": rows.text("decision_no"),
        "violation": rows.choice("violation", VIOLATIONS),
        "sanction": rows.choice("sanction", SANCTIONS, required=True),
        "amount_yuan": rows.number("amount_yuan"),
        "suspend_months": rows.number("suspend_months", integer=True),
        "summary": rows.text("summary"),
    }


ROW_READERS: dict[str, Callable[[RowCheck], Row]] = {
    "agencies": agency_row,
    "practitioners": practitioner_row,
    "listings": listing_row,
    "sanctions": sanction_row,
}


def validate(bundle: RawBundle, *, import_date: date) -> Dataset:
    """Check every row of a (small) bundle; raise BundleInvalid listing all problems, or return
    the Dataset. Imports stream through `bot.registry.staging` instead."""
    from bot.registry import staging

    with staging.scratch() as conn:
        data = staging.stage(conn, bundle, import_date=import_date)
        return staging.to_dataset(conn, data)
