"""Hostile tests of publishing typical cases from the bot: markup and scripts in every field,
reporter data in disguise, forged buttons, odd dates, and publishing under crashes and
misconfiguration. A failing test here is a defect found, not a test to loosen."""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.clock import local_day
from bot.desk import case_book
from bot.desk.errors import DeskError, NothingToApprove, ReporterDataInCase
from bot.desk.staff import StaffMember
from bot.registry.database import open_database
from bot.site import book_posts
from bot.site.build import PROJECT, SiteBuildFailed, build_site
from bot.site.preview import case_preview
from bot.site.publish import builds_folder, live_build, publish_site
from bot.telegram.case_handlers import parse_button
from bot.telegram.desk_handlers import UnknownButton
from tests.desk_queue import REPORTER_NAME, REPORTER_PHONE, at, known_queue, queue_db

WRITER = StaffMember(8001, "city", editor=True)
REVIEWER = StaffMember(8002, "city", editor=True)
CITY_EDITOR = StaffMember(7001, "city", editor=True)
TODAY = date(2026, 6, 1)
PUBLISHED_ON = "2026-04-26"
JINJA_PRODUCT = "23331"  # 7777*3: in the site only if some template engine ran case text

# What an editor may type (each passes parse_value: no complete <tag>) that would be markup,
# script or template code if any of it reached the page unescaped.
HOSTILE = {
    "title": 'T1 [x](javascript:alert(1)) {: onclick="alert(1)" } <img src=x onerror=alert(1) ',
    "summary": (
        "{{ 7777*3 }} {% raw %} [^1] *[HTML]: x ![i](javascript:alert(2)) "
        "<svg onload=alert(3) &#106;avascript:alert(4) [TOC] :smile: ==m== ~~s~~"
    ),
    "body": "\n\n".join(
        [
            '!!! note "injected"\n    admonition body',
            "---\ntitle: hacked\ndraft: true\n---",
            "[TOC]",
            "[^1]: a footnote definition",
            "*[HTML]: Hyper Text",
            "{: onclick=alert(5) }",
            "<!-- more",
            "# a second heading",
            "    an indented code block",
            "| a | b |\n|---|---|\n| <a href=javascript:alert(6) | x |",
            "[ref]: javascript:alert(7)\n[y][ref]",
            "&lt;script&gt;alert(8)&lt;/script&gt;",
            "{% include 'base.html' %} {{ config.extra }} {{ 7777*3 }}",
            "\u202eevil\u202c \u200bzero\u200bwidth \x00nul \x07bell \ufeffbom",
            "=" * 20,
            "L" * 3000,
        ]
    ),
    "authority": "<a href=javascript:alert(9) {: onmouseover=alert(10) }",
    "decision_no": "{{ 7777*3 }}[z](javascript:alert(11))\"'`",
}
MARKERS = re.compile(r"alert\(\d+\)")


def write_case(
    db: sqlite_utils.Database,
    values: dict[str, str],
    *,
    writer: StaffMember = WRITER,
    reviewer: StaffMember | None = REVIEWER,
    ticket: str | None = None,
    when: str = "2026-04-01",
) -> int:
    """A case written field by field through parse_value (as the bot and the CLI do), approved
    by a second editor unless `reviewer` is None."""
    case = case_book.create(db, writer, now=at(when), ticket_number=ticket)
    base = {
        "title": "标题",
        "summary": "摘要",
        "body": "正文",
        "categories": "impersonation",
        "authority": "上海市静安区市场监督管理局",
        "decision_no": "沪市监静处〔2026〕001号",
        "publish_on": PUBLISHED_ON,
    }
    for name, typed in {**base, **values}.items():
        value = case_book.parse_value(name, typed)
        case_book.edit(db, writer, case.id, name, value, now=at(when))
    if reviewer is not None:
        case_book.approve(db, reviewer, case.id, now=at(when))
    return case.id


