"""What people paste, read as text (domain brief, rule 7), on the generated Shanghai demo registry.

Each property is drawn over the registry's own records, not over a list of examples: wrappers,
labels and questions around a name never change its verdict; a name with another firm's phone,
a misread code, a lookalike web address and a state organ's name in any spelling are never `ok`.
"""

from __future__ import annotations

import random
import re

import opencc
import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.check import check
from bot.normalize import name_key, phone_keys, web_host
from bot.query_reading import read
from bot.state_organs import (
    CLAIM_HEADS,
    CLAIM_TAILS,
    CLAIMS_EN,
    COUNTER_HEADS,
    COUNTERS,
    ORGANS,
    ORGANS_EN,
)
from bot.verdict import Verdict
from tests.test_properties import TODAY

FAST = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WRAPPERS = ["“{}”", "《{}》", "【{}】", "'{}'", "「{}」", '"{}"', "（{}）", "{}。", "{}.", " {} "]
FRAMES = [
    "请帮我查一下{}靠谱吗？",
    "请问{}是否正规",
    "{}是不是正规的？",
    "我想委托{}，请问是正规的吗",
    "这家叫{}的机构能不能信",
    "名称：{}",
    "机构名称: {}",
    "查询一下{}怎么样？",
]
S2T = opencc.OpenCC("s2t")


@pytest.fixture(scope="module")
def demo(shanghai_demo: sqlite_utils.Database) -> sqlite_utils.Database:
    return shanghai_demo


@pytest.fixture(scope="module")
def agencies(demo: sqlite_utils.Database) -> list[dict[str, str]]:
    rows = demo.execute(
        "SELECT uscc, name, phones, websites FROM agencies WHERE status = 'active' ORDER BY uscc"
    ).fetchall()
    return [{"uscc": u, "name": n, "phones": p, "websites": w} for u, n, p, w in rows]


@pytest.fixture(scope="module")
def registered(demo: sqlite_utils.Database) -> set[str]:
    keys = {row[0] for row in demo.execute("SELECT key FROM lookup_keys WHERE key_kind = 'name'")}
    return keys | {
        row[0] for row in demo.execute("SELECT key FROM lookup_keys WHERE key_kind='former_name'")
    }


def ask(db: sqlite_utils.Database, text: str) -> Verdict:
    return check(db, text, today=TODAY)


def first_phone(cell: str) -> str:
    return cell.strip("[]").split(",")[0].strip().strip('"')


def shown(verdict: Verdict) -> list[str]:
    """The records an answer puts in front of the user: its match, else its candidates."""
    if verdict.match is not None:
        return [verdict.match.id]
    return [c.subject.id for c in verdict.candidates]


@FAST
@given(data=st.data())
def test_wrappers_labels_and_questions_around_a_name_never_change_its_verdict(
    demo: sqlite_utils.Database, agencies: list[dict[str, str]], data: st.DataObject
) -> None:
    agency = data.draw(st.sampled_from(agencies))
    frame = data.draw(st.sampled_from(WRAPPERS + FRAMES))
    plain, framed = ask(demo, agency["name"]), ask(demo, frame.format(agency["name"]))
    assert (framed.level, shown(framed)[:1]) == (plain.level, shown(plain)[:1]), frame


@FAST
@given(data=st.data())
def test_a_registered_name_one_letter_off_is_never_ok_unless_that_is_registered(
    demo: sqlite_utils.Database,
    agencies: list[dict[str, str]],
    registered: set[str],
    data: st.DataObject,
) -> None:
    name = data.draw(st.sampled_from(agencies))["name"]
    at = data.draw(st.integers(0, len(name) - 1))
    letter = data.draw(st.characters(categories=("Lo", "Ll", "Lu", "Nd")))
    edit = data.draw(st.sampled_from(["insert", "replace", "remove"]))
    changed = {
        "insert": name[:at] + letter + name[at:],
        "replace": name[:at] + letter + name[at + 1 :],
        "remove": name[:at] + name[at + 1 :],
    }[edit]
    if name_key(changed) in registered or name_key(changed) == name_key(name):
        return
    verdict = ask(demo, changed)
    assert verdict.level != "ok", (edit, changed, verdict.match)


@FAST
@given(data=st.data())
def test_a_registered_name_with_another_firms_phone_is_never_ok_and_shows_both(
    demo: sqlite_utils.Database, agencies: list[dict[str, str]], data: st.DataObject
) -> None:
    with_phone = [a for a in agencies if a["phones"] not in ("", "[]")]
    named, other = data.draw(st.lists(st.sampled_from(with_phone), min_size=2, max_size=2))
    phone = first_phone(other["phones"])
    if named["uscc"] == other["uscc"] or phone in named["phones"]:
        return
    separator = data.draw(st.sampled_from([" ", "，电话：", " Tel: ", "\n"]))
    verdict = ask(demo, named["name"] + separator + phone)
    assert verdict.level != "ok"
    assert {named["uscc"], other["uscc"]} <= set(shown(verdict))
    assert shown(verdict)[0] == named["uscc"]


