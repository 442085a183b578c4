"""Turning raw bundle rows into a validated Dataset, collecting every bad row at once."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

from stdnum.cn import uscc as stdnum_uscc

from bot.errors import BundleInvalid, RowProblem
from bot.normalize import compact_id, phone_keys, uscc_is_valid, web_host
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

REQUIRED = {
    "agencies": ("uscc", "name", "kind", "status"),
    "practitioners": ("cert_no", "name", "status"),
    "listings": ("subject_id", "list", "listed_on"),
    "sanctions": ("subject_id", "decided_on", "sanction"),
}
MAX_TEXT = 2000


class _Rows:
    """Collects the problems of one table while its cells are read."""

    def __init__(self, table: RawTable, problems: list[RowProblem]) -> None:
        self.table = table
        self.problems = problems
        self.line = 0
        self.row: dict[str, str] = {}
        self.ok = True

    def start(self, line: int, row: dict[str, str]) -> None:
        self.line, self.row, self.ok = line, row, True
        if "__extra__" in row:
            self.fail(f"比表头多出 {row['__extra__']} 列 / more cells than header columns")

    def fail(self, reason: str) -> None:
        self.ok = False
        self.problems.append(RowProblem(self.table.file, self.line, reason))

    def text(self, column: str, *, required: bool = False) -> str | None:
        value = self.row.get(column, "").strip()
        if not value:
            if required:
                self.fail(f"{column} 不能为空 / {column} is required")
            return None
        if len(value) > MAX_TEXT:
            self.fail(f"{column} 超过 {MAX_TEXT} 字 / {column} is too long")
            return None
        if any(ord(ch) < 32 and ch not in "\t\n" for ch in value):
            self.fail(f"{column} 含有控制字符 / {column} has control characters")
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

    def number(self, column: str, convert: Callable[[str], Any] = float) -> Any:
        value = self.text(column)
        if value is None:
            return None
        try:
            return convert(value)
        except ValueError:
            self.fail(f"{column} 的值 {value!r} 不是数字 / not a number")
            return None

    def items(self, column: str) -> list[str]:
        value = self.text(column)
        return [part.strip() for part in value.split(";") if part.strip()] if value else []


def _bad_date() -> str:
    raise ValueError("not YYYY-MM-DD")


def _uscc_problem(value: str) -> str | None:
    compact = compact_id(value)
    if len(compact) != 18:
        return f"统一社会信用代码 {value!r} 应为 18 位 / a USCC has 18 characters"
    if uscc_is_valid(compact):
        return None
    try:
        expected = stdnum_uscc.calc_check_digit(compact[:17])
    except Exception:  # a character outside the USCC alphabet
        return f"统一社会信用代码 {value!r} 含有无效字符 / invalid characters in USCC"
    return f"统一社会信用代码 {value!r} 校验位错误，应为 {expected} / wrong check character"


def _check_header(table: RawTable, name: str, problems: list[RowProblem]) -> bool:
    missing = [c for c in REQUIRED[name] if c not in table.header]
    if missing:
        problems.append(
            RowProblem(table.file, 1, f"表头缺少列 {', '.join(missing)} / missing columns")
        )
    return not missing


def validate(bundle: RawBundle, *, import_date: date) -> Dataset:
    """Check every row; raise BundleInvalid listing all problems, or return the Dataset."""
    problems: list[RowProblem] = []
    data = _dataset_from_meta(bundle.meta, import_date, problems)
    tables = bundle.tables
    if _check_header(tables["agencies"], "agencies", problems):
        _agencies(tables["agencies"], data, problems)
    if "practitioners" in tables and _check_header(
        tables["practitioners"], "practitioners", problems
    ):
        _practitioners(tables["practitioners"], data, problems)
    for name, reader in (("listings", _listing), ("sanctions", _sanction)):
        if name in tables and _check_header(tables[name], name, problems):
            _events(tables[name], data, problems, reader, getattr(data, name))
    if problems:
        raise BundleInvalid(problems)
    return data


def _dataset_from_meta(
    meta: dict[str, Any], import_date: date, problems: list[RowProblem]
) -> Dataset:
    as_of = str(meta.get("as_of") or import_date.isoformat())
    try:
        date.fromisoformat(as_of)
    except ValueError:
        problems.append(RowProblem("meta.json", 1, f"as_of {as_of!r} 不是日期 / not a date"))
    fictional = meta.get("fictional", False)
    if isinstance(fictional, str):
        fictional = fictional.strip().lower() in ("true", "1", "yes", "是")
    source = str(meta.get("source") or "未注明来源 / unnamed source")
    return Dataset(source=source, as_of=as_of, fictional=bool(fictional))


def _agencies(table: RawTable, data: Dataset, problems: list[RowProblem]) -> None:
    rows = _Rows(table, problems)
    parents: list[tuple[int, str]] = []
    for line, raw in table.rows:
        rows.start(line, raw)
        uscc = rows.text("uscc", required=True)
        if uscc is not None and (problem := _uscc_problem(uscc)):
            rows.fail(problem)
        uscc = compact_id(uscc) if uscc else None
        if uscc is not None and uscc in data.agencies:
            rows.fail(f"统一社会信用代码 {uscc} 重复 / duplicate USCC")
        phones = rows.items("phones")
        for phone in phones:
            if not phone_keys(phone):
                rows.fail(f"phones 中 {phone!r} 不是电话号码 / not a phone number")
        websites = rows.items("websites")
        for site in websites:
            if web_host(site) is None:
                rows.fail(f"websites 中 {site!r} 不是网址或域名 / not a web address")
        parent = rows.text("parent_uscc")
        record: Row = {
            "uscc": uscc,
            "name": rows.text("name", required=True),
            "former_names": json.dumps(rows.items("former_names"), ensure_ascii=False),
            "kind": rows.choice("kind", AGENCY_KINDS, required=True),
            "patent_agency_code": rows.text("patent_agency_code"),
            "trademark_filed_until": rows.day("trademark_filed_until"),
            "status": rows.choice("status", AGENCY_STATUSES, required=True),
            "status_since": rows.day("status_since"),
            "suspended_until": rows.day("suspended_until"),
            "province": rows.text("province"),
            "city": rows.text("city"),
            "district": rows.text("district"),
            "address": rows.text("address"),
            "phones": json.dumps(phones, ensure_ascii=False),
            "websites": json.dumps(websites, ensure_ascii=False),
            "parent_uscc": compact_id(parent) if parent else None,
            "credit_grade": rows.choice("credit_grade", GRADES),
            "credit_score": rows.number("credit_score"),
            "credit_as_of": rows.day("credit_as_of"),
        }
        if rows.ok and uscc is not None:
            data.agencies[uscc] = record
            if record["parent_uscc"]:
                parents.append((line, record["parent_uscc"]))
    for line, parent in parents:
        if parent not in data.agencies:
            problems.append(
                RowProblem(
                    table.file, line, f"parent_uscc {parent} 不在 agencies 中 / unknown head office"
                )
            )


def _practitioners(table: RawTable, data: Dataset, problems: list[RowProblem]) -> None:
    rows = _Rows(table, problems)
    for line, raw in table.rows:
        rows.start(line, raw)
        given = rows.text("cert_no", required=True)
        # Keyed by the compact form (what look-ups use); the number is kept as written.
        cert = compact_id(given) if given else None
        if cert is not None and (cert in data.practitioners or cert in data.agencies):
            rows.fail(f"证书号 {cert} 重复 / duplicate cert_no")
        agency = rows.text("agency_uscc")
        agency = compact_id(agency) if agency else None
        if agency is not None and agency not in data.agencies:
            rows.fail(f"agency_uscc {agency} 不在 agencies 中 / unknown agency")
        record: Row = {
            "cert_no": unicodedata.normalize("NFKC", given).upper() if given else None,
            "name": rows.text("name", required=True),
            "agency_uscc": agency,
            "status": rows.choice("status", PRACTITIONER_STATUSES, required=True),
            "credit_grade": rows.choice("credit_grade", GRADES),
        }
        if rows.ok and cert is not None:
            data.practitioners[cert] = record


def _listing(rows: _Rows) -> Row:
    listed_on = rows.day("listed_on", required=True)
    removed_on = rows.day("removed_on")
    if listed_on and removed_on and removed_on < listed_on:
        rows.fail("removed_on 早于 listed_on / removed before listed")
    return {
        "list": rows.choice("list", LISTS, required=True),
        "reason": rows.text("reason"),
        "authority": rows.text("authority"),
        "decision_no": rows.text("decision_no"),
        "listed_on": listed_on,
        "removed_on": removed_on,
    }


def _sanction(rows: _Rows) -> Row:
    return {
        "decided_on": rows.day("decided_on", required=True),
        "authority": rows.text("authority"),
        "decision_no": rows.text("decision_no"),
        "violation": rows.choice("violation", VIOLATIONS),
        "sanction": rows.choice("sanction", SANCTIONS, required=True),
        "amount_yuan": rows.number("amount_yuan"),
        "suspend_months": rows.number("suspend_months", int),
        "summary": rows.text("summary"),
    }


def _events(
    table: RawTable,
    data: Dataset,
    problems: list[RowProblem],
    read: Callable[[_Rows], Row],
    into: list[Row],
) -> None:
    rows = _Rows(table, problems)
    for line, raw in table.rows:
        rows.start(line, raw)
        subject = rows.text("subject_id", required=True)
        subject = compact_id(subject) if subject else None
        if subject in data.practitioners:
            subject = data.practitioners[subject]["cert_no"]
        elif subject is not None and subject not in data.agencies:
            rows.fail(f"subject_id {subject} 不是已知机构或从业人员 / unknown subject")
        record = read(rows)
        if rows.ok:
            into.append({"subject_id": subject, **record})
