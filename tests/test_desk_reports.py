"""Campaign statistics, the stage and annual reports, case drafts and queue exports.

Every figure is a literal worked out by hand from tests/desk_queue.py's ten tickets of 2023:

| key | kind | home district | received | first answer | working days | end state |
|---|---|---|---|---|---|---|
| t1 | 举报 | 静安 | 04-20 | 04-21 | 1 | closed, substantiated |
| t2 | 投诉 | 浦东新区 | 05-08 | 05-10 | 2 | closed, partly |
| t3 | 举报, anonymous | 静安 (assigned) | 05-15 | — | — | investigating, no deadline |
| t4 | 举报 | — (北京) | 06-01 | 06-02 | 1 | transferred to CNIPA |
| t5 | 举报 | — (江苏) | 06-05 | 06-07 | 2 | transferred to Jiangsu |
| t6 | 投诉 | 静安 | 06-12 | 06-13 | 1 | not accepted |
| t7 | 举报 | 静安 | 06-19 | 06-20 | 1 | merged into t1 (duplicate) |
| t8 | 举报 | 浦东新区 | 07-03 | — | — | received, due 07-10: overdue |
| t9 | 举报 | 静安 | 08-01 | 08-02 | 1 | closed, unsubstantiated |
| t10 | 投诉 | 静安 | 10-09 | — | — | received, due 10-18: overdue |

Every first answer came on or before its deadline.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.desk.case_draft import draft_case
from bot.desk.errors import CaseDraftRefused, OutsideDistrict, PeriodInvalid, UnknownDistrict
from bot.desk.export import ExportFormat, export_queue
from bot.desk.queue import QueueFilter
from bot.desk.reports import CampaignReport, ReportKind, campaign_report
from bot.desk.staff import StaffMember
from bot.desk.stats import FirstResponse, queue_stats, working_days_between
from bot.desk.tables import TICKET_HEADERS, sheet_title
from bot.reports.redact import HIDDEN, redact
from bot.site.cases import front_matter, read_posts
from tests.desk_queue import (
    CITY,
    JINGAN,
    PUDONG,
    REPORTER_NAME,
    REPORTER_PHONE,
    KnownQueue,
    at,
    file,
    known_queue,
    queue_db,
)

SINCE = date(2023, 1, 1)
STAGE = date(2023, 7, 14)  # t1..t8
ANNUAL = date(2023, 11, 15)  # all ten
EVIDENCE_NAME = "甲乙丙的转账截图.png"  # a file name that would give the reporter away
REPORTER_IDS = ("1001", "1002")


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = queue_db()
    yield database
    database.close()


@pytest.fixture
def queue(db: sqlite_utils.Database) -> KnownQueue:
    return known_queue(db)


@pytest.fixture
def cases_dir(tmp_path: Path) -> Path:
    """A docs folder with three posts: published in 2023's first half, a draft, one in August."""
    posts = tmp_path / "content" / "cases" / "posts"
    posts.mkdir(parents=True)
    post(posts, "2023-04-26-fake-window.md", "2023-04-26", ["impersonation"], "网店冒充受理窗口案")
    post(posts, "2023-05-10-hoard.md", "2023-05-10", ["tm_hoard"], "囤积热词商标案", draft=True)
    post(posts, "2023-08-01-forged.md", "2023-08-01", ["forgery"], "伪造注册证案")
    return tmp_path / "content"


def post(
    posts: Path, name: str, day: str, codes: list[str], title: str, *, draft: bool = False
) -> None:
    flag = "draft: true\n" if draft else ""
    listed = "".join(f"  - {code}\n" for code in codes)
    (posts / name).write_text(
        f"---\ndate: {day}\nslug: {name[11:-3]}\n{flag}categories:\n{listed}---\n\n# {title}\n",
        encoding="utf-8",
    )


def audit_lines(db: sqlite_utils.Database, action: str) -> list[dict[str, object]]:
    return list(db.query("SELECT * FROM audit_log WHERE action = ? ORDER BY id", [action]))


def identity_in(text: str) -> list[str]:
    """Which pieces of the fixture reporters' identity appear in the text."""
    pieces = [REPORTER_NAME, REPORTER_PHONE, *REPORTER_IDS, EVIDENCE_NAME]
    return [piece for piece in pieces if piece in text]


