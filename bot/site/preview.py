"""One page of a built site as a single file staff can open anywhere: a case's preview.

The page is the build's own HTML; its style sheets are written into it and its scripts left
out (they load search and navigation, which a lone file has no use for)."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

import sqlite_utils

from bot.errors import LantianError
from bot.site.build import build_site

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"[^>]*>')
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


class PreviewMissing(LantianError):
    """The build made no page for the case (it holds no publication date, or the blog left
    it out)."""


def case_preview(db: sqlite_utils.Database, case_id: int, day: date) -> bytes:
    """The case's page as the site's own build makes it on `day`, its working copy shown."""
    with tempfile.TemporaryDirectory(prefix="lantian-preview-") as folder:
        out = Path(folder) / "site"
        build_site(db, out, today=day, preview_case=case_id)
        return page_of_case(out, case_id)


def page_of_case(site: Path, case_id: int) -> bytes:
    pages = sorted((site / "cases").glob(f"**/case-{case_id}/index.html"))
    if not pages:
        raise PreviewMissing(f"no page for case {case_id} in {site}")
    page = pages[0]
    html = page.read_text(encoding="utf-8")

    def inline(found: re.Match[str]) -> str:
        target = (page.parent / found.group(1).split("?")[0]).resolve()
        if site.resolve() not in target.parents or not target.is_file():
            return ""
        return (
            "<style>"
            + target.read_text(encoding="utf-8").replace("</style", "<\\/style")
            + "</style>"
        )

    return _SCRIPT.sub("", _STYLESHEET.sub(inline, html)).encode("utf-8")
