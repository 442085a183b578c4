"""Fixtures for real-browser tests: the built site, a 127.0.0.1 server, a watched Chromium.

`page` is a headless Chromium on the built site. After a test that used it passes, the test
still fails if the browser logged a console error or sent any request off 127.0.0.1 (see
`pytest_runtest_call`); a test that provokes errors on purpose calls `page.forget()`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Generator, Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.registry.database import open_database
from bot.registry.importer import import_path
from tests.browser.harness import BrowserPage, StaticServer, start_chromium

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_BUNDLE = ROOT / "tests" / "fixtures" / "check_bundle"
TODAY = date(2026, 6, 1)  # the fixture registry's as_of
BOT_USERNAME = "lantian_test_bot"

PageFactory = Callable[..., BrowserPage]  # (server, *, javascript=True)


def _site_builder_exists() -> bool:
    try:
        return importlib.util.find_spec("bot.site.build") is not None
    except ModuleNotFoundError:  # no bot.site at all
        return False


def _build(factory: pytest.TempPathFactory, *, drafts: bool) -> Path:
    """The whole static site, built from the fixture registry into a fresh folder."""
    if not _site_builder_exists():
        pytest.skip("bot.site.build is not written yet: these tests need its build_site()")
    from bot.site.build import build_site

    folder = factory.mktemp("site-with-drafts" if drafts else "site")
    db = open_database(folder / "registry.db")
    try:
        import_path(db, FIXTURE_BUNDLE, today=TODAY)
        out = folder / "out"
        build_site(db, out, today=TODAY, bot_username=BOT_USERNAME, drafts=drafts)
    finally:
        db.close()
    assert (out / "index.html").is_file(), f"build_site wrote no index.html into {out}"
    return out


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as published: drafts left out."""
    return _build(tmp_path_factory, drafts=False)


@pytest.fixture(scope="session")
def site_with_drafts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with drafts in: what it adds over `site_dir` are the drafts."""
    return _build(tmp_path_factory, drafts=True)


@pytest.fixture(scope="session")
def site_server(site_dir: Path) -> Iterator[StaticServer]:
    with StaticServer(site_dir) as server:
        yield server


@pytest.fixture
def new_page(tmp_path: Path) -> Iterator[PageFactory]:
    """Start a Chromium (fresh profile each) pointed at a server; all are closed afterwards."""
    pages: list[BrowserPage] = []

    def start(server: StaticServer, *, javascript: bool = True) -> BrowserPage:
        profile = tmp_path / f"chromium-profile-{len(pages)}"
        profile.mkdir()
        pages.append(BrowserPage(start_chromium(profile, javascript=javascript), server))
        return pages[-1]

    yield start
    for page in pages:
        page.driver.quit()


@pytest.fixture
def page(new_page: PageFactory, site_server: StaticServer) -> BrowserPage:
    """A Chromium on the built site, checked for console errors and outside requests."""
    return new_page(site_server)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    result = yield  # a test that failed on its own re-raises here, unchecked
    page = getattr(item, "funcargs", {}).get("page")
    if isinstance(page, BrowserPage) and (problems := page.problems()):
        raise AssertionError("the browser saw:\n" + "\n".join(problems))
    return result
