"""The site's registry changes page and its RSS feed, over the real importer and the real build.

Three imports in sequence (tests/bundles.py) make a revocation, a listing and a delisting, a
lowered grade, a first grade of D and sanctions, beside changes that are not shown (a higher
grade, a grade no longer given, a new name, a practitioner no longer practising, an agency
outside Shanghai) and an agency nothing happened to. The site is built twice: after the second
import and after the third, so the feed's item ids can be compared across builds.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.registry.reader import RegistryChange
from bot.registry.validate import uscc_check_char
from bot.site import build_site, registry_changes
from bot.site import markdown as md
from bot.site.context import load
from bot.site.registry_changes import DEFAULT_ADDRESS, Shown, describe, feed
from tests.bundles import USCC_A, USCC_B, USCC_C, agency, write_bundle

ROOT = Path(__file__).resolve().parent.parent
FIRST, SECOND, THIRD = date(2026, 6, 1), date(2026, 6, 10), date(2026, 6, 20)
ADDRESS = "https://example.org/lantian/"


def uscc(first17: str) -> str:
    check = uscc_check_char(first17)
    assert check is not None
    return first17 + check


HOSTILE_USCC = uscc("91310101MA1XY0001")
UNTOUCHED_USCC = uscc("91310101MA1XY0002")
UNGRADED_USCC = uscc("91310101MA1XY0003")
FIRST_D_USCC = uscc("91310101MA1XY0004")
BEIJING_USCC = uscc("91110105MA1XY0005")
# Everything a feed must escape, and what XML 1.0 cannot hold at all (U+FFFE: left out).
HOSTILE = "上海<b>&amp;]]>😀\ufffe示例知识产权代理有限公司"
HOSTILE_AUTHORITY = "<局>&]]>"
NAMES = {
    USCC_A: "上海青禾示例知识产权代理有限公司",
    USCC_B: "上海乙示例知识产权代理有限公司",
    USCC_C: "上海丙示例专利代理事务所",
    HOSTILE_USCC: HOSTILE,
    UNTOUCHED_USCC: "上海未变示例知识产权代理有限公司",
    UNGRADED_USCC: "上海无级示例知识产权代理有限公司",
    FIRST_D_USCC: "上海新评示例知识产权代理有限公司",
    BEIJING_USCC: "北京示例知识产权代理有限公司",
}
REVOKED, SANCTIONED, RESTING, OUTSIDE = "3100010001", "3100010002", "3100010003", "1100010004"
PEOPLE = {REVOKED: "王示例", SANCTIONED: "李示例", RESTING: "张示例", OUTSIDE: "赵示例"}


def agencies(changes: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The registry's agencies; `changes` alter some, by USCC."""
    changes = changes or {}
    base = {
        USCC_A: {},
        USCC_B: {"credit_grade": "B"},
        USCC_C: {"credit_grade": "C"},
        HOSTILE_USCC: {},
        UNTOUCHED_USCC: {},
        UNGRADED_USCC: {},
        FIRST_D_USCC: {"credit_grade": ""},
        BEIJING_USCC: {"province": "北京市", "city": "北京市", "district": "朝阳区"},
    }
    return [
        agency(
            **{
                "uscc": code,
                "name": NAMES[code],
                "phones": f"021-6{n:07d}",
                **fields,
                **changes.get(code, {}),
            }
        )
        for n, (code, fields) in enumerate(base.items())
    ]


