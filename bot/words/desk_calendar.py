"""What the staff digest says about the campaign calendar (bot/desk/campaign_calendar.py): the
4·26 IP Publicity Week ahead, the stage report and the annual summary due."""

from __future__ import annotations

from bot.words import Words

# The week ahead, or under way, with the typical cases it will show.
WEEK_AHEAD: Words = (
    "距 4·26 知识产权宣传周（{start}）还有 {days} 个工作日：已定时发布案例 {scheduled} 篇，"
    "待审核 {waiting} 篇",
    "{days} working day(s) to 4·26 IP Publicity Week ({start}): {scheduled} case(s) scheduled, "
    "{waiting} draft(s) awaiting approval",
)
WEEK_NOW: Words = (
    "4·26 知识产权宣传周（{start} 至 {end}）正在进行：本周定时发布案例 {scheduled} 篇，"
    "待审核 {waiting} 篇",
    "4·26 IP Publicity Week ({start} to {end}) is on: {scheduled} case(s) scheduled this week, "
    "{waiting} draft(s) awaiting approval",
)

# The reports due to the city office, as the notice names them.
REPORTS: dict[str, Words] = {
    "stage": ("阶段性情况报告", "stage report"),
    "annual": ("年度总结和典型案例", "annual summary and typical cases"),
}
REPORT_AHEAD: Words = (
    "距{report}报送截止（{due}）还有 {days} 个工作日",
    "{days} working day(s) to the {report} due {due}",
)
REPORT_TODAY: Words = ("今天是{report}报送截止日", "The {report} is due today")
REPORT_SENT: Words = (
    "今天是{report}报送截止日：报告已自动生成并发送",
    "The {report} is due today: generated and sent automatically",
)
