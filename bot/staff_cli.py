"""`lantian queue …`, `lantian report …`, `lantian case draft`: the staff desk from a terminal.

Each command names its staff member (`--staff-id`, default $LANTIAN_STAFF_ID), who must be on
the staff list (LANTIAN_STAFF); the audit log records them. Thin shells over bot.desk.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

from bot.common_cli import common_options, opened, settings_from
from bot.desk.errors import DeskError, NotStaff
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import (
    CITY,
    CLOSING_OUTCOMES,
    DESTINATIONS,
    DISTRICTS,
    GROUNDS,
    OUTCOMES,
    STATES,
)
from bot.districts import canonical_district
from bot.settings import Settings


class DistrictName(click.ParamType[str]):
    """A Shanghai district in any of its spellings (徐汇区, 上海市徐汇区, 徐汇), given as one."""

    name = "district"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        known = canonical_district(str(value))
        if known is None:
            self.fail(f"“{value}” 不是上海的区 / not a Shanghai district: {'、'.join(DISTRICTS)}")
        return known


F = TypeVar("F", bound=Callable[..., Any])
PROJECT = Path(__file__).resolve().parent.parent


def staff_options(func: F) -> F:
    """--staff-id and the common options: who is acting, on which database, when."""
    func = click.option(
        "--staff-id",
        type=int,
        envvar="LANTIAN_STAFF_ID",
        required=True,
        help="Your Telegram user id, as on the staff list (default: $LANTIAN_STAFF_ID).",
    )(func)
    return common_options(func)


class NoStaffConfigured(DeskError):
    zh = (
        "没有配置工作人员：LANTIAN_STAFF 未设置，命令行不认任何 --staff-id（终端演示里的"
        "“市局工作人员”只在那次对话中有效）。请在 .env 或环境中设置，例如 "
        "LANTIAN_STAFF={user_id}:city，再用 --staff-id {user_id}。"
    )
    en = (
        "No staff are configured: LANTIAN_STAFF is not set, so no --staff-id is accepted (the "
        "terminal demo's city staff exists only in that chat). Set it in .env or the "
        "environment, e.g. LANTIAN_STAFF={user_id}:city, then use --staff-id {user_id}."
    )


class NotOnStaffList(DeskError):
    zh = (
        "此命令仅限工作人员使用：用户 ID {user_id} 不在工作人员名单（LANTIAN_STAFF）中，"
        "名单上有：{members}。"
    )
    en = (
        "This command is for staff only: user id {user_id} is not on the staff list "
        "(LANTIAN_STAFF), which holds: {members_en}."
    )


def staff_of(settings: Settings, staff_id: int) -> StaffMember:
    """The staff member acting; a refusal says who is staff and how to configure it."""
    directory = settings.staff_directory
    if not directory.members:
        raise NoStaffConfigured(user_id=staff_id)
    try:
        return directory.member(staff_id)  # logs the refusal
    except NotStaff:
        members = [(m.user_id, m.role) for m in directory.members.values()]
        raise NotOnStaffList(
            user_id=staff_id,
            members="、".join(f"{uid}（{'市局' if r == CITY else r}）" for uid, r in members),
            members_en=", ".join(f"{uid} ({role})" for uid, role in members),
        ) from None


def full_number(db: Any, staff: StaffMember, typed: str, settings: Settings) -> str:
    """The full ticket number for what was typed (`2`, `0002` or `LT-…`); a short one is
    answered with the ticket it meant, so nobody acts on a ticket they did not intend."""
    from bot.desk.numbers import resolve

    found = resolve(db, staff, typed, today=settings.check_date())
    note = found.note(typed, settings.lang)
    if note:
        click.echo(note)
    return found.number


@click.group()
def queue() -> None:
    """工作人员：举报投诉工单 / Staff: the queue of reports and complaints."""


@queue.command("list")
@click.option("--state", type=click.Choice([*STATES, "open"]), help="Only this state.")
@click.option("--district", help="Only this district (city staff).")
@click.option("--category", help="Only this violation category code.")
@click.option("--kind", type=click.Choice(["report", "complaint"]), help="举报 or 投诉.")
@click.option("--overdue", is_flag=True, help="Only tickets past their answer date.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (no reporter identity).")
@staff_options
def queue_list(
    state: str | None,
    district: str | None,
    category: str | None,
    kind: str | None,
    overdue: bool,
    as_json: bool,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """列出工单 / List the tickets you may see, overdue first."""
    from bot.desk.cards import queue_line
    from bot.desk.queue import QueueFilter, list_queue

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    where = QueueFilter(state, district, category, kind, overdue)
    with opened(settings) as db:
        items = list_queue(db, staff, today=settings.check_date(), where=where)
    if as_json:
        rows = [{**i.ticket.public_view(), "overdue": i.overdue} for i in items]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for item in items:
        click.echo(queue_line(item, settings.lang))
    click.echo(f"共 {len(items)} 件 / {len(items)} ticket(s)")


@queue.command("show")
@click.argument("number")
@staff_options
def queue_show(
    number: str, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """查看工单及处理记录 / Show a ticket and its history."""
    from bot.desk.actions import history, load
    from bot.desk.cards import colon, history_line, ticket_fields

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        ticket = load(db, staff, full_number(db, staff, number, settings))
        click.echo(ticket.number)
        for label, value in ticket_fields(db, ticket, settings.lang, today=settings.check_date()):
            click.echo(f"  {label}{colon(settings.lang)}{value}")
        for line in history(db, ticket):
            click.echo(f"  {history_line(line, settings.lang)}")


def _add_ticket_command(
    name: str,
    help_text: str,
    action: Callable[..., Any],
    value: click.ParamType | None = None,  # type: ignore[type-arg]
    metavar: str = "",
    choices: str = "",
) -> None:
    """`lantian queue NAME NUMBER [VALUE] [--note TEXT]`, calling one desk action."""

    def run(
        number: str,
        note: str | None,
        staff_id: int,
        db_path: Path | None,
        lang: str | None,
        today: Any,
        value: str | None = None,
    ) -> None:
        settings = settings_from(db_path, lang, today)
        staff = staff_of(settings, staff_id)
        with opened(settings) as db:
            # merge's value is a ticket number too
            if name == "merge" and value is not None:
                value = full_number(db, staff, value, settings)
            given = () if value is None else (value,)
            number = full_number(db, staff, number, settings)
            ticket = action(db, staff, number, *given, now=settings.now(), note=note)
        zh, en = STATES[ticket.state]
        click.echo(f"{ticket.number}: {zh} / {en}")

    command: Any = staff_options(click.option("--note", help="A note for the audit log.")(run))
    if value is not None:
        command = click.argument("value", type=value, metavar=metavar)(command)
    numbered = click.argument("number", metavar="NUMBER")(command)
    queue.command(name, help=f"{help_text}\n\n{NUMBER_HELP}{choices}")(numbered)


NUMBER_HELP = "NUMBER: 工单编号 LT-20260601-0002，或当天的序号 2 / the ticket number, or today's 2."


def _choices(metavar: str, table: dict[str, tuple[str, str]], codes: Any = None) -> str:
    """The help's list of the values an argument takes, each with its words."""
    lines = [f"{code}  {table[code][0]} / {table[code][1]}" for code in (codes or table)]
    return f"\n\n\b\n{metavar}:\n" + "\n".join(f"  {line}" for line in lines)