def people(changes: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The registry's patent attorneys; `changes` alter some, by certificate number."""
    changes = changes or {}
    at = {REVOKED: USCC_A, SANCTIONED: USCC_A, RESTING: USCC_B, OUTSIDE: BEIJING_USCC}
    return [
        {"cert_no": cert, "name": PEOPLE[cert], "agency_uscc": at[cert], "status": "practising",
         **changes.get(cert, {})}
        for cert in PEOPLE
    ]  # fmt: skip


LISTED = {"subject_id": USCC_B, "list": "serious_dishonest", "authority": "市场监管局",
          "listed_on": "2026-06-09"}  # fmt: skip
IMPORTS: list[tuple[date, dict[str, Any]]] = [
    (FIRST, {"agencies": agencies(), "practitioners": people()}),
    (
        SECOND,
        {
            "agencies": agencies({
                USCC_A: {"status": "revoked", "status_since": "2026-06-08"},
                USCC_C: {"credit_grade": "B"},  # higher: not shown
                HOSTILE_USCC: {"credit_grade": "C", "credit_as_of": "2026-06-05"},
                UNGRADED_USCC: {"credit_grade": ""},  # no grade now: not shown
                FIRST_D_USCC: {"credit_grade": "D", "credit_as_of": "2026-06-06"},
                BEIJING_USCC: {"status": "revoked", "status_since": "2026-06-08"},  # elsewhere
            }),
            "practitioners": people({REVOKED: {"status": "revoked"}}),
            "listings": [LISTED],
        },
    ),
    (
        THIRD,
        {
            "agencies": agencies({
                USCC_A: {"status": "revoked", "status_since": "2026-06-08"},
                USCC_C: {"credit_grade": "B", "name": "上海丙新名专利代理事务所"},  # name only
                HOSTILE_USCC: {"credit_grade": "C", "credit_as_of": "2026-06-05"},
                UNGRADED_USCC: {"credit_grade": ""},
                FIRST_D_USCC: {"credit_grade": "D", "credit_as_of": "2026-06-06"},
                BEIJING_USCC: {"status": "revoked", "status_since": "2026-06-08"},
            }),
            "practitioners": people({
                REVOKED: {"status": "revoked"},
                RESTING: {"status": "not_practising"},  # not a revocation: not shown
            }),
            "listings": [
                {**LISTED, "removed_on": "2026-06-18"},
                {"subject_id": OUTSIDE, "list": "serious_dishonest", "listed_on": "2026-06-19"},
            ],
            "sanctions": [
                {"subject_id": HOSTILE_USCC, "decided_on": "2026-06-19",
                 "authority": HOSTILE_AUTHORITY, "sanction": "fine"},
                {"subject_id": SANCTIONED, "decided_on": "2026-06-19", "authority": "知识产权局",
                 "sanction": "warning"},
            ],
        },
    ),
]  # fmt: skip

Row = tuple[str, str, str, str, str]  # name, code, change, effective, source
SOURCE = "测试"
BY_ANR = f"{SOURCE}；决定机关：市场监管局"
BY_CNIPA = f"{SOURCE}；决定机关：知识产权局"
BY_HOSTILE = f"{SOURCE}；决定机关：{HOSTILE_AUTHORITY}"
LATER_DAY: set[Row] = {
    (NAMES[USCC_B], USCC_B, "移出严重违法失信名单", "2026-06-18", SOURCE),
    (HOSTILE, HOSTILE_USCC, "行政处罚：罚款", "2026-06-19", BY_HOSTILE),
    ("李示例（专利代理师）", SANCTIONED, "行政处罚：警告", "2026-06-19", BY_CNIPA),
}  # fmt: skip
EARLIER_DAY: set[Row] = {
    (NAMES[USCC_A], USCC_A, "状态变为“执业许可证已吊销”", "2026-06-08", SOURCE),
    ("王示例（专利代理师）", REVOKED, "状态变为“执业许可证已吊销”", "—", SOURCE),
    (NAMES[USCC_B], USCC_B, "列入严重违法失信名单", "2026-06-09", BY_ANR),
    (HOSTILE, HOSTILE_USCC, "信用等级由 A 级降为 C 级", "2026-06-05", SOURCE),
    (NAMES[FIRST_D_USCC], FIRST_D_USCC, "首次评为 D 级", "2026-06-06", SOURCE),
}  # fmt: skip
NOT_SHOWN = [
    NAMES[USCC_C], "上海丙新名专利代理事务所", NAMES[UNTOUCHED_USCC], NAMES[UNGRADED_USCC],
    NAMES[BEIJING_USCC], PEOPLE[RESTING], PEOPLE[OUTSIDE],
]  # fmt: skip


@dataclass(frozen=True)
class Built:
    db_path: Path
    first: Path  # the site after the second import
    second: Path  # after the third, served at ADDRESS


def import_bundle(
    db: sqlite_utils.Database, folder: Path, day: date, tables: dict[str, Any]
) -> None:
    tables = dict(tables)
    bundle = write_bundle(folder, tables.pop("agencies"), **tables)
    import_path(db, bundle, today=day, allow_shrink=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("changes")
    db = open_database(root / "registry.db")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("LANTIAN_SITE_URL", raising=False)  # the first build: mkdocs.yml's address
        for n, (day, tables) in enumerate(IMPORTS[:2]):
            import_bundle(db, root / f"b{n}", day, tables)
        build_site(db, root / "first", today=SECOND)
        import_bundle(db, root / "b2", *IMPORTS[2])
        build_site(db, root / "second", today=THIRD, site_url=ADDRESS.rstrip("/"))
    db.close()
    return Built(root / "registry.db", root / "first", root / "second")


# --- reading what was built -----------------------------------------------------------------


def page_html(site: Path) -> str:
    return (site / "credit" / "changes" / "index.html").read_text(encoding="utf-8")


def article(markup: str) -> str:
    found = re.search(r"<article\b.*?</article>", markup, re.S)
    assert found
    return found.group(0)


def cell_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def sections(markup: str) -> dict[str, set[Row]]:
    """Each day's heading id, with the rows of its table as a reader sees them."""
    found: dict[str, set[Row]] = {}
    parts = re.split(r'<h2\b[^>]*\bid="([^"]+)"[^>]*>', article(markup))
    for anchor, body in zip(parts[1::2], parts[2::2], strict=True):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]  # the first is the header
        found[anchor] = {
            tuple(cell_text(c) for c in re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S))  # type: ignore[misc]
            for row in rows
        }
    return found


