"""The campaign's reports to the city office: the stage report and the annual summary.

The notice asks each district for its stage situation by 14 July and for the year's summary
with typical cases by 15 November. A report holds QueueStats for its scope (the city, or one
district) and for each district with tickets, the typical cases published in the period and the
period's tickets; `markdown()` and `write_xlsx()` render the same figures. Nothing here names a
reporter: the figures and the ticket list come from bot.desk.stats, which never reads identity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import sqlite_utils
from openpyxl import Workbook

from bot import clock
from bot.desk.staff import StaffMember
from bot.desk.stats import UNASSIGNED, QueueStats, TicketFacts, period_tickets, summarize
from bot.desk.tables import (
    RESULTS,
    TICKET_HEADERS,
    Value,
    category_label,
    fill_sheet,
    kind_label,
    label,
    sheet_title,
    ticket_row,
)
from bot.desk.vocabulary import DESTINATIONS, STATES
from bot.reports.deadlines import SHANGHAI
from bot.site import markdown as md
from bot.site.cases import read_posts

ReportKind = Literal["stage", "annual"]


@dataclass(frozen=True)
class KindInfo:
    title: str  # as the notice names what is due
    due: tuple[int, int]  # (month, day) it is due


KINDS: dict[str, KindInfo] = {
    "stage": KindInfo("阶段性情况报告", (7, 14)),
    "annual": KindInfo("总结和典型案例", (11, 15)),
}
NUMERALS = "一二三四五六七八九十"
FIGURE_HEADERS = ("分组", "项目", "数值")
Figure = int | float | None  # a count, or a number of working days (None: none answered)


@dataclass(frozen=True)
class TypicalCase:
    """A typical case published in the period, as the report lists it."""

    date: date
    title: str
    categories: tuple[str, ...]  # labels
    path: str  # relative to the docs folder


@dataclass(frozen=True)
class FigureGroup:
    """One table of a report: a heading and (item, value) lines, values from QueueStats."""

    title: str
    lines: tuple[tuple[str, Figure], ...]


@dataclass(frozen=True)
class CampaignReport:
    kind: ReportKind
    since: date
    until: date
    generated_at: datetime
    district: str | None  # None: the whole city
    overall: QueueStats
    sections: tuple[QueueStats, ...]  # per district with tickets; empty for a district's report
    cases: tuple[TypicalCase, ...]
    tickets: tuple[TicketFacts, ...]

    @property
    def scope(self) -> str:
        return self.district or "全市"

    @property
    def due_on(self) -> date:
        month, day = KINDS[self.kind].due
        return date(self.until.year, month, day)

    def title(self) -> str:
        """The report's title, as the notice names what is due."""
        return (
            f"{self.until.year}年知识产权代理行业“蓝天”专项整治行动"
            f"{KINDS[self.kind].title}（{self.scope}）"
        )

    def period_line(self) -> str:
        """The period, when the report was generated and when it is due."""
        generated = self.generated_at.astimezone(SHANGHAI)
        return (
            f"统计期间：{self.since.isoformat()} 至 {self.until.isoformat()}（按收到日期计）；"
            f"生成时间：{generated:%Y-%m-%d %H:%M}（北京时间）；"
            f"报送截止：{self.due_on.isoformat()}。"
        )

    def markdown(self) -> str:
        """The report as Markdown: Chinese headings and tables, figures only, no identity."""
        parts = [
            f"# {md.text(self.title())}\n\n",
            f"{self.period_line()}\n\n",
            "办理状态和结果为报告生成时的情况。"
            "本报告只含统计数字，不含举报人、投诉人的任何身份信息。\n",
        ]
        chapters = [(f"总体情况（{self.scope}）", _stats_markdown(self.overall, "###"))]
        if self.sections:
            chapters.append(
                (
                    "各区情况",
                    "\n".join(
                        f"### {md.text(stats.district)}\n\n{_stats_markdown(stats, '####')}"
                        for stats in self.sections
                    ),
                )
            )
        chapters.append(("典型案例", self._cases_markdown()))
        for number, (heading, body) in zip(NUMERALS, chapters, strict=False):
            parts.append(f"\n## {number}、{heading}\n\n{body}")
        return "".join(parts)

    def write_xlsx(self, path: Path) -> None:
        """The report as a workbook: 汇总, a sheet per district, 典型案例, 工单明细."""
        book = Workbook()
        summary = book.active
        assert summary is not None  # a new workbook has one sheet
        summary.title = "汇总"
        fill_sheet(summary, FIGURE_HEADERS, self._info_rows() + _figure_rows(self.overall))
        for stats in self.sections:
            sheet = book.create_sheet(sheet_title(f"区-{stats.district}"))
            fill_sheet(sheet, FIGURE_HEADERS, _figure_rows(stats))
        fill_sheet(
            book.create_sheet("典型案例"),
            ("日期", "标题", "类别", "文件"),
            [(c.date, c.title, "、".join(c.categories), c.path) for c in self.cases],
        )
        fill_sheet(book.create_sheet("工单明细"), TICKET_HEADERS, map(ticket_row, self.tickets))
        book.save(path)

    def _info_rows(self) -> list[Sequence[Value]]:
        generated = self.generated_at.astimezone(SHANGHAI)
        return [
            ("报告", "标题", self.title()),
            ("报告", "统计期间", f"{self.since.isoformat()} 至 {self.until.isoformat()}"),
            ("报告", "生成时间（北京时间）", f"{generated:%Y-%m-%d %H:%M}"),
            ("报告", "报送截止", self.due_on.isoformat()),
        ]

    def _cases_markdown(self) -> str:
        if not self.cases:
            return "统计期间内没有发布典型案例。\n"
        rows = [(c.date.isoformat(), c.title, "、".join(c.categories)) for c in self.cases]
        return md.table(["日期", "标题", "类别"], rows)


