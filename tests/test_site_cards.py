"""The card tables the site writes as HTML read as their Markdown did (bot/site/markdown.py).

`cards` writes a district's list as the HTML Python-Markdown makes of `cards_markdown`, to
spare mkdocs the inline processing of thousands of cells; a visitor, and the hostile-text
tests, must not be able to tell the difference.
"""

from __future__ import annotations

import importlib.util
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import markdown
import pytest

from bot.site import build
from bot.site.markdown import Link, cards, cards_markdown
from tests.test_hostile_text import MARKUP

# The extensions of mkdocs.yml a card table goes through.
EXTENSIONS = ["tables", "attr_list", "md_in_html"]
HEADERS = ["名称", "统一社会信用代码", "电话"]


class _Tree(HTMLParser):
    """Tags with their attributes and the text between them, entities read: what a browser
    shows, whatever the spelling (`&#58;` or `:`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append(("<", tag, *sorted(f"{k}={v}" for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.items.append(("</", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.items.append(("text", data.strip()))


def read(html: str) -> list[tuple[str, ...]]:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.items


def rendered(text: str) -> list[tuple[str, ...]]:
    return read(markdown.markdown(text, extensions=EXTENSIONS))


def test_cards_in_html_read_as_the_markdown_table_did() -> None:
    rows: list[list[object]] = [
        ["上海A&B示例专利代理有限公司", "91310101MALU3RHA21", "021-64866488"],
        ["上海示例（普通合伙）", None, ""],
        [": 冒号开头", "= 等号", "~ 波浪"],
        ["# 标题?", "1. 列表?", "- 列表?"],
        ["多行\n文字\t与  空格 ", "a*b_c`d|e\\f", "[x](javascript:alert(1))"],
        *([m, m[::-1], m.upper()] for m in MARKUP),
    ]
    html = cards(HEADERS, rows)  # type: ignore[arg-type]
    assert 'class="lt-cards" markdown' not in html  # the HTML form was written
    assert rendered(html) == rendered(cards_markdown(HEADERS, rows))  # type: ignore[arg-type]


def test_codes_and_phones_stay_on_one_line_in_the_html_too() -> None:
    html = cards(HEADERS, [["上海示例", "91310101MALU3RHA21", "021-64866488；13800000000"]])
    assert '<td class="lt-unbroken" data-label="统一社会信用代码：">91310101MALU3RHA21</td>' in html
    assert '<td data-label="名称：">上海示例</td>' in html


def test_a_table_with_a_link_stays_markdown_so_mkdocs_checks_the_link() -> None:
    table = cards(HEADERS, [[Link("黄浦", "huangpu/index.md"), 3, 4]])
    assert table == cards_markdown(HEADERS, [[Link("黄浦", "huangpu/index.md"), 3, 4]])
    assert "(huangpu/index.md)" in table


def _hook() -> ModuleType:
    """site/hooks/lantian.py, as mkdocs loads it (by path: it is no package's module)."""
    path = Path(__file__).resolve().parents[1] / "site" / "hooks" / "lantian.py"
    spec = importlib.util.spec_from_file_location("lantian_hook", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_card_tables_set_aside_from_markdown_come_back_in_the_finished_page_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cards(HEADERS, [["上海A&B示例", "91310101MALU3RHA21", "021-64866488"]])
    second = cards(HEADERS, [["<!-- lantian:cards 1 -->", None, "</table>\n</div>"]])
    page = f"# 名录\n\n前文\n\n{first}\n中间\n\n{second}\n[后文](x.md)\n"
    docs, aside = tmp_path / "docs", tmp_path / "cards"
    docs.mkdir()
    build._write_pages(docs, {"d/index.md": page}, cards=aside)
    written = (docs / "d" / "index.md").read_text(encoding="utf-8")
    assert "<table>" not in written and sorted(p.name for p in aside.iterdir()) == [
        "1.html",
        "2.html",
    ]
    monkeypatch.setenv("LANTIAN_SITE_CARDS", str(aside))
    finished = _hook().on_post_page(markdown.markdown(written, extensions=EXTENSIONS))
    assert finished == markdown.markdown(page, extensions=EXTENSIONS)
