"""/report: a conversation of one step per question, each validating its own answer.

The draft lives in `user_data["draft"]` (plain JSON, persisted in SQLite), so a restart in
the middle resumes at the same step. The domain (`bot.reports`) validates and files it.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
import warnings
from html import escape
from typing import Any

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, PhotoSize, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.check import check
from bot.desk.cards import ticket_fields
from bot.normalize import phone_keys
from bot.reports import categories, evidence, tickets
from bot.reports.errors import EvidenceRefused, EvidenceTooLarge, ReportError
from bot.telegram.cards import split_message
from bot.telegram.context import LantianContext
from bot.telegram.picture_handlers import PICTURE_OFFER, REPORT_PICTURE, chat_text
from bot.telegram.replies import answer_quietly, reply_html
from bot.verdict_view import colon
from bot.words.chat import report_text, text
from bot.words.desk import desk_text
from bot.words.verdict import Lang

log = logging.getLogger(__name__)

KIND, CATEGORY, SUBJECT, DESCRIPTION, WHEN, EVIDENCE, CONTACT, REVIEW = (
    "kind", "category", "subject", "description", "when", "evidence", "contact", "review"
)  # fmt: skip
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
TOUCHED = "touched"  # when the draft's last question was asked (epoch seconds)
CONVERSATION = "report"  # the ConversationHandler's name, under which its steps are saved


def buttons(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def draft_of(context: LantianContext) -> dict[str, Any]:
    data = context.user_data if context.user_data is not None else {}
    draft: dict[str, Any] = data.setdefault("draft", {})
    return draft


async def ask(
    update: Update, context: LantianContext, key: str, *, then: str | None = None, **kw: Any
) -> None:
    """Ask the next question and (re)arm the reminder for an abandoned report.

    `then` is the step the question belongs to: it is saved before the question is sent, so a
    restart (even a SIGKILL) between the question and its answer resumes at this question.
    """
    if then is not None:
        await save_step(update, context, then)
    lang = context.lang_for(update)
    keyboard = kw.pop("keyboard", None)
    await reply_html(update, report_text(key, lang, **kw), keyboard)
    _arm_reminder(update, context)


def _arm_reminder(update: Update, context: LantianContext) -> None:
    if context.job_queue is None or update.effective_user is None:
        return
    name = f"report-reminder-{update.effective_user.id}"
    for job in context.job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    context.job_queue.run_once(
        remind,  # type: ignore[arg-type]
        context.deps.settings.report_reminder_minutes * 60,
        chat_id=update.effective_user.id,
        name=name,
        data=context.lang_for(update),
    )


async def remind(context: LantianContext) -> None:
    """Once, after a pause: the report is still waiting."""
    if context.job is not None and context.job.chat_id is not None:
        lang: Lang = context.job.data  # type: ignore[assignment]
        await context.bot.send_message(context.job.chat_id, report_text("reminder", lang))


async def start_report(update: Update, context: LantianContext) -> str | int:
    """/report: 举报 or 投诉?"""
    lang = context.lang_for(update)
    user = update.effective_user
    limit = context.deps.settings.reports_per_day
    if user and tickets.reports_today(context.deps.db, user.id, context.deps.today()) >= limit:
        await reply_html(update, report_text("daily_limit", lang, limit=limit))
        return ConversationHandler.END
    if context.user_data is not None:
        discard_draft_files(context)  # /report again mid-report starts afresh
        context.user_data["draft"] = {"id": uuid.uuid4().hex, "evidence": []}
    return await _ask_kind(update, context)


async def start_from_picture(update: Update, context: LantianContext) -> str | int | None:
    """🚨 under a picture's card: a 举报 with the picture as its evidence (stored now, as any
    evidence is) and, when its wording raised a red flag, that flag's category chosen. Pressed
    again while that report is being written, it changes nothing."""
    query = update.callback_query
    assert query is not None
    lang, user = context.lang_for(update), update.effective_user
    if query.data != REPORT_PICTURE:  # empty data: every button handler matches it
        await answer_quietly(query, text("button_stale", lang))
        return None
    await answer_quietly(query)
    offer = (context.user_data or {}).get(PICTURE_OFFER)
    if offer is None or context.user_data is None:
        await reply_html(update, escape(chat_text("report_gone", lang)))
        return ConversationHandler.END
    current = context.user_data.get("draft") or {}
    if current.get("picture") == offer.get("unique"):
        await reply_html(update, escape(chat_text("report_going_on", lang)))
        return None  # the report from this picture goes on where it is
    limit = context.deps.settings.reports_per_day
    if user and tickets.reports_today(context.deps.db, user.id, context.deps.today()) >= limit:
        await reply_html(update, report_text("daily_limit", lang, limit=limit))
        return ConversationHandler.END
    discard_draft_files(context)
    file = await context.bot.get_file(offer["file_id"])
    content = bytes(await file.download_as_bytearray())
    try:
        stored = evidence.store(context.deps.data_dir, content, offer["name"], offer["mime"])
    except EvidenceRefused as refused:
        await reply_html(update, escape(refused.message(lang)))
        return ConversationHandler.END
    _count_today(context, stored.size)
    draft: dict[str, Any] = {"id": uuid.uuid4().hex, "kind": "report", "picture": offer["unique"]}
    draft["evidence"] = [evidence.to_json(stored)]
    context.user_data["draft"] = draft
    chosen = ""
    if offer.get("category") and categories.is_known(offer["category"]):
        draft["category"] = offer["category"]
        category = categories.label(draft["category"], lang)
        chosen = chat_text("category_chosen", lang, category=category)
    await reply_html(update, escape(chat_text("report_from_picture", lang, category=chosen)))
    return await (_ask_subject if "category" in draft else _ask_category)(update, context)


async def chose_kind(update: Update, context: LantianContext) -> str:
    query = update.callback_query
    assert query is not None and query.data
    await answer_quietly(query)
    draft_of(context)["kind"] = query.data.split(":", 1)[1]
    return await _then(update, context, _ask_category)


async def _ask_kind(update: Update, context: LantianContext) -> str:
    lang = context.lang_for(update)
    keyboard = buttons(
        [(report_text("kind_report", lang), "kind:report"),
         (report_text("kind_complaint", lang), "kind:complaint")]
    )  # fmt: skip
    await ask(update, context, "ask_kind", keyboard=keyboard, then=KIND)
    return KIND


async def _ask_category(update: Update, context: LantianContext) -> str:
    lang = context.lang_for(update)
    codes = [c.code for c in categories.CATEGORIES]
    pairs = [(categories.label(code, lang), f"cat:{code}") for code in codes]
    await ask(
        update,
        context,
        "ask_category",
        keyboard=buttons(*[pairs[i : i + 2] for i in range(0, len(pairs), 2)]),
        then=CATEGORY,
    )
    return CATEGORY


async def _ask_subject(update: Update, context: LantianContext) -> str:
    draft_of(context).pop(OFFERED, None)
    await ask(update, context, "ask_subject", then=SUBJECT)
    return SUBJECT


async def _ask_description(update: Update, context: LantianContext) -> str:
    await ask(update, context, "ask_description", then=DESCRIPTION)
    return DESCRIPTION


async def _ask_when(update: Update, context: LantianContext) -> str:
    lang = context.lang_for(update)
    keyboard = buttons([(report_text("when_unknown", lang), "when:unknown")])
    await ask(update, context, "ask_when", keyboard=keyboard, then=WHEN)
    return WHEN


async def _then(update: Update, context: LantianContext, step: Any) -> str:
    """The next question, or, when the reporter is correcting one answer from the summary,
    straight back to the summary."""
    if draft_of(context).get(EDITING):
        return await _review(update, context)
    return str(await step(update, context))


async def chose_category(update: Update, context: LantianContext) -> str:
    query = update.callback_query
    assert query is not None and query.data
    await answer_quietly(query)
    draft_of(context)["category"] = query.data.split(":", 1)[1]
    return await _then(update, context, _ask_subject)


async def gave_subject(update: Update, context: LantianContext) -> str:
    """The subject as typed, with the registry's record offered when there is one. Typed text
    that answers the offer (yes, a number, the name, the same agency again) takes it."""
    typed = (update.effective_message.text or "").strip() if update.effective_message else ""
    if not typed:
        await ask(update, context, "send_text", then=SUBJECT)
        return SUBJECT
    lang = context.lang_for(update)
    draft = draft_of(context)
    verdict = check(context.deps.db, typed[:200], today=context.deps.today())
    taken = _taken_from_offer(draft.get(OFFERED) or [], typed, verdict.match)
    if taken is not None:
        return await _subject_chosen(update, context, taken)
    draft.update(subject_text=typed[:200], subject_uscc=None, subject_name=None)
    keep = (report_text("subject_keep", lang), "subj:keep")
    if verdict.match is not None and verdict.match.kind == "agency":
        name, uscc = verdict.match.name, verdict.match.id
        draft[OFFERED] = [[uscc, name]]
        keyboard = buttons([(report_text("subject_yes", lang), f"subj:{uscc}")], [keep])
        await ask(
            update,
            context,
            "subject_found",
            name=escape(name),
            id=uscc,
            keyboard=keyboard,
            then=SUBJECT,
        )
        return SUBJECT
    agencies = [c.subject for c in verdict.candidates if c.subject.kind == "agency"]
    if agencies:
        draft[OFFERED] = [[s.id, s.name] for s in agencies]
        rows = [[(f"{i}. {s.name}"[:60], f"subj:{s.id}")] for i, s in enumerate(agencies, 1)]
        await ask(update, context, "subject_pick", keyboard=buttons(*rows, [keep]), then=SUBJECT)
        return SUBJECT
    draft.pop(OFFERED, None)
    return await _then(update, context, _ask_description)


# What a reporter may type for "yes" to the one agency offered, in either language (matched,
# never shown), and the marks that may end it.
_YES = re.compile(r"是|是的|对|对的|是这家|好|确认|yes|y|ok|yes, this one", re.IGNORECASE)
_END_MARKS = re.compile(r"[。.!！]+$")


def _taken_from_offer(offered: list[list[str]], typed: str, match: Any) -> list[str] | None:
    """The offered record the typed text picks, if it picks one."""
    if not offered:
        return None
    word = _END_MARKS.sub("", typed.strip())
    if _YES.fullmatch(word) and len(offered) == 1:
        return offered[0]
    if word.isdigit() and 1 <= int(word) <= len(offered):
        return offered[int(word) - 1]
    for uscc, name in offered:
        if typed.strip() in (uscc, name) or (match is not None and match.id == uscc):
            return [uscc, name]
    return None


async def chose_subject(update: Update, context: LantianContext) -> str:
    query = update.callback_query
    assert query is not None and query.data
    await answer_quietly(query)
    choice = query.data.split(":", 1)[1]
    offered = {uscc: name for uscc, name in draft_of(context).get(OFFERED) or []}
    if choice == "keep":
        draft_of(context).update(subject_uscc=None, subject_name=None)
        draft_of(context).pop(OFFERED, None)
        return await _then(update, context, _ask_description)
    return await _subject_chosen(update, context, [choice, offered.get(choice, "")])


async def _subject_chosen(update: Update, context: LantianContext, chosen: list[str]) -> str:
    uscc, name = chosen
    draft = draft_of(context)
    draft.update(subject_uscc=uscc, subject_name=name or None)
    draft.pop(OFFERED, None)
    return await _then(update, context, _ask_description)


async def gave_description(update: Update, context: LantianContext) -> str:
    typed = (update.effective_message.text or "").strip() if update.effective_message else ""
    draft = draft_of(context)
    draft["description"] = typed
    problem = _field_problem(context, update, draft, "description")
    if problem:
        await reply_html(update, escape(problem))
        return DESCRIPTION
    return await _then(update, context, _ask_when)


async def gave_date(update: Update, context: LantianContext) -> str:
    typed = (update.effective_message.text or "").strip() if update.effective_message else ""
    day = tickets.read_day(typed)
    if day is None or day > context.deps.today():
        await ask(update, context, "bad_date", then=WHEN)
        return WHEN
    draft = draft_of(context)
    draft["happened_on"] = day.isoformat()
    problem = _field_problem(context, update, draft, "happened_on")
    if problem:
        await reply_html(update, escape(problem))
        return WHEN
    return await _then(update, context, _ask_evidence)


async def date_unknown(update: Update, context: LantianContext) -> str:
    query = update.callback_query
    assert query is not None
    await answer_quietly(query)
    draft_of(context)["happened_on"] = None
    return await _then(update, context, _ask_evidence)


async def _ask_evidence(update: Update, context: LantianContext) -> str:
    lang = context.lang_for(update)
    keyboard = buttons(
        [
            (report_text("evidence_done", lang), "ev:done"),
            (report_text("evidence_skip", lang), "ev:done"),
        ]
    )
    await ask(update, context, "ask_evidence", keyboard=keyboard, then=EVIDENCE)
    return EVIDENCE


async def got_evidence(update: Update, context: LantianContext) -> str:
    """A photo or document: downloaded, hashed and stored at once, so nothing is lost."""
    message = update.effective_message
    assert message is not None
    lang = context.lang_for(update)
    item: PhotoSize | Document
    if message.photo:
        item, name, mime = message.photo[-1], f"photo-{message.message_id}.jpg", "image/jpeg"
    elif message.document:
        item = message.document
        name = message.document.file_name or f"file-{message.message_id}"
        mime = message.document.mime_type or "application/octet-stream"
    else:
        return EVIDENCE
    if (item.file_size or 0) > TELEGRAM_DOWNLOAD_LIMIT:
        await ask(update, context, "evidence_too_large", then=EVIDENCE)
        return EVIDENCE
    refs = draft_of(context).setdefault("evidence", [])
    quota, held = _quota(context), [evidence.from_json(ref) for ref in refs]
    try:
        # Checked before the download on the size Telegram declares, and again on the bytes.
        quota.check(name, item.file_size or 0, report=held, sent_today=_sent_today(context))
        content = bytes(await (await item.get_file()).download_as_bytearray())
        quota.check(name, len(content), report=held, sent_today=_sent_today(context))
        stored = evidence.store(context.deps.data_dir, content, name, mime)
    except EvidenceTooLarge:
        await ask(update, context, "evidence_too_large", then=EVIDENCE)
        return EVIDENCE
    except EvidenceRefused as error:
        await reply_html(update, escape(error.message(lang)))
        return EVIDENCE
    _count_today(context, stored.size)
    refs.append(evidence.to_json(stored))
    await ask(update, context, "evidence_saved", count=len(refs), then=EVIDENCE)
    return EVIDENCE


def _quota(context: LantianContext) -> evidence.Quota:
    settings = context.deps.settings
    return evidence.Quota(
        files_per_report=settings.evidence_files_per_report,
        bytes_per_report=int(settings.evidence_mb_per_report * evidence.MB),
        bytes_per_day=int(settings.evidence_mb_per_day * evidence.MB),
    )


EVIDENCE_TODAY = "evidence_today"  # in user_data: {"day": ISO date, "bytes": n}, kept on /cancel


def _sent_today(context: LantianContext) -> int:
    kept = (context.user_data or {}).get(EVIDENCE_TODAY) or {}
    today = context.deps.today().isoformat()
    return int(kept.get("bytes", 0)) if kept.get("day") == today else 0


def _count_today(context: LantianContext, size: int) -> None:
    if context.user_data is not None:
        day = context.deps.today().isoformat()
        context.user_data[EVIDENCE_TODAY] = {"day": day, "bytes": _sent_today(context) + size}


def discard_draft_files(context: LantianContext) -> None:
    """Delete the evidence of a draft that will never be filed (cancelled, expired, replaced),
    keeping any file a filed ticket or another reporter's draft holds too."""
    _discard_files(context, context.user_data or {})


