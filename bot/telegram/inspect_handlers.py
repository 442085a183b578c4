"""/inspect: an inspector's targets, and recording their results, from the bot."""

from __future__ import annotations

from html import escape

from telegram import Document, PhotoSize, Update

from bot.desk.staff import StaffMember
from bot.inspections import plans
from bot.reports import evidence
from bot.reports.errors import EvidenceRefused
from bot.telegram.context import LantianContext
from bot.telegram.desk_handlers import staff_only
from bot.telegram.replies import reply_html
from bot.words import Lang, say
from bot.words.inspections import RESULTS, inspect_text

TASKS_SHOWN = 20


@staff_only
async def inspect_command(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """/inspect, /inspect PLAN USCC ITEM RESULT [DAYS], /inspect close PLAN USCC."""
    args = context.args or []
    deps = context.deps
    if not args:
        await reply_html(update, escape(_tasks(context, staff, lang)))
    elif args[0] == "close" and len(args) == 3:
        plans.close_target(deps.db, staff, args[1], args[2], now=deps.now(), today=deps.today())
        await reply_html(
            update, escape(inspect_text("closed_target", lang, subject=args[2].upper()))
        )
    elif len(args) in (4, 5) and args[3] in RESULTS:
        days = int(args[4]) if len(args) == 5 and args[4].isascii() and args[4].isdigit() else None
        plans.record(deps.db, staff, args[0], args[1], args[2], args[3], rectify_days=days,
                     now=deps.now(), today=deps.today())  # fmt: skip
        said = inspect_text("recorded", lang, subject=args[1].upper(), item=args[2],
                    result=say(RESULTS[args[3]], lang))  # fmt: skip
        await reply_html(update, escape(said))
    else:
        await reply_html(update, escape(inspect_text("usage", lang)))


def _tasks(context: LantianContext, staff: StaffMember, lang: Lang) -> str:
    mine = plans.tasks_of(context.deps.db, staff)
    if not mine:
        return inspect_text("no_tasks", lang)
    lines = [
        inspect_text(
            "task_line",
            lang,
            plan=t.plan_id,
            subject=t.subject_id,
            district=t.district or "—",
            state=inspect_text("closed" if t.closed_on else "open", lang),
        )
        for t in mine[:TASKS_SHOWN]
    ]
    return "\n".join([*lines, "", inspect_text("usage", lang)])


@staff_only
async def attach_evidence(
    update: Update, context: LantianContext, staff: StaffMember, lang: Lang
) -> None:
    """A photo or file captioned `/inspect PLAN USCC`: kept as that target's evidence."""
    message = update.effective_message
    assert message is not None
    words = (message.caption or "").split()
    if len(words) != 3:
        await reply_html(update, escape(inspect_text("usage", lang)))
        return
    item: PhotoSize | Document
    mime: str | None
    if message.photo:
        item, name, mime = message.photo[-1], f"photo-{message.message_id}.jpg", "image/jpeg"
    elif message.document:
        item, mime = message.document, message.document.mime_type
        name = message.document.file_name or f"file-{message.message_id}"
    else:
        return
    deps = context.deps
    plans.require_inspector(deps.db, staff, words[1], words[2])  # before anything is downloaded
    try:
        evidence.check_size(
            name, item.file_size or 1
        )  # as Telegram declares it, before downloading
        content = bytes(await (await item.get_file()).download_as_bytearray())
        stored = evidence.store(deps.data_dir, content, name, mime)
    except EvidenceRefused as refused:
        await reply_html(update, escape(refused.message(lang)))
        return
    count = plans.attach_evidence(deps.db, staff, words[1], words[2], stored, now=deps.now())
    await reply_html(
        update, escape(inspect_text("evidence_saved", lang, subject=words[2].upper(), count=count))
    )