@FAST
@given(data=st.data())
def test_a_registered_name_with_its_own_phone_is_the_firm(
    demo: sqlite_utils.Database, agencies: list[dict[str, str]], data: st.DataObject
) -> None:
    agency = data.draw(st.sampled_from([a for a in agencies if a["phones"] not in ("", "[]")]))
    phone = first_phone(agency["phones"])
    extension = data.draw(st.sampled_from(["", "转8012", " ext. 12", "-分机 3"]))
    verdict = ask(demo, f"{agency['name']} 电话：{phone}{extension}")
    alone = ask(demo, agency["name"])
    assert verdict.match is not None and verdict.match.id == agency["uscc"]
    assert verdict.level == alone.level


@FAST
@given(data=st.data())
def test_a_name_with_an_unregistered_phone_is_never_ok(
    demo: sqlite_utils.Database, agencies: list[dict[str, str]], data: st.DataObject
) -> None:
    agency = data.draw(st.sampled_from(agencies))
    mobile = "139" + "".join(
        data.draw(st.lists(st.sampled_from("0123456789"), min_size=8, max_size=8))
    )
    if demo.execute("SELECT 1 FROM lookup_keys WHERE key = ?", [mobile]).fetchone():
        return
    verdict = ask(demo, f"{agency['name']} {mobile}")
    assert verdict.level != "ok"
    assert shown(verdict)[0] == agency["uscc"]


def _misread(uscc: str, rng: random.Random) -> str | None:
    spots = [i for i, c in enumerate(uscc) if c in "01"]
    if not spots:
        return None
    at = rng.choice(spots)
    return uscc[:at] + {"0": "O", "1": "I"}[uscc[at]] + uscc[at + 1 :]


@FAST
@given(data=st.data())
def test_a_uscc_with_o_for_0_or_i_for_1_is_never_ok_and_shows_the_record(
    demo: sqlite_utils.Database, agencies: list[dict[str, str]], data: st.DataObject
) -> None:
    agency = data.draw(st.sampled_from(agencies))
    misread = _misread(agency["uscc"], random.Random(data.draw(st.integers(0, 1000))))
    if misread is None:
        return
    verdict = ask(demo, "统一社会信用代码：" + misread)
    assert verdict.level != "ok"
    assert shown(verdict)[:1] == [agency["uscc"]]
    assert any(r.code == "uscc_misread" for r in verdict.reasons)


def _lookalike_hosts(host: str, rng: random.Random) -> list[str]:
    label, _, suffix = host.partition(".")
    at = rng.randrange(len(label))
    swapped = "l" if label[at] != "l" else "i"
    return [
        f"{label[:at]}{swapped}{label[at + 1 :]}.{suffix}",  # one letter off
        f"{label}.com.cn" if not suffix.endswith("com.cn") else f"{label}.com",  # other suffix
        f"{host}.verify-center.com",  # the registered domain inside another host
        f"service@{label[:at]}{swapped}{label[at + 1 :]}.{suffix}",  # e-mail at a lookalike
    ]


@FAST
@given(data=st.data())
def test_a_lookalike_web_address_is_never_ok_and_shows_the_registered_site(
    demo: sqlite_utils.Database, agencies: list[dict[str, str]], data: st.DataObject
) -> None:
    with_site = [a for a in agencies if a["websites"] not in ("", "[]")]
    agency = data.draw(st.sampled_from(with_site))
    host = web_host(first_phone(agency["websites"]))
    assert host is not None
    if len(host.partition(".")[0]) < 4:
        return
    for fake in _lookalike_hosts(host, random.Random(data.draw(st.integers(0, 1000)))):
        if demo.execute("SELECT 1 FROM lookup_keys WHERE key = ?", [web_host(fake)]).fetchone():
            continue
        verdict = ask(demo, fake)
        assert verdict.level != "ok", fake
        assert agency["uscc"] in shown(verdict), fake


def _variant(word: str, rng: random.Random) -> str:
    """A spelling people and clones use: spaced out, traditional, full-width, upper case."""
    spaced = rng.choice(["", " ", "  ", "·", ".", "-"]).join(word) if rng.random() < 0.5 else word
    if rng.random() < 0.5:
        spaced = S2T.convert(spaced)
    if rng.random() < 0.5:
        spaced = spaced.upper()
    if rng.random() < 0.3:
        spaced = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in spaced)
    return spaced


