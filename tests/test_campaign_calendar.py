"""The campaign calendar: the digest's countdown to the 4·26 week and the two reports, counted in
China's working days (2026's real holiday schedule), and the report made on its due date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from openpyxl import load_workbook

from bot.desk import case_book
from bot.desk.campaign_calendar import (
    CALENDAR_LEAD_DAYS,
    calendar_lines,
    make_due_report,
    publicity_week,
    report_due,
)
from bot.desk.digest import digest_text
from bot.desk.staff import StaffMember
from bot.reports.deadlines import calendar_covers
from tests.desk_queue import CITY, at, known_queue, queue_db

WRITER = StaffMember(8001, "city", editor=True)
REVIEWER = StaffMember(8002, "静安", editor=True)
WEEK_AHEAD = re.compile(r"^(\d+) working day\(s\) to 4·26 IP Publicity Week")
LEAD = 10


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(n) for n in range((end - start).days + 1)]


def week_countdown(db: sqlite_utils.Database, day: date) -> int | None:
    """The number of working days the digest says are left before the 4·26 week."""
    for line in calendar_lines(db, day, "en", lead_days=LEAD):
        found = WEEK_AHEAD.match(line)
        if found:
            return int(found.group(1))
    return None


@pytest.fixture(scope="module")
def db() -> sqlite_utils.Database:
    return queue_db()


def test_2026_holidays_are_known_to_the_calendar() -> None:
    # The tests below count with the State Council's real schedule, not Monday-Friday.
    assert calendar_covers(date(2026, 4, 6))


def test_the_week_is_20_to_26_april() -> None:
    assert publicity_week(2026) == (date(2026, 4, 20), date(2026, 4, 26))


def test_the_week_countdown_skips_qingming_and_weekends(db: sqlite_utils.Database) -> None:
    # 4·26 week 2026 starts Monday 20 April; Qingming is Saturday 4 to Monday 6 April.
    counted = {day.isoformat(): week_countdown(db, day) for day in days("2026-04-01", "2026-04-19")}
    assert counted == {
        "2026-04-01": None,
        "2026-04-02": None,  # 11 working days ahead: outside the window
        "2026-04-03": 10,  # Friday: the first reminder
        "2026-04-04": 10,  # Qingming Saturday
        "2026-04-05": 10,  # Qingming Sunday
        "2026-04-06": 10,  # Qingming Monday: a holiday, not counted
        "2026-04-07": 9,
        "2026-04-08": 8,
        "2026-04-09": 7,
        "2026-04-10": 6,  # Friday
        "2026-04-11": 6,  # Saturday: not a working day, the count stays
        "2026-04-12": 6,
        "2026-04-13": 5,
        "2026-04-14": 4,
        "2026-04-15": 3,
        "2026-04-16": 2,
        "2026-04-17": 1,  # the last working day before the week
        "2026-04-18": 1,
        "2026-04-19": 1,
    }


def test_reminders_appear_only_in_the_three_lead_windows(db: sqlite_utils.Database) -> None:
    reminded = [
        day
        for day in days("2026-01-01", "2026-12-31")
        if calendar_lines(db, day, "zh", lead_days=LEAD)
    ]
    expected = (
        days("2026-04-03", "2026-04-26")  # the week ahead, then the week itself
        + days("2026-06-30", "2026-07-14")  # stage report, due Tuesday 14 July
        + days("2026-11-02", "2026-11-15")  # annual summary, due Sunday 15 November
    )
    assert reminded == expected


def test_report_countdowns_name_the_due_date_in_working_days(db: sqlite_utils.Database) -> None:
    assert calendar_lines(db, date(2026, 6, 30), "zh", lead_days=LEAD) == [
        "距阶段性情况报告报送截止（2026-07-14）还有 10 个工作日"
    ]
    assert calendar_lines(db, date(2026, 7, 13), "en", lead_days=LEAD) == [
        "1 working day(s) to the stage report due 2026-07-14"
    ]
    # 15 November 2026 is a Sunday: on Friday the 13th it is still one working day ahead.
    assert calendar_lines(db, date(2026, 11, 13), "en", lead_days=LEAD) == [
        "1 working day(s) to the annual summary and typical cases due 2026-11-15"
    ]


def test_the_lead_is_a_setting(db: sqlite_utils.Database) -> None:
    assert calendar_lines(db, date(2026, 7, 6), "en", lead_days=3) == []
    assert calendar_lines(db, date(2026, 7, 10), "en", lead_days=3) == [
        "2 working day(s) to the stage report due 2026-07-14"
    ]


def test_the_weeks_days_say_it_is_on_and_the_day_after_says_nothing(
    db: sqlite_utils.Database,
) -> None:
    for day in days("2026-04-20", "2026-04-26"):
        assert calendar_lines(db, day, "zh", lead_days=LEAD) == [
            "4·26 知识产权宣传周（2026-04-20 至 2026-04-26）正在进行：本周定时发布案例 0 篇，"
            "待审核 0 篇"
        ]
    assert calendar_lines(db, date(2026, 4, 27), "zh", lead_days=LEAD) == []


def complete(db: sqlite_utils.Database, case_id: int, publish_on: str) -> None:
    values = {
        "title": "某代理公司冒用官方名义招揽业务被查处",
        "summary": "某代理公司自称“官方指定窗口”招揽商标注册业务，被责令改正并罚款。",
        "body": "经查，该公司在网店页面使用“官方指定”字样。\n\n区局依法作出处罚。",
        "categories": "impersonation",
        "authority": "上海市静安区市场监督管理局",
        "decision_no": "沪市监静处〔2026〕001号",
        "publish_on": publish_on,
    }
    for name, typed in values.items():
        value = case_book.parse_value(name, typed)
        case_book.edit(db, WRITER, case_id, name, value, now=at("2026-04-01"))


def approved_case(db: sqlite_utils.Database, publish_on: str) -> int:
    case = case_book.create(db, WRITER, now=at("2026-04-01"))
    complete(db, case.id, publish_on)
    case_book.approve(db, REVIEWER, case.id, now=at("2026-04-02"))
    return case.id


def test_the_week_reminder_counts_cases_scheduled_for_it_and_drafts_awaiting_approval() -> None:
    db = queue_db()
    approved_case(db, "2026-04-20")  # first day: scheduled
    approved_case(db, "2026-04-26")  # last day: scheduled
    approved_case(db, "2026-04-27")  # after the week: not counted
    withdrawn = approved_case(db, "2026-04-22")
    case_book.withdraw(db, WRITER, withdrawn, "决定书被撤销", now=at("2026-04-03"))
    corrected = approved_case(db, "2026-04-23")  # scheduled, and a change awaits approval
    case_book.edit(db, WRITER, corrected, "title", "更正后的标题", now=at("2026-04-03"))
    draft = case_book.create(db, WRITER, now=at("2026-04-03"))
    complete(db, draft.id, "2026-04-24")  # awaiting approval
    dropped = case_book.create(db, WRITER, now=at("2026-04-03"))
    case_book.withdraw(db, WRITER, dropped.id, "重复", now=at("2026-04-03"))

    assert calendar_lines(db, date(2026, 4, 13), "en", lead_days=LEAD) == [
        "5 working day(s) to 4·26 IP Publicity Week (2026-04-20): 3 case(s) scheduled, "
        "2 draft(s) awaiting approval"
    ]
    assert calendar_lines(db, date(2026, 4, 13), "zh", lead_days=LEAD) == [
        "距 4·26 知识产权宣传周（2026-04-20）还有 5 个工作日：已定时发布案例 3 篇，待审核 2 篇"
    ]


def test_the_digest_puts_the_calendar_under_its_title(db: sqlite_utils.Database) -> None:
    text = digest_text(db, CITY, today=date(2026, 7, 13), lang="zh")
    assert text.splitlines()[:3] == [
        "📋 每日提醒 2026-07-13",
        "距阶段性情况报告报送截止（2026-07-14）还有 1 个工作日",
        "",
    ]
    assert CALENDAR_LEAD_DAYS == LEAD  # the digest's lead is the one tested above
    assert digest_text(db, CITY, today=date(2026, 7, 1), lang="zh", lead_days=3).splitlines()[
        1:
    ] == ["没有待办工单。"]


# --- the report made on its due date ------------------------------------------------------


@pytest.fixture
def cases_dir(tmp_path: Path) -> Path:
    posts = tmp_path / "content" / "cases" / "posts"
    posts.mkdir(parents=True)
    (posts / "2023-04-26-fake-window.md").write_text(
        "---\ndate: 2023-04-26\ncategories: [impersonation]\n---\n\n# 网店冒充受理窗口案\n",
        encoding="utf-8",
    )
    return tmp_path / "content"


def test_reports_are_due_on_14_july_and_15_november_only() -> None:
    assert report_due(date(2026, 7, 14)) == "stage"
    assert report_due(date(2026, 11, 15)) == "annual"
    assert report_due(date(2026, 7, 13)) is None
    assert report_due(date(2026, 7, 15)) is None


def test_the_stage_report_is_made_on_14_july_once(tmp_path: Path, cases_dir: Path) -> None:
    db = queue_db()
    known_queue(db)  # eight tickets received by 14 July 2023
    folder = tmp_path / "reports"
    made = make_due_report(
        db, today=date(2023, 7, 14), now=at("2023-07-14", 8), folder=folder, cases_dir=cases_dir
    )
    assert made is not None and made.kind == "stage"
    assert sorted(p.name for p in folder.iterdir()) == [
        "stage-全市-2023-07-14.md",
        "stage-全市-2023-07-14.xlsx",
    ]
    title = "2023年知识产权代理行业“蓝天”专项整治行动阶段性情况报告（全市）"
    text = made.md.read_text(encoding="utf-8")
    assert text.startswith(f"# {title}\n")
    assert "| 合计 | 8 |" in text and "网店冒充受理窗口案" in text
    book = load_workbook(made.xlsx)
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert ("报告", "标题", title) in summary and ("报告", "报送截止", "2023-07-14") in summary
    assert book["工单明细"].max_row == 1 + 8  # the header, then each ticket
    assert [row[1] for row in book["典型案例"].iter_rows(min_row=2, values_only=True)] == [
        "网店冒充受理窗口案"
    ]

    # A restart later that morning: nothing is made or sent again.
    again = make_due_report(
        db, today=date(2023, 7, 14), now=at("2023-07-14", 9), folder=folder, cases_dir=cases_dir
    )
    assert again is None
    lines = list(
        db.query("SELECT staff_user_id, after FROM audit_log WHERE action = 'report_auto'")
    )
    assert len(lines) == 1 and lines[0]["staff_user_id"] == 0
    digest = digest_text(db, CITY, today=date(2023, 7, 14), lang="zh")
    assert "今天是阶段性情况报告报送截止日：报告已自动生成并发送" in digest


def test_no_report_is_made_the_day_before(tmp_path: Path, cases_dir: Path) -> None:
    db = queue_db()
    folder = tmp_path / "reports"
    made = make_due_report(
        db, today=date(2023, 7, 13), now=at("2023-07-13", 8), folder=folder, cases_dir=cases_dir
    )
    assert made is None and not folder.exists()
    assert not list(db.query("SELECT 1 FROM audit_log WHERE action = 'report_auto'"))
    digest = digest_text(db, CITY, today=date(2023, 7, 13), lang="zh")
    assert "还有 1 个工作日" in digest


def test_the_annual_summary_is_made_on_15_november(tmp_path: Path, cases_dir: Path) -> None:
    db = queue_db()
    made = make_due_report(
        db, today=date(2026, 11, 15), now=at("2026-11-15", 8), folder=tmp_path, cases_dir=cases_dir
    )
    assert made is not None and made.kind == "annual"
    assert made.md.name == "annual-全市-2026-11-15.md"
    assert "专项整治行动总结和典型案例（全市）" in made.md.read_text(encoding="utf-8")