def _register_ticket_commands() -> None:
    from bot.desk import actions

    add = _add_ticket_command
    add("accept", "受理 / Accept.", actions.accept)
    add(
        "refuse", "不予受理 / Do not accept, on a GROUND.", actions.refuse,
        click.Choice(list(GROUNDS)), "GROUND", _choices("GROUND", GROUNDS),
    )  # fmt: skip
    districts = "\n\n\b\nDISTRICT:\n  " + "、".join(DISTRICTS)
    add(
        "assign", "分派到区 / Assign to a DISTRICT.", actions.assign,
        DistrictName(), "DISTRICT", districts,
    )  # fmt: skip
    add("investigate", "开始调查 / Start the investigation.", actions.investigate)
    add(
        "transfer", "移送 / Transfer to a DESTINATION.", actions.transfer,
        click.Choice(list(DESTINATIONS)), "DESTINATION", _choices("DESTINATION", DESTINATIONS),
    )  # fmt: skip
    add(
        "close", "办结 / Close with an OUTCOME.", actions.close, click.Choice(CLOSING_OUTCOMES),
        "OUTCOME", _choices("OUTCOME", OUTCOMES, CLOSING_OUTCOMES),
    )  # fmt: skip
    add(
        "merge", "合并为重复 / Merge as a duplicate of ticket INTO.", actions.merge, click.STRING,
        "INTO",
    )  # fmt: skip


_register_ticket_commands()