def report_scope(staff: StaffMember, district: str | None) -> str | None:
    """The district a staff member's report covers: theirs, for district staff; the one the
    city asks for, or the whole city (None)."""
    if staff.is_city:
        return district
    if district not in (None, staff.role):
        staff.require_city("生成其他区的报告")
    return staff.role


def campaign_report(
    db: sqlite_utils.Database,
    *,
    kind: ReportKind,
    until: date,
    since: date | None = None,
    district: str | None = None,
    cases_dir: Path,
    now: datetime | None = None,
) -> CampaignReport:
    """The stage report or the annual summary for [since, until]; since defaults to 1 January.

    `cases_dir` is a docs folder (like content/) holding cases/posts; `now` is when the report
    is generated (the present moment when not given).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    since = since or date(until.year, 1, 1)
    facts = period_tickets(db, since=since, until=until, district=district)
    overall = summarize(facts, since=since, until=until, district=district)
    sections: tuple[QueueStats, ...] = ()
    if district is None:
        # One section per district with tickets (those no district has yet stay in the total),
        # summed from the tickets already read: a district the registry spells otherwise
        # (not in DISTRICTS, so queue_stats would refuse it) still gets its section.
        sections = tuple(
            summarize(
                [f for f in facts if f.district == name], since=since, until=until, district=name
            )
            for name in overall.by_district
            if name != UNASSIGNED
        )
    return CampaignReport(
        kind=kind,
        since=since,
        until=until,
        generated_at=now or clock.now(),
        district=district,
        overall=overall,
        sections=sections,
        cases=tuple(typical_cases(cases_dir, since=since, until=until)),
        tickets=tuple(facts),
    )


def typical_cases(cases_dir: Path, *, since: date, until: date) -> list[TypicalCase]:
    """The case posts dated in [since, until] and published as of `until`, oldest first."""
    found = [
        TypicalCase(
            date=post.date,
            title=post.title,
            categories=tuple(category_label(code) for code in post.categories),
            path=post.path,
        )
        for post in read_posts(cases_dir)
        if since <= post.date <= until and post.published(until)
    ]
    return sorted(found, key=lambda case: (case.date, case.path))


def figure_groups(stats: QueueStats) -> list[FigureGroup]:
    """The tables of one scope, in the report's order; every value is a QueueStats field."""
    first = stats.first_response
    districts = (
        # A district's own figures need no breakdown by district.
        [FigureGroup("按所属区", _lines(stats.by_district, str))] if stats.district is None else []
    )
    return [
        FigureGroup(
            "收到举报投诉",
            (
                ("合计", stats.total),
                *((kind_label(code), n) for code, n in stats.by_kind.items()),
            ),
        ),
        FigureGroup("按违法类别", _lines(stats.by_category, category_label)),
        FigureGroup("按办理状态", _lines(stats.by_state, lambda code: label(STATES, code))),
        FigureGroup("按办理结果", _lines(stats.by_outcome, lambda code: label(RESULTS, code))),
        *districts,
        FigureGroup("移送情况", _lines(stats.referrals, lambda c: label(DESTINATIONS, c))),
        FigureGroup(
            "首次答复",
            (
                ("已答复", first.answered),
                ("答复用时中位数（工作日）", _one_decimal(first.median_days)),
                ("答复用时平均数（工作日）", _one_decimal(first.mean_days)),
                ("按期答复", first.on_time),
                (f"逾期未答复（截至 {stats.until.isoformat()}）", first.overdue),
                ("无答复期限（匿名举报）", first.no_deadline),
            ),
        ),
    ]


def _lines(
    counts: Mapping[str, int], name: Callable[[str], str | None]
) -> tuple[tuple[str, Figure], ...]:
    return tuple((name(code) or code, n) for code, n in counts.items())


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _stats_markdown(stats: QueueStats, level: str) -> str:
    parts = []
    for group in figure_groups(stats):
        body = md.table(["项目", "数值"], group.lines) if group.lines else "无。\n"
        parts.append(f"{level} {group.title}\n\n{body}")
    return "\n".join(parts)


def _figure_rows(stats: QueueStats) -> list[Sequence[Value]]:
    rows: list[Sequence[Value]] = []
    for group in figure_groups(stats):
        rows.extend((group.title, item, value) for item, value in group.lines)
        if not group.lines:
            rows.append((group.title, "无", 0))
    return rows