def _discard_files(context: LantianContext, data: dict[Any, Any]) -> None:
    draft = data.get("draft") or {}
    stored = [evidence.from_json(ref) for ref in draft.get("evidence", [])]
    if not stored:
        return
    db = context.deps.db
    others = [
        other.get("draft") or {}
        for other in context.application.user_data.values()
        if other is not data
    ]
    held = {ref.get("sha256") for other in others for ref in other.get("evidence", [])}
    removed = evidence.discard(
        stored, lambda sha: sha in held or evidence.linked_to_a_ticket(db, sha)
    )
    log.info("discarded %d evidence file(s) of an unfinished draft", removed)


async def sweep_abandoned_drafts(context: LantianContext) -> None:
    """Discard drafts untouched for longer than the discard time. The conversation's own
    timeout does this while the bot runs, but it is not restored after a restart: without
    the sweep, a draft (and its evidence files) left before a restart would stay for ever."""
    limit = context.deps.settings.report_discard_minutes * 60
    now = time.time()
    for user_id, data in list(context.application.user_data.items()):
        if not context.deps.owns_user(user_id):
            continue  # another worker's user: this process holds a stale copy
        draft = data.get("draft")
        if isinstance(draft, dict) and now - float(draft.get(TOUCHED) or 0) > limit:
            _discard_files(context, data)
            data.pop("draft", None)
            context.application.mark_data_for_update_persistence(user_ids=user_id)
            log.info("swept an abandoned report draft")


