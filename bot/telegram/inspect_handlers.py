"""/inspect: an inspector's targets, and recording their results, from the bot."""

from __future__ import annotations

from html import escape

import sqlite_utils
from telegram import Document, PhotoSize, Update

from bot.desk.staff import StaffMember
from bot.inspections import plans
from bot.reports import evidence
from bot.reports.errors import EvidenceRefused
from bot.telegram.context import LantianContext
from bot.telegram.desk_handlers import staff_only
from bot.telegram.replies import reply_html
from bot.words import Lang
from bot.words.inspections import inspect_text

TASKS_SHOWN = 20
MOST_ENTRY_WORDS = 32  # item, result and days: the longest names are a few words each
FULL_WIDTH_DIGITS = {0xFF10 + n: ord("0") + n for n in range(10)}


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
    elif len(args) >= 4:
        # A wrong plan or USCC, someone else's or a closed target, is named before the rest.
        found = plans.require_inspector(deps.db, staff, args[0], args[1])
        entry = _entry(deps.db, found.plan_id, args[2:])
        if entry is None:
            await reply_html(update, escape(inspect_text("usage", lang)))
            return
        item, result, days = entry
        plans.record(deps.db, staff, found.plan_id, found.subject_id, item, result,
                     rectify_days=days, now=deps.now(), today=deps.today())  # fmt: skip
        said = inspect_text("recorded", lang, subject=found.subject_id,
                            item=plans.item_label(item, lang),
                            result=plans.result_label(result, lang))  # fmt: skip
        await reply_html(update, escape(said))
    else:
        await reply_html(update, escape(inspect_text("usage", lang)))


def _entry(
    db: sqlite_utils.Database, plan_id: str, words: list[str]
) -> tuple[str, str, int | None] | None:
    """(item, result, working days) from the words after PLAN USCC: each part by code or by
    name, names of several words allowed (`Truth of the annual report` `compliant`); when no
    reading fits, the refusal names the part that is wrong and what it accepts. None for more
    words than any entry has (each split is tried: a long message must not cost seconds)."""
    if len(words) > MOST_ENTRY_WORDS:
        return None
    among = plans.plan_items(db, plan_id)
    items = plans.item_choices(among)  # the item list read once, not once per split

    def item_of(part: list[str]) -> str | None:
        return items.find(" ".join(part))

    def result_of(part: list[str]) -> str | None:
        return plans.RESULT_CHOICES.find(" ".join(part))

    last = words[-1].translate(FULL_WIDTH_DIGITS)  # ５ is 5; ² or ٣ are not days
    endings = [len(words) - 1, len(words)] if last.isascii() and last.isdigit() else [len(words)]
    for end in endings:
        for cut in range(1, end):
            item, result = item_of(words[:cut]), result_of(words[cut:end])
            if item is not None and result is not None:
                return item, result, int(last) if end < len(words) else None
    # Nothing fits: the item first (the longest start of the words that is one), then the
    # result, then the days.
    cut = next((c for c in range(len(words) - 1, 0, -1) if item_of(words[:c])), 0)
    if cut == 0:
        plans.item_code(words[0], among)  # raises, naming the item
    tail = words[cut:]
    if len(tail) > 1 and result_of(tail[:1]):
        raise plans.BadDays(typed=" ".join(tail[1:]), limit=plans.MAX_RECTIFY_DAYS)
    typed = tail[:-1] if len(tail) > 1 and len(endings) == 2 else tail  # without the days
    plans.result_code(" ".join(typed))  # raises, naming the result
    raise AssertionError("an entry that fits was returned above")


def _tasks(context: LantianContext, staff: StaffMember, lang: Lang) -> str:
    mine = plans.tasks_of(context.deps.db, staff)
    if not mine:
        return plans.no_tasks_text(staff, lang)
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
