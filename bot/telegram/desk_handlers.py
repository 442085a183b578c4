"""Staff commands and the ticket card's buttons: check who is asking, call bot.desk, reply.

Callback data is `desk:<action>:<number>[:<value>]`; OPERATIONS maps an action to the desk
function it calls and CHOICES to the values a button row offers before it is taken.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Coroutine
from html import escape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.desk import actions
from bot.desk.cards import (
    colon,
    history_line,
    pick,
    queue_line,
    ticket_fields,
    who_filed_label,
)
from bot.desk.digest import digest_text
from bot.desk.errors import DeskError
from bot.desk.numbers import resolve
from bot.desk.queue import QueueFilter, list_queue
from bot.desk.routing import suggest
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import (
    ACTIONS,
    CLOSING_OUTCOMES,
    DESTINATIONS,
    DISTRICTS,
    GROUNDS,
    OUTCOMES,
    STATES,
    grounds_for,
)
from bot.districts import canonical_district
from bot.reports import categories
from bot.reports.tickets import Ticket
from bot.telegram.cards import split_message
from bot.telegram.context import LantianContext
from bot.telegram.desk_jobs import send_notices
from bot.telegram.replies import NO_PREVIEW, answer_quietly, reply_html
from bot.words.desk import desk_text
from bot.words.verdict import Lang

log = logging.getLogger(__name__)

DESK = "desk"
SHOWN = 20  # queue lines per reply; filters narrow it

OPERATIONS: dict[str, Callable[..., Ticket]] = {
    "accept": actions.accept,
    "refuse": actions.refuse,
    "assign": actions.assign,
    "investigate": actions.investigate,
    "transfer": actions.transfer,
    "close": actions.close,
}
CHOICES: dict[str, tuple[dict[str, tuple[str, str]], str]] = {
    "refuse": (GROUNDS, "pick_ground"),
    "transfer": (DESTINATIONS, "pick_destination"),
    "close": ({code: OUTCOMES[code] for code in CLOSING_OUTCOMES}, "pick_outcome"),
}

StaffHandler = Callable[[Update, LantianContext, StaffMember, Lang], Coroutine[Any, Any, None]]


def staff_only(
    handler: StaffHandler,
) -> Callable[[Update, LantianContext], Coroutine[Any, Any, None]]:
    """Run `handler` for a staff member; anyone else, and any desk refusal, gets a plain reply."""

    @functools.wraps(handler)
    async def run(update: Update, context: LantianContext) -> None:
        lang = context.lang_for(update)
        user = update.effective_user
        try:
            staff = context.deps.staff.member(user.id if user else None)
            chat = update.effective_chat
            staff_chat = context.deps.settings.staff_chat_id
            if chat is not None and chat.type != "private" and chat.id != staff_chat:
                raise NotHere()  # a ticket card never lands in an arbitrary group
            if chat is not None and chat.type == "private" and chat.id != staff.user_id:
                raise NotHere()  # a private chat is its user's own: anything else is forged
            await handler(update, context, staff, lang)
        except DeskError as refusal:
            await _refuse(
                update, refusal.message(lang), alert=not isinstance(refusal, UnknownButton)
            )

    return run


async def _refuse(update: Update, message: str, *, alert: bool = True) -> None:
    """A refusal as an alert on a button (a toast for a stale one), else as a reply."""
    if update.callback_query is not None:
        log.info("update %s: desk button refused", update.update_id)
        with contextlib.suppress(BadRequest):  # a query too old to answer: nothing to add
            await update.callback_query.answer(message[:200], show_alert=alert)
        return
    await reply_html(update, escape(message))


# --- commands -------------------------------------------------------------------------------


@staff_only
async def show_queue(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """/queue [超期] [state] [district] [category] [举报|投诉]: the tickets, a button each."""
    where = parse_filter(context.args or [])
    deps = context.deps
    items = list_queue(deps.db, staff, today=deps.today(), where=where, limit=SHOWN + 1)
    if not items:
        await reply_html(update, escape(desk_text("queue_empty", lang)))
        return
    lines = [desk_text("queue_title", lang, count=min(len(items), SHOWN))]
    lines += [escape(queue_line(item, lang)) for item in items[:SHOWN]]
    if len(items) > SHOWN:
        lines.append(escape(desk_text("queue_more", lang, shown=SHOWN)))
    keyboard = [
        [_button(desk_text("open_ticket", lang, number=i.ticket.number), "show", i.ticket.number)]
        for i in items[:SHOWN]
    ]
    await reply_html(update, "\n".join(lines), InlineKeyboardMarkup(keyboard))


def parse_filter(words: list[str]) -> QueueFilter:
    """Filter words as staff type them, Chinese or English; an unknown word is refused."""
    found: dict[str, Any] = {}
    labels = {zh: code for code, (zh, _) in STATES.items()}
    kinds = {"举报": "report", "report": "report", "投诉": "complaint", "complaint": "complaint"}
    for word in words:
        if word in ("超期", "overdue"):
            found["overdue"] = True
        elif word in ("待办", "open"):
            found["state"] = "open"
        elif word in STATES or word in labels:
            found["state"] = labels.get(word, word)
        elif canonical_district(word):
            found["district"] = word
        elif word in kinds:
            found["kind"] = kinds[word]
        elif categories.is_known(word):
            found["category"] = word
        else:
            code = next((c.code for c in categories.CATEGORIES if word in (c.zh, c.en)), None)
            if code is None:
                raise UnknownFilterWord(word=word)
            found["category"] = code
    return QueueFilter(**found)


class NotHere(DeskError):
    zh = "工作人员命令只能在与机器人的私聊或工作群中使用。"
    en = "Staff commands work only in a private chat with the bot or in the staff chat."


class PrivateOnly(DeskError):
    zh = "举报人联系方式只在与机器人的私聊中提供，请私聊机器人发送 /contact。"
    en = "A reporter's contact is given only in a private chat with the bot: send /contact there."


class UnknownButton(DeskError):
    zh = "这个按钮已失效，请用 /ticket 重新打开工单。"
    en = "That button no longer works; open the ticket again with /ticket."


class UnknownFilterWord(DeskError):
    zh = "不认识筛选条件“{word}”。可用：超期、待办、状态（如 已受理）、区名、类别代码、举报、投诉。"
    en = "Unknown filter “{word}”. Use: overdue, open, a state, a district, a category, kind."


@staff_only
async def show_ticket(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """/ticket NUMBER: the card with the buttons of the usual next steps."""
    args = context.args or []
    if len(args) != 1:
        await reply_html(update, escape(desk_text("usage_ticket", lang)))
        return
    number, said = _number(context, staff, args[0], lang)
    ticket = actions.load(context.deps.db, staff, number)
    text, keyboard = ticket_card(context, ticket, staff, lang)
    await reply_html(update, said + text, keyboard)


def _number(context: LantianContext, staff: StaffMember, typed: str, lang: Lang) -> tuple[str, str]:
    """The full number a typed one (maybe `2` or `0002`) stands for, and an HTML line saying
    which ticket a short one meant ("" for a full number)."""
    found = resolve(context.deps.db, staff, typed, today=context.deps.today())
    note = found.note(typed, lang)
    return found.number, f"<i>{escape(note)}</i>\n" if note else ""


@staff_only
async def add_note(update: Update, context: LantianContext, staff: StaffMember, lang: Lang) -> None:
    """/note NUMBER TEXT"""
    args = context.args or []
    if len(args) < 2:
        await reply_html(update, escape(desk_text("usage_note", lang)))
        return
    deps = context.deps
    number, said = _number(context, staff, args[0], lang)
    ticket = actions.add_note(deps.db, staff, number, " ".join(args[1:]), now=deps.now())
    await reply_html(update, said + escape(desk_text("noted", lang, number=ticket.number)))


@staff_only
async def assign(update: Update, context: LantianContext, staff: StaffMember, lang: Lang) -> None:
    """/assign NUMBER DISTRICT"""
    args = context.args or []
    if len(args) != 2:
        await reply_html(update, escape(desk_text("usage_assign", lang)))
        return
    deps = context.deps
    number, said = _number(context, staff, args[0], lang)
    ticket = actions.assign(deps.db, staff, number, args[1], now=deps.now())
    text, keyboard = ticket_card(context, ticket, staff, lang)
    await reply_html(update, said + text, keyboard)


@staff_only
async def merge(update: Update, context: LantianContext, staff: StaffMember, lang: Lang) -> None:
    """/merge NUMBER ORIGINAL"""
    args = context.args or []
    if len(args) != 2:
        await reply_html(update, escape(desk_text("usage_merge", lang)))
        return
    deps = context.deps
    number, said = _number(context, staff, args[0], lang)
    into, said_into = _number(context, staff, args[1], lang)
    ticket = actions.merge(deps.db, staff, number, into, now=deps.now())
    await send_notices(context)
    text, keyboard = ticket_card(context, ticket, staff, lang)
    await reply_html(update, said + said_into + text, keyboard)


@staff_only
async def reveal_contact(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """/contact NUMBER: the reporter's name and phone, to this staff member only (logged)."""
    args = context.args or []
    if len(args) != 1:
        await reply_html(update, escape(desk_text("usage_contact", lang)))
        return
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        raise PrivateOnly()  # checked before the look is logged: nothing is revealed here
    deps = context.deps
    number, said = _number(context, staff, args[0], lang)
    found = actions.reveal_contact(deps.db, staff, number, now=deps.now())
    who = who_filed_label(actions.load(deps.db, staff, number), lang)
    text = said + desk_text(
        "contact",
        lang,
        who=escape(who),
        number=escape(number),
        name=escape(found.name or "—"),
        phone=escape(found.phone or "—"),
    )
    await reply_html(update, text)


