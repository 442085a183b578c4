"""What an import says: its progress and what it changed name steps, statuses, grades and lists
in words, never by their codes, one language at a time; and every refusal of a bundle, a download
or a report is a class naming an entry of the catalogue (bot/words/registry.py, reports.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from bot.cli import cli
from bot.errors import Refusal
from bot.registry import refusals
from bot.registry.importer import ImportSummary, changed_names, describe_changes
from bot.registry.records import AGENCY_STATUSES, GRADES, LISTS
from bot.reports import errors as report_errors
from bot.words import Lang, Words, say
from bot.words import registry as registry_words
from bot.words import reports as report_words
from bot.words.verdict import LISTS as LIST_WORDS
from bot.words.verdict import STATUSES
from tests.bundles import USCC_B, agency, write_bundle

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z_]{2,}")  # a code, or an English word in Chinese text
SNAKE = re.compile(r"[a-z]+(?:_[a-z]+)+")  # a code no English word can be mistaken for
NAMES = ("上海青禾示例知识产权代理有限公司", "上海松石示例专利代理事务所（普通合伙）")
SOURCE = "上海市知识产权局（示例）"
TABLES = ("agencies", "practitioners", "listings", "sanctions")

summaries = st.builds(
    ImportSummary,
    unchanged=st.just(False),
    source=st.just(SOURCE),
    as_of=st.just("2026-05-31"),
    fictional=st.booleans(),
    counts=st.fixed_dictionaries({table: st.integers(0, 10**6) for table in TABLES}),
    status_changes=st.lists(
        st.tuples(
            st.sampled_from(NAMES),
            st.sampled_from(AGENCY_STATUSES),
            st.sampled_from(AGENCY_STATUSES),
        ),
        max_size=4,
    ),
    grade_changes=st.lists(
        st.tuples(
            st.sampled_from(NAMES),
            st.none() | st.sampled_from(GRADES),
            st.none() | st.sampled_from(GRADES),
        ),
        max_size=4,
    ),
    newly_listed=st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(LISTS)), max_size=4),
    first=st.just(False),
)


def without(text: str, *values: str) -> str:
    for value in values:
        text = text.replace(value, "")
    return text


@given(summaries)
def test_changes_by_name_in_chinese_hold_no_code_and_no_english(summary: ImportSummary) -> None:
    assert LATIN_WORD.findall("\n".join(changed_names(summary, "zh"))) == []


@given(summaries)
def test_changes_by_name_in_english_name_statuses_and_lists_in_words(
    summary: ImportSummary,
) -> None:
    text = "\n".join(changed_names(summary, "en"))
    assert not SNAKE.search(text) and not CJK.search(without(text, *NAMES))
    for _, before, after in summary.status_changes:
        assert f"{STATUSES[before][1]} → {STATUSES[after][1]}" in text
    for _, listed in summary.newly_listed:
        assert f"on the {LIST_WORDS[listed][1]}" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_change_line_counts_every_kind_of_change_in_one_language(lang: Lang) -> None:
    summary = ImportSummary(False, SOURCE, "2026-05-31", False, dict.fromkeys(TABLES, 1))
    summary.changes = {kind: 10 + n for n, kind in enumerate(summary.changes)}
    line = describe_changes(summary, lang)
    assert sorted(int(n) for n in re.findall(r"\d+", line)) == sorted(summary.changes.values())
    assert bool(CJK.search(line)) == (lang == "zh")
    assert not SNAKE.search(line)
    assert describe_changes(summary) == "\n".join(
        describe_changes(summary, x) for x in ("zh", "en")
    )


def _refusals(module: object) -> list[type[Refusal]]:
    return [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Refusal)]


def _entries(module: object) -> list[Words]:
    return [value for name, value in vars(module).items() if name.isupper()]


@pytest.mark.parametrize(
    ("errors", "catalogue"),
    [(refusals, registry_words), (report_errors, report_words)],
    ids=["registry", "reports"],
)
def test_every_refusal_names_its_words_in_the_catalogue(errors: object, catalogue: object) -> None:
    classes = [refusal for refusal in _refusals(errors) if refusal is not Refusal]
    assert len(classes) > 10
    for refusal in classes:
        assert "zh" not in vars(refusal) and "en" not in vars(refusal), refusal
        assert refusal.words in _entries(catalogue), refusal


def test_a_refusal_with_words_for_a_value_says_it_in_the_same_language() -> None:
    error = refusals.BundleTooLarge(
        where="agencies.csv", what=registry_words.OVER_LINE_LENGTH, limit="1 MiB"
    )
    assert "行长度超限" in error.message("zh") and not CJK.search(error.message("en"))
    assert str(error) == f"{error.message('zh')}\n{error.message('en')}"


def _import(folder: Path, db: Path, lang: str) -> str:
    args = ["registry", "import", str(folder), "--db", str(db), "--lang", lang]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.output


STEP_CODES = re.compile(r"\b(?:download|read|check|index|write)\b")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cli_tells_an_import_without_codes(tmp_path: Path, lang: Lang) -> None:
    db = tmp_path / "x.db"
    before = [agency(), agency(uscc=USCC_B, name=NAMES[1], credit_grade="B")]
    after = [agency(status="filing_expired"), agency(uscc=USCC_B, name=NAMES[1], credit_grade="D")]
    listed = [{"subject_id": USCC_B, "list": "serious_dishonest", "listed_on": "2026-05-01"}]
    _import(write_bundle(tmp_path / "one", before), db, lang)
    text = _import(write_bundle(tmp_path / "two", after, listings=listed), db, lang)
    assert not SNAKE.search(without(text, "agencies.csv", "listings.csv"))
    assert not STEP_CODES.search(text)  # progress names its steps in words
    assert say(STATUSES["filing_expired"], lang) in text
    assert say(LIST_WORDS["serious_dishonest"], lang) in text