ORGAN_CLAIMS = [
    *ORGANS,
    *ORGANS_EN,
    *CLAIMS_EN,
    *(h + t for h in CLAIM_HEADS for t in CLAIM_TAILS),
    *(h + c for h in COUNTER_HEADS for c in COUNTERS),
]


@FAST
@given(
    claim=st.sampled_from(ORGAN_CLAIMS),
    seed=st.integers(0, 10_000),
    around=st.sampled_from(["{}", "上海{}代理有限公司", "{}商标代理", "{} service", "华{}"]),
)
def test_every_state_organ_or_claim_in_any_spelling_is_danger(
    demo: sqlite_utils.Database, claim: str, seed: int, around: str
) -> None:
    rng = random.Random(seed)
    text = around.format(_variant(claim, rng))
    verdict = ask(demo, text)
    assert verdict.level == "danger", text
    assert verdict.headline_key == "impersonation"


def test_no_registered_name_reads_as_a_state_organ(demo: sqlite_utils.Database) -> None:
    names = [row[0] for row in demo.execute("SELECT name FROM agencies")]
    assert names
    flagged = [n for n in names if ask(demo, n).headline_key == "impersonation"]
    assert flagged == []


def test_a_different_legal_form_is_another_firm(demo: sqlite_utils.Database) -> None:
    rows = demo.execute(
        "SELECT uscc, name FROM agencies WHERE name LIKE '%有限公司' AND name NOT LIKE '%股份%' "
        "AND name NOT LIKE '%分公司' LIMIT 30"
    ).fetchall()
    assert rows
    for uscc, name in rows:
        other = re.sub("有限公司$", "股份有限公司", name)
        verdict = ask(demo, other)
        assert verdict.level != "ok", other
        assert shown(verdict)[:1] == [uscc], other
        same = ask(demo, re.sub("有限公司$", "有限责任公司", name))  # the same legal form
        assert same.match is not None and same.match.id == uscc


def test_a_branch_or_trade_name_variant_shows_the_firm_first(demo: sqlite_utils.Database) -> None:
    rows = demo.execute(
        "SELECT uscc, name FROM agencies WHERE parent_uscc IS NULL "
        "AND name LIKE '上海%代理有限公司' AND name NOT LIKE '%分公司' ORDER BY uscc LIMIT 40"
    ).fetchall()
    assert rows
    misses = []
    for uscc, name in rows:
        stem = name.removesuffix("有限公司")
        for variant in (stem + "服务中心", stem + "集团有限公司", stem + "（中国）有限公司"):
            verdict = ask(demo, variant)
            if verdict.match is None and shown(verdict)[:1] != [uscc]:
                misses.append(variant)
            assert verdict.level != "ok" or verdict.match is not None
    assert len(misses) <= len(rows) // 10, misses


def test_a_sentence_that_names_a_firm_among_other_words_is_never_that_firm(
    demo: sqlite_utils.Database, agencies: list[dict[str, str]]
) -> None:
    for agency in agencies[:40]:
        for text in (agency["name"] + "的分公司", agency["name"] + "吗", "查" + agency["name"]):
            verdict = ask(demo, text)
            assert verdict.level != "ok", text
            assert agency["uscc"] in shown(verdict), text


def test_reading_finds_every_piece_of_a_business_card_line() -> None:
    reading = read(
        "上海华岳知识产权代理有限公司 张经理 电话：021-6123 4567转8012 手机 13916627788 "
        "邮箱 service@huayue-ip.example 统一社会信用代码：91310106MA1FL3R23H"
    )
    kinds = sorted(p.kind for p in reading.pieces)
    assert kinds == ["host", "id", "phone", "phone"]
    assert reading.names == ("上海华岳知识产权代理有限公司",)
    assert any("02161234567" in p.keys for p in reading.pieces)


def test_an_extension_is_not_part_of_the_number() -> None:
    for written in ("021-61234567转8012", "021-61234567 ext. 8012", "021 6123 4567 分机 8012"):
        phones = [p for p in read(written).pieces if p.kind == "phone"]
        assert [p.keys[:2] for p in phones] == [tuple(phone_keys("021-61234567"))], written


def test_a_name_beside_a_uscc_with_a_wrong_check_character_is_never_ok(
    demo: sqlite_utils.Database, agencies: list[dict[str, str]]
) -> None:
    for agency in agencies[:30]:
        uscc = agency["uscc"]
        wrong = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
        verdict = ask(demo, f"{agency['name']}，统一社会信用代码 {wrong}")
        assert verdict.level != "ok", wrong
        assert any(r.code == "invalid_uscc" for r in verdict.reasons)


def test_a_foreign_number_is_no_chinese_phone() -> None:
    assert [p for p in read("+1 650 253 0000").pieces if p.kind == "phone"] == []