@queue.command("note")
@click.argument("number")
@click.argument("text")
@staff_options
def queue_note(
    number: str, text: str, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """添加备注 / Add a note to a ticket."""
    from bot.desk.actions import add_note

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        add_note(db, staff, full_number(db, staff, number, settings), text, now=settings.now())
    click.echo("已记录 / noted")


@queue.command("contact")
@click.argument("number")
@staff_options
def queue_contact(
    number: str, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """查看举报人联系方式（将记录在案） / Reveal the reporter's contact (logged)."""
    from bot.desk.actions import reveal_contact

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        number = full_number(db, staff, number, settings)
        contact = reveal_contact(db, staff, number, now=settings.now())
    click.echo(f"姓名 name: {contact.name or '—'}\n电话 phone: {contact.phone or '—'}")
    click.echo("（此次查看已记入审计日志 / this look is in the audit log）")


@queue.command("digest")
@staff_options
def queue_digest(staff_id: int, db_path: Path | None, lang: str | None, today: Any) -> None:
    """到期与超期工单 / What is due and overdue, by district (city staff)."""
    from bot.desk.digest import digest_text

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    staff.require_city("查看全市每日提醒")
    with opened(settings) as db:
        click.echo(digest_text(db, staff, today=settings.check_date(), lang=settings.lang))


@queue.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-contacts", is_flag=True, help="Add reporters' names and phones (logged).")
@click.option("--state", type=click.Choice([*STATES, "open"]), help="Only this state.")
@click.option("--district", help="Only this district (city staff).")
@staff_options
def queue_export(
    out: Path,
    with_contacts: bool,
    state: str | None,
    district: str | None,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """导出工单为 .csv 或 .xlsx / Export the queue as .csv or .xlsx (by OUT's suffix)."""
    from bot.desk.export import export_queue
    from bot.desk.queue import QueueFilter

    fmt: Literal["csv", "xlsx"] = "xlsx" if out.suffix.lower() == ".xlsx" else "csv"
    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        rows = export_queue(
            db,
            staff,
            out,
            fmt=fmt,
            today=settings.check_date(),
            now=settings.now(),
            with_contacts=with_contacts,
            where=QueueFilter(state=state, district=district),
        )
    logged = "，含举报人联系方式（已记入审计日志）" if with_contacts else ""
    click.echo(f"已导出 {rows} 件{logged} / exported {rows} ticket(s): {out}")


@click.group()
def report() -> None:
    """专项整治报告：阶段性情况、年度总结 / The campaign's reports."""


def _add_report_command(kind: str, help_text: str) -> None:
    @report.command(kind, help=help_text)
    @click.option("--until", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day.")
    @click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day (1 January).")
    @click.option("--district", help="One district only (district staff: always their own).")
    @click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder for the .md and .xlsx (default: DATA_DIR/reports).",
    )
    @click.option(
        "--content",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        default=PROJECT / "content",
        show_default=True,
        help="The site's content folder, for the typical cases.",
    )
    @staff_options
    def command(
        until: Any,
        since: Any,
        district: str | None,
        out: Path | None,
        content: Path,
        staff_id: int,
        db_path: Path | None,
        lang: str | None,
        today: Any,
    ) -> None:
        from bot.desk.reports import campaign_report, report_scope

        settings = settings_from(db_path, lang, today)
        district = report_scope(staff_of(settings, staff_id), district)
        folder = out or settings.data_dir / "reports"
        folder.mkdir(parents=True, exist_ok=True)
        with opened(settings) as db:
            made = campaign_report(
                db,
                kind=kind,  # type: ignore[arg-type]
                until=until.date(),
                since=since.date() if since else None,
                district=district,
                cases_dir=content,
                now=settings.now(),
            )
        stem = f"{kind}-{made.scope}-{made.until.isoformat()}"
        (folder / f"{stem}.md").write_text(made.markdown(), encoding="utf-8")
        made.write_xlsx(folder / f"{stem}.xlsx")
        click.echo(f"{made.title()}\n{made.period_line()}")
        click.echo(f"共 {made.overall.total} 件 / {made.overall.total} ticket(s)")
        click.echo(f"  {folder / f'{stem}.md'}\n  {folder / f'{stem}.xlsx'}")


_add_report_command("stage", "阶段性情况报告（7月14日前报送） / The stage report (due 14 July).")
_add_report_command("annual", "年度总结和典型案例（11月15日前） / The annual summary (15 Nov).")


@click.group()
def case() -> None:
    """典型案例 / Typical cases."""


@case.command("draft")
@click.argument("ticket")
@click.option(
    "--content",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=PROJECT / "content",
    show_default=True,
    help="The site's content folder; the draft goes into its cases/posts.",
)
@staff_options
def case_draft(
    ticket: str,
    content: Path,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """把属实的工单写成典型案例草稿 / Draft a typical case from a substantiated ticket."""
    from bot.desk.case_draft import draft_case

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        number = full_number(db, staff, ticket, settings)
        path = draft_case(db, staff, number, content, now=settings.now())
    click.echo(f"草稿已生成 / draft written: {path}")
    click.echo("编辑后删除 draft: true 即可发布（见 content/staff/publishing-cases.md）。")
