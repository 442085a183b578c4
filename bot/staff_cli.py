"""`lantian queue …`, `lantian report …`, `lantian case draft`: the staff desk from a terminal.

Each command names its staff member (`--staff-id`, default $LANTIAN_STAFF_ID), who must be on
the staff list (LANTIAN_STAFF); the audit log records them. Thin shells over bot.desk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

from bot.common_cli import common_options, opened, settings_from
from bot.desk.choices import CATEGORY, DESTINATION, GROUND, KIND, OUTCOME, STATE, ChoiceSet
from bot.desk.errors import DeskError, NotStaff, UnknownChoice, UnknownDistrict, known_district
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import CITY, DISTRICTS, STATES, term
from bot.settings import Settings
from bot.words import Lang, Words, say
from bot.words.desk_cli import cli_help, cli_text
from bot.words.desk_refusals import CITY_TASKS, REFUSALS
from bot.words.desk_terms import CITY_ROLE, EVIDENCE_DAMAGED, PAREN, listed


class DistrictName(click.ParamType[str]):
    """A Shanghai district in any of its spellings (徐汇区, 上海市徐汇区, 徐汇), given as one."""

    name = "district"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return known_district(str(value))
        except UnknownDistrict as refused:
            self.fail(str(refused), param, ctx)


class WordChoice(click.ParamType[str]):
    """One of a ChoiceSet's values, as its code or its words (`已受理` or `accepted`); anything
    else is a usage error listing them in both forms."""

    def __init__(self, choices: ChoiceSet, name: str) -> None:
        self.choices = choices
        self.name = name

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return self.choices.resolve(str(value))
        except UnknownChoice as refused:
            self.fail(str(refused), param, ctx)


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
    words = REFUSALS["no_staff_configured"]


class NotOnStaffList(DeskError):
    words = REFUSALS["not_on_staff_list"]


def staff_of(settings: Settings, staff_id: int) -> StaffMember:
    """The staff member acting; a refusal says who is staff and how to configure it."""
    directory = settings.staff_directory
    if not directory.members:
        raise NoStaffConfigured(user_id=staff_id)
    try:
        return directory.member(staff_id)  # logs the refusal
    except NotStaff:
        members = list(directory.members.values())
        raise NotOnStaffList(user_id=staff_id, members=_members(members)) from None


def _members(members: list[StaffMember]) -> Words:
    """The staff list as a refusal names it: `7001（市局）、7003（浦东新区）`."""

    def written(lang: Lang) -> str:
        roles = {m.user_id: say(CITY_ROLE, lang) if m.role == CITY else m.role for m in members}
        named = [f"{uid}{say(PAREN, lang, text=role)}" for uid, role in roles.items()]
        return say(listed(named), lang)

    return written("zh"), written("en")


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


def _choice_help(key: str, choices: ChoiceSet) -> str:
    """An option's help: what it does, and its values as codes with their Chinese words."""
    listing = choices.listing()[1]
    return f"{cli_help(key)}: {listing} ({cli_help('choices')})."