def schedule_sweep(application: Any, discard_minutes: float) -> None:
    """Sweep abandoned drafts a few times per discard period (at most every ten minutes)."""
    if application.job_queue is None:
        return
    every = min(max(discard_minutes * 60 / 4, 0.2), 600.0)
    application.job_queue.run_repeating(
        sweep_abandoned_drafts, interval=every, first=every, name="sweep-drafts"
    )


def _needs_draft(step: Any) -> Any:
    """A step of the report, answered only while its draft exists: a draft the sweep
    discarded ends the conversation with the 'discarded' message instead."""

    async def guarded(update: Update, context: LantianContext) -> object:
        if context.user_data is not None and "draft" in context.user_data:
            return await step(update, context)
        if update.callback_query is not None:
            await answer_quietly(update.callback_query)
        await reply_html(update, report_text("discarded", context.lang_for(update)))
        return ConversationHandler.END

    guarded.__name__ = getattr(step, "__name__", "step")
    return guarded


async def evidence_done(update: Update, context: LantianContext) -> str:
    query = update.callback_query
    assert query is not None
    await answer_quietly(query)
    return await _then(update, context, _ask_contact)


async def _ask_contact(update: Update, context: LantianContext) -> str:
    lang = context.lang_for(update)
    if draft_of(context).get("kind") == "complaint":
        await ask(update, context, "ask_contact_complaint", then=CONTACT)
    else:
        keyboard = buttons([(report_text("anonymous", lang), "contact:anonymous")])
        await ask(update, context, "ask_contact_report", keyboard=keyboard, then=CONTACT)
    return CONTACT


