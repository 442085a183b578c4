"""/case: staff write, preview, approve and withdraw typical cases (bot/desk/case_book.py).

Callback data is `case:<action>:<id>[:<value>]`. A field is changed with `/case set N FIELD
TEXT`, or by pressing its button and sending the text as the next message (`AwaitingCaseText`
routes that message here before anything else reads it).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ApplicationHandlerStop, filters

from bot.desk import case_book, case_cards
from bot.desk.cards import colon
from bot.desk.case_book import Case
from bot.desk.errors import CaseNotFound, DeskError
from bot.desk.staff import StaffMember
from bot.registry.database import open_database
from bot.registry.records import VIOLATIONS
from bot.reports import categories
from bot.site.preview import case_preview
from bot.telegram.context import LantianContext
from bot.telegram.desk_handlers import UnknownButton, require_private, staff_only
from bot.telegram.desk_jobs import rebuild_soon
from bot.telegram.replies import answer_quietly, replace_html, reply_html
from bot.words import Lang, say
from bot.words.desk_cases import FIELD_NAMES, case_text

CASE = "case"
LISTED = 10
ASK_SECONDS = 15 * 60  # an unanswered request for a field's text lapses after this
_ID = re.compile(r"#?([0-9]{1,9})")  # a case's id as typed or in a button (ASCII digits only)


@dataclass(frozen=True)
class Asked:
    case_id: int
    key: str  # a field of FIELD_NAMES, or "withdraw" for a withdrawal's reason
    at: datetime  # the bot's clock (deps.now)

    def lapsed(self, now: datetime) -> bool:
        return (now - self.at).total_seconds() > ASK_SECONDS


ASKS = "case_asks"  # bot_data key: staff asked for a field's text, by user id (not persisted:
# a restart forgets a half-begun edit, which staff simply begin again)


def asks_of(bot_data: dict[str, Any]) -> dict[int, Asked]:
    """This Application's open requests for a case field's text."""
    asks: dict[int, Asked] = bot_data.setdefault(ASKS, {})
    return asks


class AwaitingCaseText(filters.MessageFilter):
    """A message from a staff member the bot has asked for a case field's text, within
    ASK_SECONDS. A command instead (but /cancel) drops the request and goes on as a command;
    so does anything after the request lapsed (a name typed days later is a check)."""

    def __init__(self, bot_data: dict[str, Any], now: Callable[[], datetime]) -> None:
        super().__init__()
        self.asks, self.now = asks_of(bot_data), now

    def filter(self, message: Message) -> bool:
        user = message.from_user
        asked = self.asks.get(user.id) if user is not None else None
        if user is None or asked is None:
            return False
        text = (message.text or "").strip()
        if asked.lapsed(self.now()) or (text.startswith("/") and text.split()[0] != "/cancel"):
            self.asks.pop(user.id, None)
            return False
        return True


@staff_only
async def case_command(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """/case, /case new, /case from TICKET, /case N, /case set N FIELD TEXT, /case withdraw N
    REASON."""
    case_book.require_editor(staff)
    args = context.args or []
    deps = context.deps
    if not args:
        await _show_list(update, context, lang)
    elif args[0] == "new" and len(args) == 1:
        case = case_book.create(deps.db, staff, now=deps.now(), lang=lang)
        await _show_card(update, context, case, lang, said=case_text("created", lang, id=case.id))
    elif args[0] == "from" and len(args) == 2:
        case = case_book.create(deps.db, staff, now=deps.now(), ticket_number=args[1], lang=lang)
        await _show_card(update, context, case, lang, said=case_text("created", lang, id=case.id))
    elif args[0] == "set" and len(args) >= 4:
        name = case_book.field_name(args[2])
        typed = _rest_of_command(update, 3)
        await _save(update, context, staff, _case_id(args[1]), name, typed, lang)
    elif args[0] == "withdraw" and len(args) >= 3:
        await _withdraw(
            update, context, staff, _case_id(args[1]), _rest_of_command(update, 2), lang
        )
    elif len(args) == 1:
        await _show_card(update, context, case_book.get(deps.db, _case_id(args[0])), lang)
    else:
        await reply_html(update, escape(case_text("usage", lang)))


def _case_id(typed: str) -> int:
    found = _ID.fullmatch(typed)
    if found is None:
        raise CaseNotFound(id=typed)
    return int(found.group(1))


def _rest_of_command(update: Update, skip: int) -> str:
    """The message's text after the command and `skip` words, its line breaks kept (a body has
    paragraphs; context.args would join them)."""
    text = (update.effective_message.text if update.effective_message else None) or ""
    parts = text.split(maxsplit=skip + 1)
    return parts[skip + 1] if len(parts) > skip + 1 else ""


async def _show_list(update: Update, context: LantianContext, lang: Lang) -> None:
    deps = context.deps
    cases = case_book.all_cases(deps.db)
    if not cases:
        await reply_html(update, escape(case_text("list_empty", lang)))
        return
    today = deps.today()
    lines = [case_text("list_title", lang, total=len(cases))]
    lines += [escape(case_cards.list_line(case, today, lang)) for case in cases[:LISTED]]
    lines.append(escape(case_text("usage", lang)))
    keyboard = [[_button(f"#{case.id}", "show", case.id)] for case in cases[:LISTED]]
    await reply_html(update, "\n".join(lines), InlineKeyboardMarkup(keyboard))


def card(case: Case, context: LantianContext, lang: Lang) -> tuple[str, InlineKeyboardMarkup]:
    today = context.deps.today()
    lines = [case_cards.title_line(case, today, lang)]
    lines += [
        f"<b>{escape(label)}</b>{colon(lang)}{escape(value)}"
        for label, value in case_cards.field_lines(case.draft, lang)
    ]
    lines += [escape(line) for line in case_cards.note_lines(case, lang)]
    return "\n".join(lines), _keyboard(case, lang)


def _keyboard(case: Case, lang: Lang) -> InlineKeyboardMarkup:
    if case.withdrawn_on is not None:
        return InlineKeyboardMarkup([[_button(case_text("button_refresh", lang), "show", case.id)]])
    edits = [
        _button(case_text("button_edit", lang, field=say(words, lang)), "edit", case.id, key)
        for key, words in FIELD_NAMES.items()
    ]
    rows = [edits[i : i + 3] for i in range(0, len(edits), 3)]
    actions = [_button(case_text("button_preview", lang), "preview", case.id)]
    if case.pending:
        actions.append(_button(case_text("button_approve", lang), "approve", case.id))
    actions.append(_button(case_text("button_withdraw", lang), "withdraw", case.id))
    rows.append(actions)
    rows.append([_button(case_text("button_refresh", lang), "show", case.id)])
    return InlineKeyboardMarkup(rows)


def _button(label: str, action: str, case_id: int, value: str = "") -> InlineKeyboardButton:
    data = f"{CASE}:{action}:{case_id}" + (f":{value}" if value else "")
    return InlineKeyboardButton(label, callback_data=data)


async def _show_card(
    update: Update, context: LantianContext, case: Case, lang: Lang, *, said: str = ""
) -> None:
    text, keyboard = card(case, context, lang)
    prefix = f"<i>{escape(said)}</i>\n" if said else ""
    await reply_html(update, prefix + text, keyboard)


async def _save(
    update: Update,
    context: LantianContext,
    staff: StaffMember,
    case_id: int,
    name: str,
    typed: str,
    lang: Lang,
) -> None:
    deps = context.deps
    value = case_book.parse_value(name, typed)
    case = case_book.edit(deps.db, staff, case_id, name, value, now=deps.now())
    label = say(FIELD_NAMES[name], lang)
    await _show_card(update, context, case, lang, said=case_text("saved", lang, field=label))


async def _withdraw(
    update: Update,
    context: LantianContext,
    staff: StaffMember,
    case_id: int,
    reason: str,
    lang: Lang,
) -> None:
    deps = context.deps
    was_public = case_book.get(deps.db, case_id).public(deps.today())
    case = case_book.withdraw(deps.db, staff, case_id, reason, now=deps.now())
    if was_public:
        rebuild_soon(context.application)
    await _show_card(update, context, case, lang, said=case_text("withdrawn", lang, id=case.id))


@staff_only
async def take_text(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """The text a staff member was asked for: a field's new value, or a withdrawal's reason."""
    message = update.effective_message
    asked = asks_of(context.bot_data).pop(staff.user_id, None)
    case_id, name = (asked.case_id, asked.key) if asked else (0, "")
    typed = (message.text or "") if message else ""
    try:
        if not case_id or typed.strip().startswith("/"):
            await reply_html(update, escape(case_text("cancelled", lang)))
        elif name == "withdraw":
            await _withdraw(update, context, staff, case_id, typed, lang)
        else:
            await _save(update, context, staff, case_id, name, typed, lang)
    except DeskError as refusal:  # said here: the stop below would swallow it in staff_only
        asks_of(context.bot_data)[staff.user_id] = Asked(
            case_id, name, context.deps.now()
        )  # the next message is another try
        await reply_html(update, escape(refusal.message(lang) + "\n" + _ask(name, lang)))
    raise ApplicationHandlerStop  # the text was for the case, never a check


@staff_only
async def on_button(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """A press on a case card."""
    case_book.require_editor(staff)
    query = update.callback_query
    assert query is not None and query.data is not None
    action, case_id, value = parse_button(query.data)
    deps = context.deps
    case = case_book.get(deps.db, case_id)
    if action in ("edit", "withdraw") and value != "categories":
        # The text asked for comes as the staff member's next private message: ask there only.
        require_private(update, "case")
    if action == "edit" and value == "categories":
        await answer_quietly(query, case_text("pick_categories", lang))
        await query.edit_message_reply_markup(_category_keyboard(case, lang))
        return
    if action == "edit":
        asks_of(context.bot_data)[staff.user_id] = Asked(case_id, value, deps.now())
        await answer_quietly(query)
        await reply_html(update, escape(_ask(value, lang)))
        return
    if action == "withdraw":
        asks_of(context.bot_data)[staff.user_id] = Asked(case_id, "withdraw", deps.now())
        await answer_quietly(query)
        await reply_html(update, escape(case_text("ask_reason", lang)))
        return
    if action == "preview":
        await answer_quietly(query, case_text("preview_building", lang))
        await send_preview(update, context, case, lang)
        return
    if action == "cat":
        chosen = set(case.draft.categories) ^ {value}
        ordered = tuple(code for code in VIOLATIONS if code in chosen)
        case = case_book.edit(deps.db, staff, case_id, "categories", ordered, now=deps.now())
        await answer_quietly(query)
        await query.edit_message_reply_markup(_category_keyboard(case, lang))
        return
    if action == "approve":
        case = case_book.approve(deps.db, staff, case_id, now=deps.now())
        await answer_quietly(query, _approved_words(case, context, lang))
        if case.public(deps.today()):
            rebuild_soon(context.application)
    else:
        await answer_quietly(query)
    text, keyboard = card(case, context, lang)
    await replace_html(update, text, keyboard)


def _ask(name: str, lang: Lang) -> str:
    if name == "withdraw":
        return case_text("ask_reason", lang)
    hint = {"publish_on": "hint_publish_on"}.get(name, "hint_text")
    label = say(FIELD_NAMES[name], lang)
    return case_text("ask_field", lang, field=label, hint=case_text(hint, lang))


def _approved_words(case: Case, context: LantianContext, lang: Lang) -> str:
    assert case.approved is not None and case.approved.publish_on is not None
    if case.public(context.deps.today()):
        return case_text("approved_now", lang, id=case.id)
    return case_text("approved", lang, id=case.id, day=case.approved.publish_on.isoformat())


def _category_keyboard(case: Case, lang: Lang) -> InlineKeyboardMarkup:
    rows = []
    for code in VIOLATIONS:
        mark = "☑" if code in case.draft.categories else "☐"
        label = case_text("button_category", lang, mark=mark, label=categories.label(code, lang))
        rows.append([_button(label, "cat", case.id, code)])
    rows.append([_button(case_text("button_done", lang), "show", case.id)])
    return InlineKeyboardMarkup(rows)


def parse_button(data: str) -> tuple[str, int, str]:
    """(action, case id, value) of a case card's button; UnknownButton for anything else."""
    parts = data.split(":")
    if len(parts) not in (3, 4) or parts[0] != CASE or not _ID.fullmatch(parts[2]):
        raise UnknownButton()
    action, case_id, value = parts[1], int(parts[2]), (parts[3] if len(parts) == 4 else "")
    valid = (
        (action in ("show", "preview", "approve", "withdraw") and not value)
        or (action == "edit" and value in FIELD_NAMES)
        or (action == "cat" and value in VIOLATIONS)
    )
    if not valid:
        raise UnknownButton()
    return action, case_id, value


async def send_preview(update: Update, context: LantianContext, case: Case, lang: Lang) -> None:
    """The case's page as the site's own build makes it on its publication date, as one HTML
    file (its style sheets inlined) sent to this staff member."""
    deps = context.deps
    day = case.draft.publish_on or deps.today()
    page = await asyncio.to_thread(_preview_page, deps.settings.db_path, case.id, day)
    chat = update.effective_chat
    if chat is None:
        return
    caption = case_text("preview_caption", lang, id=case.id, day=day.isoformat())
    await context.bot.send_document(
        chat.id, page, filename=f"case-{case.id}-preview.html", caption=caption
    )


def _preview_page(db_path: Path, case_id: int, day: date) -> bytes:
    """In a worker thread, with a connection of its own."""
    db = open_database(db_path)
    try:
        return case_preview(db, case_id, day)
    finally:
        db.close()
