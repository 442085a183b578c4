"""The fictional demo bundle: deterministic, consistent with itself, and in the import format."""

from __future__ import annotations

import csv
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from stdnum.cn import uscc as stdnum_uscc

from bot.registry.bundle import read_bundle
from bot.registry.demo import (
    _HOMOPHONES,
    DemoSummary,
    _add_months,
    fictional_uscc,
    write_demo_bundle,
)
from bot.registry.records import VIOLATIONS
from bot.registry.validate import validate

AS_OF = date(2026, 10, 31)
FILES = ("agencies.csv", "listings.csv", "meta.json", "practitioners.csv", "sanctions.csv")

# Columns as listed in shared/data-format.md, section 1.
HEADERS = {
    "agencies": [
        "uscc", "name", "former_names", "kind", "patent_agency_code", "trademark_filed_until",
        "status", "status_since", "suspended_until", "province", "city", "district", "address",
        "phones", "websites", "parent_uscc", "credit_grade", "credit_score", "credit_as_of",
    ],
    "practitioners": ["cert_no", "name", "agency_uscc", "status", "credit_grade"],
    "listings": [
        "subject_id", "list", "reason", "authority", "decision_no", "listed_on", "removed_on",
    ],
    "sanctions": [
        "subject_id", "decided_on", "authority", "decision_no", "violation", "sanction",
        "amount_yuan", "suspend_months", "summary",
    ],
}  # fmt: skip

# Administrative division codes (USCC digits 3-8); Lingang firms register under Pudong.
SHANGHAI_DIVISIONS = {
    "黄浦": "310101", "徐汇": "310104", "长宁": "310105", "静安": "310106", "普陀": "310107",
    "虹口": "310109", "杨浦": "310110", "闵行": "310112", "宝山": "310113", "嘉定": "310114",
    "浦东新区": "310115", "金山": "310116", "松江": "310117", "青浦": "310118", "奉贤": "310120",
    "崇明": "310151", "临港新片区": "310115",
}  # fmt: skip

INDUSTRY = r"(知识产权代理|商标代理|知识产权服务|专利代理|专利商标代理)"
Table = list[dict[str, str]]


@dataclass
class Bundle:
    summary: DemoSummary
    agencies: Table
    practitioners: Table
    listings: Table
    sanctions: Table

    def table(self, name: str) -> Table:
        tables: dict[str, Table] = {
            "agencies": self.agencies,
            "practitioners": self.practitioners,
            "listings": self.listings,
            "sanctions": self.sanctions,
        }
        return tables[name]


def _read(path: Path) -> Table:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as file:
        return next(csv.reader(file))


@pytest.fixture(scope="module")
def bundle_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    out = tmp_path_factory.mktemp("demo") / "bundle"
    return out, write_demo_bundle(out)


@pytest.fixture(scope="module")
def bundle(bundle_dir: tuple[Path, DemoSummary]) -> Bundle:
    out, summary = bundle_dir
    return Bundle(
        summary,
        _read(out / "agencies.csv"),
        _read(out / "practitioners.csv"),
        _read(out / "listings.csv"),
        _read(out / "sanctions.csv"),
    )


def _day(text: str) -> date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", text), text
    return date.fromisoformat(text)


