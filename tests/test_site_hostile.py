"""The site built from a registry and a ticket full of hostile values (tests/hostile/text/).

Every text field of the fixture registry and of a ticket made into a case draft carries
markup, script links, paths and template syntax; the site is built with the drafts, as
`lantian site build --drafts` does. Nothing may be written outside the build, no page may hold
a live tag or link made of that text, and the text must still be there, escaped.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from bot.desk.case_draft import draft_case
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.site import SiteBuildFailed, build_site
from tests.desk_queue import CITY, at, file
from tests.registry_edit import registry_writer
from tests.test_hostile_text import MARKUP

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "tests" / "fixtures" / "check_bundle"
TODAY = date(2026, 6, 1)
# A path no one else uses, so its absence after the build proves nothing went there.
ESCAPE = f"lantian-hostile-{uuid.uuid4().hex}"
HOSTILE_DISTRICTS = [f"../../../../../../../../tmp/{ESCAPE}/x", "javascript:alert(1)//", "{{ x }}"]
# What hostile text would look like had it become markup: a tag, an event attribute in a
# tag, a link or source with a script scheme.
LIVE = [
    re.compile(r"<img\s+src=x", re.I),
    re.compile(r"<script>alert", re.I),
    re.compile(r"<iframe\s+src=x", re.I),
    re.compile(r"<svg\s+onload", re.I),
    re.compile(r"<[a-z][^>]*\son(?:error|load|click)\s*=\s*[\"']?alert", re.I),
    re.compile(r"\b(?:href|src|action)\s*=\s*[\"']?\s*(?:javascript|data|vbscript):", re.I),
]


def hostile(i: int) -> str:
    return MARKUP[i % len(MARKUP)]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    db = open_database(tmp_path_factory.mktemp("hostile") / "lantian.db")
    import_path(db, BUNDLE, today=TODAY)
    with registry_writer(db) as registry:
        # Shanghai agencies first: only they get district pages.
        ids = [
            row[0]
            for row in registry.execute(
                "SELECT uscc FROM agencies ORDER BY province NOT LIKE '上海%', uscc"
            )
        ]
        for i, uscc in enumerate(ids):
            registry.execute(
                "UPDATE agencies SET name = name || ?, address = ?, former_names = ?, "
                "phones = ?, websites = ?, district = coalesce(?, district) WHERE uscc = ?",
                [
                    hostile(i),
                    hostile(i + 1),
                    json.dumps([hostile(i + 2)]),
                    json.dumps(["021-61234567", hostile(i + 3)]),
                    json.dumps([hostile(i + 4), "javascript:alert(1)//"]),
                    HOSTILE_DISTRICTS[i] if i < len(HOSTILE_DISTRICTS) else None,
                    uscc,
                ],
            )
        registry.execute(
            "UPDATE listings SET reason = reason || ?, authority = ?, decision_no = ?",
            [hostile(0), hostile(1), hostile(2)],
        )
        registry.execute(
            "UPDATE sanctions SET summary = ?, authority = ?, decision_no = ?",
            [hostile(5), hostile(6), hostile(7)],
        )
        registry.execute("UPDATE practitioners SET name = name || ?", [hostile(8)])
    # A ticket whose subject and district are hostile, closed as substantiated: its case
    # draft and the reports' statistics reach the site.
    ticket = file(
        db, "hostile", kind="report", category="impersonation", uscc=None, on="2026-05-01"
    )
    with db.conn:
        db.execute(
            "UPDATE tickets SET state = 'closed', outcome = 'substantiated', "
            "closed_on = '2026-05-20', subject_text = ?, district = ? WHERE id = ?",
            [
                "<img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ config }} ---",
                HOSTILE_DISTRICTS[0],
                ticket.id,
            ],
        )
    db.ticket_number = ticket.number  # type: ignore[attr-defined]
    yield db
    db.close()


@pytest.fixture(scope="module")
def site(registry: sqlite_utils.Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    for name in ("content", "site"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    number = registry.ticket_number  # type: ignore[attr-defined]
    draft_case(registry, CITY, number, project / "content", now=at("2026-05-21"))
    out = tmp_path_factory.mktemp("out") / "site"
    build_site(
        registry, out, today=TODAY, drafts=True, project=project, bot_username="lantian_test_bot"
    )
    return out


def pages(site: Path) -> Iterator[tuple[str, str]]:
    """Every file a browser or feed reader reads as markup (the site search's index holds
    HTML). The directory's shards are data its script inserts as text (checked below)."""
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".xml", ".json") and not name.startswith("assets/directory/"):
            yield name, path.read_text(encoding="utf-8")


def test_nothing_is_written_outside_the_build(site: Path) -> None:
    assert not Path("/tmp", ESCAPE).exists()
    districts = sorted(p.name for p in (site / "directory").iterdir() if p.is_dir())
    assert all(re.fullmatch(r"[a-z]+", name) for name in districts), districts
    assert "other" in districts  # the hostile districts are grouped, not given pages


def test_no_page_holds_a_live_tag_or_link_made_of_hostile_text(site: Path) -> None:
    found = [
        (name, match.group(0))
        for name, text in pages(site)
        for pattern in LIVE
        for match in pattern.finditer(text)
    ]
    assert found == []


def test_the_hostile_text_is_on_the_pages_as_text(site: Path) -> None:
    everything = "\n".join(text for name, text in pages(site) if name.endswith(".html"))
    shown = html.unescape(re.sub(r"<[^>]+>", "", everything))
    # The credit lists and the district pages show agency names; the case draft its subject.
    assert "<img src=x onerror=alert(1)>" in shown
    assert "[x](javascript:alert(1))" in shown
    draft = [t for n, t in pages(site) if n.startswith("cases/") and "草稿" in t and "onerror" in t]
    assert draft, "the case draft is not on the site"
    assert "&lt;img src=x onerror=alert(1)&gt;" in draft[0]


def test_the_directory_script_inserts_data_as_text_only() -> None:
    script = (ROOT / "site" / "assets" / "directory.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, f"directory.js uses {sink}"


@pytest.mark.parametrize("username", ["x)[y](javascript:alert(1)", "a b", "<b>", "../x"])
def test_the_build_refuses_a_bot_name_that_is_not_a_telegram_username(
    registry: sqlite_utils.Database, tmp_path: Path, username: str
) -> None:
    with pytest.raises(SiteBuildFailed, match="LANTIAN_BOT_USERNAME"):
        build_site(registry, tmp_path / "out", today=TODAY, bot_username=username)


def test_a_generated_page_name_that_would_leave_the_docs_folder_stops_the_build(
    tmp_path: Path,
) -> None:
    from bot.site.build import _write_pages

    docs = tmp_path / "docs"
    docs.mkdir()
    with pytest.raises(SiteBuildFailed, match="leave the docs folder"):
        _write_pages(docs, {"directory/../../escaped/index.md": "# x"})
    assert not (tmp_path / "escaped").exists()
