"""The typical cases written in the bot (bot/desk/case_book.py), as posts of the build's docs.

Each case the site shows on the build's day becomes cases/posts/book-<id>.md in the build's
temporary docs folder (never in content/), so the blog, its category and archive pages, the
home page's latest cases and the RSS feed treat it as any other post. Every value an editor
wrote goes in as literal Markdown text (bot.site.markdown.text): a case can hold no markup.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from pathlib import Path

import sqlite_utils

from bot.desk import case_book
from bot.desk.case_book import Case, CaseText
from bot.site import markdown as md
from bot.site.cases import POSTS
from bot.site.language import SITE_LANG
from bot.words import Lang
from bot.words.desk_cases import case_text


def write(
    docs: Path, db: sqlite_utils.Database, *, today: date, preview: int | None = None
) -> list[Path]:
    """Write the post of every case shown on `today`; with `preview`, that case's working copy
    too, as it will be published. Returns the files written."""
    written = []
    folder = docs / POSTS
    for case in case_book.all_cases(db):
        if case.id == preview:
            text = case.draft
        elif case.public(today):
            assert case.approved is not None
            text = case.approved
        else:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"book-{case.id}.md"  # an id, never a typed name: the path is ours
        path.write_text(post_markdown(case, text, today=today), encoding="utf-8")
        written.append(path)
    return written


def post_markdown(case: Case, text: CaseText, *, today: date, lang: Lang = SITE_LANG) -> str:
    """A case as a blog post: front matter, title, summary, body, the decision, a reminder."""
    published = text.publish_on or today
    when: dict[str, str] = {"created": published.isoformat()}
    if case.corrected_on is not None and text == case.approved:
        when["updated"] = case.corrected_on.isoformat()
    # By hand, not md.front_matter: the blog wants dates as YAML dates, not strings. Every
    # value here is ours or checked (ISO dates, the id's slug, known category codes). The
    # title, as typed, is a JSON string (which YAML reads), HTML-escaped: the theme places a
    # page's title into HTML as it is (a title from a heading is HTML already).
    front = "\n".join(
        ["---", f"title: {json.dumps(escape(text.title, quote=False), ensure_ascii=False)}",
         "date:", *(f"  {key}: {day}" for key, day in when.items()),
         f"slug: {case.slug}", "draft: false", "categories:",
         *(f"  - {code}" for code in text.categories), "---", "", ""]
    )  # fmt: skip
    parts = [f"# {md.text(text.title)}", md.text(text.summary), "<!-- more -->"]
    if "updated" in when:
        parts.append(case_text("correction_note", lang, day=when["updated"]))
    parts += [md.text(paragraph) for paragraph in _paragraphs(text.body)]
    decision = case_text(
        "decision_line", lang, authority=md.text(text.authority), number=md.text(text.decision_no)
    )
    parts += [f"## {case_text('result_heading', lang)}", decision]
    directory = md.Link(case_text("directory_link", lang), "../../directory/index.md")
    report = md.Link(case_text("report_link", lang), "../../guide/report.md")
    reminder = case_text(
        "remind_text", lang, directory=directory.markdown(), report=report.markdown()
    )
    parts += [f"## {case_text('remind_heading', lang)}", reminder]
    return front + "\n\n".join(parts) + "\n"


def _paragraphs(body: str) -> list[str]:
    """The body's paragraphs (blank lines part them), each on one line."""
    found, current = [], []
    for line in body.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return found