class _Dangers(HTMLParser):
    """What in an HTML page would run: event-handler attributes, script-scheme links, and
    scripts or elements carrying a marker of the hostile text. <title> and <textarea> are read
    as browsers read them: text up to their end tag (their escaping is tested on its own)."""

    CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")  # type: ignore[misc]

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            shown = value or ""
            if name.startswith("on") and MARKERS.search(shown):
                self.found.append(f"<{tag} {name}={shown!r}>")
            scheme = re.sub(r"[\s\x00-\x1f]", "", shown).lower()
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                scheme.startswith(("javascript:", "vbscript:", "data:text"))
            ):
                self.found.append(f"<{tag} {name}={shown!r}>")
        if tag in ("img", "svg", "iframe", "object", "embed") and any(
            MARKERS.search(v or "") for _, v in attrs
        ):
            self.found.append(f"<{tag} {attrs!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and MARKERS.search(data):
            self.found.append(f"script: {data[:80]!r}")


def dangers(page: str) -> list[str]:
    parser = _Dangers()
    parser.feed(page)
    return parser.found


def case_page(site: Path, case_id: int) -> str:
    pages = sorted(site.glob(f"cases/**/case-{case_id}/index.html"))
    assert pages, f"no page for case {case_id}"
    return pages[0].read_text(encoding="utf-8")


def feed_items(site: Path) -> list[dict[str, str]]:
    root = ElementTree.parse(site / "feed_rss_created.xml").getroot()
    return [{child.tag: child.text or "" for child in item} for item in root.iter("item")]


def all_output(site: Path) -> str:
    parts = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    parts += [p.read_text(encoding="utf-8") for p in site.glob("*.xml")]
    parts.append((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return "\n".join(parts)


# --- Markup in every field, through the real build ------------------------------------------


@dataclass(frozen=True)
class HostileBuild:
    site: Path
    hostile: int
    plain_title: int


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    db = queue_db()
    hostile = write_case(db, HOSTILE)
    plain = write_case(db, {"title": "A*B & C_D <E"})
    site = tmp_path_factory.mktemp("hostile") / "site"
    build_site(db, site, today=TODAY)
    return HostileBuild(site, hostile, plain)


@pytest.mark.slow
def test_a_case_with_markup_in_every_field_builds_and_nothing_of_it_runs_on_any_page(
    hostile_build: HostileBuild,
) -> None:
    site = hostile_build.site
    page = case_page(site, hostile_build.hostile)
    assert "T1 [x](javascript:alert(1))" in html.unescape(page)  # shown, as typed
    for path in [*site.rglob("*.html")]:
        found = dangers(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(site)}: {found}"


@pytest.mark.slow
def test_no_template_or_markdown_extension_interprets_case_text(
    hostile_build: HostileBuild,
) -> None:
    site = hostile_build.site
    page = case_page(site, hostile_build.hostile)
    assert JINJA_PRODUCT not in all_output(site)
    assert 'class="admonition' not in page  # `!!! note` stayed text
    assert 'class="footnote' not in page  # `[^1]` stayed text
    assert "<abbr" not in page  # `*[HTML]:` stayed text
    assert 'class="toc"' not in page  # `[TOC]` stayed text
    assert "<pre" not in page.split("md-content", 1)[1]  # no indented code block
    assert "<h1" in page and page.count("<h1") == 1  # "# a second heading" is no heading
    assert "hacked" in page  # the front-matter breaker is shown as text, not read as meta


@pytest.mark.slow
def test_the_feed_carries_no_executable_markup_from_a_case(hostile_build: HostileBuild) -> None:
    for item in feed_items(hostile_build.site):
        description = item.get("description", "")
        assert not dangers(description), description[:300]
        assert not dangers(item.get("title", ""))


@pytest.mark.slow
def test_invisible_and_control_characters_never_reach_the_page(
    hostile_build: HostileBuild,
) -> None:
    page = case_page(hostile_build.site, hostile_build.hostile)
    for char in "\u202e\u200b\x00\x07\ufeff":
        assert char not in page, repr(char)


@pytest.mark.slow
def test_the_home_page_lists_a_case_title_as_typed_without_escapes_shown(
    hostile_build: HostileBuild,
) -> None:
    home = (hostile_build.site / "index.html").read_text(encoding="utf-8")
    link = re.search(rf'href="cases/[^"]*case-{hostile_build.plain_title}/">(.*?)</a>', home)
    assert link, "the case is not among the latest on the home page"
    assert html.unescape(link.group(1)) == "A*B & C_D <E"


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="known: the RSS plugin escapes the page's title, which the theme needs as HTML, so "
    "a title holding & or < reads &amp; / &lt; in a feed reader",
)
def test_the_feed_title_of_a_case_is_its_title_as_typed(hostile_build: HostileBuild) -> None:
    titles = [item["title"] for item in feed_items(hostile_build.site)]
    assert "A*B & C_D <E" in titles, titles


@pytest.mark.slow
def test_the_html_title_element_holds_the_case_title_escaped(hostile_build: HostileBuild) -> None:
    page = case_page(hostile_build.site, hostile_build.plain_title)
    head_title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert head_title is not None
    assert "<E" not in head_title.group(1)  # `<` as &lt;: one escaping lost is one guard gone


@pytest.mark.slow
def test_a_case_of_invisible_characters_only_never_breaks_the_daily_build(
    tmp_path: Path,
) -> None:
    db = queue_db()
    blank = "\u200b\u2060\x00"
    fields = ("title", "summary", "body", "authority", "decision_no")
    try:
        write_case(db, dict.fromkeys(fields, blank))
    except DeskError:
        return  # refused plainly when typed: fine, it never reaches the build
    build_site(db, tmp_path / "site", today=TODAY)  # must not raise


# --- Reporter data in disguise ---------------------------------------------------------------


@pytest.fixture
def ticket_case() -> tuple[sqlite_utils.Database, int]:
    queue = known_queue(queue_db())
    case = case_book.create(
        queue.db, CITY_EDITOR, now=at("2023-07-01"), ticket_number=queue.number("t1")
    )
    return queue.db, case.id


@pytest.mark.parametrize(
    "typed",
    [
        f"电话 {REPORTER_PHONE[:3]} {REPORTER_PHONE[3:7]} {REPORTER_PHONE[7:]}",
        f"电话 {REPORTER_PHONE[:3]}-{REPORTER_PHONE[3:7]}-{REPORTER_PHONE[7:]}",
        "电话 +86 " + REPORTER_PHONE,
        "电话 " + REPORTER_PHONE.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        "电话 " + " ".join(REPORTER_PHONE),
    ],
)
def test_the_reporters_phone_is_refused_however_it_is_spaced_or_written(
    ticket_case: tuple[sqlite_utils.Database, int], typed: str
) -> None:
    db, case_id = ticket_case
    with pytest.raises(ReporterDataInCase):
        value = case_book.parse_value("summary", typed)
        case_book.edit(db, CITY_EDITOR, case_id, "summary", value, now=at("2023-07-02"))


@pytest.mark.parametrize(
    "typed",
    [
        REPORTER_NAME[:3] + "\u200b" + REPORTER_NAME[3:],  # zero-width space
        REPORTER_NAME[:3] + "\u00ad" + REPORTER_NAME[3:],  # soft hyphen
        REPORTER_NAME[:3] + "\u2060" + REPORTER_NAME[3:],  # word joiner
    ],
    ids=["zwsp", "soft-hyphen", "word-joiner"],
)
def test_the_reporters_name_split_by_an_invisible_character_is_refused(
    ticket_case: tuple[sqlite_utils.Database, int], typed: str
) -> None:
    """The site removes invisible characters (bot.safe_text), so a name split by one is
    published whole: the guard must see through them too."""
    db, case_id = ticket_case
    case = case_book.get(db, case_id)
    shown = book_posts.post_markdown(case, case.draft.__class__(summary=typed), today=TODAY)
    assert REPORTER_NAME in shown  # what the site would print
    with pytest.raises(ReporterDataInCase):
        value = case_book.parse_value("summary", f"{typed}反映")
        case_book.edit(db, CITY_EDITOR, case_id, "summary", value, now=at("2023-07-02"))


def test_the_reporters_name_split_by_a_space_is_refused(
    ticket_case: tuple[sqlite_utils.Database, int],
) -> None:
    db, case_id = ticket_case
    typed = f"{REPORTER_NAME[:3]} {REPORTER_NAME[3:]}反映"
    with pytest.raises(ReporterDataInCase):
        value = case_book.parse_value("summary", typed)
        case_book.edit(db, CITY_EDITOR, case_id, "summary", value, now=at("2023-07-02"))


@pytest.mark.slow
def test_a_disguised_reporter_name_never_reaches_the_preview_or_the_built_site(
    tmp_path: Path,
) -> None:
    queue = known_queue(queue_db())
    db = queue.db
    disguised = REPORTER_NAME[:3] + "\u200b" + REPORTER_NAME[3:]
    try:
        case_id = write_case(
            db,
            {"summary": f"{disguised}反映情况属实"},
            writer=CITY_EDITOR,
            ticket=queue.number("t1"),
            when="2026-04-01",
        )
    except ReporterDataInCase:
        return  # refused: nothing reaches any page
    preview = case_preview(db, case_id, date(2026, 4, 26)).decode("utf-8")
    assert REPORTER_NAME not in preview
    build_site(db, tmp_path / "site", today=TODAY)
    assert REPORTER_NAME not in all_output(tmp_path / "site")


# --- Forged and stale buttons; who may do what -----------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "case:approve:999999",
        "case:show:²",
        "case:show:١",
        "case:show:" + "9" * 40,
        "case:cat:1:../../x",
        "case:edit:1:__class__",
        "case:edit:1:title:extra",
        "case::1",
        "case:approve:-1",
    ],
)
def test_a_forged_button_is_refused_as_unknown_or_names_no_case(data: str) -> None:
    db = queue_db()
    try:
        _action, case_id, _value = parse_button(data)
    except UnknownButton:
        return
    with pytest.raises(DeskError):  # CaseNotFound: said to the user, never a crash
        case_book.get(db, case_id)