def workbook_text(path: Path) -> str:
    book = load_workbook(path)
    return "\n".join(
        str(value)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


# --- queue_stats ------------------------------------------------------------------------


@pytest.mark.usefixtures("queue")
def test_stage_stats_count_the_city_s_tickets_received_up_to_14_july(
    db: sqlite_utils.Database,
) -> None:
    stats = queue_stats(db, since=SINCE, until=STAGE)
    assert stats.total == 8
    assert stats.by_kind == {"report": 6, "complaint": 2}
    assert list(stats.by_category.items()) == [
        ("tm_squat", 1),
        ("online", 1),
        ("impersonation", 2),
        ("conflict", 1),
        ("unlicensed", 1),
        ("abnormal_patent", 1),
        ("solicitation", 1),
    ]  # in the order of CATEGORIES, zeros left out
    assert list(stats.by_state.items()) == [
        ("received", 1),
        ("not_accepted", 1),
        ("investigating", 1),
        ("transferred", 2),
        ("closed", 3),
    ]
    assert list(stats.by_outcome.items()) == [
        ("substantiated", 1),
        ("partly", 1),
        ("duplicate", 1),
        ("not_accepted", 1),
    ]
    assert list(stats.by_district.items()) == [("静安", 4), ("浦东新区", 2), ("未分派", 2)]
    assert stats.referrals == {"cnipa": 1, "jiangsu": 1}
    assert stats.first_response.mean_days == pytest.approx(10 / 7)
    assert replace(stats.first_response, mean_days=None) == FirstResponse(
        answered=7,
        median_days=1.0,  # 1, 1, 1, 1, 2, 2, 2 working days
        mean_days=None,
        on_time=6,
        overdue=1,  # t8
        no_deadline=1,  # t3
    )


@pytest.mark.usefixtures("queue")
def test_annual_stats_count_all_ten_tickets_of_the_city(db: sqlite_utils.Database) -> None:
    stats = queue_stats(db, since=SINCE, until=ANNUAL)
    assert stats.total == 10
    assert stats.by_kind == {"report": 7, "complaint": 3}
    assert stats.by_category == {
        "tm_squat": 1,
        "online": 1,
        "impersonation": 2,
        "forgery": 1,
        "conflict": 1,
        "unlicensed": 1,
        "abnormal_patent": 1,
        "solicitation": 2,
    }
    assert stats.by_state == {
        "received": 2,
        "not_accepted": 1,
        "investigating": 1,
        "transferred": 2,
        "closed": 4,
    }
    assert stats.by_outcome == {
        "substantiated": 1,
        "partly": 1,
        "unsubstantiated": 1,
        "duplicate": 1,
        "not_accepted": 1,
    }
    assert stats.by_district == {"静安": 6, "浦东新区": 2, "未分派": 2}
    assert stats.referrals == {"cnipa": 1, "jiangsu": 1}
    assert stats.first_response.mean_days == pytest.approx(11 / 8)
    assert replace(stats.first_response, mean_days=None) == FirstResponse(
        answered=8,
        median_days=1.0,
        mean_days=None,
        on_time=7,
        overdue=2,  # t8 and t10
        no_deadline=1,
    )


@pytest.mark.parametrize(
    ("district", "until", "total", "by_kind", "first_response"),
    [
        ("静安", STAGE, 4, {"report": 3, "complaint": 1}, FirstResponse(4, 1.0, 1.25, 3, 0, 1)),
        ("静安", ANNUAL, 6, {"report": 4, "complaint": 2}, FirstResponse(5, 1.0, 1.2, 4, 1, 1)),
        ("浦东新区", STAGE, 2, {"report": 1, "complaint": 1}, FirstResponse(1, 2.0, 2.0, 1, 1, 0)),
        ("浦东新区", ANNUAL, 2, {"report": 1, "complaint": 1}, FirstResponse(1, 2.0, 2.0, 1, 1, 0)),
    ],
)
@pytest.mark.usefixtures("queue")
def test_district_stats_count_only_tickets_of_that_home_district(
    db: sqlite_utils.Database,
    district: str,
    until: date,
    total: int,
    by_kind: dict[str, int],
    first_response: FirstResponse,
) -> None:
    stats = queue_stats(db, since=SINCE, until=until, district=district)
    assert stats.district == district
    assert stats.total == total
    assert stats.by_kind == by_kind
    assert stats.by_district == {district: total}
    assert stats.referrals == {}  # the referred subjects (北京, 江苏) have no Shanghai district
    assert stats.first_response == first_response


@pytest.mark.usefixtures("queue")
def test_jingan_stage_outcomes_include_the_refusal_and_the_duplicate(
    db: sqlite_utils.Database,
) -> None:
    stats = queue_stats(db, since=SINCE, until=STAGE, district="静安")
    assert stats.by_outcome == {"substantiated": 1, "duplicate": 1, "not_accepted": 1}
    assert stats.by_category == {"impersonation": 2, "conflict": 1, "abnormal_patent": 1}


@pytest.mark.usefixtures("queue")
def test_stats_leave_out_tickets_received_outside_the_period(db: sqlite_utils.Database) -> None:
    june = queue_stats(db, since=date(2023, 6, 1), until=date(2023, 6, 30))
    assert june.total == 4  # t4, t5, t6, t7
    assert june.by_kind == {"report": 3, "complaint": 1}


@pytest.mark.usefixtures("queue")
def test_overdue_is_counted_as_of_the_period_s_last_day(db: sqlite_utils.Database) -> None:
    # t8 was due 2023-07-10: on that day it is not overdue yet, the day after it is.
    assert queue_stats(db, since=SINCE, until=date(2023, 7, 10)).first_response.overdue == 0
    assert queue_stats(db, since=SINCE, until=date(2023, 7, 11)).first_response.overdue == 1


def test_an_empty_period_has_no_response_times(db: sqlite_utils.Database) -> None:
    stats = queue_stats(db, since=SINCE, until=ANNUAL)
    assert stats.total == 0
    assert stats.by_category == {}
    assert stats.first_response == FirstResponse(0, None, None, 0, 0, 0)


def test_working_days_skip_the_dragon_boat_holiday_and_count_the_adjusted_sunday() -> None:
    # 2023-06-22..24 were holidays; Sunday 2023-06-25 was a working day.
    assert working_days_between(date(2023, 6, 21), date(2023, 6, 26)) == 2
    assert working_days_between(date(2023, 6, 21), date(2023, 6, 21)) == 0


def test_stats_refuse_a_period_that_ends_before_it_starts(db: sqlite_utils.Database) -> None:
    with pytest.raises(PeriodInvalid) as refused:
        queue_stats(db, since=STAGE, until=SINCE)
    assert "2023-07-14" in refused.value.message("zh")


def test_stats_refuse_a_district_that_is_not_in_shanghai(db: sqlite_utils.Database) -> None:
    with pytest.raises(UnknownDistrict):
        queue_stats(db, since=SINCE, until=STAGE, district="朝阳")


# --- campaign_report --------------------------------------------------------------------


def stage_report(
    db: sqlite_utils.Database, cases_dir: Path, district: str | None = None
) -> CampaignReport:
    return campaign_report(
        db,
        kind="stage",
        until=STAGE,
        cases_dir=cases_dir,
        district=district,
        now=at("2023-07-14", 17),
    )


def test_report_since_defaults_to_the_first_of_january(
    db: sqlite_utils.Database, queue: KnownQueue, cases_dir: Path
) -> None:
    report = stage_report(db, cases_dir)
    assert report.since == SINCE
    assert report.overall == queue_stats(db, since=SINCE, until=STAGE)


def test_report_sections_are_queue_stats_of_each_district_with_tickets(
    db: sqlite_utils.Database, queue: KnownQueue, cases_dir: Path
) -> None:
    report = stage_report(db, cases_dir)
    assert [s.district for s in report.sections] == ["静安", "浦东新区"]
    for section in report.sections:
        assert section == queue_stats(db, since=SINCE, until=STAGE, district=section.district)


def test_stage_markdown_holds_the_counts_the_period_and_the_due_date(
    db: sqlite_utils.Database, queue: KnownQueue, cases_dir: Path
) -> None:
    text = stage_report(db, cases_dir).markdown()
    assert text.startswith("# 2023年知识产权代理行业“蓝天”专项整治行动阶段性情况报告（全市）\n")
    assert "统计期间：2023-01-01 至 2023-07-14" in text
    assert "生成时间：2023-07-14 17:00（北京时间）" in text
    assert "报送截止：2023-07-14" in text
    assert "| 合计 | 8 |" in text
    assert "| 假冒国家机关或其工作人员名义 | 2 |" in text
    assert "| 国家知识产权局 | 1 |" in text
    assert "| 江苏省知识产权局（长三角协作） | 1 |" in text
    assert "| 未分派 | 2 |" in text
    assert "| 逾期未答复（截至 2023-07-14） | 1 |" in text
    assert "| 答复用时平均数（工作日） | 1.4 |" in text
    assert "### 静安\n\n#### 收到举报投诉\n\n| 项目 | 数值 |\n|---|---|\n| 合计 | 4 |" in text
    assert "### 浦东新区" in text


def test_annual_markdown_is_the_summary_due_on_15_november(
    db: sqlite_utils.Database, queue: KnownQueue, cases_dir: Path
) -> None:
    report = campaign_report(db, kind="annual", until=ANNUAL, cases_dir=cases_dir)
    text = report.markdown()
    assert "专项整治行动总结和典型案例（全市）" in text
    assert "报送截止：2023-11-15" in text
    assert "| 合计 | 10 |" in text
    assert "| 逾期未答复（截至 2023-11-15） | 2 |" in text


@pytest.mark.parametrize("kind", ["stage", "annual"])
def test_report_markdown_and_workbook_hold_no_reporter_identity(
    db: sqlite_utils.Database, queue: KnownQueue, cases_dir: Path, tmp_path: Path, kind: ReportKind
) -> None:
    add_evidence(db, queue.tickets["t1"].id)
    report = campaign_report(db, kind=kind, until=ANNUAL, cases_dir=cases_dir)
    report.write_xlsx(tmp_path / "report.xlsx")
    assert identity_in(report.markdown()) == []
    assert identity_in(workbook_text(tmp_path / "report.xlsx")) == []


def test_workbook_sheets_hold_the_same_numbers_as_the_stats(
    db: sqlite_utils.Database, queue: KnownQueue, cases_dir: Path, tmp_path: Path
) -> None:
    report = stage_report(db, cases_dir)
    report.write_xlsx(tmp_path / "stage.xlsx")
    book = load_workbook(tmp_path / "stage.xlsx")
    assert book.sheetnames == ["汇总", "区-静安", "区-浦东新区", "典型案例", "工单明细"]
    summary = figures(book["汇总"])
    assert summary[("收到举报投诉", "合计")] == 8
    assert summary[("收到举报投诉", "举报")] == 6
    assert summary[("按违法类别", "假冒国家机关或其工作人员名义")] == 2
    assert summary[("按办理结果", "不予受理")] == 1
    assert summary[("移送情况", "国家知识产权局")] == 1
    assert summary[("首次答复", "已答复")] == 7
    assert summary[("首次答复", "答复用时平均数（工作日）")] == 1.4
    assert summary[("首次答复", "逾期未答复（截至 2023-07-14）")] == 1
    assert summary[("报告", "统计期间")] == "2023-01-01 至 2023-07-14"
    jingan = figures(book["区-静安"])
    assert jingan[("收到举报投诉", "合计")] == 4
    assert jingan[("首次答复", "无答复期限（匿名举报）")] == 1
    assert figures(book["区-浦东新区"])[("首次答复", "逾期未答复（截至 2023-07-14）")] == 1


def test_workbook_lists_the_period_s_tickets_under_a_bold_frozen_header(
    db: sqlite_utils.Database, queue: KnownQueue, cases_dir: Path, tmp_path: Path
) -> None:
    stage_report(db, cases_dir).write_xlsx(tmp_path / "stage.xlsx")
    sheet = load_workbook(tmp_path / "stage.xlsx")["工单明细"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == TICKET_HEADERS
    assert [row[0] for row in rows[1:]] == [queue.number(f"t{i}") for i in range(1, 9)]
    t4 = rows[4]
    assert t4[1:7] == ("举报", "代理恶意抢注商标", "未分派", "已移送", None, "国家知识产权局")
    assert rows[6][5] == "不予受理"  # t6: refused counts as a result
    assert sheet["A1"].font.b is True
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width


def test_a_district_report_covers_that_district_only(
    db: sqlite_utils.Database, queue: KnownQueue, cases_dir: Path, tmp_path: Path
) -> None:
    report = stage_report(db, cases_dir, district="静安")
    assert report.overall.total == 4
    assert report.sections == ()
    assert [t.number for t in report.tickets] == [queue.number(k) for k in ("t1", "t3", "t6", "t7")]
    text = report.markdown()
    assert "阶段性情况报告（静安）" in text
    assert "| 合计 | 4 |" in text
    assert "各区情况" not in text
    report.write_xlsx(tmp_path / "jingan.xlsx")
    assert load_workbook(tmp_path / "jingan.xlsx").sheetnames == ["汇总", "典型案例", "工单明细"]


def test_typical_cases_are_those_published_in_the_period(
    db: sqlite_utils.Database, cases_dir: Path, tmp_path: Path
) -> None:
    stage = stage_report(db, cases_dir)
    assert [(c.date, c.title, c.categories) for c in stage.cases] == [
        (date(2023, 4, 26), "网店冒充受理窗口案", ("假冒国家机关或其工作人员名义",))
    ]
    assert "| 2023-04-26 | 网店冒充受理窗口案 | 假冒国家机关或其工作人员名义 |" in stage.markdown()
    annual = campaign_report(db, kind="annual", until=ANNUAL, cases_dir=cases_dir)
    assert [c.title for c in annual.cases] == ["网店冒充受理窗口案", "伪造注册证案"]
    annual.write_xlsx(tmp_path / "annual.xlsx")
    rows = list(load_workbook(tmp_path / "annual.xlsx")["典型案例"].iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["网店冒充受理窗口案", "伪造注册证案"]
    assert "囤积热词商标案" not in annual.markdown()  # the draft


def test_sheet_titles_drop_the_characters_excel_refuses() -> None:
    assert sheet_title("区-临港新片区[测试]:*?/\\") == "区-临港新片区测试"
    assert len(sheet_title("区-" + "很长的名字" * 10)) == 31


def figures(sheet: Worksheet) -> dict[tuple[str, str], object]:
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("分组", "项目", "数值")
    return {(str(group), str(item)): value for group, item, value in rows[1:]}


def add_evidence(db: sqlite_utils.Database, ticket_id: int) -> None:
    with db.conn:
        db.execute(
            "INSERT INTO evidence (ticket_id, sha256, size, file_name, mime_type, stored_path, "
            "received_at) VALUES (?, ?, 10, ?, 'image/png', 'evidence/ab/abcd.png', "
            "'2023-04-20T02:00:00+00:00')",
            [ticket_id, "ab" * 32, EVIDENCE_NAME],
        )


# --- draft_case -------------------------------------------------------------------------


def test_a_case_draft_from_a_substantiated_ticket_is_a_draft_post_of_its_category(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    docs = tmp_path / "content"
    path = draft_case(db, JINGAN, queue.number("t1"), docs, now=at("2023-07-01"))
    assert path == docs / "cases/posts/2023-06-01-case-impersonation.md"
    body, meta = front_matter(path.read_text(encoding="utf-8"))
    assert meta == {
        "date": date(2023, 6, 1),
        "slug": "case-impersonation",
        "draft": True,
        "categories": ["impersonation"],
    }
    assert body.lstrip().startswith("# 草稿｜假冒国家机关或其工作人员名义案")
    for section in ("## 基本案情", "## 查处结果", "## 法律依据", "## 典型意义"):
        assert section in body
    assert "上海华岳知识产权代理有限公司" in body  # the registered name, not the USCC typed
    assert "核查结论：属实" in body
    [posted] = read_posts(docs)
    assert posted.published(date(2099, 1, 1)) is False


def test_a_case_draft_holds_no_reporter_data_nor_the_ticket_number(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    add_evidence(db, queue.tickets["t1"].id)
    path = draft_case(db, CITY, queue.number("t1"), tmp_path, now=at("2023-07-01"))
    text = path.read_text(encoding="utf-8")
    assert identity_in(text) == []
    assert queue.number("t1") not in text


def test_a_second_draft_of_the_same_ticket_does_not_overwrite_the_first(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    first = draft_case(db, JINGAN, queue.number("t1"), tmp_path, now=at("2023-07-01"))
    first.write_text(first.read_text(encoding="utf-8") + "\n工作人员的修改。\n", encoding="utf-8")
    second = draft_case(db, JINGAN, queue.number("t1"), tmp_path, now=at("2023-07-02"))
    assert second != first
    assert second.name == "2023-06-01-case-impersonation-2.md"
    assert "工作人员的修改。" in first.read_text(encoding="utf-8")
    assert front_matter(second.read_text(encoding="utf-8"))[1]["slug"] == "case-impersonation-2"


def test_a_case_draft_is_written_to_the_audit_log(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    draft_case(db, PUDONG, queue.number("t2"), tmp_path, now=at("2023-07-01"))
    [line] = audit_lines(db, "case_draft")
    assert line["staff_user_id"] == PUDONG.user_id
    assert json.loads(str(line["after"])) == {
        "ticket": queue.number("t2"),
        "path": "cases/posts/2023-06-20-case-solicitation.md",
    }


@pytest.mark.parametrize(
    ("key", "staff", "error"),
    [
        ("t9", JINGAN, CaseDraftRefused),  # closed, unsubstantiated
        ("t8", CITY, CaseDraftRefused),  # not closed
        ("t7", JINGAN, CaseDraftRefused),  # a duplicate
        ("t1", PUDONG, OutsideDistrict),  # a 静安 ticket
    ],
)
def test_a_case_draft_is_refused_unless_substantiated_and_in_scope(
    db: sqlite_utils.Database,
    queue: KnownQueue,
    tmp_path: Path,
    key: str,
    staff: StaffMember,
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        draft_case(db, staff, queue.number(key), tmp_path, now=at("2023-09-10"))
    assert not (tmp_path / "cases").exists()
    assert audit_lines(db, "case_draft") == []


def test_the_refusal_says_why_in_both_languages(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    with pytest.raises(CaseDraftRefused) as refused:
        draft_case(db, JINGAN, queue.number("t9"), tmp_path, now=at("2023-09-10"))
    assert "“不属实”" in refused.value.message("zh")
    assert "unsubstantiated" in refused.value.message("en")


# --- export_queue -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("staff", "keys"),
    [
        (CITY, [f"t{i}" for i in range(1, 11)]),
        (JINGAN, ["t1", "t3", "t6", "t7", "t9", "t10"]),
        (PUDONG, ["t2", "t8"]),
    ],
    ids=["city", "jingan", "pudong"],
)
def test_export_writes_the_tickets_the_staff_member_may_see(
    db: sqlite_utils.Database,
    queue: KnownQueue,
    tmp_path: Path,
    fmt: ExportFormat,
    staff: StaffMember,
    keys: list[str],
) -> None:
    path = tmp_path / f"queue.{fmt}"
    written = export_queue(db, staff, path, fmt=fmt, today=ANNUAL, now=at("2023-11-15"))
    rows = read_export(path)
    assert written == len(keys)
    assert [row[0] for row in rows[1:]] == [queue.number(key) for key in keys]


def test_export_without_contacts_hides_the_reporter_and_logs_an_export(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    path = tmp_path / "queue.csv"
    export_queue(db, CITY, path, fmt="csv", today=ANNUAL, now=at("2023-11-15"))
    text = path.read_text(encoding="utf-8-sig")
    assert identity_in(text) == []  # the descriptions, which name the reporter, are redacted
    assert HIDDEN in text
    header = read_export(path)[0]
    assert header[-1] == "事实描述"
    assert "举报人姓名" not in header
    [line] = audit_lines(db, "export")
    logged = json.loads(str(line["after"]))
    assert (logged["rows"], logged["format"], len(logged["tickets"])) == (10, "csv", 10)
    assert audit_lines(db, "export_contacts") == []


def test_export_with_contacts_adds_name_and_phone_and_logs_it(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    path = tmp_path / "queue.xlsx"
    export_queue(
        db, JINGAN, path, fmt="xlsx", today=ANNUAL, now=at("2023-11-15"), with_contacts=True
    )
    rows = read_export(path)
    assert rows[0][-3:] == ("匿名", "举报人姓名", "联系电话")
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[queue.number("t1")][-3:] == ("否", REPORTER_NAME, REPORTER_PHONE)
    assert by_number[queue.number("t3")][-3:] == ("是", None, None)
    [line] = audit_lines(db, "export_contacts")
    assert line["staff_user_id"] == JINGAN.user_id
    logged = json.loads(str(line["after"]))
    assert (logged["rows"], logged["format"]) == (6, "xlsx")
    assert sorted(logged["tickets"]) == sorted(row[0] for row in rows[1:])  # whose details left


def test_an_export_of_contacts_is_logged_before_the_file_is_written(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    unwritable = tmp_path / "a folder"
    unwritable.mkdir()
    with pytest.raises(OSError):
        export_queue(
            db, CITY, unwritable, fmt="csv", today=ANNUAL, now=at("2023-11-15"), with_contacts=True
        )
    assert len(audit_lines(db, "export_contacts")) == 1


def test_export_csv_starts_with_a_byte_order_mark_for_excel(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    path = tmp_path / "queue.csv"
    export_queue(db, PUDONG, path, fmt="csv", today=ANNUAL, now=at("2023-11-15"))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf\xe5\xb7\xa5\xe5\x8d\x95")  # BOM, 工单


def test_export_applies_the_queue_filter(
    db: sqlite_utils.Database, queue: KnownQueue, tmp_path: Path
) -> None:
    path = tmp_path / "closed.csv"
    written = export_queue(
        db,
        CITY,
        path,
        fmt="csv",
        today=ANNUAL,
        now=at("2023-11-15"),
        where=QueueFilter(state="closed"),
    )
    assert written == 4  # t1, t2, t7, t9
    assert {row[4] for row in read_export(path)[1:]} == {"已办结"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_keeps_a_reporter_s_formula_as_text(
    db: sqlite_utils.Database, tmp_path: Path, fmt: ExportFormat
) -> None:
    file(
        db,
        "formula",
        kind="report",
        category="other",
        uscc=None,
        on="2023-03-01",
        description='=HYPERLINK("http://example.invalid","点击")',
    )
    path = tmp_path / f"queue.{fmt}"
    export_queue(db, CITY, path, fmt=fmt, today=ANNUAL, now=at("2023-11-15"))
    if fmt == "csv":
        assert str(read_export(path)[1][-1]).startswith("'=HYPERLINK")
    else:
        cell = first_sheet(path).cell(row=2, column=len(TICKET_HEADERS) + 4)
        assert cell.data_type == "s"
        assert str(cell.value).startswith("=HYPERLINK")


def read_export(path: Path) -> list[tuple[object, ...]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as source:
            return [tuple(row) for row in csv.reader(source)]
    return list(first_sheet(path).iter_rows(values_only=True))


def first_sheet(path: Path) -> Worksheet:
    sheet = load_workbook(path).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


# --- redact -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我是张三丰，电话13912345678。", f"我是{HIDDEN}，电话{HIDDEN}。"),
        ("请拨 +86 139-1234-5678 或 021 6123 4567", f"请拨 {HIDDEN} 或 {HIDDEN}"),
        ("邮箱 zhang.san@example.com 联系", f"邮箱 {HIDDEN} 联系"),
        ("身份证 31010119900101123X", f"身份证 {HIDDEN}"),
        ("2023-04-20 付款 3000 元", "2023-04-20 付款 3000 元"),  # a date and an amount stay
        ("机构代码 91310106MA1FL3R23H", "机构代码 91310106MA1FL3R23H"),  # a USCC stays
    ],
)
def test_redact_hides_names_phones_mails_and_id_numbers(text: str, expected: str) -> None:
    assert redact(text, ["张三丰"]) == expected


def test_redact_ignores_a_one_character_name() -> None:
    assert redact("王先生说", ["王"]) == "王先生说"