@staff_only
async def show_digest(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """/digest: what is due and overdue, by district (city staff)."""
    staff.require_city("查看全市每日提醒")
    deps = context.deps
    await reply_html(update, escape(digest_text(deps.db, staff, today=deps.today(), lang=lang)))


# --- the card and its buttons ---------------------------------------------------------------


def ticket_card(
    context: LantianContext, ticket: Ticket, staff: StaffMember, lang: Lang
) -> tuple[str, InlineKeyboardMarkup]:
    deps = context.deps
    fields = ticket_fields(deps.db, ticket, lang, today=deps.today())
    lines = [f"<b>{escape(ticket.number)}</b>"]
    lines += [f"<b>{escape(label)}</b>{colon(lang)}{escape(value)}" for label, value in fields]
    history = actions.history(deps.db, ticket)
    if history:
        lines += ["", desk_text("history", lang)]
        lines += [escape(history_line(line, lang)) for line in history[-8:]]
    text = "\n".join(lines)
    return split_message(text)[0], card_keyboard(deps.db, ticket, staff, lang)


def card_keyboard(db: Any, ticket: Ticket, staff: StaffMember, lang: Lang) -> InlineKeyboardMarkup:
    """The next steps this staff member may take from the ticket's state."""

    def may(code: str) -> bool:
        action = ACTIONS[code]
        return actions.may_take(ticket, code) and (staff.is_city or not action.city_only)

    number = ticket.number
    row: list[InlineKeyboardButton] = []
    rows: list[list[InlineKeyboardButton]] = []
    for code in ("accept", "refuse", "investigate", "transfer", "close"):
        if may(code):
            label = ACTIONS[code].label(lang)
            row.append(_button(label[:1].upper() + label[1:], code, number))
        if len(row) == 3:
            rows.append(row)
            row = []
    route = suggest(db, ticket)
    if may("assign") and route.district and route.district != ticket.district:
        label = desk_text("assign_to", lang, district=route.district)
        row.append(_button(label, "assign", number, route.district))
    rows += [row] if row else []
    rows.append([_button(desk_text("refresh", lang), "show", number)])
    return InlineKeyboardMarkup(rows)


def _button(label: str, action: str, number: str, value: str = "") -> InlineKeyboardButton:
    data = f"{DESK}:{action}:{number}" + (f":{value}" if value else "")
    return InlineKeyboardButton(label, callback_data=data)


@staff_only
async def on_button(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """A press on a card: show, offer the choices of an action, or take it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    code, number, rest = parse_button(query.data)
    deps = context.deps
    if code == "show":
        ticket = actions.load(deps.db, staff, number)
        await answer_quietly(query)
    elif code in CHOICES and not rest:
        table, prompt = CHOICES[code]
        if code == "refuse":  # a 举报 may be anonymous: no "complainant unknown" ground
            table = grounds_for(actions.load(deps.db, staff, number).kind)
        rows = [[_button(pick(pair, lang), code, number, key)] for key, pair in table.items()]
        rows.append([_button(desk_text("back", lang), "show", number)])
        await answer_quietly(query, desk_text(prompt, lang))
        await query.edit_message_reply_markup(InlineKeyboardMarkup(rows))
        return
    else:
        ticket = OPERATIONS[code](deps.db, staff, number, *rest, now=deps.now())
        done = desk_text("done", lang, action=ACTIONS[code].label(lang), number=number)
        await answer_quietly(query, done)
    text, keyboard = ticket_card(context, ticket, staff, lang)
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=keyboard, link_preview_options=NO_PREVIEW
        )
    except BadRequest as error:
        if "not modified" not in str(error).lower():  # a refresh with no change is fine
            raise
    if code in OPERATIONS:
        await send_notices(context)


def parse_button(data: str) -> tuple[str, str, list[str]]:
    """(action, ticket number, [value]) of a card's button; UnknownButton for anything else,
    so forged or stale callback data is refused plainly rather than crashing."""
    parts = data.split(":")
    if len(parts) not in (3, 4) or parts[0] != DESK:
        raise UnknownButton()
    code, number, rest = parts[1], parts[2], parts[3:]
    choices = CHOICES.get(code, ({}, ""))[0]
    valid = (
        (code == "show" and not rest)
        or (code in CHOICES and (not rest or rest[0] in choices))
        or (code == "assign" and len(rest) == 1 and rest[0] in DISTRICTS)
        or (code in ("accept", "investigate") and not rest)
    )
    if not valid:
        raise UnknownButton()
    return code, number, rest
