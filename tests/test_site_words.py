"""The site's words come from the catalogue in one language (bot/site/language.py): switched to
English, every generated page is English but for the registry's own data; the legal basis covers
every category; a wide table's column names are written into its cells for the phone's cards."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import markdown

from bot.registry.records import VIOLATIONS
from bot.site import legal
from bot.site import markdown as md
from bot.words import site_legal

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
EXTENSIONS = ["tables", "attr_list", "md_in_html"]  # as mkdocs.yml has them

# Run in a child process: the language is read once, when the generators are imported, so it is
# set before anything imports bot.site (as a switch in bot/site/language.py would set it).
ENGLISH_SITE = """
import importlib.util, json, sys, tempfile
from datetime import date
from pathlib import Path

spec = importlib.util.spec_from_file_location("bot.site.language", "bot/site/language.py")
language = importlib.util.module_from_spec(spec)
spec.loader.exec_module(language)
language.SITE_LANG = "en"
sys.modules["bot.site.language"] = language

from bot.districts import DISTRICTS
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.site import build, cases, pages
from bot.site.context import load

db = open_database(Path(tempfile.mkdtemp()) / "registry.db")
import_path(db, Path("tests/fixtures/check_bundle"), today=date(2026, 6, 1))
site = load(db, today=date(2026, 6, 1), bot_username="lantian_test_bot")
posts = cases.read_posts(Path("content"))
build._generate(site, posts)
written = dict(site.pages)
written["fill-ins"] = "\\n".join(
    [pages.report_link("lantian_test_bot"), pages.report_link(None),
     pages.latest_cases(posts, "index.md"), pages.latest_cases([], "index.md")]
)
tables = [f"{schema}.{name}" for schema in ("main", "registry") for (name,) in db.execute(
    f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE "
    "VIRTUAL%' AND name NOT LIKE 'search_grams_%'")]
data = [v for table in tables for row in db.execute(f"SELECT * FROM {table}")
        for v in row if isinstance(v, str)]
data += [*DISTRICTS, *(post.title for post in posts)]
print(json.dumps({"pages": written, "data": data}, ensure_ascii=False))
"""


def test_switched_to_english_every_generated_page_is_english_but_the_registrys_data() -> None:
    run = subprocess.run(
        [sys.executable, "-c", ENGLISH_SITE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    built = json.loads(run.stdout)
    data = sorted(set(built["data"]), key=len, reverse=True)
    left = {}
    for path, page in built["pages"].items():
        for value in data:  # as written, and as a page escapes it
            page = page.replace(md.text(value), "").replace(value, "")
        if found := CJK.findall(page):
            left[path] = "".join(found)[:80]
    assert left == {}
    assert "Agencies by district" in built["pages"]["directory/districts.md"]


def test_every_violation_category_has_its_legal_basis_and_tasks() -> None:
    assert set(legal.BASIS) == set(VIOLATIONS) == set(site_legal.BASIS)
    assert all(legal.BASIS[code].basis for code in VIOLATIONS)
    named = {task for basis in legal.BASIS.values() for task in basis.tasks}
    assert named <= set(legal.TASKS) == set(range(1, 7))


def test_a_wide_table_writes_each_columns_name_into_its_cells() -> None:
    block = md.cards(
        ["名称", "统一社会信用代码"], [["上海某代理", "91310000MA1FL3R23H"], [None, 7]]
    )
    html = markdown.markdown(f"前文\n\n{block}\n后文", extensions=EXTENSIONS)
    assert '<div class="lt-cards">' in html
    assert html.count('data-label="名称："') == 2
    assert '<td class="lt-unbroken" data-label="统一社会信用代码：">91310000MA1FL3R23H</td>' in html
    assert '<td data-label="名称：">—</td>' in html


def test_a_cell_cannot_write_its_own_attributes() -> None:
    hostile = 'x { data-label="假" onclick="alert(1)" .lt-level }'
    block = md.cards(["名称", "代码"], [[hostile, "A { #id }"]])
    html = markdown.markdown(block, extensions=EXTENSIONS)
    cells = re.findall(r"<td([^>]*)>", html)
    assert cells == [' data-label="名称："', ' data-label="代码："'], cells  # theirs stay text
    assert 'onclick="alert(1)" .lt-level }</td>' in html
