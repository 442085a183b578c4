"""Hostile registry bundles (tests/hostile/bundles/make_bundles.py): refused or cleaned.

A refused bundle changes nothing: afterwards the registry's tables are byte for byte what they
were, and a legitimate agency still checks as `ok`. A cleaned one is stored without the hostile
characters, and a Shanghai district in its one canonical spelling.
"""

from __future__ import annotations

import math
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.check import check
from bot.cli import cli
from bot.districts import DISTRICTS
from bot.errors import BundleInvalid, LantianError, Refusal, RowProblem
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.registry.limits import DEFAULT_LIMITS
from bot.registry.validate import NUMBER_RANGES, RowCheck, agency_row
from tests.bundles import AGENCY_HEADER, USCC_A, write_bundle
from tests.hostile.bundles.make_bundles import CASES, CLEANED, LEGIT, Case

TODAY = date(2026, 6, 1)
TABLES = ("agencies", "practitioners", "listings", "sanctions", "lookup_keys", "search_names",
          "gram_counts", "dataset")  # fmt: skip
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def snapshot(db: sqlite_utils.Database) -> dict[str, list[tuple[Any, ...]]]:
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}


def legit_level(db: sqlite_utils.Database) -> str:
    return check(db, USCC_A, today=TODAY).level


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    db = open_database(tmp_path / "registry.db")
    import_path(db, write_bundle(tmp_path / "legit", LEGIT), today=TODAY)
    assert legit_level(db) == "ok"
    yield db
    db.close()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_hostile_bundle_is_refused_by_name_and_changes_nothing(
    case: Case, registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    before = snapshot(registry)
    bundle = case.build(tmp_path / case.name)
    assert case.refused is not None
    with pytest.raises(case.refused) as raised:
        import_path(registry, bundle, today=TODAY, limits=case.limits)
    for text in case.says:
        assert text in str(raised.value)
    assert snapshot(registry) == before
    assert legit_level(registry) == "ok"


CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.refused is not None and not issubclass(c.refused, BundleInvalid)],
    ids=lambda c: c.name,
)
def test_a_bundle_that_cannot_be_read_is_told_in_each_language_apart(
    case: Case, registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    with pytest.raises(Refusal) as raised:
        import_path(registry, case.build(tmp_path / case.name), today=TODAY, limits=case.limits)
    english = raised.value.message("en")
    for value in raised.value.params.values():  # what the bundle itself says may be Chinese
        english = english.replace(str(value), "") if isinstance(value, str) else english
    assert CJK.search(raised.value.message("zh")) and not CJK.search(english), english


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.limits == DEFAULT_LIMITS], ids=lambda c: c.name
)
def test_the_cli_refuses_a_hostile_bundle_in_plain_words(case: Case, tmp_path: Path) -> None:
    bundle = case.build(tmp_path / case.name)
    result = CliRunner().invoke(
        cli, ["registry", "import", str(bundle), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert all(text in result.output for text in case.says)


@pytest.mark.parametrize(
    ("case", "uscc", "column", "stored"), CLEANED, ids=lambda c: getattr(c, "name", "")
)
def test_hostile_cells_are_stored_clean(
    case: Case, uscc: str, column: str, stored: str, registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_path(registry, case.build(tmp_path / case.name), today=TODAY)
    row = registry.execute(f"SELECT {column} FROM agencies WHERE uscc = ?", [uscc]).fetchone()
    assert row == (stored,)
    assert legit_level(registry) == "ok"


def _spellings(district: str) -> list[str]:
    forms = [district, f"上海市{district}", f" {district} ", f"上海市 {district}"]
    if not district.endswith("区"):
        forms += [f"{district}区", f"上海{district}区", f"上海市{district}区"]
    return forms


@given(
    st.sampled_from(DISTRICTS).flatmap(
        lambda d: st.tuples(st.just(d), st.sampled_from(_spellings(d)))
    ),
    st.sampled_from([("上海市", "上海市"), ("上海", ""), ("", "")]),
)
def test_a_shanghai_district_in_any_spelling_is_stored_in_its_one_form(
    spelt: tuple[str, str], where: tuple[str, str]
) -> None:
    district, written = spelt
    record, problems = _check_row({"province": where[0], "city": where[1], "district": written})
    assert record["district"] == district
    assert not [p for p in problems if "district" in p.reason]


def test_districts_from_one_bundle_in_two_spellings_are_one_district(
    registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    rows = [{**LEGIT[0], "district": "浦东"}, {**LEGIT[1], "district": "上海市徐汇区"}]
    import_path(registry, write_bundle(tmp_path / "b", rows), today=TODAY)
    districts = {d for (d,) in registry.execute("SELECT DISTINCT district FROM agencies")}
    assert districts == {"浦东新区", "徐汇"}


# --- any text at all -----------------------------------------------------------------------------


def _check_row(cells: dict[str, str]) -> tuple[dict[str, Any], list[RowProblem]]:
    problems: list[RowProblem] = []
    rows = RowCheck("agencies.csv", problems.append)
    rows.start(2, cells)
    return agency_row(rows), problems


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(AGENCY_HEADER), st.text(max_size=40)))
def test_any_text_in_any_cell_is_either_refused_or_stored_without_controls(
    cells: dict[str, str],
) -> None:
    record, problems = _check_row(cells)  # never raises
    if problems:
        return
    for column, value in record.items():
        if isinstance(value, str):
            assert not any(unicodedata.category(ch) == "Cc" for ch in value), column
            assert not BIDI & set(value), column


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=12), st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{1,3})?")))
def test_a_score_is_a_finite_number_in_range_or_a_named_problem(text: str) -> None:
    record, problems = _check_row({"credit_score": text})
    score = record["credit_score"]
    if score is None:
        return
    low, high = NUMBER_RANGES["credit_score"]
    assert math.isfinite(score) and low <= score <= high
    assert not any("credit_score" in p.reason for p in problems)


@settings(max_examples=60, deadline=None)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: (",".join(AGENCY_HEADER) + "\n" + t).encode()),
        st.lists(st.lists(st.text(max_size=12), max_size=20), max_size=5).map(
            lambda rows: "\n".join([",".join(AGENCY_HEADER), *(",".join(r) for r in rows)]).encode()
        ),
    ),
    container=st.sampled_from(["folder", "zip", "xlsx"]),
)
def test_any_bytes_as_a_bundle_import_or_are_refused_in_plain_words(
    body: bytes, container: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(":memory:")
        import_path(db, write_bundle(folder / "legit", LEGIT), today=TODAY)
        before = snapshot(db)
        bundle = folder / "b"
        bundle.mkdir()
        (bundle / "agencies.csv").write_bytes(body)
        if container == "zip":
            with zipfile.ZipFile(folder / "b.zip", "w") as archive:
                archive.write(bundle / "agencies.csv", "agencies.csv")
            bundle = folder / "b.zip"
        elif container == "xlsx":
            (folder / "b.xlsx").write_bytes(body)
            bundle = folder / "b.xlsx"
        try:
            import_path(db, bundle, today=TODAY, allow_shrink=True)
        except LantianError:
            assert snapshot(db) == before
        db.close()