def feed_items(site: Path) -> tuple[ET.Element, list[dict[str, str]]]:
    """The feed as a strict XML parser reads it, and its items' fields."""
    channel = ET.fromstring((site / "credit" / "changes.xml").read_bytes()).find("channel")
    assert channel is not None
    items = [{child.tag: child.text or "" for child in item} for item in channel.iter("item")]
    return channel, items


# --- the page --------------------------------------------------------------------------------


def test_the_page_lists_each_change_that_matters_under_the_day_it_was_found(built: Built) -> None:
    assert sections(page_html(built.second)) == {
        "changes-2026-06-20": LATER_DAY,
        "changes-2026-06-10": EARLIER_DAY,
    }


def test_the_newest_day_comes_first(built: Built) -> None:
    text = article(page_html(built.second))
    assert text.index('id="changes-2026-06-20"') < text.index('id="changes-2026-06-10"')


def test_upgrades_name_changes_lost_grades_and_untouched_or_outside_subjects_are_absent(
    built: Built,
) -> None:
    text = cell_text(article(page_html(built.second)))
    for name in NOT_SHOWN:
        assert name not in text


def test_the_page_before_the_third_import_has_only_the_second_imports_changes(
    built: Built,
) -> None:
    assert sections(page_html(built.first)) == {"changes-2026-06-10": EARLIER_DAY}


def test_each_name_links_to_its_entry_in_the_directory_search(built: Built) -> None:
    text = article(page_html(built.second))
    for code in (USCC_A, USCC_B, HOSTILE_USCC, REVOKED, SANCTIONED):
        assert f'href="../../directory/?find={code}"' in text


def test_the_page_links_its_feed_and_advertises_it_in_its_head(built: Built) -> None:
    markup = page_html(built.second)
    head = markup.split("</head>", 1)[0]
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml" title="蓝天专项整治 · 登记变更" '
        r'href="\.\./changes\.xml">',
        head,
    )
    assert 'href="../changes.xml"' in article(markup)
    assert "近 90 天" in cell_text(article(markup))


