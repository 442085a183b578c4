"""The daily digest for the staff chat (and `lantian queue digest`): what is due, what is late."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from bot.desk.cards import DUE_SOON, OVERDUE, pick, queue_line
from bot.desk.queue import digest
from bot.desk.staff import StaffMember
from bot.words.verdict import Lang

SHOWN = 10  # tickets named per district and kind; the rest are counted


def digest_text(db: sqlite_utils.Database, city: StaffMember, *, today: date, lang: Lang) -> str:
    lines = [
        f"📋 每日提醒 {today.isoformat()}" if lang == "zh" else f"📋 Daily digest {today}",
    ]
    found = digest(db, city, today=today)
    if not found:
        lines.append("没有待办工单。" if lang == "zh" else "No open tickets.")
    for line in found:
        name = line.district or ("未分派" if lang == "zh" else "unassigned")
        counts = (
            f"{name}：待办 {line.waiting} 件，超期 {len(line.overdue)} 件，"
            f"即将到期 {len(line.due_soon)} 件"
            if lang == "zh"
            else f"{name}: {line.waiting} open, {len(line.overdue)} overdue, "
            f"{len(line.due_soon)} due soon"
        )
        lines.append("")
        lines.append(counts)
        for mark, items in ((OVERDUE, line.overdue), (DUE_SOON, line.due_soon)):
            for item in items[:SHOWN]:
                lines.append(f"  {pick(mark, lang)[0]} {queue_line(item, lang)}")
            if len(items) > SHOWN:
                lines.append(f"  … +{len(items) - SHOWN}")
    return "\n".join(lines)
