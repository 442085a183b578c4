"""The site as a visitor sees it at a laptop's 1366 px and a phone's 412 px: wide tables get the
page's width, read as cards on a phone (with JavaScript or without), and every chart is drawn on
a phone with its words at 12 px or more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PageFactory
from tests.browser.harness import BrowserPage, StaticServer

WIDE_PAGES = ["/credit/revoked/", "/credit/serious-dishonest/", "/directory/jingan/"]
# Every cell of a card in view and labelled; nothing scrolls sideways, neither the page nor a
# table (Material lets a wide table scroll inside itself) nor its wrapper.
PHONE_CARDS = """
    const vw = document.documentElement.clientWidth;
    const all = (selector) => Array.from(document.querySelectorAll(selector));
    const cells = all('.md-typeset .lt-cards td');
    const boxes = all('.md-typeset__scrollwrap, .md-typeset__table, .md-typeset table');
    const shown = (td) => {
      const r = td.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.left >= -0.5 && r.right <= vw + 0.5;
    };
    return {cells: cells.length,
            hidden: cells.filter(td => !shown(td)).length,
            labels: cells.map(td => getComputedStyle(td, '::before').content),
            pageScroll: document.documentElement.scrollWidth - vw,
            scrolling: boxes.filter(b => b.scrollWidth > b.clientWidth + 1).length,
            scripted: all('.md-typeset__scrollwrap').length};
"""


def at_width(page: BrowserPage, width: int, path: str) -> None:
    page.driver.set_window_size(width, 900)
    page.open(path)


@pytest.fixture
def page_without_js(new_page: PageFactory, site_server: StaticServer) -> BrowserPage:
    """A Chromium that runs none of the site's scripts, as with JavaScript turned off."""
    return new_page(site_server, javascript=False)


@pytest.mark.parametrize("path", WIDE_PAGES)
def test_a_wide_table_gets_the_width_of_a_laptop_screen(page: BrowserPage, path: str) -> None:
    at_width(page, 1366, path)
    measured = page.js(
        """
        const lines = (node) => {
          const range = document.createRange();
          range.selectNodeContents(node);
          return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
        };
        const table = document.querySelector('.md-typeset .lt-cards table');
        const codes = Array.from(table.querySelectorAll('td.lt-unbroken'));
        return {width: table.getBoundingClientRect().width,
                nameLines: lines(table.querySelector('tbody td')),
                brokenCodes: codes.filter((td) => lines(td) > 1).length,
                codes: codes.length};
        """
    )
    assert measured["width"] >= 1000, measured  # was 688 px beside a two-entry contents list
    assert measured["nameLines"] == 1, measured
    assert measured["codes"] > 0 and measured["brokenCodes"] == 0, measured


def _assert_cards(measured: dict[str, Any]) -> None:
    assert measured["cells"] > 0, measured
    assert measured["hidden"] == 0, measured
    assert measured["pageScroll"] <= 0 and measured["scrolling"] == 0, measured
    assert all("：" in label for label in measured["labels"]), measured["labels"]


@pytest.mark.parametrize("path", WIDE_PAGES)
def test_on_a_phone_every_cell_is_in_view_with_its_column_name(
    page: BrowserPage, path: str
) -> None:
    at_width(page, 412, path)
    _assert_cards(page.js(PHONE_CARDS))


@pytest.mark.parametrize("path", ["/credit/revoked/", "/credit/serious-dishonest/"])
def test_on_a_phone_without_javascript_a_credit_list_reads_as_cards(
    page_without_js: BrowserPage, path: str
) -> None:
    at_width(page_without_js, 412, path)
    measured = page_without_js.js(PHONE_CARDS)
    assert measured["scripted"] == 0, "Material's scripts ran: JavaScript was not off"
    _assert_cards(measured)
    # The reason and the decision's number are read in place, each under its name.
    assert any("原因" in label for label in measured["labels"])
    assert any("文号" in label for label in measured["labels"])


def test_every_chart_is_drawn_on_a_phone_with_words_of_12_px_or_more(page: BrowserPage) -> None:
    at_width(page, 412, "/stats/")
    measured = page.js(
        """
        const vw = document.documentElement.clientWidth;
        const charts = Array.from(document.querySelectorAll('.lt-chart'));
        const drawn = charts.filter(c => {
          const r = c.querySelector('svg.lt-bars').getBoundingClientRect();
          return r.width > 200 && r.height > 0 && r.right <= vw + 0.5;
        });
        // the font size as drawn: the text's own size times the drawing's scale on screen
        const sizes = Array.from(document.querySelectorAll('.lt-bars text'))
          .filter(t => t.getBoundingClientRect().width > 0)
          .map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a);
        return {charts: charts.length, drawn: drawn.length, sizes: sizes,
                tables: document.querySelectorAll('.lt-chart table').length};
        """
    )
    assert measured["charts"] >= 5 and measured["drawn"] == measured["charts"], measured
    assert measured["sizes"] and min(measured["sizes"]) >= 12, sorted(measured["sizes"])[:5]
    assert measured["tables"] == measured["charts"]  # the numbers are there to read


def test_the_staff_guide_is_not_published(page: BrowserPage, site_dir: Path) -> None:
    at_width(page, 1366, "/")
    assert not (site_dir / "staff").exists()
    assert "工作人员" not in page.js("return document.querySelector('.md-tabs').textContent")