_CONTACT = re.compile(
    r"^\s*(?P<name>[^\d+()（）\-\s][^\d]{0,30}?)[\s,，、:：]+(?P<phone>[\d+()（）\-\s]{7,24})\s*$"
)


async def gave_contact(update: Update, context: LantianContext) -> str:
    typed = (update.effective_message.text or "") if update.effective_message else ""
    found = _CONTACT.match(typed)
    if found is None or not phone_keys(found["phone"]):
        await ask(update, context, "bad_contact", then=CONTACT)
        return CONTACT
    draft = draft_of(context)
    draft.update(
        anonymous=False, contact_name=found["name"].strip(), contact_phone=found["phone"].strip()
    )
    return await _review(update, context)


async def anonymous(update: Update, context: LantianContext) -> str:
    query = update.callback_query
    assert query is not None
    await answer_quietly(query)
    draft_of(context).update(anonymous=True, contact_name=None, contact_phone=None)
    return await _review(update, context)


async def _review(update: Update, context: LantianContext) -> str:
    lang = context.lang_for(update)
    draft = draft_of(context)
    draft.pop(EDITING, None)
    try:
        _draft(context, update, draft).validate(context.deps.today())
    except ReportError as error:
        await reply_html(update, escape(error.message(lang)))
        return await _ask_contact(update, context)
    edits = [
        (report_text("edit", lang, field=report_text(f"field_{field}", lang)), f"edit:{field}")
        for field in EDITABLE
    ]
    keyboard = buttons(
        *[edits[i : i + 2] for i in range(0, len(edits), 2)],
        [
            (report_text("submit", lang), "review:submit"),
            (report_text("cancel", lang), "review:cancel"),
        ],
    )
    rows = summary_rows(draft, lang)
    summary = "\n".join(f"{k}{colon(lang)}{escape(str(v))}" for k, v in rows)
    await save_step(update, context, REVIEW)
    await reply_html(update, report_text("review", lang) + "\n\n" + summary, keyboard)
    return REVIEW