def test_the_author_cannot_approve_even_after_another_editor_touched_the_case() -> None:
    db = queue_db()
    case_id = write_case(db, {}, reviewer=None)
    case_book.edit(db, REVIEWER, case_id, "title", "改过的标题", now=at("2026-04-02"))
    with pytest.raises(DeskError):
        case_book.approve(db, WRITER, case_id, now=at("2026-04-02"))
    with pytest.raises(DeskError):
        case_book.approve(db, REVIEWER, case_id, now=at("2026-04-02"))


def test_a_withdrawn_case_cannot_be_approved_or_edited_back() -> None:
    db = queue_db()
    case_id = write_case(db, {}, reviewer=None)
    case_book.withdraw(db, REVIEWER, case_id, "不再公开", now=at("2026-04-02"))
    with pytest.raises(DeskError):
        case_book.approve(db, REVIEWER, case_id, now=at("2026-04-03"))
    with pytest.raises(DeskError):
        case_book.edit(db, WRITER, case_id, "title", "x", now=at("2026-04-03"))
    assert case_book.public_cases(db, TODAY) == []


def test_two_editors_approving_at_once_make_one_approval_and_one_plain_refusal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lantian.db"
    db = queue_db(path)
    case_id = write_case(db, {}, reviewer=None)
    db.close()
    third = StaffMember(8009, "city", editor=True)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def press(who: StaffMember) -> None:
        own = open_database(path)
        try:
            barrier.wait()
            case_book.approve(own, who, case_id, now=at("2026-04-03"))
            outcomes.append("approved")
        except NothingToApprove:
            outcomes.append("nothing")
        except Exception as error:  # a crash (database is locked) is the defect shown
            outcomes.append(type(error).__name__)
        finally:
            own.close()

    threads = [threading.Thread(target=press, args=(who,)) for who in (REVIEWER, third)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "nothing"]
    check = open_database(path)
    approvals = check.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'case_approve'"
    ).fetchone()[0]
    assert approvals == 1


