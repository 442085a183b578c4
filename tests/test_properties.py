"""Arbitrary text never breaks the check or a report, and never earns an `ok` it has not proved.

Hypothesis feeds the check and each report step text of every kind: other scripts, controls,
lone surrogates (what argv holds for bytes that were not UTF-8), markup, huge runs.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.check import check
from bot.normalize import clean_text, name_key
from bot.registry.database import open_database
from bot.registry.demo import write_demo_bundle
from bot.registry.importer import import_path
from bot.render import verdict_json, verdict_text
from bot.reports import tickets
from bot.reports.tickets import FIELD_CHECKS, Draft, field_problem

TODAY = date(2026, 11, 1)
LEVELS = {"ok", "caution", "danger", "unknown"}
CERTAIN = {"exact_id", "exact_name", "former_name", "phone", "website"}
FAST = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text as people (and attackers) send it: every code point, surrogates included.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
# Text that cannot hold a phone, USCC, code, domain or e-mail: only a name could match it.
wordish = st.text(
    st.characters(exclude_categories=("Nd", "Cs"), exclude_characters=".@:/0123456789"),
    min_size=1,
    max_size=40,
)


@pytest.fixture(scope="module")
def demo(shanghai_demo: sqlite_utils.Database) -> sqlite_utils.Database:
    return shanghai_demo


@pytest.fixture(scope="module")
def registered_keys(demo: sqlite_utils.Database) -> set[str]:
    keys = {name_key(row[0]) for row in demo.execute("SELECT name FROM agencies")}
    for (former,) in demo.execute("SELECT former_names FROM agencies WHERE former_names != ''"):
        keys.update(name_key(name) for name in former.split(";"))
    keys.update(name_key(row[0]) for row in demo.execute("SELECT name FROM practitioners"))
    return keys


@FAST
@given(text=any_text)
def test_any_text_gets_a_verdict_that_renders_in_both_languages(
    demo: sqlite_utils.Database, text: str
) -> None:
    verdict = check(demo, text, today=TODAY)
    assert verdict.level in LEVELS
    for lang in ("zh", "en"):
        rendered = verdict_text(verdict, lang) + json.dumps(
            verdict_json(verdict, lang), ensure_ascii=False
        )
        rendered.encode("utf-8")  # a lone surrogate here would crash the terminal or the bot
    if verdict.level == "ok":
        assert verdict.match is not None and verdict.match_kind in CERTAIN


@FAST
@given(text=wordish)
def test_text_that_is_no_registered_name_is_never_ok(
    demo: sqlite_utils.Database, registered_keys: set[str], text: str
) -> None:
    verdict = check(demo, text, today=TODAY)
    if name_key(clean_text(text)) not in registered_keys:
        assert verdict.level != "ok", (text, verdict.match)


@FAST
@given(noise=st.sampled_from(["\u202e", "\u200b", "\x00", "\ufeff", "\x1b", "\u2066"]))
def test_invisible_characters_do_not_change_a_verdict(
    demo: sqlite_utils.Database, noise: str
) -> None:
    for (name,) in demo.execute("SELECT name FROM agencies ORDER BY uscc LIMIT 20"):
        plain = check(demo, name, today=TODAY)
        salted = check(demo, noise.join(name), today=TODAY)
        assert (salted.level, salted.match) == (plain.level, plain.match)


def test_lone_surrogates_from_argv_get_a_verdict_not_a_traceback(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bot.cli import cli

    db = tmp_path / "demo.db"
    write_demo_bundle(tmp_path / "bundle", "shanghai")
    import_path(open_database(db), tmp_path / "bundle", today=TODAY)
    for query in ("\udcff\udcfe示例", "\ud800abc", "a\x00b"):
        result = CliRunner().invoke(cli, ["check", "--json", "--db", str(db), query])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["level"] in LEVELS


@FAST
@given(step=st.sampled_from(sorted(FIELD_CHECKS)), answer=any_text)
def test_any_answer_to_a_report_step_is_accepted_or_refused_plainly(step: str, answer: str) -> None:
    draft = {"kind": "report", "category": "other", step: answer}
    for lang in ("zh", "en"):
        problem = field_problem(draft, step, today=TODAY, lang=lang)
        assert problem is None or (problem.strip() and problem.encode("utf-8"))


@FAST
@given(subject=any_text, description=any_text, name=any_text)
def test_any_text_a_reporter_gives_is_stored_and_read_back(
    fresh_db: sqlite_utils.Database, subject: str, description: str, name: str
) -> None:
    draft = Draft(
        kind="report",
        category="other",
        subject_text=subject,
        description=description,
        contact_name=name,
        reporter_user_id=1,
    )
    try:
        draft.validate(TODAY)
    except tickets.DraftInvalid:
        return
    now = datetime(2026, 11, 1, 12, tzinfo=timezone(timedelta(hours=8)))
    ticket = tickets.submit(fresh_db, draft, f"k{hash((subject, description, name))}", now)
    again = tickets.get(fresh_db, ticket.number)
    assert again is not None
    for text in (again.subject_text, again.redacted_description(), again.redacted_subject()):
        text.encode("utf-8")


@pytest.mark.parametrize("blank", ["", " ", "\u200b", "\u202e\u3000", "\x00"])
def test_a_query_with_nothing_visible_is_a_usage_error(blank: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bot.cli import cli

    result = CliRunner().invoke(cli, ["check", "--json", "--db", str(tmp_path / "x.db"), blank])
    assert result.exit_code == 2 and "give something to check" in result.output


WRAPPERS = [
    ("“", "”"),
    ("《", "》"),
    ("【", "】"),
    ("「", "」"),
    ("'", "'"),
    ('"', '"'),
    ("（", "）"),
]


@FAST
@given(data=st.data())
def test_wrapping_a_name_in_quotes_or_brackets_never_changes_the_verdict(
    demo: sqlite_utils.Database, data: st.DataObject
) -> None:
    names = [row[0] for row in demo.execute("SELECT name FROM agencies ORDER BY uscc LIMIT 300")]
    name = data.draw(st.sampled_from(names))
    opening, closing = data.draw(st.sampled_from(WRAPPERS))
    plain, wrapped = (
        check(demo, name, today=TODAY),
        check(demo, opening + name + closing, today=TODAY),
    )
    assert (wrapped.level, wrapped.match) == (plain.level, plain.match)


@FAST
@given(data=st.data())
def test_a_registered_name_with_a_letter_added_or_its_form_moved_is_never_ok(
    demo: sqlite_utils.Database, data: st.DataObject
) -> None:
    """Clone firms add a character (〇, a rare character, kana…) or rearrange the company form."""
    names = [
        row[0]
        for row in demo.execute(
            "SELECT name FROM agencies WHERE name LIKE '%有限公司' ORDER BY uscc LIMIT 300"
        )
    ]
    name = data.draw(st.sampled_from(names))
    extra = data.draw(st.characters(categories=("Lo", "Ll", "Lu", "Nl", "Nd")))
    at = data.draw(st.integers(2, len(name)))
    stem = name.removesuffix("有限公司")
    clone = data.draw(
        st.sampled_from(
            [
                name[:at] + extra + name[at:],
                stem[:2] + "有限公司" + stem[2:],
                name + "有限公司",
            ]
        )
    )
    if clone == name:
        return
    assert check(demo, clone, today=TODAY).level != "ok", clone


def test_a_refusal_keeps_a_long_program_made_line_and_cuts_a_pasted_novel() -> None:
    from bot.registry.refusals import RegistryWouldShrink

    changes = " · ".join(f"变化 change {n:,}" for n in range(100_000, 100_020))  # ~400 chars
    refusal = RegistryWouldShrink(
        table="agencies", table_zh="机构", removed=1, current=2, share="50%", limit="20%",
        changes=changes,
    )  # fmt: skip
    assert changes in str(refusal)
    novel = RegistryWouldShrink(
        table="agencies", table_zh="机构", removed=1, current=2, share="50%", limit="20%",
        changes="长" * 5000,
    )  # fmt: skip
    assert "长" * 600 not in str(novel) and "…" in str(novel)
