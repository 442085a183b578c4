"""/status: a reporter's own tickets, and nobody else's."""

from __future__ import annotations

from html import escape

from telegram import Update

from bot.desk.vocabulary import STATES, outcome_words, term
from bot.registry.reader import agency_name
from bot.reports import categories, tickets
from bot.telegram.context import LantianContext
from bot.telegram.replies import reply_html
from bot.words import say
from bot.words.chat import report_text


async def show_status(update: Update, context: LantianContext) -> None:
    """/status: number, kind, category, state, the dates received and promised (and, once
    closed, the day and outcome), and whom it is about: the registered name when the reporter
    chose a registered agency."""
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
        kind = report_text("kind_report" if ticket.kind == "report" else "kind_complaint", lang)
        category = escape(categories.label(ticket.category, lang))
        dates = [report_text("status_received", lang, day=ticket.received_on)]
        if ticket.reply_due_on and ticket.first_response_on is None:
            dates.append(report_text("status_due", lang, day=ticket.reply_due_on))
        outcome = outcome_words(ticket.outcome, ticket.kind)
        if outcome is not None and ticket.closed_on is not None:
            said = say(outcome, lang)
            dates.append(report_text("status_closed", lang, day=ticket.closed_on, outcome=said))
        subject = agency_name(context.deps.db, ticket.subject_uscc) or ticket.subject_text
        lines.append(
            f"<b>{ticket.number}</b> {escape(kind)} · {category} · "
            f"{escape(term(STATES, ticket.state, lang))}\n"
            f"   {escape(' · '.join(dates))}\n"
            f"   {escape(subject[:60])}"
        )
    await reply_html(update, "\n".join(lines))
