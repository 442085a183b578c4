"""The site's directory search reads pasted text as `lantian check` does, under node.

site/assets/directory.js ports bot/query_reading.py (its patterns come from meta.json), the part
of libphonenumber's matcher the bot uses (with what the library knows of Chinese numbers, also
from meta.json) and the reading of the public suffix list that finds a host's site name (from
the public suffixes of more than one label, under `t:` keys). These tests hold each beside the
Python it ports, on the fixture registry (tests/fixtures/check_bundle): the acceptance queries,
the pasted texts below, and texts made from the fixture's own records; and the page's whole
verdict on each of them beside the bot's. tests/test_site_build.py compares whole verdicts on
the built site, PASTED among them.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.check import check
from bot.normalize import site_label
from bot.query_reading import read
from bot.site.agencies import load_registry
from bot.site.shards import suffix_rules, write_shards
from bot.verdict import Verdict
from bot.verdict_view import verdict_view
from tests.conftest import CHECK_BUNDLE, CHECK_TODAY
from tests.test_check_queries import CASES

ROOT = Path(__file__).resolve().parent.parent
IN_NODE = ROOT / "tests" / "directory_in_node.mjs"

# What people paste, and the bot's headline for it (so each case reaches what it is there for).
PASTED = [
    pytest.param("“上海华岳知识产权代理有限公司”", "ok", id="pasted-name-in-quotes"),
    pytest.param("【上海澜涛知识产权代理有限公司】", "ok", id="pasted-name-in-brackets"),
    pytest.param(
        "(上海华岳知识产权代理股份有限公司)", "lookalike", id="pasted-other-form-in-brackets"
    ),
    pytest.param(
        "上海华岳知识产权代理股份有限公司（）", "lookalike", id="pasted-other-form-empty-brackets"
    ),
    pytest.param("上海衡石专利代理股份有限公司", "lookalike", id="pasted-former-name-other-form"),
    pytest.param("www.huаyue-ip.example", "lookalike", id="pasted-site-with-a-cyrillic-a"),
    pytest.param("www.huayue–ip.example", "lookalike", id="pasted-site-with-an-en-dash"),
    pytest.param(
        "上海华岳知识产权代理有限公司 huayue-ip。example", "ok", id="pasted-name-and-wide-dot-site"
    ),
    pytest.param(
        "上海华岳知识产权代理（股份有限公司）", "lookalike", id="pasted-other-form-bracketed-at-end"
    ),
    pytest.param(
        "上海蓝桥商标代理有限公司可以注册商标吗",
        "mentions",
        id="pasted-revoked-former-name-in-talk",
    ),
    pytest.param(
        "上海蓝桥专利代理有限公司徐汇分公司",
        "lookalike",
        id="pasted-unregistered-branch-of-revoked",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司徐汇分公司", "lookalike", id="pasted-unregistered-branch"
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司、上海澜涛知识产权代理有限公司",
        "listed",
        id="pasted-two-firms",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司\n上海蓝桥专利代理有限公司", "listed", id="pasted-two-lines"
    ),
    pytest.param(
        "朋友推荐了上海蓝桥专利代理有限公司，可以注册商标吗",
        "mentions",
        id="pasted-revoked-in-talk",
    ),
    pytest.param("官网：www.huаyue-ip.example", "lookalike", id="pasted-cyrillic-site-in-text"),
    pytest.param("huayue-ip。example", "ok", id="pasted-site-with-ideographic-stops"),
    pytest.param("login-huayue-ip.example", "lookalike", id="pasted-site-with-a-word-joined"),
    pytest.param(
        "（上海衡石专利代理事务所（普通合伙））", "ok", id="pasted-former-partnership-bracketed"
    ),
    pytest.param(
        "请帮我查一下上海华岳知识产权代理有限公司靠谱吗？", "ok", id="pasted-name-in-a-question"
    ),
    pytest.param("《上海蓝桥专利代理有限公司》是否正规", "danger", id="pasted-revoked-named"),
    pytest.param("统一社会信用代码：91310106MA1FL3R23H", "ok", id="pasted-uscc-with-its-label"),
    pytest.param(
        "名称：上海华岳知识产权代理有限公司 统一社会信用代码：91310106MA1FL3R23H",
        "ok",
        id="pasted-name-and-uscc-with-labels",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司（统一社会信用代码：91310106MA1FL3R23H，电话：021-61234567）",
        "ok",
        id="pasted-name-with-its-uscc-and-phone",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司 电话：021-61234567转8012",
        "ok",
        id="pasted-name-and-own-phone",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司 139 1662 7788", "ok", id="pasted-name-and-own-mobile"
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司 电话：021-56781234",
        "mismatch",
        id="pasted-name-and-another-firms-phone",
    ),
    pytest.param(
        "上海澜涛知识产权代理有限公司 Tel: 61234567",
        "mismatch",
        id="pasted-name-and-another-firms-local-phone",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司 021-69998888",
        "mismatch",
        id="pasted-name-and-an-unregistered-phone",
    ),
    pytest.param(
        "上海华悦知识产权代理有限公司 021-61234567",
        "mismatch",
        id="pasted-lookalike-name-and-a-registered-phone",
    ),
    pytest.param(
        "上海华岳专利代理有限公司 www.huayue-ip.example",
        "mismatch",
        id="pasted-name-and-another-firms-website",
    ),
    pytest.param("9131O1O6MA1FL3R23H", "lookalike", id="pasted-uscc-misread"),
    pytest.param(
        "统一社会信用代码：9131O1O6MA1FL3R23H", "lookalike", id="pasted-uscc-misread-with-label"
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司 9131O1O6MA1FL3R23H",
        "mismatch",
        id="pasted-name-and-its-uscc-misread",
    ),
    pytest.param("代码 91310106MA1FL3R230", "invalid_uscc", id="pasted-uscc-wrong-check"),
    pytest.param(
        "上海华岳知识产权代理有限公司，统一社会信用代码 91310106MA1FL3R230",
        "mismatch",
        id="name-beside-a-wrong-check-uscc",
    ),
    pytest.param("上海华岳知识产权代理有限公司 +1 650 253 0000", "mentions", id="foreign-phone"),
    pytest.param("huayue-lp.example", "lookalike", id="pasted-lookalike-domain"),
    pytest.param(
        "huayue-ip.example.evil.com", "lookalike", id="pasted-registered-domain-inside-another"
    ),
    pytest.param("service@huayue-lp.example", "lookalike", id="pasted-lookalike-email"),
    pytest.param("huayue-ip.com.cn", "lookalike", id="pasted-registered-site-under-another-suffix"),
    pytest.param(
        "上海华岳知识产权代理有限公司 官网：www.huayue-lp.example",
        "mismatch",
        id="pasted-name-and-a-lookalike-website",
    ),
    pytest.param("国 家 知 识 产 权 局", "impersonation", id="pasted-state-organ-spaced-out"),
    pytest.param(
        "国家知识产权局 上海华岳知识产权代理有限公司",
        "impersonation",
        id="pasted-state-organ-beside-a-name",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司 周明远 专利代理师", "ok", id="pasted-business-card-line"
    ),
    pytest.param("周明远 3120150101", "ok", id="pasted-attorney-and-certificate"),
    pytest.param(
        "上海华岳知识产权代理有限公司的分公司", "lookalike", id="pasted-name-inside-a-sentence"
    ),
    pytest.param(
        "上海澜涛知识产权代理有限公司 周明远", "mismatch", id="card-firm-and-another-firms-attorney"
    ),
    pytest.param(
        "王启航 上海华岳知识产权代理有限公司", "mismatch", id="card-attorney-of-another-firm-first"
    ),
    pytest.param(
        "华岳顾问 021-61234567", "mismatch", id="unregistered-name-and-a-registered-phone"
    ),
    pytest.param("周明远有限公司", "lookalike", id="a-company-named-as-a-person"),
    pytest.param(
        "上海华岳知识产权代理有限公司 021-61234567转13800001111",
        "mismatch",
        id="a-second-number-is-no-extension",
    ),
    pytest.param(
        "上海蓝桥专利代理有限公司和上海华岳知识产权代理有限公司",
        "mentions",
        id="two-firms-in-a-sentence",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司 统一社会信用代码 91310106MA1FL3R23H",
        "ok",
        id="uscc-label-without-a-colon",
    ),
    pytest.param("上海华岳知识产权代理有限公司 ☎ 021-61234567", "ok", id="a-symbol-between"),
    pytest.param("1. 上海华岳知识产权代理有限公司", "ok", id="a-numbered-line"),
    pytest.param(
        "上海华岳知识产权代理有限公司 地址：上海市静安区南京西路1266号 邮编：200040 "
        "电话：021-61234567",
        "ok",
        id="address-and-postcode-passed-over",
    ),
    pytest.param("上海华岳知识产权代理有限公司 2026-05-20", "ok", id="a-date-proves-nothing"),
    pytest.param(
        "3120150101 上海华岳知识产权代理有限公司", "ok", id="attorneys-certificate-and-their-firm"
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司 周明远 专利代理师 电话 021-61234567",
        "ok",
        id="a-whole-business-card",
    ),
    pytest.param(
        "上海华岳知识产权代理有限公司，经国家知识产权局批准成立",
        "mentions",
        id="a-state-organ-cited-not-claimed",
    ),
    pytest.param("国家知识产权总局", "impersonation", id="an-invented-state-organ"),
    pytest.param("国家知\ufe0f识产权局", "impersonation", id="a-variation-selector-inside"),
]

SEPARATORS = (" ", "，电话：", " Tel: ", "\n", "；手机 ", " / ", "（")
FRAMES = (
    "“{}”", "《{}》", "【{}】", "「{}」", "（{}）", "{}。", "请帮我查一下{}靠谱吗？",
    "请问{}是否正规", "{}是不是正规的？", "我想委托{}，请问是正规的吗", "这家叫{}的机构能不能信",
    "名称：{}", "机构名称: {}", "查询一下{}怎么样？",
)  # fmt: skip
# Numbers and codes that are hard to tell apart: dates, certificate and patent numbers,
# foreign numbers, two numbers in one, letters for digits.
ODD = (
    "2026.05.20", "2026-05-20 12:30", "2026/05/20", "3120150101.8", "ZL201910123456.7",
    "+1 650 253 0000", "+44 20 7946 0958", "0086 21 61234567", "86 21 61234567", "12345678901",
    "400-820-1234", "95588", "021-61234567/68", "(021) 6123 4567 (021) 6123 4568",
    "6123 4567 8901 2345", "编号(9559ext24", "第3号 61234567x12", "+999 1234567",
    "0021 61234567", "電話：０２１－６１２３４５６７", "+170865801", "电话年2775617694 005613520",
    "上海華嶽知識產權代理有限公司", "https://www.huayue-ip.example/a?b=c 021-61234567",
)  # fmt: skip


@pytest.fixture(scope="module")
def shards(check_registry: sqlite_utils.Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory's files and script alone (no pages are needed here)."""
    site = tmp_path_factory.mktemp("directory")
    (site / "assets").mkdir()
    shutil.copy(ROOT / "site" / "assets" / "directory.js", site / "assets" / "directory.js")
    loaded = load_registry(check_registry, today=CHECK_TODAY)
    entries = loaded.agencies + loaded.practitioners
    write_shards(entries, loaded.data, site / "assets" / "directory", today=CHECK_TODAY)
    return site