@queue.command("list")
@click.option("--state", type=WordChoice(STATE, "state"), help=_choice_help("state", STATE))
@click.option("--district", type=DistrictName(), help="Only this district (city staff).")
@click.option(
    "--category", type=WordChoice(CATEGORY, "category"), help=_choice_help("category", CATEGORY)
)
@click.option("--kind", type=WordChoice(KIND, "kind"), help=_choice_help("kind", KIND))
@click.option("--overdue", is_flag=True, help="Only tickets past their answer date.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="List at most this many (overdue first, then newest first).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON (no reporter identity).")
@staff_options
def queue_list(
    state: str | None,
    district: str | None,
    category: str | None,
    kind: str | None,
    overdue: bool,
    limit: int,
    as_json: bool,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """列出工单 / List the tickets you may see: those in progress unless --state asks for more."""
    from bot.desk.cards import queue_line
    from bot.desk.queue import QueueFilter, queue_page

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    where = QueueFilter(state or "active", district, category, kind, overdue)
    with opened(settings) as db:
        page = queue_page(db, staff, today=settings.check_date(), where=where, limit=limit)
    if as_json:
        rows = [{**i.ticket.public_view(), "overdue": i.overdue} for i in page.items]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for item in page.items:
        click.echo(queue_line(item, settings.lang))
    click.echo(cli_text("queue_total", settings.lang, total=page.total, shown=len(page.items)))
    if state is None:
        click.echo(cli_text("queue_open_only", settings.lang))


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
            click.echo(f"  {history_line(line, settings.lang, kind=ticket.kind)}")


def _add_ticket_command(
    name: str,
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
        state = term(STATES, ticket.state, settings.lang)
        click.echo(cli_text("state_now", settings.lang, number=ticket.number, state=state))

    command: Any = staff_options(click.option("--note", help="A note for the audit log.")(run))
    if value is not None:
        command = click.argument("value", type=value, metavar=metavar)(command)
    numbered = click.argument("number", metavar="NUMBER")(command)
    queue.command(name, help=f"{cli_help(name)}\n\nNUMBER: {cli_help('number')}{choices}")(numbered)


def _choices(metavar: str, table: Mapping[str, Words]) -> str:
    """The help's list of the values an argument takes, each with its words."""
    lines = [f"{code}  {zh} / {en}" for code, (zh, en) in table.items()]
    return f"\n\n\b\n{metavar}:\n" + "\n".join(f"  {line}" for line in lines)


def _register_ticket_commands() -> None:
    from bot.desk import actions

    add = _add_ticket_command
    add("accept", actions.accept)
    add(
        "refuse", actions.refuse, WordChoice(GROUND, "ground"), "GROUND",
        _choices("GROUND", GROUND.words),
    )  # fmt: skip
    districts = "\n\n\b\nDISTRICT:\n  " + " ".join(DISTRICTS)
    add("assign", actions.assign, DistrictName(), "DISTRICT", districts)
    add("investigate", actions.investigate)
    add(
        "transfer", actions.transfer, WordChoice(DESTINATION, "destination"), "DESTINATION",
        _choices("DESTINATION", DESTINATION.words),
    )  # fmt: skip
    add(
        "close", actions.close, WordChoice(OUTCOME, "outcome"), "OUTCOME",
        _choices("OUTCOME", OUTCOME.words),
    )  # fmt: skip
    add("merge", actions.merge, click.STRING, "INTO")


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
        number = full_number(db, staff, number, settings)
        add_note(db, staff, number, text, now=settings.now())
    click.echo(cli_text("noted", settings.lang, number=number))


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
    name, phone = contact.name or "—", contact.phone or "—"
    click.echo(cli_text("contact", settings.lang, name=name, phone=phone))
    click.echo(cli_text("looked", settings.lang))


@queue.command("evidence")
@click.argument("number")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder the files are copied into (made if missing).",
)
@staff_options
def queue_evidence(
    number: str, out: Path, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """复制工单的证据文件（将记录在案） / Copy a ticket's evidence files out (logged).

    Each file is checked against the hash it was received with; one that no longer matches is
    not copied, and the command says so and exits 1.
    """
    from bot.desk.evidence import copy_out, open_evidence

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        number = full_number(db, staff, number, settings)
        look = open_evidence(db, staff, number, settings.data_dir, now=settings.now())
    copied, damaged = 0, list(look.damaged)
    for file in look.files:
        target = copy_out(file, out)
        if target is None:
            damaged.append(file.index)
            continue
        copied += 1
        shown = cli_text("evidence_copied", settings.lang, name=target, index=file.index,
                         size=file.stored.size)  # fmt: skip
        click.echo(shown)
    click.echo(cli_text("evidence_total", settings.lang, count=copied, folder=out))
    for index in sorted(damaged):
        click.echo(say(EVIDENCE_DAMAGED, settings.lang, index=index), err=True)
    if damaged:
        raise click.exceptions.Exit(1)


@queue.command("digest")
@staff_options
def queue_digest(staff_id: int, db_path: Path | None, lang: str | None, today: Any) -> None:
    """到期与超期工单 / What is due and overdue, by district (city staff)."""
    from bot.desk.digest import digest_text

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    staff.require_city(CITY_TASKS["city_digest"])
    with opened(settings) as db:
        click.echo(digest_text(db, staff, today=settings.check_date(), lang=settings.lang))


@queue.command("export")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--with-contacts", is_flag=True, help="Add reporters' names and phones (logged).")
@click.option("--state", type=WordChoice(STATE, "state"), help=_choice_help("state", STATE))
@click.option("--district", type=DistrictName(), help="Only this district (city staff).")
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
            lang=settings.lang,
        )
    said = "exported_contacts" if with_contacts else "exported"
    click.echo(cli_text(said, settings.lang, rows=rows, path=out))


@click.group()
def report() -> None:
    """专项整治报告：阶段性情况、年度总结 / The campaign's reports."""


def _add_report_command(kind: str) -> None:
    @report.command(kind, help=cli_help(kind))
    @click.option("--until", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Last day.")
    @click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day (1 January).")
    @click.option(
        "--district",
        type=DistrictName(),
        help="One district only (district staff: always their own).",
    )
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
        with opened(settings) as db:
            made = campaign_report(
                db,
                kind=kind,  # type: ignore[arg-type]
                until=until.date(),
                since=since.date() if since else None,
                district=district,
                cases_dir=content,
                now=settings.now(),
                lang=settings.lang,
            )
        markdown, workbook = made.write_files(folder)
        click.echo(f"{made.title()}\n{made.period_line()}")
        click.echo(cli_text("report_total", settings.lang, total=made.overall.total))
        click.echo(f"  {markdown}\n  {workbook}")


_add_report_command("stage")
_add_report_command("annual")


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
    click.echo(cli_text("draft_written", settings.lang, path=path))
    click.echo(cli_text("draft_next", settings.lang))


def _case_lines(case: Any, settings: Settings) -> list[str]:
    from bot.desk import case_cards

    lang, today = settings.lang, settings.check_date()
    lines = [case_cards.title_line(case, today, lang).replace("<b>", "").replace("</b>", "")]
    lines += [f"{label}: {value}" for label, value in case_cards.field_lines(case.draft, lang)]
    return lines + case_cards.note_lines(case, lang)


@case.command("list")
@staff_options
def case_list(staff_id: int, db_path: Path | None, lang: str | None, today: Any) -> None:
    """典型案例列表 / The typical cases kept in the database."""
    from bot.desk import case_book, case_cards

    settings = settings_from(db_path, lang, today)
    case_book.require_editor(staff_of(settings, staff_id))
    with opened(settings) as db:
        for found in case_book.all_cases(db):
            click.echo(case_cards.list_line(found, settings.check_date(), settings.lang))


@case.command("new")
@click.option("--ticket", help="A ticket closed as substantiated to start from.")
@staff_options
def case_new(
    ticket: str | None, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """新建典型案例 / Start a typical case (from a ticket, or empty)."""
    from bot.desk import case_book

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        number = full_number(db, staff, ticket, settings) if ticket else None
        made = case_book.create(
            db, staff, now=settings.now(), ticket_number=number, lang=settings.lang
        )
        click.echo("\n".join(_case_lines(made, settings)))


@case.command("show")
@click.argument("case_id", type=int)
@staff_options
def case_show(
    case_id: int, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """查看典型案例 / Show a typical case."""
    from bot.desk import case_book

    settings = settings_from(db_path, lang, today)
    case_book.require_editor(staff_of(settings, staff_id))
    with opened(settings) as db:
        click.echo("\n".join(_case_lines(case_book.get(db, case_id), settings)))


@case.command("set")
@click.argument("case_id", type=int)
@click.argument("field")
@click.argument("text")
@staff_options
def case_set(
    case_id: int,
    field: str,
    text: str,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """修改典型案例的一个字段 / Change a field: title, summary, body, categories, authority,
    number, date."""
    from bot.desk import case_book

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    name = case_book.field_name(field)
    with opened(settings) as db:
        changed = case_book.edit(
            db, staff, case_id, name, case_book.parse_value(name, text), now=settings.now()
        )
        click.echo("\n".join(_case_lines(changed, settings)))


@case.command("approve")
@click.argument("case_id", type=int)
@staff_options
def case_approve(
    case_id: int, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """审核通过（须另一位编辑）/ Approve a case (another editor than its writers)."""
    from bot.desk import case_book

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        click.echo(
            "\n".join(
                _case_lines(case_book.approve(db, staff, case_id, now=settings.now()), settings)
            )
        )


@case.command("withdraw")
@click.argument("case_id", type=int)
@click.argument("reason")
@staff_options
def case_withdraw(
    case_id: int, reason: str, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """撤回典型案例（写明理由）/ Withdraw a case, with a reason."""
    from bot.desk import case_book

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        gone = case_book.withdraw(db, staff, case_id, reason, now=settings.now())
        click.echo("\n".join(_case_lines(gone, settings)))


@case.command("preview")
@click.argument("case_id", type=int)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The HTML file to write.",
)
@staff_options
def case_preview_command(
    case_id: int, out: Path, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """预览案例发布当天的页面 / The case's page as the site will show it on its date."""
    from bot.desk import case_book
    from bot.site.preview import case_preview

    settings = settings_from(db_path, lang, today)
    case_book.require_editor(staff_of(settings, staff_id))
    with opened(settings) as db:
        found = case_book.get(db, case_id)
        day = found.draft.publish_on or settings.check_date()
        out.write_bytes(case_preview(db, case_id, day))
    click.echo(str(out))
