"""Checking bundle rows one at a time: each cell is cleaned or the row is named as bad.

Checks that need other rows (duplicates, references to other rows) run in SQL over the staged
rows (`bot.registry.staging`), so a bundle of any size is checked without holding it in memory.
"""

from __future__ import annotations

import json
import operator
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar, cast

from bot.districts import DISTRICTS, SHANGHAI_PREFIX, canonical_district
from bot.errors import BOTH, RowProblem
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
from bot.words import Words, say
from bot.words import registry as words

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
_JSON_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # what json.dumps escapes with ensure_ascii=False
_KEPT_CELLS = 50_000  # cells found good that a table's check remembers (see `repeated`)
_T = TypeVar("_T")


def reason(problem: Words, /, **fields: object) -> str:
    """Why a row is bad, in both languages ("中文 / English"): the whole list of a bundle's
    problems is printed at once, for whoever fixes the bundle, whatever --lang says."""
    return " / ".join(say(problem, lang, **fields) for lang in BOTH)


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
        self.failures = 0  # in every row so far
        self.passed: dict[tuple[str, ...], Any] = {}  # cells (by check and text) found good

    def start(self, line: int, row: dict[str, str]) -> None:
        self.line, self.row, self.ok = line, row, True
        if "__extra__" in row:
            self.fail(reason(words.ROW_EXTRA_CELLS, count=row["__extra__"]))

    def fail(self, why: str) -> None:
        self.ok = False
        self.failures += 1
        self.report(RowProblem(self.file, self.line, why))

    def repeated(self, key: tuple[str, ...], check: Callable[[], _T]) -> _T:
        """`check()`, for cells whose text repeats from row to row (a status, a date, a place):
        its result for the same `key` (the check and the cells' text) is kept once it passed,
        so a million rows check each distinct value once. Failures are checked every time."""
        if key in self.passed:
            return cast(_T, self.passed[key])
        failures = self.failures
        value = check()
        if self.failures == failures:
            if len(self.passed) >= _KEPT_CELLS:
                self.passed.clear()
            self.passed[key] = value
        return value

    def text(self, column: str, *, required: bool = False) -> str | None:
        raw = self.row.get(column, "")
        # Printable text (most cells) holds no control, format or line-break character at all.
        printable = raw.isprintable()
        value = raw.strip() if printable else cell_text(raw)
        if value and len(value) <= MAX_TEXT and printable and value[0] not in "=@":
            return value  # the usual cell, past every check below
        if not value:
            if required:
                self.fail(reason(words.ROW_REQUIRED, column=column))
            return None
        if len(value) > MAX_TEXT:
            self.fail(reason(words.ROW_TOO_LONG, column=column, limit=MAX_TEXT))
            return None
        if not printable and CONTROL.search(value):
            self.fail(reason(words.ROW_CONTROL, column=column))
            return None
        if value[0] in "=@":  # a spreadsheet would run it when the registry is exported
            self.fail(reason(words.ROW_FORMULA, column=column, first=value[0]))
            return None
        return value

    def choice(
        self, column: str, allowed: tuple[str, ...], *, required: bool = False
    ) -> str | None:
        return self.repeated(
            ("choice", column, self.row.get(column, "")),
            lambda: self._choice(column, allowed, required=required),
        )

    def _choice(
        self, column: str, allowed: tuple[str, ...], *, required: bool = False
    ) -> str | None:
        value = self.text(column, required=required)
        if value is not None and value not in allowed:
            self.fail(
                reason(words.ROW_CHOICE, column=column, value=value, allowed=" / ".join(allowed))
            )
            return None
        return value

    def day(self, column: str, *, required: bool = False) -> str | None:
        return self.repeated(
            ("day", column, self.row.get(column, "")),
            lambda: self._day(column, required=required),
        )

    def _day(self, column: str, *, required: bool = False) -> str | None:
        value = self.text(column, required=required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_date()
        except ValueError:
            self.fail(reason(words.ROW_DATE, column=column, value=value))
            return None

    def number(self, column: str, *, integer: bool = False) -> int | float | None:
        """A plain decimal (or whole number) within the column's range, else a row problem."""
        return self.repeated(
            ("number", column, self.row.get(column, "")),
            lambda: self._number(column, integer=integer),
        )

    def _number(self, column: str, *, integer: bool = False) -> int | float | None:
        value = self.text(column)
        if value is None:
            return None
        folded = unicodedata.normalize("NFKC", value)  # full-width digits are still digits
        if not (_INTEGER if integer else _DECIMAL).fullmatch(folded):
            problem = words.ROW_INTEGER if integer else words.ROW_DECIMAL
            self.fail(reason(problem, column=column, value=value))
            return None
        number = int(folded) if integer else float(folded)
        low, high = NUMBER_RANGES[column]
        if not low <= number <= high:
            self.fail(reason(words.ROW_RANGE, column=column, value=value, low=low, high=high))
            return None
        return number

    def place(self, column: str) -> str | None:
        """A place name: text, but never a path or a link (pages and file names are made of it)."""
        value = self.text(column)
        if value is not None and (_NOT_PLACE.search(value) or _SCRIPT_LINK.match(value)):
            self.fail(reason(words.ROW_PLACE, column=column, value=value))
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
    if len(first17) != len(_USCC_WEIGHTS):
        raise ValueError("a USCC has 17 characters before its check character")
    try:
        total = sum(map(operator.mul, map(_USCC_VALUE.__getitem__, first17), _USCC_WEIGHTS))
    except KeyError:
        return None
    return _USCC_ALPHABET[(31 - total) % 31]


def compact(value: str) -> str:
    """`compact_id`, without its Unicode folding for the usual code of ASCII letters and digits
    (which folds to itself but for case)."""
    return value.upper() if value.isascii() and value.isalnum() else compact_id(value)


def json_list(items: list[str]) -> str:
    """`json.dumps(items, ensure_ascii=False)`, the same text, without the encoder for the usual
    cell: no item at all, or items with nothing to escape."""
    if not items:
        return "[]"
    if any(_JSON_ESCAPED.search(item) for item in items):
        return json.dumps(items, ensure_ascii=False)
    return '["' + '", "'.join(items) + '"]'


def uscc_problem(value: str) -> str | None:
    """Why a USCC is not valid (length, alphabet, check character), or None."""
    code = compact(value)
    if len(code) != 18:
        return reason(words.USCC_LENGTH, value=value)
    expected = uscc_check_char(code[:17])
    if expected is None or not code[:8].isdigit():
        return reason(words.USCC_CHARACTERS, value=value)
    if expected != code[17]:
        return reason(words.USCC_CHECK, value=value, expected=expected)
    return None


def website_problem(site: str) -> str | None:
    """Why a registered website cannot be kept: a script or data link, not a web address."""
    folded = unicodedata.normalize("NFKC", site).strip().lower()
    scheme = _SCHEME.match(folded)
    # `javascript:…`, `data:…`, `ftp://…`: any scheme but http(s). After a host, digits are a port.
    foreign = "://" in folded and folded.split("://", 1)[0] not in _SAFE_SCHEMES
    if foreign or (scheme and "://" not in folded and not folded[scheme.end() :][:1].isdigit()):
        return reason(words.WEBSITE_SCHEME, site=site)
    if _URL_UNSAFE.search(site) or web_host(site) is None:
        return reason(words.WEBSITE_INVALID, site=site)
    return None


def check_header(table: RawTable, name: str, report: Callable[[RowProblem], None]) -> bool:
    # In place: the table's rows are keyed by this very list as they are read.
    table.header[:] = [cell_text(h) for h in table.header]
    missing = [c for c in REQUIRED[name] if c not in table.header]
    if missing:
        report(RowProblem(table.file, 1, reason(words.MISSING_COLUMNS, columns=", ".join(missing))))
    # Two `status` columns: which one holds the truth? (A row would silently take the last.)
    twice = sorted({h for h in table.header if h and table.header.count(h) > 1})
    if twice:
        report(RowProblem(table.file, 1, reason(words.DUPLICATE_COLUMNS, columns=", ".join(twice))))
    return not missing and not twice


def dataset_from_meta(
    meta: dict[str, Any], import_date: date, report: Callable[[RowProblem], None]
) -> Dataset:
    as_of = cell_text(str(meta.get("as_of") or import_date.isoformat()))
    try:
        date.fromisoformat(as_of)
    except ValueError:
        report(RowProblem("meta.json", 1, reason(words.AS_OF_NOT_DATE, value=as_of)))
    fictional = meta.get("fictional", False)
    if isinstance(fictional, str):
        fictional = fictional.strip().lower() in ("true", "1", *words.META_YES)
    source = cell_text(str(meta.get("source") or reason(words.UNNAMED_SOURCE)))
    if CONTROL.search(source) or len(source) > MAX_TEXT:
        report(RowProblem("meta.json", 1, reason(words.SOURCE_NOT_PLAIN)))
    if _SCRIPT_LINK.match(unicodedata.normalize("NFKC", source)):
        report(RowProblem("meta.json", 1, reason(words.SOURCE_SCRIPT, value=source)))
    return Dataset(source=source, as_of=as_of, fictional=bool(fictional))


def _district(rows: RowCheck) -> tuple[str | None, str | None, str | None]:
    """Province, city and district; a Shanghai district in its one canonical spelling."""
    cells = (rows.row.get("province", ""), rows.row.get("city", ""), rows.row.get("district", ""))
    return rows.repeated(("district", *cells), lambda: _check_district(rows))


def _check_district(rows: RowCheck) -> tuple[str | None, str | None, str | None]:
    province, city = rows.place("province"), rows.place("city")
    district = rows.place("district")
    elsewhere = any(v and not v.startswith(SHANGHAI_PREFIX) for v in (province, city))
    in_shanghai = any(v and v.startswith(SHANGHAI_PREFIX) for v in (province, city))
    if district is None or (elsewhere and not in_shanghai):
        return province, city, district  # 舟山 has a 普陀区 too: only Shanghai's are folded
    canonical = canonical_district(district)
    if canonical is not None:
        return province, city, canonical
    if in_shanghai:
        rows.fail(
            reason(words.NOT_SHANGHAI_DISTRICT, value=district, districts=" / ".join(DISTRICTS))
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
            rows.fail(reason(words.NOT_PHONE, phone=phone))
    websites = rows.items("websites")
    for site in websites:
        if problem := website_problem(site):
            rows.fail(problem)
    parent = rows.text("parent_uscc")
    province, city, district = _district(rows)
    code = rows.text("patent_agency_code")
    if code is not None and not _AGENCY_CODE.fullmatch(unicodedata.normalize("NFKC", code)):
        rows.fail(reason(words.NOT_AGENCY_CODE, value=code))
    return {
        "uscc": compact(uscc) if uscc else None,
        "name": rows.text("name", required=True),
        "former_names": json_list(rows.items("former_names")),
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
        "phones": json_list(phones),
        "websites": json_list(websites),
        "parent_uscc": compact(parent) if parent else None,
        "credit_grade": rows.choice("credit_grade", GRADES),
        "credit_score": rows.number("credit_score"),
        "credit_as_of": rows.day("credit_as_of"),
    }


def practitioner_row(rows: RowCheck) -> Row:
    given = rows.text("cert_no", required=True)
    number = unicodedata.normalize("NFKC", given).upper() if given is not None else None
    if number is not None and not _CERT_NO.fullmatch(number):
        rows.fail(reason(words.NOT_CERT_NO, value=given))
    agency = rows.text("agency_uscc")
    return {
        # Keyed by the compact form (what look-ups use); the number is kept as written.
        "cert_key": compact(given) if given else None,
        "cert_no": number if given else None,
        "name": rows.text("name", required=True),
        "agency_uscc": compact(agency) if agency else None,
        "status": rows.choice("status", PRACTITIONER_STATUSES, required=True),
        "credit_grade": rows.choice("credit_grade", GRADES),
    }


def listing_row(rows: RowCheck) -> Row:
    subject = rows.text("subject_id", required=True)
    listed_on = rows.day("listed_on", required=True)
    removed_on = rows.day("removed_on")
    if listed_on and removed_on and removed_on < listed_on:
        rows.fail(reason(words.REMOVED_BEFORE_LISTED))
    return {
        "subject_id": compact(subject) if subject else None,
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
        "subject_id": compact(subject) if subject else None,
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
