"""/status: a reporter's own tickets, and nobody else's."""

from __future__ import annotations

from html import escape

from telegram import Update

from bot.reports import categories, tickets
from bot.telegram.context import LantianContext
from bot.telegram.replies import reply_html
from bot.telegram.texts import report_text

STATES: dict[str, tuple[str, str]] = {
    "received": ("已收到", "received"),
    "accepted": ("已受理", "accepted"),
    "not_accepted": ("不予受理", "not accepted"),
    "assigned": ("已分派", "assigned"),
    "investigating": ("调查中", "investigating"),
    "transferred": ("已移送", "transferred"),
    "closed": ("已办结", "closed"),
}


async def show_status(update: Update, context: LantianContext) -> None:
    """/status: number, kind, category, state and the date of the promised reply."""
    user = update.effective_user
    if user is None:
        return
    lang = context.lang_for(update)
    mine = tickets.tickets_of(context.deps.db, user.id)
    if not mine:
        await reply_html(update, report_text("no_tickets", lang))
        return
    lines = [report_text("tickets_title", lang)]
    for ticket in mine:
        state = STATES.get(ticket.state, (ticket.state, ticket.state))
        kind = report_text("kind_report" if ticket.kind == "report" else "kind_complaint", lang)
        due = f" · {ticket.reply_due_on}" if ticket.reply_due_on else ""
        category = escape(categories.label(ticket.category, lang))
        shown_state = state[0] if lang == "zh" else state[1]
        lines.append(
            f"<b>{ticket.number}</b> {escape(kind)} · {category} · {shown_state}{due}\n"
            f"   {escape(ticket.subject_text[:60])}"
        )
    await reply_html(update, "\n".join(lines))
