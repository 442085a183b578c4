"""Random inspections as a person meets them: items and results by name wherever they are shown
(the site's page, the reports, the digest, the command line), typed by code or by name, a wrong
part named with what it accepts, and a plan, a missing inspector or an empty task list that says
what to do next."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.desk.staff import StaffDirectory, StaffMember, parse_staff
from bot.inspections import plans
from bot.inspections.draw import Rates
from bot.registry.database import open_database
from tests.desk_queue import at, queue_db

STAFF = "7001:city,7002:静安,7003:浦东新区,7004:静安,7005:city"
DIRECTORY = StaffDirectory(parse_staff(STAFF))
CITY = DIRECTORY.members[7001]
DAY = date(2026, 6, 1)


def plan(db, items: list[str]):  # type: ignore[no-untyped-def]
    return plans.make_plan(db, CITY, DIRECTORY, planned_on=DAY, district=None, item_codes=items,
                           rates=Rates(1.0), seed="words", now=at("2026-06-01"))  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("pass", "pass"),
        ("合格", "pass"),
        ("Compliant", "pass"),
        ("责令限期整改", "rectify"),
        ("ordered to rectify by a deadline", "rectify"),
        ("未发现/无法联系", "not_found"),
        ("无法联系", "not_found"),
        ("ｐａｓｓ", "pass"),
    ],
)
def test_a_result_is_taken_by_its_code_or_its_words_in_either_language(
    typed: str, code: str
) -> None:
    assert plans.result_code(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("licence", "licence"),
        ("专利代理机构执业许可条件", "licence"),
        ("Truth of the annual report", "annual_report"),
        ("年度报告信息真实性", "annual_report"),
    ],
)
def test_an_item_is_taken_by_its_code_or_its_name_in_either_language(typed: str, code: str) -> None:
    assert plans.item_code(typed) == code


def test_a_wrong_item_or_result_is_named_with_what_is_accepted_in_each_language() -> None:
    with pytest.raises(plans.UnknownResult) as result:
        plans.result_code("好")
    zh, en = result.value.message("zh"), result.value.message("en")
    assert "检查结果“好”" in zh and "合格（pass）" in zh and "责令限期整改（rectify）" in zh
    assert "result “好”" in en and "compliant (pass)" in en and "合格" not in en
    db = queue_db()
    made = plan(db, ["licence"])
    with pytest.raises(plans.UnknownItem) as item:
        plans.entry_codes(db, made.id, "annual_report", "pass")  # not an item of this plan
    zh = item.value.message("zh")
    assert "抽查事项“annual_report”" in zh and "专利代理机构执业许可条件（licence）" in zh
    assert "年度报告" not in zh  # only the plan's own items are offered


def test_a_result_recorded_in_words_is_kept_as_its_code() -> None:
    db = queue_db()
    made = plan(db, ["licence", "annual_report"])
    first = plans.targets(db, made.id)[0]
    inspector = StaffMember(first.inspectors[0], "city")
    done = plans.record(db, inspector, made.id, first.subject_id, "专利代理机构执业许可条件",
                        "合格", now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    assert done.results["licence"]["result"] == "pass"


def test_the_site_page_the_report_and_the_digest_name_items_and_results(tmp_path: Path) -> None:
    from bot.desk.digest import digest_text
    from bot.desk.reports import campaign_report
    from bot.site.inspection_pages import plan_page

    db = queue_db()
    made = plan(db, ["licence", "annual_report"])
    first = plans.targets(db, made.id)[0]
    inspector = StaffMember(first.inspectors[0], "city")
    for item, result in (("annual_report", "rectify"), ("licence", "pass")):
        plans.record(db, inspector, made.id, first.subject_id, item, result, rectify_days=10,
                     now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    plans.close_target(db, inspector, made.id, first.subject_id, now=at("2026-06-03"),
                       today=date(2026, 6, 3))  # fmt: skip
    shown = plans.published_targets(db, made.id, date(2026, 6, 4))
    page = plan_page(db, plans.get_plan(db, made.id), shown, made.id, date(2026, 6, 4))
    row = next(line for line in page.splitlines() if first.subject_id in line)
    assert "专利代理机构执业许可条件：合格、年度报告信息真实性：责令限期整改" in row
    assert "licence" not in row and "annual_report" not in row

    zh = campaign_report(db, kind="stage", until=date(2026, 7, 14), cases_dir=tmp_path)
    en = campaign_report(db, kind="stage", until=date(2026, 7, 14), cases_dir=tmp_path, lang="en")
    assert "| 专利代理机构执业许可条件 |" in zh.markdown()
    assert "| Truth of the annual report |" in en.markdown()
    assert "| licence |" not in zh.markdown() + en.markdown()

    digest = digest_text(db, CITY, today=date(2026, 6, 16), lang="zh")
    assert "年度报告信息真实性" in digest and "annual_report" not in digest


def _run(db_path: Path, *args: str, staff: str | None = STAFF):  # type: ignore[no-untyped-def]
    env = {"LANTIAN_TODAY": DAY.isoformat(), "LANTIAN_STAFF": staff}
    return CliRunner().invoke(cli, [*args, "--db", str(db_path)], env=env)


def test_the_command_line_draws_a_plan_in_both_languages_with_each_target_and_its_inspectors(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "lantian.db"
    queue_db(db_path).close()
    made = _run(db_path, "inspect", "plan", "--share", "1", "--seed", "s", "--staff-id", "7001")
    assert made.exit_code == 0, made.output
    assert "抽查计划 2026-06-01-1" in made.output and "Inspection plan 2026-06-01-1" in made.output
    db = open_database(db_path)
    drawn = plans.targets(db, "2026-06-01-1")
    db.close()
    for target in drawn:
        line = next(line for line in made.output.splitlines() if target.subject_id in line)
        assert target.ticket in line and all(str(i) in line for i in target.inspectors)
    assert "lantian inspect verify 2026-06-01-1" in made.output
    english = _run(db_path, "inspect", "plan", "--share", "1", "--staff-id", "7001", "--lang", "en")
    assert "Inspection plan" in english.output and "抽查计划" not in english.output


def test_verify_needs_no_staff_identity(tmp_path: Path) -> None:
    db_path = tmp_path / "lantian.db"
    queue_db(db_path).close()
    assert _run(db_path, "inspect", "plan", "--share", "1", "--staff-id", "7001").exit_code == 0
    checked = _run(db_path, "inspect", "verify", "2026-06-01-1", staff=None)
    assert checked.exit_code == 0, checked.output
    assert "核验通过" in checked.output


def test_too_few_inspectors_says_how_many_are_needed_and_how_many_there_are(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "lantian.db"
    queue_db(db_path).close()
    refused = _run(db_path, "inspect", "plan", "--staff-id", "7001", staff="7001:city")
    assert refused.exit_code == 1
    assert "须派 2 名" in refused.output and "只有 1 名" in refused.output
    assert "each target needs 2" in refused.output and "names 1 staff" in refused.output


def test_an_empty_task_list_gives_the_command_that_draws_a_plan(tmp_path: Path) -> None:
    db_path = tmp_path / "lantian.db"
    queue_db(db_path).close()
    city = _run(db_path, "inspect", "list", "--staff-id", "7001")
    assert "lantian inspect plan --share 0.05 --staff-id 7001" in city.output
    district = _run(db_path, "inspect", "list", "--staff-id", "7002")
    assert "lantian inspect plan --district 静安 --share 0.05 --staff-id 7002" in district.output


def test_the_command_line_words_a_rectification_a_result_and_a_redraw(tmp_path: Path) -> None:
    db_path = tmp_path / "lantian.db"
    queue_db(db_path).close()
    assert _run(db_path, "inspect", "plan", "--share", "1", "--item", "年度报告信息真实性",
                "--staff-id", "7001").exit_code == 0  # fmt: skip
    db = open_database(db_path)
    first = plans.targets(db, "2026-06-01-1")[0]
    db.close()
    who = str(first.inspectors[0])
    recorded = _run(db_path, "inspect", "record", "2026-06-01-1", first.subject_id,
                    "annual_report", "责令限期整改", "--days", "5", "--staff-id", who)  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert "年度报告信息真实性 · 责令限期整改" in recorded.output
    done = _run(db_path, "inspect", "rectified", "2026-06-01-1", first.subject_id,
                "annual_report", "--staff-id", who)  # fmt: skip
    assert done.exit_code == 0, done.output
    said = f"已记录整改完成：{first.subject_id} · 年度报告信息真实性 · 2026-06-01。"
    assert done.output.strip() == said
    wrong = _run(db_path, "inspect", "record", "2026-06-01-1", first.subject_id,
                 "annual_report", "好", "--staff-id", who)  # fmt: skip
    assert wrong.exit_code == 1 and "检查结果“好”" in wrong.output
    assert "合格（pass）" in wrong.output