def test_a_district_editor_cannot_start_a_case_from_another_districts_ticket() -> None:
    queue = known_queue(queue_db())
    pudong = StaffMember(7003, "浦东新区", editor=True)
    with pytest.raises(DeskError):
        case_book.create(queue.db, pudong, now=at("2023-07-01"), ticket_number=queue.number("t1"))


def test_a_district_editor_may_edit_and_approve_a_case_from_another_districts_ticket() -> None:
    """What happens now (reported as a question): the district check guards the ticket, not
    the case made from it. Any editor may change and approve any case."""
    queue = known_queue(queue_db())
    case_id = write_case(queue.db, {}, writer=CITY_EDITOR, reviewer=None, ticket=queue.number("t1"))
    pudong = StaffMember(7003, "浦东新区", editor=True)
    approved = case_book.approve(queue.db, pudong, case_id, now=at("2026-04-02"))
    assert approved.approved_by == pudong.user_id


# --- Dates -----------------------------------------------------------------------------------


def test_a_case_approved_just_after_midnight_in_shanghai_is_public_that_shanghai_day() -> None:
    db = queue_db()
    case_id = write_case(db, {}, reviewer=None)
    moment = datetime(2026, 4, 25, 16, 30, tzinfo=UTC)  # 00:30 on 26 April in Shanghai
    approved = case_book.approve(db, REVIEWER, case_id, now=moment)
    assert approved.public(local_day(moment))
    assert not approved.public(moment.date())  # the UTC day would have said "not yet"