# The answers a reporter may correct from the summary, each with the question that asks it.
EDITABLE = ("kind", "category", "subject", "when", "description", "evidence", "contact")
EDITING = "editing"  # in the draft: the next answer goes back to the summary
OFFERED = "offered"  # in the draft: [[uscc, name], ...] the subject question offered


async def edit_field(update: Update, context: LantianContext) -> str:
    """A button on the summary: ask that one question again, then come back to the summary."""
    query = update.callback_query
    assert query is not None and query.data
    await answer_quietly(query)
    field = query.data.split(":", 1)[1]
    draft_of(context)[EDITING] = True
    steps = {
        "kind": _ask_kind,
        "category": _ask_category,
        "subject": _ask_subject,
        "when": _ask_when,
        "description": _ask_description,
        "evidence": _ask_evidence,
        "contact": _ask_contact,
    }
    return str(await steps[field](update, context))


def summary_rows(draft: dict[str, Any], lang: Lang) -> list[tuple[str, Any]]:
    """(label, value) of each answer, as the reporter will file it; the subject by its
    registered name when one was matched."""
    kind = report_text("kind_report" if draft.get("kind") == "report" else "kind_complaint", lang)
    subject = draft.get("subject_text") or "—"
    if draft.get("subject_uscc"):
        registered = draft.get("subject_name") or draft["subject_uscc"]
        subject = report_text("subject_registered", lang, name=registered, id=draft["subject_uscc"])
        if draft.get("subject_text") and draft["subject_text"] != draft.get("subject_name"):
            subject += report_text("subject_typed", lang, typed=draft["subject_text"])
    rows: list[tuple[str, Any]] = [
        ("kind", kind),
        ("category", categories.label(draft.get("category", "other"), lang)),
        ("subject", subject),
        ("when", draft.get("happened_on") or report_text("when_unknown", lang)),
        ("description", draft.get("description")),
        ("evidence", len(draft.get("evidence", []))),
        ("contact", _contact_line(draft, lang)),
    ]
    return [(_capital(report_text(f"field_{key}", lang)), value) for key, value in rows]


