"""`lantian site build` as staff run it: the built files, read as a visitor's browser gets them.

The site is built once per module from the fixture registry (tests/fixtures/check_bundle, as of
2026-06-01). The browser tests (tests/browser) drive the same build in Chromium; these read the
files: generated lists, escaping, what is held back, nothing loaded from outside, and the
directory search (the page's own script, run under node) answering as `lantian check` does,
on every acceptance query and on pasted text (tests/test_site_directory_reading.py PASTED).
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot.check import check
from bot.cli import cli
from bot.site import SiteBuildFailed, build_site
from bot.site.agencies import load_registry
from bot.site.cases import read_posts
from bot.site.shards import bot_candidates, write_shards
from tests.test_check_queries import CASES
from tests.test_site_directory_reading import PASTED, bot_view

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "tests" / "fixtures" / "check_bundle"
TODAY = date(2026, 6, 1)
SEARCH_TOOL = ROOT / "site" / "tools" / "search.mjs"
# Tags through which a page loads something; <a href> and <link rel="canonical"> only point.
LOADING = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=\"([^\"]+)\"|"
    r"<link\b(?=[^>]*\brel=\"(?:stylesheet|preload|modulepreload|icon|manifest|prefetch)\")"
    r"[^>]*\bhref=\"([^\"]+)\"",
    re.IGNORECASE,
)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def registry(check_registry: sqlite_utils.Database) -> sqlite_utils.Database:
    return check_registry


@pytest.fixture(scope="module")
def sources_before() -> dict[str, str]:
    return {name: tree_digest(ROOT / name) for name in ("content", "site")}


@pytest.fixture(scope="module")
def site(
    registry: sqlite_utils.Database,
    tmp_path_factory: pytest.TempPathFactory,
    sources_before: dict[str, str],
) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(registry, out, today=TODAY, bot_username="lantian_test_bot")
    return out


def page(site: Path, path: str) -> str:
    return (site / path.strip("/") / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """What a reader sees of a page's article: tags dropped, entities decoded."""
    article = re.search(r"<article\b.*?</article>", markup, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", article.group(0) if article else markup))


def fixture_rows(name: str) -> list[dict[str, str]]:
    with (BUNDLE / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def agency_names() -> dict[str, str]:
    return {row["uscc"]: row["name"] for row in fixture_rows("agencies.csv")}


# --- what the build writes, and where -------------------------------------------------------


def test_build_leaves_content_and_site_folders_unchanged(
    site: Path, sources_before: dict[str, str]
) -> None:
    assert (site / "index.html").is_file()
    for name, digest in sources_before.items():
        assert tree_digest(ROOT / name) == digest, f"the build changed files under {name}/"


def test_build_refuses_to_write_into_the_project_sources(
    registry: sqlite_utils.Database,
) -> None:
    for folder in (ROOT / "content", ROOT / "site", ROOT, ROOT / "content" / "cases"):
        with pytest.raises(SiteBuildFailed, match="源文件夹"):
            build_site(registry, folder, today=TODAY)


def test_build_refuses_a_folder_that_is_not_an_earlier_build(
    registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SiteBuildFailed, match="不是空文件夹"):
        build_site(registry, tmp_path, today=TODAY)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_no_page_loads_anything_from_outside_the_site(site: Path) -> None:
    outside = []
    for path in site.rglob("*.html"):
        for match in LOADING.finditer(path.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            if re.match(r"(https?:)?//", url):
                outside.append(f"{path.relative_to(site)}: {url}")
    for path in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text()):
            outside.append(f"{path.relative_to(site)}: {url}")
    assert outside == []
    assert "fonts.googleapis" not in page(site, "/")


def test_no_page_per_agency(site: Path) -> None:
    pages = list(site.rglob("index.html"))
    assert not any("91310106MA1FL3R23H" in str(p) for p in pages)
    assert len(pages) < 80, "the directory is searched from shards, not one page per agency"


# --- the credit lists -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("list_code", "path"),
    [
        ("serious_dishonest", "/credit/serious-dishonest/"),
        ("abnormal_operation", "/credit/abnormal-operation/"),
    ],
)
def test_credit_list_names_each_listed_agency_with_reason_and_dates(
    site: Path, list_code: str, path: str
) -> None:
    names = agency_names()
    text = text_of(page(site, path))
    current, removed = text.split("近一年移出", 1)
    entries = [r for r in fixture_rows("listings.csv") if r["list"] == list_code]
    assert entries
    year_ago = (TODAY - timedelta(days=365)).isoformat()
    for row in entries:
        if row["subject_id"] not in names:
            continue
        name = names[row["subject_id"]]
        if not row["removed_on"]:
            assert name in current, f"{name} is not listed as current on {path}"
            for value in (row["reason"], row["listed_on"], row["decision_no"]):
                assert value in current, f"{value!r} is missing for {name} on {path}"
        elif row["removed_on"] >= year_ago:
            assert name in removed and row["removed_on"] in removed
        else:  # removed over a year ago: no longer shown at all
            assert name not in text
    assert "2026-06-01" in text, "the list does not say as of when"


def test_revoked_and_suspended_lists_follow_status(site: Path) -> None:
    names = agency_names()
    revoked = text_of(page(site, "/credit/revoked/"))
    suspended = text_of(page(site, "/credit/suspended/"))
    assert names["91310113MA1N8W2Y1K"] in revoked  # 蓝桥: revoked
    assert names["91310115MA1U3N5P15"] in suspended  # 恒远: suspended until 2026-12-31
    assert "2026-12-31" in suspended
    # 嘉禾's suspension ended on 2026-03-31: no longer in the period.
    period = suspended.split("已期满")[0] if "已期满" in suspended else suspended
    assert names["91310112MA1W8Q2R62"] not in period


def test_registry_text_is_escaped_never_markup(site: Path) -> None:
    boyuan = "上海<b>博远</b>专利代理有限公司"
    found = [p for p in site.rglob("*.html") if "博远" in p.read_text(encoding="utf-8")]
    assert found, "the agency with HTML in its name is on no page"
    for path in found:
        markup = path.read_text(encoding="utf-8")
        assert "<b>博远" not in markup, f"{path.relative_to(site)} renders the name as HTML"
        assert html.escape(boyuan, quote=False) in markup or "&lt;b&gt;博远" in markup


def test_statistics_draw_charts_with_the_numbers_beside_them(site: Path) -> None:
    markup = page(site, "/stats/")
    charts = re.findall(r'<svg class="lt-bars"[^>]*role="img"', markup)
    tables = re.findall(r'<div class="lt-chart".*?<table>', markup, re.S)
    assert len(charts) >= 5 and len(tables) == len(charts)
    grades = re.search(r'id="grades".*?</table>', markup, re.S)
    assert grades and '<th scope="row">A</th>' in grades.group(0)


def test_data_page_gives_source_as_of_and_the_demo_flag(site: Path) -> None:
    meta = json.loads((BUNDLE / "meta.json").read_text(encoding="utf-8"))
    text = text_of(page(site, "/data/"))
    assert meta["source"] in text and meta["as_of"] in text
    assert "虚构" in text  # the fixture bundle is flagged fictional
    assert "示例数据（虚构）" in page(site, "/")  # and every page says so in its banner


# --- the typical cases ----------------------------------------------------------------------


def test_drafts_and_future_cases_are_held_back_until_their_day(
    registry: sqlite_utils.Database, site: Path, tmp_path: Path
) -> None:
    posts = read_posts(ROOT / "content")
    future = [p for p in posts if p.draft is None and p.date > TODAY]
    drafts = [p for p in posts if p.draft]
    assert future and drafts, "content/cases/posts needs a draft and a future-dated case"
    feed = (site / "feed_rss_created.xml").read_text(encoding="utf-8")
    for post in future + drafts:
        assert post.title not in feed
    later = tmp_path / "later"
    build_site(registry, later, today=future[0].date)
    later_feed = (later / "feed_rss_created.xml").read_text(encoding="utf-8")
    assert future[0].title in later_feed, "a case dated for 4·26 appears once that day comes"
    assert all(post.title not in later_feed for post in drafts), "a draft is never published"


def test_a_case_with_an_unknown_category_fails_the_build(
    registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    for name in ("content", "site"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "content" / "cases" / "posts" / "2026-01-01-bad.md").write_text(
        "---\ndate: 2026-01-01\ncategories:\n  - not_a_code\n---\n\n# 示例\n\n正文。\n",
        encoding="utf-8",
    )
    with pytest.raises(SiteBuildFailed, match="not_a_code"):
        build_site(registry, tmp_path / "out", today=TODAY, project=project)


def test_home_page_links_the_bot_and_the_latest_cases(site: Path) -> None:
    markup = page(site, "/")
    assert "https://t.me/lantian_test_bot?start=report" in markup
    published = [p for p in read_posts(ROOT / "content") if p.published(TODAY)]
    assert html.escape(published[0].title, quote=False) in markup


# --- the directory search answers as the bot ------------------------------------------------


def search_in_node(site: Path, queries: list[str]) -> list[dict[str, Any]]:
    output = subprocess.run(
        ["node", str(SEARCH_TOOL), str(site), "--json", json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    results: list[dict[str, Any]] = json.loads(output)["results"]
    return results


def needs_node() -> None:
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the directory's script: run `make browser-deps`")


DIRECTORY_QUERIES = [pytest.param(c.values[0], id=c.id) for c in [*CASES, *PASTED]]


@pytest.fixture(scope="module")
def directory_answers(site: Path) -> dict[str, dict[str, Any]]:
    needs_node()
    queries = [case.values[0] for case in DIRECTORY_QUERIES]
    return dict(zip(queries, search_in_node(site, queries), strict=True))


def sites_view(answer: dict[str, Any]) -> dict[str, Any]:
    view = dict(answer["view"])
    del view["query"]
    return view


@pytest.mark.parametrize("query", DIRECTORY_QUERIES)
def test_directory_search_gives_the_bots_verdict(
    registry: sqlite_utils.Database, directory_answers: dict[str, dict[str, Any]], query: str
) -> None:
    """Level, match, candidates in order, every row (a practitioner's agency too), reasons."""
    bot = check(registry, query, today=TODAY)
    site = directory_answers[query]
    assert (site["level"], site["match"]) == (bot.level, bot.match.id if bot.match else None)
    assert [c["id"] for c in site["candidates"]] == [c.subject.id for c in bot.candidates]
    assert sites_view(site) == bot_view(bot)


def test_the_search_boxes_suggest_examples_the_registry_holds(
    registry: sqlite_utils.Database, site: Path
) -> None:
    """The examples under the search box find a record: a name, its USCC and its phone."""
    meta = json.loads((site / "assets" / "directory" / "meta.json").read_text(encoding="utf-8"))
    assert len(meta["examples"]) == 3
    for example in meta["examples"]:
        verdict = check(registry, example, today=TODAY)
        assert verdict.match is not None, f"the example {example!r} finds nothing"
    for path in ("/", "/directory/"):
        assert "data-lantian-examples" in page(site, path), f"{path} offers no examples"


def test_a_query_of_only_very_common_words_gets_the_bots_candidates(
    registry: sqlite_utils.Database, tmp_path: Path
) -> None:
    """ "示例" on the demo: every gram of the query is too common to index (a stop gram).

    Shards written with a low stop threshold make most grams of the fixture's names stop
    grams; the page must still offer, for each, the records the bot offers."""
    needs_node()
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "site" / "assets" / "directory.js", site / "assets" / "directory.js")
    loaded = load_registry(registry, today=TODAY)
    write_shards(
        loaded.agencies + loaded.practitioners,
        loaded.data,
        site / "assets" / "directory",
        today=TODAY,
        common_answer=bot_candidates(registry),
        stop_postings=3,
    )
    folder = site / "assets" / "directory"
    kept = [key for path in folder.glob("g/*.json") for key in json.loads(path.read_bytes())]
    queries = sorted(key[1:] for key in kept if key.startswith("!"))
    assert len(queries) >= 10, "the threshold leaves too few common words to test"
    for query, answer in zip(queries, search_in_node(site, queries), strict=True):
        bot = check(registry, query, today=TODAY)
        assert [c["id"] for c in answer["candidates"]] == [c.subject.id for c in bot.candidates]
        assert answer["headline"] == bot.headline("zh")


def test_a_directory_search_fetches_a_few_small_files(
    directory_answers: dict[str, dict[str, Any]],
) -> None:
    for query, answer in directory_answers.items():
        files = answer["fetched"]
        assert len(files) <= 40, f"{query[:20]!r} fetched {len(files)} files"


# --- the command ----------------------------------------------------------------------------


def test_lantian_site_build_prints_what_it_built(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "lantian.db"
    args = ["--db", str(db), "--today", "2026-06-01"]
    imported = runner.invoke(cli, ["registry", "import", str(BUNDLE), *args])
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "site"
    result = runner.invoke(cli, ["site", "build", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "网站已生成" in result.output and "34 家机构" in result.output
    assert (out / "directory" / "index.html").is_file()


def test_lantian_site_build_on_an_empty_registry_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["site", "build", "--db", str(tmp_path / "empty.db"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "lantian registry demo" in result.output


def test_statistics_chart_the_reports_queue_from_the_desks_figures(tmp_path: Path) -> None:
    from tests.desk_queue import known_queue, queue_db

    db = queue_db(tmp_path / "queue.db")
    known_queue(db)
    build_site(db, tmp_path / "out", today=date(2023, 12, 31))
    markup = (tmp_path / "out" / "stats" / "index.html").read_text(encoding="utf-8")
    for chart in ("reports-category", "reports-district", "reports-state", "reports-outcome"):
        assert f'id="{chart}"' in markup, chart
    assert "共收到 10 件" in markup
    outcome = re.search(r'id="reports-outcome".*?</table>', markup, re.S)
    assert outcome and '<th scope="row">属实</th><td>1</td>' in outcome.group(0)
    assert "举报人甲乙丙" not in markup


def test_the_site_server_sends_text_gzipped_to_a_browser_that_accepts_it(site: Path) -> None:
    import gzip
    import urllib.request

    from bot.site.serve import SiteServer

    home = (site / "index.html").read_bytes()
    with SiteServer(site) as server:
        asked = urllib.request.Request(server.url("/"), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked, timeout=5) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()) == home
        with urllib.request.urlopen(server.url("/?find=x"), timeout=5) as plain:
            assert plain.headers.get("Content-Encoding") is None and plain.read() == home
        shard = urllib.request.Request(
            server.url("/assets/directory/meta.json"), headers={"Accept-Encoding": "gzip, br"}
        )
        with urllib.request.urlopen(shard, timeout=5) as response:
            meta = json.loads(gzip.decompress(response.read()))
            assert meta["as_of"] == "2026-06-01"