def test_the_page_is_in_the_credit_section_of_the_navigation(built: Built) -> None:
    home = (built.second / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="credit/changes/"[^>]*>\s*<span[^>]*>\s*登记变更', home)


def test_hostile_names_are_shown_as_text_on_the_page(built: Built) -> None:
    text = article(page_html(built.second))
    assert "<b>" not in text
    assert "&lt;b&gt;&amp;amp;]]&gt;😀" in text


# --- the feed --------------------------------------------------------------------------------


def test_the_feed_has_one_item_per_change_on_the_page(built: Built) -> None:
    channel, items = feed_items(built.second)
    titles = sorted(item["title"] for item in items)
    expected = sorted(
        f"{name.replace(chr(0xFFFE), '')}：{change}"
        for name, _, change, _, _ in LATER_DAY | EARLIER_DAY
    )
    assert titles == expected
    assert channel.findtext("link") == f"{ADDRESS}credit/changes/"
    by_title = {item["title"]: item for item in items}
    revoked = by_title[f"{NAMES[USCC_A]}：状态变为“执业许可证已吊销”"]
    assert revoked["link"] == f"{ADDRESS}directory/?find={USCC_A}"
    assert "2026-06-08" in revoked["description"] and "测试" in revoked["description"]
    assert revoked["pubDate"] == "Wed, 10 Jun 2026 00:00:00 +0800"


def test_each_item_keeps_its_id_from_one_build_to_the_next(built: Built) -> None:
    _, before = feed_items(built.first)
    _, after = feed_items(built.second)
    assert len({item["guid"] for item in after}) == len(after) == len(LATER_DAY | EARLIER_DAY)
    ids_before = {item["guid"]: item["title"] for item in before}
    ids_after = {item["guid"]: item["title"] for item in after}
    assert len(ids_before) == len(EARLIER_DAY)
    assert {guid: ids_after.get(guid) for guid in ids_before} == ids_before


def test_hostile_names_and_sources_are_escaped_in_the_feed(built: Built) -> None:
    raw = (built.second / "credit" / "changes.xml").read_text(encoding="utf-8")
    assert "<b>" not in raw and "<局>" not in raw and "\ufffe" not in raw
    _, items = feed_items(built.second)
    fined = next(item for item in items if item["title"].endswith("行政处罚：罚款"))
    assert fined["title"] == "上海<b>&amp;]]>😀示例知识产权代理有限公司：行政处罚：罚款"
    assert f"决定机关：{HOSTILE_AUTHORITY}" in fined["description"]


def test_the_feed_links_to_mkdocs_address_when_none_is_given(built: Built) -> None:
    assert f'"{DEFAULT_ADDRESS}"' in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    channel, items = feed_items(built.first)
    assert channel.findtext("link") == f"{DEFAULT_ADDRESS}credit/changes/"
    assert all(item["link"].startswith(DEFAULT_ADDRESS) for item in items)


def test_control_characters_and_lone_surrogates_never_reach_the_feed() -> None:
    # The importer refuses control characters; the feed stays well-formed all the same.
    row = RegistryChange(
        seq=7, noted_on="2026-06-20", source="源\x01\x0b", subject_kind="agency",
        subject_id="9131\x00<x>&", name="名\x08\ud800\uffff]]>", change="listed", before=None,
        after="key_monitoring", effective_on=None, authority="局\x1f",
    )  # fmt: skip
    what = describe(row)
    assert what is not None
    root = ET.fromstring(feed([Shown(row, what, "id\x02")], ADDRESS).encode("utf-8"))
    item = root.find("channel/item")
    assert item is not None
    assert item.findtext("title") == "名\ufffd]]>：列入重点监控名单"
    assert item.findtext("guid") == "id"


# --- in English, and with nothing to show ------------------------------------------------------

ENGLISH = """
import importlib.util, json, sys
from datetime import date

spec = importlib.util.spec_from_file_location("bot.site.language", "bot/site/language.py")
language = importlib.util.module_from_spec(spec)
spec.loader.exec_module(language)
language.SITE_LANG = "en"
sys.modules["bot.site.language"] = language

from bot.registry.database import open_database
from bot.site import registry_changes
from bot.site.context import load

site = load(open_database(sys.argv[1]), today=date(2026, 6, 20), bot_username=None)
registry_changes.build(site, "https://example.org/")
print(json.dumps(site.pages, ensure_ascii=False))
"""


def test_the_english_page_and_feed_say_the_same_changes_in_english(built: Built) -> None:
    run = subprocess.run(
        [sys.executable, "-c", ENGLISH, str(built.db_path)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    pages = json.loads(run.stdout)
    page = pages[registry_changes.PAGE]
    for words in (
        "# Registry changes",
        "## Found on 2026-06-20 (3)",
        "## Found on 2026-06-10 (5)",
        "taken off the serious illegal and dishonest list",
        "put on the serious illegal and dishonest list",
        "status changed to licence revoked",
        "credit grade lowered from A to C",
        "first graded D",
        "administrative penalty: fine",
        "administrative penalty: warning",
        md.text("李示例 (patent attorney)"),  # as Markdown writes it
        "测试; decided by 市场监管局",
        "past 90 days",
    ):
        assert words in page
    for name in NOT_SHOWN:
        assert name not in page
    items = ET.fromstring(pages[registry_changes.FEED].encode("utf-8")).findall("channel/item")
    assert len(items) == len(LATER_DAY | EARLIER_DAY)
    assert ET.fromstring(pages[registry_changes.FEED].encode()).findtext("channel/language") == "en"


def test_with_nothing_in_the_log_the_page_says_so_and_the_feed_is_empty(tmp_path: Path) -> None:
    db = open_database(tmp_path / "registry.db")
    import_bundle(db, tmp_path / "b0", FIRST, IMPORTS[0][1])  # a first import logs nothing
    site = load(db, today=FIRST, bot_username=None)
    registry_changes.build(site, ADDRESS)
    page = site.pages[registry_changes.PAGE]
    assert "近 90 天登记库中没有此类变化。" in page
    assert "## " not in page
    root = ET.fromstring(site.pages[registry_changes.FEED].encode("utf-8"))
    assert root.findall("channel/item") == []
    assert root.findtext("channel/title") == "蓝天专项整治 · 登记变更"