def test_a_case_approved_at_2359_the_day_before_is_scheduled_then_published_unrevised() -> None:
    db = queue_db()
    case_id = write_case(db, {}, reviewer=None)
    late = datetime.fromisoformat("2026-04-25T23:59:00+08:00")
    approved = case_book.approve(db, REVIEWER, case_id, now=late)
    assert approved.state(local_day(late)) == "scheduled"
    assert approved.state(date(2026, 4, 26)) == "published" and approved.corrected_on is None


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "0206-04-26", "2062-04-26"])
def test_a_publication_date_far_outside_the_campaign_is_refused_as_a_typo(typed: str) -> None:
    """A typo in the year publishes a case at the bottom of the archive (year 1) or schedules
    it for decades, with no warning."""
    with pytest.raises(DeskError):
        case_book.parse_value("publish_on", typed)


# --- Publishing: misconfigured folders, races, crashes ---------------------------------------


@pytest.mark.slow
def test_publishing_onto_a_folder_that_is_no_site_leaves_that_folder_alone(tmp_path: Path) -> None:
    """LANTIAN_SITE_DIR set to a wrong folder (the content folder, a home folder): publishing
    must refuse, not move the folder among the builds (where pruning later deletes it)."""
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    db = queue_db()
    with contextlib.suppress(SiteBuildFailed):
        publish_site(db, precious, today=TODAY)
    assert (precious / "notes.txt").is_file() and not precious.is_symlink()


@pytest.mark.slow
def test_publishing_onto_a_path_that_is_a_file_leaves_the_file_alone(tmp_path: Path) -> None:
    """LANTIAN_SITE_DIR pointing at a file (the database, say) by mistake."""
    target = tmp_path / "lantian.db"
    target.write_bytes(b"SQLite format 3\x00 precious")
    db = queue_db()
    with contextlib.suppress(SiteBuildFailed, OSError):
        publish_site(db, target, today=TODAY)
    assert target.is_file() and not target.is_symlink()
    assert target.read_bytes().endswith(b"precious")


@pytest.mark.slow
def test_two_publications_at_once_both_finish_and_live_is_a_whole_build(tmp_path: Path) -> None:
    path = tmp_path / "lantian.db"
    queue_db(path).close()
    live = tmp_path / "www" / "site"
    errors: list[BaseException] = []

    def publish() -> None:
        db = open_database(path)
        try:
            publish_site(db, live, today=TODAY)
        except BaseException as error:
            errors.append(error)
        finally:
            db.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    build = live_build(live)
    assert build is not None and (build / "sitemap.xml").is_file()
    assert len([p for p in builds_folder(live).iterdir() if p.is_dir()]) == 2


_PUBLISH = """
import sys
from datetime import date
from pathlib import Path
from typing import Any
from bot.registry.database import open_database
from bot.site.publish import publish_site
publish_site(open_database(sys.argv[1]), Path(sys.argv[2]), today=date(2026, 6, 1))
"""