def _capital(label: str) -> str:
    return label[:1].upper() + label[1:]


def _contact_line(draft: dict[str, Any], lang: Lang) -> str:
    if draft.get("anonymous"):
        return report_text("anonymous_short", lang)
    return f"{draft.get('contact_name')} {draft.get('contact_phone')}"


def _draft(context: LantianContext, update: Update, draft: dict[str, Any]) -> tickets.Draft:
    user = update.effective_user
    return tickets.Draft(
        kind=draft.get("kind", "report"),
        category=draft.get("category", "other"),
        subject_uscc=draft.get("subject_uscc"),
        subject_text=draft.get("subject_text", ""),
        happened_on=draft.get("happened_on"),
        description=draft.get("description", ""),
        anonymous=bool(draft.get("anonymous", False)),
        contact_name=draft.get("contact_name"),
        contact_phone=draft.get("contact_phone"),
        reporter_user_id=user.id if user else 0,
        reporter_lang=context.lang_for(update),
        evidence=[evidence.from_json(ref) for ref in draft.get("evidence", [])],
    )


def _field_problem(
    context: LantianContext, update: Update, draft: dict[str, Any], field: str
) -> str | None:
    """The domain's sentence for what is wrong with one field, in the reporter's language."""
    lang = context.lang_for(update)
    return tickets.field_problem(draft, field, today=context.deps.today(), lang=lang)