def in_node(site: Path, what: str, inputs: list[str]) -> list[Any]:
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the directory's script: run `make browser-deps`")
    output = subprocess.run(
        ["node", str(IN_NODE), str(site), what],
        input=json.dumps(inputs),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    answers: list[Any] = json.loads(output)
    return answers


def phone_forms(phone: str) -> list[str]:
    """A registered phone written the ways people write it."""
    digits = re.sub(r"\D", "", phone)
    national = digits.removeprefix("0")
    forms = [phone, digits, f"+86 {national}", f"0086-{national}", f"86 {digits}"]
    forms += [f"{phone}转8012", f"{phone} ext. 12", f"{phone}-分机 3", f"{phone}x12"]
    if digits.startswith("0"):
        area, local = digits[:3], digits[3:]
        forms += [f"({area}){local}", f"（{area}）{local[:4]}-{local[4:]}", f"{area} {local}"]
        forms.append(local)
    else:
        forms += [f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"+86-{digits[:3]}-{digits[3:]}"]
    return forms


def pasted_corpus() -> list[str]:
    """The acceptance queries, PASTED, ODD, and texts made from the fixture's records: names in
    frames, with their own phones and another firm's written every way, with codes and misread
    codes, with web and e-mail addresses."""
    with (CHECK_BUNDLE / "agencies.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = [str(c.values[0]) for c in [*CASES, *PASTED]] + list(ODD)
    for i, row in enumerate(rows):
        other = rows[(i * 7 + 3) % len(rows)]
        name, uscc = row["name"], row["uscc"]
        texts.append(FRAMES[i % len(FRAMES)].format(name))
        phones = [p for p in (row["phones"] + ";" + other["phones"]).split(";") if p]
        for j, phone in enumerate(phones):
            for k, form in enumerate(phone_forms(phone)):
                texts.append(name + SEPARATORS[(i + j + k) % len(SEPARATORS)] + form)
        texts += [
            f"统一社会信用代码：{uscc.replace('0', 'O')}",
            f"{name} {other['uscc']}",
            f"{uscc[:-1]}0 {name}",
            f"{name}，网址：{other['websites'] or 'www.example-ip.example'}",
            f"{name} service@{(row['websites'] or 'x-ip.example').removeprefix('www.')}",
        ]
    return texts


def card_corpus() -> list[str]:
    """Texts made from the fixture's attorneys and firms as business cards and lists hold them:
    an attorney beside their own firm, another firm, their certificate; a person's name made a
    company; each firm with 上海 added, taken off or another city put first; symbols, labels
    whose value is passed over, dates and prices beside a name."""
    with (CHECK_BUNDLE / "agencies.csv").open(encoding="utf-8") as f:
        firms = list(csv.DictReader(f))
    with (CHECK_BUNDLE / "practitioners.csv").open(encoding="utf-8") as f:
        people = list(csv.DictReader(f))
    names = {row["uscc"]: row["name"] for row in firms}
    texts = []
    for i, person in enumerate(people):
        name, cert = person["name"], person["cert_no"]
        own = names.get(person["agency_uscc"], "上海示例知识产权代理有限公司")
        other = firms[(i * 5 + 1) % len(firms)]["name"]
        texts += [
            f"{own} {name}", f"{name} {own}", f"{name} {other}", f"{other} {name} 专利代理师",
            f"{name} {cert}", f"{cert} {own}", f"{cert} {other}", f"{name}有限公司",
            f"{name}事务所", f"{name}，{own}", f"{own} {name} 电话 {firms[0]['phones'][:12]}",
        ]  # fmt: skip
    for i, firm in enumerate(firms):
        name, bare = firm["name"], firm["name"].removeprefix("上海")
        phone = firms[(i * 3 + 2) % len(firms)]["phones"].split(";")[0]
        texts += [
            f"上海{bare}", f"北京{bare}", bare, f"中国上海{bare}", f"{name} ☎ {phone}", f"①{name}",
            f"{name} 联系人：张三 微信：abc123", f"{name} 地址 上海市静安区", f"{name} 邮编200040",
            f"{name} 2026年5月20日", f"{name} 价格 1200元", f"{name} 代码 31215",
            f"{name}和{firms[(i + 1) % len(firms)]['name']}", f"{i + 1}. {name}",
        ]  # fmt: skip
    return texts


def bot_view(verdict: Verdict) -> dict[str, Any]:
    """The bot's view in Chinese as the page gets it: JSON, without what the page never shows."""
    view: dict[str, Any] = json.loads(json.dumps(asdict(verdict_view(verdict, "zh"))))
    for reason in view["reasons"]:
        del reason["code"]
    del view["lang"], view["query"]
    return view


@pytest.mark.parametrize(("query", "headline"), PASTED)
def test_directory_pasted_cases_reach_what_they_are_there_for(
    check_registry: sqlite_utils.Database, query: str, headline: str
) -> None:
    assert check(check_registry, query, today=CHECK_TODAY).headline_key == headline


def test_the_directory_reads_pasted_text_as_the_bot_does(
    check_registry: sqlite_utils.Database, shards: Path
) -> None:
    """Pieces (kind, text as written, lookup keys), names and wrong USCCs the same; the
    stretches that may be a name the same where they can be a registered name (the page folds
    only the traditional characters registered names hold)."""
    registered = {
        row[0]
        for row in check_registry.execute(
            "SELECT key FROM lookup_keys WHERE key_kind IN ('name', 'former_name')"
        )
    }
    texts = pasted_corpus() + card_corpus()
    differ = []
    for text, page in zip(texts, in_node(shards, "read", texts), strict=True):
        reading = read(text)
        bot = {
            "pieces": [[p.kind, p.text, list(p.keys), p.misread] for p in reading.pieces],
            "names": list(reading.names),
            "spans": [s for s in reading.spans if s in registered],
            "invalid": list(reading.invalid_usccs),
        }
        page["spans"] = [s for s in page["spans"] if s in registered]
        if page != bot:
            differ.append(f"{text!r}\n  bot:  {bot}\n  page: {page}")
    assert len(texts) > 500
    assert not differ, "\n".join(differ)


def test_the_directory_gives_the_bots_verdict_on_pasted_text(
    check_registry: sqlite_utils.Database, shards: Path
) -> None:
    """Level, match, candidates in order and the whole view the same, on every pasted text."""
    texts = pasted_corpus() + card_corpus()
    differ = []
    for text, page in zip(texts, in_node(shards, "search", texts), strict=True):
        bot = check(check_registry, text, today=CHECK_TODAY)
        del page["view"]["query"]
        mine = {
            "level": bot.level,
            "match": bot.match.id if bot.match else None,
            "candidates": [c.subject.id for c in bot.candidates],
            "view": bot_view(bot),
        }
        if page != mine:
            differ.append(f"{text!r}\n  bot:  {mine}\n  page: {page}")
    assert len(texts) > 1000
    assert not differ, "\n".join(differ)


def test_the_directory_finds_a_hosts_site_name_as_the_bot_does(shards: Path) -> None:
    """Under every public suffix of more than one label (com.cn, *.sch.uk and sch.uk, !www.ck,
    公司.cn as punycode), and under the one-label and unknown ones."""
    hosts = [
        "huayue-ip.example",
        "tm.huayue-ip.example",
        "huayue-ip.example.evil.com",
        "huayue-ip.com",
        "com.cn",
        "a.b.c.d.e.jp",
    ]
    for key, rules in suffix_rules().items():
        top = key.removeprefix("t:")
        for rule in rules:
            suffix = rule.removeprefix("!").replace("*", "any") + "." + top
            hosts += [suffix, "huayue-ip." + suffix, "www.huayue-ip." + suffix]
            if rule.startswith("*."):  # the wildcard's parent, a public suffix too
                hosts += [rule.removeprefix("*.") + "." + top]
    found = dict(zip(hosts, in_node(shards, "site-label", hosts), strict=True))
    assert found == {host: site_label(host) for host in hosts}


def test_the_directory_keys_lookalike_sites_as_the_registry_does(
    check_registry: sqlite_utils.Database, shards: Path
) -> None:
    """Each `s:` key lists exactly the records bot/lookup.py lookalike_hosts finds under it."""
    folder = shards / "assets" / "directory"
    records = [r for path in folder.glob("r/*.json") for r in json.loads(path.read_bytes())]
    ids = {r["i"]: r["u"] for r in records}
    page: dict[str, set[str]] = defaultdict(set)
    for path in folder.glob("k/*.json"):
        for key, numbers in json.loads(path.read_bytes()).items():
            if key.startswith("s:"):
                page[key[2:]].update(ids[n] for n in numbers)
    bot: dict[str, set[str]] = defaultdict(set)
    for key, subject in check_registry.execute(
        "SELECT key, subject_id FROM lookup_keys WHERE key_kind IN ('site_label', 'site_label_del')"
    ):
        bot[key].add(subject)
    assert page == bot and bot


def test_the_directory_meta_file_stays_small(shards: Path) -> None:
    """meta.json is fetched on every page: patterns and words, not data."""
    assert (shards / "assets" / "directory" / "meta.json").stat().st_size < 20_000
