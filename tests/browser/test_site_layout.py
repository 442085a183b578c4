"""The site as a visitor sees it at a laptop's 1366 px and a phone's 412 px: wide tables get the
page's width, read as cards on a phone, and no chart prints its words too small to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.harness import BrowserPage

WIDE_PAGES = ["/credit/revoked/", "/credit/serious-dishonest/", "/directory/jingan/"]


def at_width(page: BrowserPage, width: int, path: str) -> None:
    page.driver.set_window_size(width, 900)
    page.open(path)


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
        const table = document.querySelector('.md-typeset table[data-lt-cards]');
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


@pytest.mark.parametrize("path", WIDE_PAGES)
def test_on_a_phone_every_cell_is_in_view_with_its_column_name(
    page: BrowserPage, path: str
) -> None:
    at_width(page, 412, path)
    measured = page.js(
        """
        const vw = document.documentElement.clientWidth;
        const all = (selector) => Array.from(document.querySelectorAll(selector));
        const cells = all('.md-typeset table[data-lt-cards] td');
        const wraps = all('.md-typeset__scrollwrap, .md-typeset__table');
        return {cells: cells.length,
                outside: cells.filter(td => td.getBoundingClientRect().right > vw + 0.5).length,
                unlabelled: cells.filter(
                    td => !getComputedStyle(td, '::before').content.includes('：')).length,
                scrolling: wraps.filter(w => w.scrollWidth > w.clientWidth + 1).length};
        """
    )
    assert measured["cells"] > 0, measured
    assert measured["outside"] == 0 and measured["scrolling"] == 0, measured
    assert measured["unlabelled"] == 0, measured


def test_no_chart_text_is_smaller_than_12_px_on_a_phone(page: BrowserPage) -> None:
    at_width(page, 412, "/stats/")
    sizes = page.js(
        """
        // the font size as drawn: the text's own size times the drawing's scale on screen
        return Array.from(document.querySelectorAll('.lt-bars text'))
          .filter(t => t.getBoundingClientRect().width > 0)
          .map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a);
        """
    )
    assert all(size >= 12 for size in sizes), sorted(sizes)[:5]
    tables = page.js("return document.querySelectorAll('.lt-chart table').length")
    assert tables > 0  # the numbers are there to read


def test_the_staff_guide_is_not_published(page: BrowserPage, site_dir: Path) -> None:
    at_width(page, 1366, "/")
    assert not (site_dir / "staff").exists()
    assert "工作人员" not in page.js("return document.querySelector('.md-tabs').textContent")
