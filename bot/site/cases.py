"""Typical cases (the blog under content/cases/): which are published on the build date.

Material's blog holds back drafts, and with `draft_if_future_date` posts dated after the clock
of the machine that builds. The site's "today" is the build's `--today` instead (reproducible,
and staff can preview the 4·26 week): so in the build's copy of the posts, a post that does not
say `draft:` itself is marked `draft: true` when dated after today and `draft: false` otherwise.
The files in content/ are never changed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.reports import categories
from bot.site.language import SITE_LANG, site_say
from bot.site.markdown import Link
from bot.words import site_pages as words

POSTS = "cases/posts"
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
# YAML front matter as mkdocs reads it: between a first line `---` and the next `---`/`...`.
_FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class Post:
    path: str  # relative to the docs folder, e.g. cases/posts/2026-04-20-x.md
    title: str
    date: dt.date
    categories: tuple[str, ...]
    draft: bool | None  # as written; None when the post does not say

    def published(self, today: dt.date) -> bool:
        if self.draft is not None:
            return not self.draft
        return self.date <= today


def read_posts(docs: Path) -> list[Post]:
    """Every post under cases/posts, newest first; files without a date are left to mkdocs."""
    posts = []
    for path in sorted((docs / POSTS).rglob("*.md")):
        markdown, meta = front_matter(path.read_text(encoding="utf-8"))
        day = _date(meta.get("date"))
        if day is None:
            continue
        heading = _HEADING.search(markdown)
        # A title in the front matter is HTML text, as the theme reads it.
        title = html.unescape(
            str(meta.get("title") or (heading.group(1) if heading else path.stem))
        )
        draft = meta.get("draft")
        posts.append(
            Post(
                path=path.relative_to(docs).as_posix(),
                title=title,
                date=day,
                categories=tuple(str(c) for c in meta.get("categories") or ()),
                draft=draft if isinstance(draft, bool) else None,
            )
        )
    return sorted(posts, key=lambda p: (p.date, p.path), reverse=True)


def front_matter(source: str) -> tuple[str, dict[str, Any]]:
    """The Markdown after the front matter, and the front matter (empty when absent)."""
    found = _FRONT.match(source)
    if found is None:
        return source, {}
    meta = yaml.safe_load(found.group(1))
    return source[found.end() :], meta if isinstance(meta, dict) else {}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def settle_drafts(docs: Path, posts: list[Post], today: dt.date) -> None:
    """Write `draft:` into the build's copy of each post that leaves it to its date."""
    for post in posts:
        if post.draft is not None:
            continue
        path = docs / post.path
        source = path.read_text(encoding="utf-8")
        flag = "true" if post.date > today else "false"
        path.write_text(source.replace("---\n", f"---\ndraft: {flag}\n", 1), encoding="utf-8")


def category_pages(posts: list[Post]) -> dict[str, str]:
    """A titled page per category code of the given (published) posts: the category's view.

    The blog names categories by their code (stable URLs: cases/category/abnormal_patent/); the
    page gives the view the category's name and a line on what it covers. Only codes of
    published posts get one: a page for a draft's category would be an orphan page.
    """
    used = sorted({code for post in posts for code in post.categories if categories.is_known(code)})
    pages = {}
    for code in used:
        category = categories.get(code)
        link = Link(site_say(words.CATEGORY_MORE_LINK), f"../../campaign/violations.md#{code}")
        more = site_say(
            words.CATEGORY_MORE, example=category.example(SITE_LANG), link=link.markdown()
        )
        pages[f"cases/category/{code}.md"] = f"# {category.label(SITE_LANG)}\n\n{more}\n"
    return pages
