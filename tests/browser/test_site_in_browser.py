"""The built site in a real headless Chromium, served on 127.0.0.1 (issue: browser tests).

The site is built once per session from the fixture registry (`conftest.py`). Every test that
uses `page` also fails if the browser logged a console error or sent a request off 127.0.0.1.
Pages are found in the built tree: `TEMPLATES` maps each page template to the path pattern of
the page that stands for it; when the site's layout changes, that table is the one to update.
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import sqlite_utils
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from bot.check import check
from bot.registry.importer import import_path
from bot.words.verdict import LEVELS
from tests.browser.conftest import FIXTURE_BUNDLE, TODAY
from tests.browser.harness import BrowserPage, StaticServer, describe_violations

AGENCY = "上海华岳知识产权代理有限公司"
AGENCY_USCC = "91310106MA1FL3R23H"
AGENCY_PHONE = "021-61234567"
AGENCY_LEVEL = "ok"  # active, grade A
LOOKALIKE = "上海华悦知识产权代理有限公司"  # sounds like 华岳: the bot offers several records
BLOG = "/cases/"
BLOG_NON_POSTS = re.compile(r"/cases/((archive|category|page|tags?)/.*)?")

# Page template -> the path pattern (fullmatch) of the page tested for it, after mkdocs.yml's
# nav; the first built page in path order that matches is used.
TEMPLATES: dict[str, str] = {
    "home": r"/",
    "content page": r"/campaign/",
    "directory": r"/directory/",
    "credit list": r"/credit/serious-dishonest/",
    "blog index": BLOG,
    "blog post": r"/cases/(?!archive/|category/|page/|tags?/).+/",
    "statistics": r"/stats/",
    "data": r"/data/",
}


def built_pages(root: Path) -> list[str]:
    """The URL path of every page in a built site (directory URLs, as mkdocs writes them)."""
    pages = []
    for index in root.rglob("index.html"):
        rel = index.parent.relative_to(root).as_posix()
        if rel.split("/")[0] not in {"assets", "search"}:
            pages.append("/" if rel == "." else f"/{rel}/")
    return sorted(pages)


def template_path(root: Path, template: str) -> str:
    pages = built_pages(root)
    found = [p for p in pages if re.fullmatch(TEMPLATES[template], p)]
    if not found:
        listing = "\n  ".join(pages)
        raise AssertionError(
            f"no built page stands for the {template!r} template ({TEMPLATES[template]!r}); "
            f"update TEMPLATES in {Path(__file__).name}. Built pages:\n  {listing}"
        )
    return found[0]


def heading(root: Path, path: str) -> str:
    """The text of a built page's <h1>."""
    text = (root / unquote(path).lstrip("/") / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    assert match, f"{path} has no <h1>"
    inner = re.sub(r'<a class="headerlink".*?</a>', "", match.group(1), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def clean(text: str) -> str:
    """Text as a reader sees it: Material's search puts zero-width spaces between words."""
    return re.sub(r"[\u200b\s]+", "", text)


@dataclass
class Posts:
    published: dict[str, str]  # path -> title
    drafts: dict[str, str]


@pytest.fixture(scope="module")
def posts(site_dir: Path, site_with_drafts_dir: Path) -> Posts:
    """Blog posts of the published site; drafts are the posts only the drafts build has."""

    def post_paths(root: Path) -> set[str]:
        return {
            p for p in built_pages(root) if p.startswith(BLOG) and not BLOG_NON_POSTS.fullmatch(p)
        }

    published = post_paths(site_dir)
    drafts = post_paths(site_with_drafts_dir) - published
    assert published, f"the site has no published case under {BLOG}"
    assert drafts, (
        "build_site(drafts=True) adds no post over the published build: either the content has "
        "no draft case (add one, so 'a draft is not listed' means something) or drafts=False "
        "publishes drafts too"
    )
    return Posts(
        published={p: heading(site_dir, p) for p in sorted(published)},
        drafts={p: heading(site_with_drafts_dir, p) for p in sorted(drafts)},
    )


def http_status(server: StaticServer, path: str) -> int:
    try:
        with urllib.request.urlopen(server.url(path), timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


# --- home page -----------------------------------------------------------------------------


def test_home_page_renders_with_no_console_error_and_nothing_off_127(page: BrowserPage) -> None:
    page.open("/")
    assert page.driver.title.strip(), "the home page has no <title>"
    assert page.driver.find_element(By.TAG_NAME, "h1").is_displayed()
    assert page.outside_requests() == []
    assert page.console_errors == []
    local_assets = [u for u in page.requests if re.search(r"/assets/.+\.(css|js)", u)]
    assert local_assets, f"no stylesheet or script came from the site: {page.requests}"


# --- Material's search ---------------------------------------------------------------------


def test_site_search_finds_patent_agency(page: BrowserPage) -> None:
    page.open("/")
    box = page.driver.find_element(By.CSS_SELECTOR, 'form[name="search"] input[name="query"]')
    assert box.accessible_name, "the search box has no accessible name"
    box.click()
    box.send_keys("专利代理")
    # Read in one script call: the results are re-rendered while the query settles, which
    # would leave element handles stale.
    read = (
        "return [...document.querySelectorAll('.md-search-result__item')].map(e => e.textContent)"
    )
    # wait_for fails the test when no result mentions the words within its timeout.
    page.wait_for(
        lambda d: [t for t in map(clean, d.execute_script(read)) if "专利代理" in t],
        "a search result that mentions 专利代理",
    )


# --- the directory -------------------------------------------------------------------------

# site/assets/directory.js starts on every form[data-lantian-directory]: it searches on submit
# and writes the verdict (p.lt-verdict with span.lt-level--<level>) and the matched record into
# the aria-live element named by the form's data-results.
DIRECTORY_FORM = "form[data-lantian-directory]"


def ask(page: BrowserPage, path: str, query: str) -> WebElement:
    """Type a query into the page's check form and wait for the answer; the results element."""
    page.open(path)
    form = page.driver.find_element(By.CSS_SELECTOR, DIRECTORY_FORM)
    box = form.find_element(By.CSS_SELECTOR, "input[type=search]")
    assert box.accessible_name, f"the search box of {path} has no label"
    results = page.driver.find_element(By.ID, form.get_attribute("data-results") or "")
    assert results.get_attribute("aria-live"), f"the results of {path} are not a live region"
    box.send_keys(query, Keys.ENTER)
    page.wait_for(
        lambda _: (
            results.find_elements(By.CSS_SELECTOR, ".lt-verdict")
            and results.get_attribute("aria-busy") is None
        ),
        f"the answer to {query!r} on {path}",
    )
    return results


@pytest.mark.parametrize("path", ["/directory/", "/"], ids=["directory", "home"])
@pytest.mark.parametrize(
    "query", [AGENCY, AGENCY_USCC, AGENCY_PHONE], ids=["by-name", "by-uscc", "by-phone"]
)
def test_directory_finds_the_agency_and_shows_its_level(
    page: BrowserPage, path: str, query: str
) -> None:
    results = ask(page, path, query)
    assert urlsplit(page.driver.current_url).path == path, "the answer is not on the same page"
    text = results.text
    assert AGENCY in text and AGENCY_USCC in text, f"{query!r} did not find {AGENCY}: {text!r}"
    badge = results.find_element(By.CSS_SELECTOR, ".lt-verdict .lt-level")
    symbol, word, _ = LEVELS[AGENCY_LEVEL]
    assert f"lt-level--{AGENCY_LEVEL}" in (badge.get_attribute("class") or "").split()
    assert badge.text == f"{symbol} {word}", f"the level shown for {query!r}: {badge.text!r}"


@pytest.mark.parametrize("path", ["/directory/", "/"], ids=["directory", "home"])
def test_an_example_under_the_search_box_finds_a_record(page: BrowserPage, path: str) -> None:
    page.open(path)
    form = page.driver.find_element(By.CSS_SELECTOR, DIRECTORY_FORM)
    results = page.driver.find_element(By.ID, form.get_attribute("data-results") or "")
    examples = page.wait_for(
        lambda _: form.find_elements(By.CSS_SELECTOR, "[data-lantian-examples] button"),
        f"the examples under the search box of {path}",
    )
    examples[0].click()
    page.wait_for(
        lambda _: results.find_elements(By.CSS_SELECTOR, ".lt-record"),
        f"the record the first example of {path} finds",
    )


def test_the_home_page_offers_the_bots_candidates_for_a_lookalike_name(
    page: BrowserPage, fresh_db: sqlite_utils.Database
) -> None:
    """A clone's name typed on the home page: no ✅, and the records the bot offers, in order."""
    import_path(fresh_db, FIXTURE_BUNDLE, today=TODAY)
    bot = check(fresh_db, LOOKALIKE, today=TODAY)
    assert bot.match is None and len(bot.candidates) > 1, "the query no longer tests lookalikes"
    results = ask(page, "/", LOOKALIKE)
    badge = results.find_element(By.CSS_SELECTOR, ".lt-verdict .lt-level")
    assert f"lt-level--{bot.level}" in (badge.get_attribute("class") or "").split()
    shown = [item.text for item in results.find_elements(By.CSS_SELECTOR, ".lt-candidates > li")]
    assert len(shown) == len(bot.candidates), shown
    for text, candidate in zip(shown, bot.candidates, strict=True):
        assert candidate.subject.name in text and candidate.subject.id in text


# --- cases: the blog index and the RSS feed ------------------------------------------------


def test_cases_page_lists_a_published_case_and_no_draft(
    page: BrowserPage, posts: Posts, site_server: StaticServer
) -> None:
    page.open(BLOG)
    links = page.js(
        "return [...(document.querySelector('article') || document.body).querySelectorAll('a')]"
        ".map(a => [new URL(a.href, location.href).pathname, a.textContent])"
    )
    paths = {unquote(path) for path, _ in links}
    text = clean(page.driver.find_element(By.TAG_NAME, "body").text)
    listed = [p for p, title in posts.published.items() if p in paths and clean(title) in text]
    assert listed, f"{BLOG} lists none of the published cases {list(posts.published.values())}"
    assert not page.driver.find_elements(By.CSS_SELECTOR, ".md-draft"), f"{BLOG} shows a draft"
    for path, title in posts.drafts.items():
        assert path not in paths, f"{BLOG} links to the draft {path}"
        assert clean(title) not in text, f"{BLOG} shows the draft's title {title!r}"
        assert http_status(site_server, path) == 404, f"the draft {path} was published"


def find_feed(root: Path) -> str:
    """The RSS feed's path: the one the home page advertises, else the file the build wrote."""
    home = (root / "index.html").read_text(encoding="utf-8")
    for tag in re.findall(r"<link\b[^>]*>", home):
        if "application/rss+xml" in tag and (href := re.search(r'href="([^"]+)"', tag)):
            return "/" + urlsplit(html.unescape(href.group(1))).path.lstrip("/")
    for name in ("feed_rss_created.xml", "rss.xml", "feed.xml"):
        if (root / name).is_file():
            return f"/{name}"
    raise AssertionError(f"no RSS feed: the home page links none and {root} holds none")


def test_rss_feed_lists_a_published_case_and_no_draft(
    site_dir: Path, site_server: StaticServer, posts: Posts
) -> None:
    feed = find_feed(site_dir)
    with urllib.request.urlopen(site_server.url(feed), timeout=5) as response:
        channel = ET.fromstring(response.read()).find("channel")
    assert channel is not None, f"{feed} is not RSS"
    items = [
        (item.findtext("title", ""), unquote(urlsplit(item.findtext("link", "")).path))
        for item in channel.iter("item")
    ]
    titles = {clean(title) for title, _ in items}
    links = {link for _, link in items}
    published = [p for p, t in posts.published.items() if p in links or clean(t) in titles]
    assert published, f"{feed} lists none of the published cases: {items}"
    for path, title in posts.drafts.items():
        assert path not in links and clean(title) not in titles, f"{feed} lists the draft {path}"


# --- accessibility -------------------------------------------------------------------------


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_axe_finds_no_violation(page: BrowserPage, site_dir: Path, template: str) -> None:
    path = template_path(site_dir, template)
    page.open(path)
    if violations := page.axe():
        pytest.fail(describe_violations(f"{path} ({template})", violations), pytrace=False)
