"""Staff commands and the ticket card's buttons: check who is asking, call bot.desk, reply.

Callback data is `desk:<action>:<number>[:<value>]`; OPERATIONS maps an action to the desk
function it calls and CHOICES to the values a button row offers before it is taken.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Coroutine, Mapping
from html import escape
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.desk import actions
from bot.desk.cards import (
    colon,
    history_line,
    queue_line,
    ticket_fields,
    who_filed_label,
)
from bot.desk.choices import CATEGORY, DESTINATION, GROUND, KIND, OUTCOME, STATE
from bot.desk.digest import digest_text
from bot.desk.errors import DeskError
from bot.desk.evidence import open_evidence
from bot.desk.numbers import resolve
from bot.desk.queue import SHOWN, QueueFilter, queue_page
from bot.desk.routing import suggest
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import ACTIONS, DISTRICTS, grounds_for
from bot.districts import canonical_district
from bot.reports.tickets import Ticket
from bot.telegram.cards import split_message
from bot.telegram.context import LantianContext
from bot.telegram.desk_jobs import send_notices
from bot.telegram.replies import NO_PREVIEW, answer_quietly, reply_html
from bot.words import Lang, Words, say
from bot.words.desk import desk_text
from bot.words.desk_refusals import CITY_TASKS, PRIVATE_THINGS, REFUSALS
from bot.words.desk_terms import EVIDENCE_DAMAGED, OVERDUE_FILTER

log = logging.getLogger(__name__)

DESK = "desk"

OPERATIONS: dict[str, Callable[..., Ticket]] = {
    "accept": actions.accept,
    "refuse": actions.refuse,
    "assign": actions.assign,
    "investigate": actions.investigate,
    "transfer": actions.transfer,
    "close": actions.close,
}
CHOICES: dict[str, tuple[Mapping[str, Words], str]] = {
    "refuse": (GROUND.words, "pick_ground"),
    "transfer": (DESTINATION.words, "pick_destination"),
    "close": (OUTCOME.words, "pick_outcome"),
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
    """/queue [超期] [state] [district] [category] [举报|投诉]: the tickets, a button each.
    Without a state, only those in progress."""
    where = parse_filter(context.args or [])
    deps = context.deps
    page = queue_page(deps.db, staff, today=deps.today(), where=where, limit=SHOWN)
    if not page.items:
        await reply_html(update, escape(desk_text("queue_empty", lang)))
        return
    title = desk_text("queue_active" if where.state == "active" else "queue_filtered", lang)
    shown = len(page.items)
    lines = [desk_text("queue_title", lang, title=escape(title), total=page.total, shown=shown)]
    lines += [escape(queue_line(item, lang)) for item in page.items]
    if page.total > shown:
        lines.append(escape(desk_text("queue_more", lang, rest=page.total - shown)))
    if where.state == "active":
        lines.append(escape(desk_text("queue_hint", lang)))
    keyboard = [
        [_button(desk_text("open_ticket", lang, number=i.ticket.number), "show", i.ticket.number)]
        for i in page.items
    ]
    await reply_html(update, "\n".join(lines), InlineKeyboardMarkup(keyboard))


def parse_filter(words: list[str]) -> QueueFilter:
    """Filter words as staff type them, Chinese or English; an unknown word is refused. Without
    a state, the tickets in progress."""
    found: dict[str, Any] = {"state": "active"}
    for word in words:
        if word.casefold() in map(str.casefold, OVERDUE_FILTER):
            found["overdue"] = True
        elif (state := STATE.find(word)) is not None:
            found["state"] = state
        elif canonical_district(word):
            found["district"] = word
        elif (kind := KIND.find(word)) is not None:
            found["kind"] = kind
        elif (category := CATEGORY.find(word)) is not None:
            found["category"] = category
        else:
            raise UnknownFilterWord(word=word)
    return QueueFilter(**found)


class NotHere(DeskError):
    words = REFUSALS["not_here"]


class PrivateOnly(DeskError):
    words = REFUSALS["private_only"]


class UnknownButton(DeskError):
    words = REFUSALS["unknown_button"]


class UnknownFilterWord(DeskError):
    words = REFUSALS["unknown_filter"]


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
    require_private(update, "contact")  # before the look is logged: nothing is revealed here
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
    staff.require_city(CITY_TASKS["city_digest"])
    deps = context.deps
    await reply_html(update, escape(digest_text(deps.db, staff, today=deps.today(), lang=lang)))


@staff_only
async def send_evidence(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """/evidence NUMBER: the ticket's files, to this staff member's private chat (logged); a file
    whose hash no longer matches is named, not sent."""
    args = context.args or []
    if len(args) != 1:
        await reply_html(update, escape(desk_text("usage_evidence", lang)))
        return
    require_private(update, "evidence")  # before the look is logged: nothing is sent here
    deps = context.deps
    number, said = _number(context, staff, args[0], lang)
    look = open_evidence(deps.db, staff, number, deps.data_dir, now=deps.now())
    count = len(look.files) + len(look.damaged)
    for file in look.files:
        caption = desk_text("evidence_caption", lang, number=number, index=file.index, count=count)
        with file.path.open("rb") as content:
            await context.bot.send_document(
                staff.user_id, content, filename=file.name, caption=caption
            )
    lines = [said + escape(desk_text("evidence_sent", lang, number=number, count=len(look.files)))]
    lines += [escape(say(EVIDENCE_DAMAGED, lang, index=index)) for index in look.damaged]
    await reply_html(update, "\n".join(lines))


def require_private(update: Update, command: str) -> None:
    """What only its staff member may see is given in their private chat only."""
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        raise PrivateOnly(what=PRIVATE_THINGS[command], command=command)


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
        lines += [escape(history_line(line, lang, kind=ticket.kind)) for line in history[-8:]]
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
        rows = [[_button(say(pair, lang), code, number, key)] for key, pair in table.items()]
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