@pytest.mark.slow
def test_a_publication_killed_mid_build_never_goes_live_and_the_next_clears_its_leftovers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lantian.db"
    db = queue_db(path)
    live = tmp_path / "www" / "site"
    publish_site(db, live, today=TODAY)
    good = live_build(live)
    builds = builds_folder(live)
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    # Its own session, so the kill reaches the mkdocs and index helpers it started too.
    child = subprocess.Popen(
        [sys.executable, "-c", _PUBLISH, str(path), str(live)],
        cwd=PROJECT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            partial = [p for p in builds.iterdir() if p.is_dir() and p != good]
            if partial and any(partial[0].rglob("*.html")):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the second publication never started writing")
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    assert live_build(live) == good  # the half-written build never went live
    publish_site(db, live, today=TODAY)
    newest = live_build(live)
    assert newest is not None and (newest / "sitemap.xml").is_file()
    # A killed build may hold a sitemap.xml and one page: only the finished builds may stay
    # (a maintainer rolls back to one of them by hand).
    leftovers = [p.name for p in builds.iterdir() if p.is_dir() and p not in (good, newest)]
    assert leftovers == [], f"half-written builds kept beside the good ones: {leftovers}"


def test_a_complete_html_comment_or_tag_is_refused_when_typed() -> None:
    for typed in ("<!-- more -->", "a <img src=x onerror=alert(1)> b", "< / title >"):
        with pytest.raises(DeskError):
            case_book.parse_value("summary", typed)


def test_published_case_json_round_trips_every_hostile_value() -> None:
    db = queue_db()
    case_id = write_case(db, HOSTILE)
    case = case_book.get(db, case_id)
    assert case.approved == case.draft
    stored = next(db.query("SELECT approved FROM typical_cases WHERE id = ?", [case_id]))
    assert json.loads(stored["approved"])["title"] == case.draft.title


# --- In the bot: the field a staff member was asked for --------------------------------------

BOT_WRITER, BOT_OTHER, BOT_ADMIN = 7101, 7102, 9102


@pytest.fixture
def settings_overrides(tmp_path: Path) -> dict[str, object]:
    return {
        "staff": f"{BOT_WRITER}:city:editor,{BOT_OTHER}:city:editor",
        "admin_chat_id": BOT_ADMIN,
        "site_dir": tmp_path / "www" / "site",
    }


async def _new_case(writer: Any) -> int:
    await writer.says("/case new")
    found = re.search(r"#(\d+)", writer.text())
    assert found, writer.text()
    return int(found.group(1))


@pytest.mark.slow
@pytest.mark.asyncio
async def test_another_staff_members_text_never_fills_the_field_one_was_asked_for(
    running: Any, db: sqlite_utils.Database
) -> None:
    from tests.bot_harness import person, settled

    writer, other = person(running, BOT_WRITER), person(running, BOT_OTHER)
    case_id = await _new_case(writer)
    await writer.presses("✏️ 标题")
    await other.says("某代理机构冒用名义")  # B's message while A is being asked
    await settled(running)
    assert case_book.get(db, case_id).draft.title != "某代理机构冒用名义"


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_field_request_left_unanswered_expires_before_an_unrelated_message_days_later(
    running: Any, application: Any, db: sqlite_utils.Database
) -> None:
    """A staff member presses "edit title", walks away, and days later types a company's name to
    check it: that must be a check, not the published case's new title."""
    from bot.clock import noon_of
    from tests.bot_harness import person, settled

    writer = person(running, BOT_WRITER)
    case_id = await _new_case(writer)
    await writer.presses("✏️ 标题")
    deps = application.bot_data["deps"]
    later = date(2026, 7, 1)
    deps.today, deps.now = (lambda: later), (lambda: noon_of(later))
    await writer.says("上海华岳知识产权代理有限公司")
    await settled(running)
    assert case_book.get(db, case_id).draft.title != "上海华岳知识产权代理有限公司"


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_command_sent_instead_of_the_asked_field_is_still_carried_out(
    running: Any,
) -> None:
    """Asked for a title, the staff member changes their mind and types /case new: the ask is
    dropped and the command runs (it is not swallowed with a bare "cancelled")."""
    from tests.bot_harness import person

    writer = person(running, BOT_WRITER)
    first = await _new_case(writer)
    await writer.presses("✏️ 标题")
    await writer.says("/case new")
    assert f"#{first + 1}" in writer.text(), writer.text()