def _org_code_is_valid(org: str) -> bool:
    """GB 11714: the ninth character checks the first eight."""
    total = sum(int(ch, 36) * w for ch, w in zip(org[:8], (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    value = 11 - total % 11
    return org[8] == ("X" if value == 10 else "0" if value == 11 else str(value))


def _luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# --- determinism and format ---------------------------------------------------------------------


def test_same_seed_and_scale_write_identical_bytes(tmp_path: Path) -> None:
    write_demo_bundle(tmp_path / "a", "shanghai", seed=7)
    write_demo_bundle(tmp_path / "b", "shanghai", seed=7)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == list(FILES)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_another_seed_writes_different_data(tmp_path: Path) -> None:
    write_demo_bundle(tmp_path / "a", seed=7)
    write_demo_bundle(tmp_path / "b", seed=8)
    for name in ("agencies.csv", "practitioners.csv", "listings.csv", "sanctions.csv"):
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes(), name


def test_meta_marks_the_data_as_fictional_with_a_fixed_date(
    bundle_dir: tuple[Path, DemoSummary],
) -> None:
    meta = json.loads((bundle_dir[0] / "meta.json").read_text(encoding="utf-8"))
    assert meta == {
        "source": "蓝天示例数据（虚构，仅供演示）",
        "as_of": "2026-10-31",
        "fictional": True,
    }


@pytest.mark.parametrize("table", sorted(HEADERS))
def test_columns_match_the_data_format(bundle_dir: tuple[Path, DemoSummary], table: str) -> None:
    assert _header(bundle_dir[0] / f"{table}.csv") == HEADERS[table]


def test_an_unknown_scale_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        write_demo_bundle(tmp_path, "mars")  # type: ignore[arg-type]


def test_the_bundle_passes_the_importers_validation(bundle_dir: tuple[Path, DemoSummary]) -> None:
    out, summary = bundle_dir
    data = validate(read_bundle(out), import_date=AS_OF)
    assert data.fictional is True
    assert data.as_of == "2026-10-31"
    assert len(data.agencies) == summary.agencies
    assert len(data.practitioners) == summary.practitioners
    assert len(data.listings) == summary.listings
    assert len(data.sanctions) == summary.sanctions


def test_shanghai_scale_sizes_are_in_range_and_match_the_summary(bundle: Bundle) -> None:
    summary = bundle.summary
    assert 2_900 <= summary.agencies <= 3_100
    assert 1_900 <= summary.practitioners <= 2_100
    assert 0.03 <= summary.branches / summary.agencies <= 0.07
    assert summary.agencies == len(bundle.agencies)
    assert summary.branches == sum(1 for a in bundle.agencies if a["parent_uscc"])
    assert summary.practitioners == len(bundle.practitioners)
    assert summary.listings == len(bundle.listings) > 100
    assert summary.sanctions == len(bundle.sanctions) > 100


# --- identifiers and references -----------------------------------------------------------------


def test_every_uscc_is_valid_unique_and_coded_for_its_district(bundle: Bundle) -> None:
    codes = [a["uscc"] for a in bundle.agencies]
    assert len(set(codes)) == len(codes)
    for agency in bundle.agencies:
        code = agency["uscc"]
        assert stdnum_uscc.is_valid(code), code
        assert _org_code_is_valid(code[8:17]), code
        assert code[2:8] == SHANGHAI_DIVISIONS[agency["district"]], agency


def test_fictional_uscc_is_valid_and_carries_the_division() -> None:
    rng = random.Random(1)
    codes = [fictional_uscc(rng, "310115") for _ in range(2_000)]
    assert all(stdnum_uscc.is_valid(code) for code in codes)
    assert all(_org_code_is_valid(code[8:17]) for code in codes)
    assert {code[:8] for code in codes} == {"91310115"}
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize("division", ["3101", "3101150", "31011A", ""])
def test_fictional_uscc_refuses_a_malformed_division(division: str) -> None:
    with pytest.raises(ValueError, match="division"):
        fictional_uscc(random.Random(1), division)


def test_every_parent_uscc_is_a_head_office_and_branches_are_named_after_it(
    bundle: Bundle,
) -> None:
    by_uscc = {a["uscc"]: a for a in bundle.agencies}
    branches = [a for a in bundle.agencies if a["parent_uscc"]]
    assert branches
    for branch in branches:
        parent = by_uscc[branch["parent_uscc"]]
        assert not parent["parent_uscc"]
        assert branch["name"].startswith(parent["name"])
        assert branch["name"].endswith(("分公司", "分所"))
        assert branch["kind"] == parent["kind"]


def test_every_listing_and_sanction_subject_exists(bundle: Bundle) -> None:
    subjects = {a["uscc"] for a in bundle.agencies} | {p["cert_no"] for p in bundle.practitioners}
    certs = {p["cert_no"] for p in bundle.practitioners}
    for table in (bundle.listings, bundle.sanctions):
        assert {row["subject_id"] for row in table} <= subjects
        assert any(row["subject_id"] in certs for row in table)  # people are listed too


def test_patent_codes_are_unique_five_digits_and_only_for_patent_kinds(bundle: Bundle) -> None:
    codes = [a["patent_agency_code"] for a in bundle.agencies if a["patent_agency_code"]]
    assert len(set(codes)) == len(codes)
    for agency in bundle.agencies:
        code = agency["patent_agency_code"]
        if agency["kind"] == "trademark":
            assert code == ""
        else:
            assert re.fullmatch(r"31\d{3}", code), agency


def test_practitioners_have_unique_checked_cert_numbers_and_work_at_patent_agencies(
    bundle: Bundle,
) -> None:
    kinds = {a["uscc"]: a["kind"] for a in bundle.agencies}
    certs = [p["cert_no"] for p in bundle.practitioners]
    assert len(set(certs)) == len(certs)
    for person in bundle.practitioners:
        cert = person["cert_no"]
        assert re.fullmatch(r"\d{9}\.\d", cert), cert
        assert _luhn_is_valid(cert.replace(".", "")), cert
        assert re.fullmatch(
            r"(欧阳|司马|诸葛|上官|.)某[甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥]",
            person["name"],
        )
        if person["agency_uscc"]:
            assert kinds[person["agency_uscc"]] in ("patent", "both")
    assert any(not p["agency_uscc"] for p in bundle.practitioners)
    assert Counter(p["name"] for p in bundle.practitioners).most_common(1)[0][1] > 1


# --- coverage of the vocabulary -------------------------------------------------------------------


def test_every_shanghai_district_and_lingang_occurs_with_pudong_largest(bundle: Bundle) -> None:
    counts = Counter(a["district"] for a in bundle.agencies)
    assert set(counts) == set(SHANGHAI_DIVISIONS)
    assert counts.most_common(1)[0][0] == "浦东新区"
    assert {(a["province"], a["city"]) for a in bundle.agencies} == {("上海市", "上海市")}


@pytest.mark.parametrize(
    ("table", "column", "values"),
    [
        ("agencies", "kind", {"patent", "trademark", "both"}),
        ("agencies", "status", {"active", "suspended", "revoked", "cancelled", "filing_expired"}),
        ("agencies", "credit_grade", {"", "A+", "A", "B", "C", "D"}),
        ("practitioners", "status", {"practising", "not_practising", "revoked"}),
        ("practitioners", "credit_grade", {"", "A+", "A", "B", "C", "D"}),
        ("listings", "list", {"serious_dishonest", "abnormal_operation", "key_monitoring"}),
        (
            "sanctions",
            "sanction",
            {"warning", "fine", "confiscation", "suspend_new_business", "revoke_licence",
             "criticism"},
        ),
        ("sanctions", "violation", set(VIOLATIONS)),  # the one list: a new category included
    ],
)  # fmt: skip
def test_every_value_of_the_vocabulary_occurs_and_no_other(
    bundle: Bundle, table: str, column: str, values: set[str]
) -> None:
    assert {row[column] for row in bundle.table(table)} == values


def test_most_agencies_are_active_and_most_grades_are_b(bundle: Bundle) -> None:
    statuses = Counter(a["status"] for a in bundle.agencies)
    grades = Counter(a["credit_grade"] for a in bundle.agencies if a["credit_grade"])
    assert statuses["active"] / len(bundle.agencies) > 0.8
    assert grades.most_common(1)[0][0] == "B"
    assert grades["A+"] < grades["A"] and grades["D"] < grades["B"]


# --- names and contacts ---------------------------------------------------------------------------


def test_every_agency_name_and_former_name_is_marked_as_an_example(bundle: Bundle) -> None:
    for agency in bundle.agencies:
        assert "示例" in agency["name"]
        for former in filter(None, agency["former_names"].split(";")):
            assert "示例" in former and former != agency["name"]
    names = [a["name"] for a in bundle.agencies]
    assert len(set(names)) == len(names)


def test_some_agencies_were_renamed_once_or_twice(bundle: Bundle) -> None:
    renamed = [a["former_names"].split(";") for a in bundle.agencies if a["former_names"]]
    assert 0.02 <= len(renamed) / len(bundle.agencies) <= 0.08
    assert {len(names) for names in renamed} == {1, 2}


def test_names_include_lookalikes_and_the_bracketed_shanghai_form(bundle: Bundle) -> None:
    industries: dict[str, set[str]] = {}
    for agency in bundle.agencies:
        match = re.match(rf"(?:上海)?(.+?)示例{INDUSTRY}", agency["name"])
        assert match, agency["name"]
        industries.setdefault(match[1], set()).add(match[2])
    reused = [trade for trade, found in industries.items() if len(found) > 1]
    assert 0.005 <= len(reused) / len(industries) <= 0.08  # a few, as in a real registry
    homophones = [
        trade
        for trade in industries
        for i, ch in enumerate(trade)
        if trade[:i] + _HOMOPHONES.get(ch, ch) + trade[i + 1 :] in industries.keys() - {trade}
    ]
    assert 0.005 <= len(homophones) / len(industries) <= 0.08  # 澄禾 beside 澄和
    assert any("示例知识产权代理（上海）" in a["name"] for a in bundle.agencies)


def test_a_few_names_carry_characters_that_need_escaping(bundle: Bundle) -> None:
    heads = [a["name"] for a in bundle.agencies if not a["parent_uscc"]]
    tricky = [name for name in heads if set(name) & set("&'+<>\"")]
    assert 2 <= len(tricky) <= 3


def test_phones_are_well_formed_unique_shanghai_numbers(bundle: Bundle) -> None:
    phones = [p for a in bundle.agencies for p in a["phones"].split(";") if p]
    assert len(set(phones)) == len(phones)
    assert all(re.fullmatch(r"021-6\d{7}|13\d{9}", phone) for phone in phones)
    assert any(";" in a["phones"] for a in bundle.agencies)
    assert any(p.startswith("021-") for p in phones) and any(p.startswith("13") for p in phones)


def test_websites_are_unique_example_domains_on_about_sixty_percent(bundle: Bundle) -> None:
    heads = [a for a in bundle.agencies if not a["parent_uscc"]]
    sites = [a["websites"] for a in heads if a["websites"]]
    assert 0.5 <= len(sites) / len(heads) <= 0.7
    hosts = [site.removeprefix("www.") for site in sites]
    assert len(set(hosts)) == len(hosts)
    assert all(re.fullmatch(r"(www\.)?[a-z0-9]+(-[a-z0-9]+)*\.example", site) for site in sites)


def test_addresses_are_fictional_and_in_the_district(bundle: Bundle) -> None:
    for agency in bundle.agencies:
        district = agency["district"]
        if district == "临港新片区":
            assert agency["address"].startswith("中国（上海）自由贸易试验区临港新片区示例")
        else:
            full = district if district.endswith("区") else f"{district}区"
            assert agency["address"].startswith(f"上海市{full}示例"), agency["address"]


# --- dates, statuses and their evidence -----------------------------------------------------------


def test_dates_are_iso_and_never_after_as_of_except_end_dates(bundle: Bundle) -> None:
    past = {
        "agencies": ("status_since", "credit_as_of"),
        "listings": ("listed_on", "removed_on"),
        "sanctions": ("decided_on",),
    }
    for table, columns in past.items():
        for row in bundle.table(table):
            for column in columns:
                if row[column]:
                    assert _day(row[column]) <= AS_OF, (table, row)
    for agency in bundle.agencies:
        for column in ("suspended_until", "trademark_filed_until"):
            if agency[column]:
                _day(agency[column])
    for listing in bundle.listings:
        if listing["removed_on"]:
            assert listing["removed_on"] >= listing["listed_on"]
    years = {row["decided_on"][:4] for row in bundle.sanctions}
    assert years == {str(year) for year in range(2019, 2027)}


def test_credit_scores_fall_in_their_grade_band(bundle: Bundle) -> None:
    bands = {"A+": (100, 200), "A": (90, 100), "B": (80, 89.99), "C": (60, 79.99), "D": (0, 59.99)}
    for agency in bundle.agencies:
        grade = agency["credit_grade"]
        if not grade:
            assert agency["credit_score"] == agency["credit_as_of"] == ""
            continue
        low, high = bands[grade]
        score = float(agency["credit_score"])
        assert low <= score <= high and (grade != "A+" or score > 100), agency
        _day(agency["credit_as_of"])


def test_revoked_agencies_carry_a_revoke_licence_sanction_on_that_day(bundle: Bundle) -> None:
    revocations = {
        (s["subject_id"], s["decided_on"])
        for s in bundle.sanctions
        if s["sanction"] == "revoke_licence"
    }
    revoked = [a for a in bundle.agencies if a["status"] == "revoked"]
    assert revoked
    for agency in revoked:
        assert agency["kind"] != "trademark"
        assert (agency["uscc"], agency["status_since"]) in revocations


def test_suspensions_match_their_sanction_and_some_have_ended(bundle: Bundle) -> None:
    months = {
        (s["subject_id"], s["decided_on"]): int(s["suspend_months"])
        for s in bundle.sanctions
        if s["sanction"] == "suspend_new_business"
    }
    suspended = [a for a in bundle.agencies if a["status"] == "suspended"]
    ends = []
    for agency in suspended:
        since = _day(agency["status_since"])
        term = months[(agency["uscc"], agency["status_since"])]
        assert _add_months(since, term) == _day(agency["suspended_until"])
        ends.append(_day(agency["suspended_until"]))
    assert any(end < AS_OF for end in ends) and any(end > AS_OF for end in ends)


def test_trademark_filings_are_current_unless_expired(bundle: Bundle) -> None:
    for agency in bundle.agencies:
        until = agency["trademark_filed_until"]
        if agency["kind"] == "patent":
            assert until == ""
        elif agency["status"] == "filing_expired":
            assert _day(until) < AS_OF
            assert _day(agency["status_since"]) > _day(until)
        elif agency["status"] == "active":
            assert _day(until) > AS_OF


def test_sanction_amounts_and_terms_fit_the_sanction(bundle: Bundle) -> None:
    for sanction in bundle.sanctions:
        kind = sanction["sanction"]
        assert (sanction["amount_yuan"] != "") == (kind in ("fine", "confiscation")), sanction
        if kind == "suspend_new_business":
            assert 6 <= int(sanction["suspend_months"]) <= 12
        else:
            assert sanction["suspend_months"] == ""
        assert sanction["authority"] and sanction["decision_no"] and sanction["summary"]
    numbers = [s["decision_no"] for s in bundle.sanctions]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"\S+〔20\d\d〕\d+号", number) for number in numbers)


def test_listed_agencies_have_statuses_that_fit_the_list(bundle: Bundle) -> None:
    status = {a["uscc"]: a["status"] for a in bundle.agencies}
    for listing in bundle.listings:
        subject = listing["subject_id"]
        if subject not in status:
            continue
        if listing["list"] == "abnormal_operation":
            assert status[subject] != "revoked"
        if listing["list"] == "key_monitoring":
            assert status[subject] in ("active", "suspended")
        assert listing["authority"] and listing["decision_no"] and listing["reason"]
    assert any(row["removed_on"] for row in bundle.listings)
    assert any(not row["removed_on"] for row in bundle.listings)


# --- national scale -------------------------------------------------------------------------------


@pytest.mark.slow
def test_national_scale_has_about_100k_agencies_and_60k_practitioners(tmp_path: Path) -> None:
    started = time.perf_counter()
    summary = write_demo_bundle(tmp_path, "national")
    elapsed = time.perf_counter() - started
    assert 95_000 <= summary.agencies <= 105_000
    assert 57_000 <= summary.practitioners <= 63_000
    agencies = _read(tmp_path / "agencies.csv")
    codes = [a["uscc"] for a in agencies]
    assert len(set(codes)) == len(codes) == summary.agencies
    assert 0.06 <= sum(a["province"] == "上海市" for a in agencies) / len(agencies) <= 0.10
    assert len({a["province"] for a in agencies}) >= 25
    assert all(a["province"] and a["city"] for a in agencies)
    prefixes = {a["patent_agency_code"][:2] for a in agencies if a["patent_agency_code"]}
    assert {"11", "31", "32"} <= prefixes
    assert elapsed < 30, f"national bundle took {elapsed:.1f}s (budget 15s on 2 cores)"
