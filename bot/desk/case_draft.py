"""A typical case's first draft, from a ticket closed as substantiated or partly substantiated.

The draft goes where case posts live (cases/posts under a docs folder such as content/) with
`draft: true`, so the site never publishes it until staff have rewritten and approved it. It
holds the facts staff may keep (the subject, the category, the outcome, the dates) and
placeholders for the rest. The reporter's description is left out on purpose: it may name the
reporter in ways no pattern catches, and a draft in content/ is committed with the site's text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import sqlite_utils

from bot.desk import actions
from bot.desk.cards import public_phones
from bot.desk.errors import CaseDraftRefused
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import DESTINATIONS, OUTCOMES, STATES, term
from bot.registry.reader import agency_name
from bot.reports import categories
from bot.reports.tickets import Ticket
from bot.site import markdown as md
from bot.site.cases import POSTS
from bot.site.legal import BASIS

CASE_OUTCOMES = ("substantiated", "partly")


def draft_case(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    cases_dir: Path,
    *,
    now: datetime,
) -> Path:
    """Write a draft case post for a closed, substantiated ticket; returns the new file's path.

    `cases_dir` is the docs folder (content/); an existing file is never overwritten. The
    action is written to the audit log.
    """
    ticket = actions.load(db, staff, number)
    if ticket.state != "closed" or ticket.outcome not in CASE_OUTCOMES or ticket.closed_on is None:
        raise CaseDraftRefused(
            number=ticket.number,
            state=term(STATES, ticket.state, "zh"),
            state_en=term(STATES, ticket.state, "en"),
            outcome=term(OUTCOMES, ticket.outcome, "zh"),
            outcome_en=term(OUTCOMES, ticket.outcome, "en"),
        )
    slug = f"case-{md.slug(ticket.category)}-{ticket.closed_on.isoformat()}"
    subject = subject_line(db, ticket)
    path = _write_new(
        cases_dir / POSTS, ticket.closed_on, slug, lambda name: draft_text(ticket, subject, name)
    )
    relative = path.relative_to(cases_dir).as_posix()
    actions.log_queue_action(
        db, staff, "case_draft", {"ticket": ticket.number, "path": relative}, now=now
    )
    return path


def draft_text(ticket: Ticket, subject: str, slug: str) -> str:
    """The draft post: front matter as the case posts have it, then the sections to edit."""
    assert ticket.closed_on is not None
    category = categories.get(ticket.category)
    outcome = term(OUTCOMES, ticket.outcome, "zh")
    referral = (
        f"本案曾移送{term(DESTINATIONS, ticket.destination, 'zh')}。" if ticket.destination else ""
    )
    basis = "\n".join(f"- {line}" for line in BASIS[category.code].basis)
    return f"""---
date: {ticket.closed_on.isoformat()}
slug: {slug}
draft: true
categories:
  - {category.code}
---

# 草稿｜{category.zh}案（待编辑）

**案例草稿：由已办结工单生成，须由工作人员核实、改写，删去 `draft: true` 后才能发布。**

{ticket.received_on.year}年，本市知识产权部门收到群众反映，{subject}涉嫌{category.zh}。\
经核查，反映情况{outcome}，已于 {ticket.closed_on.isoformat()} 办结。

<!-- more -->

## 基本案情

- 当事人：{subject}
- 违法类别：{category.zh}（常见表现：{category.example_zh.rstrip("。")}）
- 收到线索：{ticket.received_on.isoformat()}；办结：{ticket.closed_on.isoformat()}

（请根据调查结论写明查明的事实。不要照抄举报内容，不写举报人的任何信息，\
也不写能推断出举报人的细节；自然人只写姓氏或用“某某”。）

## 查处结果

核查结论：{outcome}。{referral}

（请补充处罚种类、决定机关、决定书文号和日期。只写已经可以公开的处理结果。）

## 法律依据

{basis}

## 典型意义

（请写明公众可以从中学到什么，并链接到[机构目录](../../directory/index.md)\
或举报页面。）
"""


def subject_line(db: sqlite_utils.Database, ticket: Ticket) -> str:
    """The registered agency's name when the reporter chose one, else what they typed; as
    literal Markdown text (a name or a subject may hold markup, and the draft becomes a page)."""
    if ticket.subject_uscc:
        name = agency_name(db, ticket.subject_uscc)
        if name is not None:
            return md.text(f"{name}（统一社会信用代码 {ticket.subject_uscc}）")
    # Typed by the reporter: it may hold their own phone number or name.
    return md.text(ticket.redacted_subject(public_phones(db, ticket)))


def _write_new(posts: Path, day: date, slug: str, render: Callable[[str], str]) -> Path:
    """Create the post file, with -2, -3 … after the slug when the name is taken."""
    posts.mkdir(parents=True, exist_ok=True)
    serial = 1
    while True:
        name = slug if serial == 1 else f"{slug}-{serial}"
        path = posts / f"{day.isoformat()}-{name}.md"
        try:
            with path.open("x", encoding="utf-8") as out:  # "x": fails rather than overwrite
                out.write(render(name))
        except FileExistsError:
            serial += 1
            continue
        return path