async def submit(update: Update, context: LantianContext) -> int:
    """File the ticket (once, whatever is pressed twice), send the receipt, tell the staff."""
    query = update.callback_query
    assert query is not None
    await answer_quietly(query)
    lang = context.lang_for(update)
    draft = draft_of(context)
    ticket = tickets.submit(
        context.deps.db,
        _draft(context, update, draft),
        source_key=f"draft:{draft['id']}",
        now=context.deps.now(),
    )
    await reply_html(update, receipt(ticket, lang))
    await _tell_staff(context, ticket)
    _finish(update, context)
    return ConversationHandler.END


def receipt(ticket: tickets.Ticket, lang: Lang) -> str:
    """What the reporter reads once the ticket is filed: received, not yet accepted (受理 is
    the office's later decision, told separately)."""
    if ticket.kind == "complaint":
        nxt = report_text("next_complaint", lang, due=ticket.reply_due_on)
    elif ticket.reply_due_on:
        nxt = report_text("next_named_report", lang, due=ticket.reply_due_on)
    else:
        nxt = report_text("next_anonymous", lang)
    return report_text("receipt", lang, number=ticket.number, next=nxt)


async def _tell_staff(context: LantianContext, ticket: tickets.Ticket) -> None:
    staff = context.deps.settings.staff_chat_id
    if staff is None:
        return
    lang = context.deps.settings.lang  # the staff chat's, not the reporter's
    kind = report_text(f"kind_{ticket.kind}", lang)
    lines = [report_text("staff_new_ticket", lang, kind=kind, number=ticket.number)]
    # The desk's card: no reporter identity (that takes /contact, which is logged).
    fields = ticket_fields(context.deps.db, ticket, lang, today=context.deps.today())
    lines += [f"<b>{escape(label)}</b>{colon(lang)}{escape(value)}" for label, value in fields]
    # A button to open the ticket's card: the desk checks that whoever presses it is staff.
    button = InlineKeyboardButton(
        desk_text("open_ticket", lang, number=ticket.number),
        callback_data=f"desk:show:{ticket.number}",
    )
    parts = split_message("\n".join(lines))
    try:
        for i, part in enumerate(parts):
            keyboard = InlineKeyboardMarkup([[button]]) if i == len(parts) - 1 else None
            await context.bot.send_message(staff, part, parse_mode="HTML", reply_markup=keyboard)
    except TelegramError:
        # The ticket is filed and the reporter has their receipt; the staff see the queue.
        log.exception("could not post ticket %s to the staff chat %s", ticket.number, staff)


def _finish(update: Update, context: LantianContext) -> None:
    if context.user_data is not None:
        context.user_data.pop("draft", None)
        context.user_data[ENDED] = True  # save_progress writes the end down at once too
    if context.job_queue is not None and update.effective_user is not None:
        for job in context.job_queue.get_jobs_by_name(
            f"report-reminder-{update.effective_user.id}"
        ):
            job.schedule_removal()


ENDED = "report_ended"


async def save_step(update: Update, context: LantianContext, state: str) -> None:
    """Write the report's draft and its next step to the database now."""
    application = context.application
    user, chat = update.effective_user, update.effective_chat
    if application.persistence is None or user is None or chat is None:
        return
    application.mark_data_for_update_persistence(user_ids=user.id, chat_ids=chat.id)
    await application.update_persistence()
    # The conversation's own record still holds the step before; PTB moves it on only once
    # this handler returns.
    await application.persistence.update_conversation(CONVERSATION, (chat.id, user.id), state)


async def save_progress(update: Update, context: LantianContext) -> None:
    """After each step of a report, write its state down now rather than on the persistence
    timer: a restart, even a SIGKILL, resumes at the step the reporter last saw, and a ticket
    is never filed from a draft whose REVIEW state was not yet saved."""
    data = context.user_data
    if data is None or ("draft" not in data and not data.pop(ENDED, False)):
        return
    if "draft" in data:
        data["draft"][TOUCHED] = time.time()  # for the sweep of drafts abandoned over a restart
    user = update.effective_user
    chat = update.effective_chat
    context.application.mark_data_for_update_persistence(
        user_ids=user.id if user else None, chat_ids=chat.id if chat else None
    )
    await context.application.update_persistence()