NEVER_OK = [  # pasted text that must not answer ok (hostile tests of issue 10, on the fixture)
    "上海澜涛知识产权代理有限公司 周明远",  # another firm's attorney beside the name
    "王启航 上海华岳知识产权代理有限公司",  # a revoked attorney of another firm
    "上海华岳知识产权代理有限公司 北京分部",
    "上海华岳知识产权代理有限公司 授权代理",
    "华岳顾问 021-61234567",  # a trade name and a title is no person
    "周明远有限公司",  # a company is not the person of that name
    "上海周明远有限公司",
    "上海华岳知识产权代理有限公司 021-61234567转13800001111",  # a second number, no extension
    "上海蓝桥专利代理有限公司和上海华岳知识产权代理有限公司",
    "上海华岳知识产权代理有限公司 91310106MA1FL3R230",
]
THE_FIRM = [  # realistic text about 上海华岳知识产权代理有限公司 (ok in the fixture)
    "上海华岳知识产权代理有限公司 统一社会信用代码 91310106MA1FL3R23H",
    "上海华岳知识产权代理有限公司 ☎ 021-61234567",
    "✅上海华岳知识产权代理有限公司",
    "1. 上海华岳知识产权代理有限公司",
    "上海华岳知识产权代理有限公司 地址：上海市静安区南京西路1266号 邮编：200040 电话：021-61234567",
    "上海华岳知识产权代理有限公司 2026-05-20",
    "3120150101 上海华岳知识产权代理有限公司",  # its own attorney's certificate
    "上海华岳知识产权代理有限公司 官方网站：www.huayue-ip.example",
    "上海华岳知识产权代理有限公司 周明远 专利代理师 电话 021-61234567",
]


@pytest.mark.parametrize("text", NEVER_OK)
def test_pasted_text_that_does_not_name_one_firm_is_never_ok(
    check_registry: sqlite_utils.Database, text: str
) -> None:
    from tests.conftest import CHECK_TODAY

    assert check(check_registry, text, today=CHECK_TODAY).level != "ok"


@pytest.mark.parametrize("text", THE_FIRM)
def test_realistic_text_about_a_registered_firm_names_it(
    check_registry: sqlite_utils.Database, text: str
) -> None:
    from tests.conftest import CHECK_TODAY

    verdict = check(check_registry, text, today=CHECK_TODAY)
    assert verdict.match is not None and verdict.match.name == "上海华岳知识产权代理有限公司"
    assert verdict.level == "ok"


@pytest.mark.parametrize(
    "text",
    [
        "国家知识产权总局",
        "市场监管总局",
        "商标审查协作中心",
        "State IP Office",
        "国家知识\ufe0f产权局",
    ],
)
def test_more_state_organ_names_are_danger(
    check_registry: sqlite_utils.Database, text: str
) -> None:
    from tests.conftest import CHECK_TODAY

    assert check(check_registry, text, today=CHECK_TODAY).level == "danger"


@pytest.mark.parametrize(
    "text",
    [
        "上海华岳知识产权代理有限公司，经国家知识产权局批准成立",
        "上海华岳知识产权代理有限公司 官方网站：www.huayue-ip.example",
        "上海华岳知识产权代理有限公司 已获国家授权专利500余件",
        "上海华岳知识产权代理有限公司 客户服务大厅",
    ],
)
def test_a_firm_citing_the_state_is_not_posing_as_it(
    check_registry: sqlite_utils.Database, text: str
) -> None:
    from tests.conftest import CHECK_TODAY

    assert check(check_registry, text, today=CHECK_TODAY).headline_key != "impersonation"


def test_two_attorneys_of_one_firm_name_no_firm(check_registry: sqlite_utils.Database) -> None:
    """周明远 and 李文博 both practise at 华岳: together they agree only on a firm neither text
    names, which is no certain answer (and no crash)."""
    from tests.conftest import CHECK_TODAY

    for text in ("周明远 3120170345", "3120150101 3120170345"):
        verdict = check(check_registry, text, today=CHECK_TODAY)
        assert verdict.level != "ok" and verdict.match is None


def test_the_clone_case_shows_the_named_firm_and_the_phones_firm_for_what_they_are(
    check_registry: sqlite_utils.Database,
) -> None:
    from bot.verdict_view import verdict_view
    from tests.conftest import CHECK_TODAY

    verdict = check(
        check_registry, "上海华岳知识产权代理有限公司 电话：021-64871203", today=CHECK_TODAY
    )
    view = verdict_view(verdict, "zh")
    assert view.candidates_title == "所给内容对应的登记记录"
    assert [c.why for c in view.candidates] == ["所给名称是这一家的登记名称", "登记了这一电话"]
    english = verdict_view(verdict, "en")
    assert english.candidates[0].why == "the name given is this record's registered name"