async def cancel(update: Update, context: LantianContext) -> int:
    """/cancel or the cancel button, at any step."""
    if update.callback_query is not None:
        await answer_quietly(update.callback_query)
    discard_draft_files(context)
    _finish(update, context)
    await reply_html(update, escape(text("cancelled", context.lang_for(update))))
    return ConversationHandler.END


async def timed_out(update: Update, context: LantianContext) -> None:
    """After a long pause the unfinished report is discarded, and the reporter told so."""
    discard_draft_files(context)
    _finish(update, context)
    if update.effective_user is not None:
        # The timeout job carries no user, so the dropped draft would otherwise stay stored.
        context.application.mark_data_for_update_persistence(user_ids=update.effective_user.id)
    await reply_html(update, report_text("discarded", context.lang_for(update)))


async def use_buttons(update: Update, context: LantianContext) -> None:
    """Text where a button was expected: say so instead of staying silent."""
    await ask(update, context, "use_buttons")


# Buttons are matched exactly: forged or stale data falls through to the "out of date" toast.
_CATEGORY_BUTTON = "^cat:(" + "|".join(re.escape(c.code) for c in categories.CATEGORIES) + ")$"


def report_conversation(discard_minutes: float) -> ConversationHandler:  # type: ignore[type-arg]
    text_only = filters.TEXT & ~filters.COMMAND
    states: dict[object, list[BaseHandler]] = {  # type: ignore[type-arg]
        KIND: [CallbackQueryHandler(chose_kind, pattern="^kind:(report|complaint)$")],
        CATEGORY: [CallbackQueryHandler(chose_category, pattern=_CATEGORY_BUTTON)],
        SUBJECT: [
            CallbackQueryHandler(chose_subject, pattern=r"^subj:(keep|[0-9A-Z]{18})$"),
            MessageHandler(text_only, gave_subject),
        ],
        DESCRIPTION: [MessageHandler(text_only, gave_description)],
        WHEN: [
            CallbackQueryHandler(date_unknown, pattern="^when:unknown$"),
            MessageHandler(text_only, gave_date),
        ],
        EVIDENCE: [
            MessageHandler(filters.PHOTO | filters.Document.ALL, got_evidence),
            CallbackQueryHandler(evidence_done, pattern="^ev:done$"),
        ],
        CONTACT: [
            CallbackQueryHandler(anonymous, pattern="^contact:anonymous$"),
            MessageHandler(text_only, gave_contact),
        ],
        REVIEW: [
            CallbackQueryHandler(submit, pattern="^review:submit$"),
            CallbackQueryHandler(cancel, pattern="^review:cancel$"),
            CallbackQueryHandler(edit_field, pattern=f"^edit:({'|'.join(EDITABLE)})$"),
        ],
        ConversationHandler.TIMEOUT: [MessageHandler(filters.ALL, timed_out),
                                      CallbackQueryHandler(timed_out)],
    }  # fmt: skip
    for state in (KIND, CATEGORY, REVIEW, EVIDENCE):
        states[state].append(MessageHandler(text_only, use_buttons))
    for key in (KIND, CATEGORY, SUBJECT, DESCRIPTION, WHEN, EVIDENCE, CONTACT, REVIEW):
        for handler in states[key]:
            handler.callback = _needs_draft(handler.callback)
    # Buttons belong to the user's report, not to one message: per_message=False is meant.
    warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
    return ConversationHandler(
        entry_points=[
            CommandHandler("report", start_report),
            # t.me/<bot>?start=report: the site's "report" link lands here.
            CommandHandler("start", start_report, filters.Regex(r"^/start report$")),
            CallbackQueryHandler(start_from_picture, pattern=f"^{REPORT_PICTURE}$"),
        ],
        states=states,
        fallbacks=[CommandHandler("cancel", cancel)],
        name=CONVERSATION,
        persistent=True,
        conversation_timeout=discard_minutes * 60,
        allow_reentry=True,
    )
