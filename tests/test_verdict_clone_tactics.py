"""Clone-firm tactics a hostile tester tried on a registry of its own, kept as properties: a
name in another legal form stays another firm whatever brackets it is typed in; a former name
is held to its own form and place; a revoked firm's former name is not hidden by an active
firm holding the same words in another form; a branch is in danger when its head office is on
the serious-dishonest list (docs/verdict-rules.md §3, rule 6 of the domain); a web address or a
name spelt with Cyrillic or Greek letters drawn as Latin ones, or a word joined on, is a
lookalike of the registered one, never it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc

from bot.check import check
from bot.normalize import LATIN_LOOKALIKES
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.verdict import Verdict
from tests.bundles import agency, write_bundle

TODAY = date(2026, 6, 1)


def valid_uscc(n: int) -> str:
    first = f"91310101MA1X{n:04d}0"[:17]
    return first + uscc.calc_check_digit(first)


HUAYUE = valid_uscc(1)  # 有限公司
LANTING = valid_uscc(2)  # 股份有限公司
TIANQI = valid_uscc(3)  # revoked; held 上海启航示例知识产权代理有限公司 before
QIHANG = valid_uscc(4)  # active 上海启航示例知识产权代理股份有限公司
YUANHANG = valid_uscc(5)  # in Beijing; held 远航示例专利代理有限公司 before
CHENGHAI = valid_uscc(6)  # held 上海澄海示例商标代理有限公司 before
JINQIAO = valid_uscc(7)  # on the serious-dishonest list
JINQIAO_BRANCH = valid_uscc(8)
HENGDA = valid_uscc(9)  # on the abnormal-operation list only
HENGDA_BRANCH = valid_uscc(10)
ABC = valid_uscc(11)  # a trade name in Latin letters
TIANQI_BEIJING = valid_uscc(12)  # clean, in Beijing: its name key is the revoked 上海天启's

AGENCIES = [
    agency(
        uscc=HUAYUE,
        name="上海华岳示例知识产权代理有限公司",
        phones="021-61110001",
        websites="www.huayue-ip.com.cn",
    ),
    agency(
        uscc=ABC,
        name="上海ABC示例知识产权代理有限公司",
        phones="021-61110011",
        websites="www.abc-patent.com",
    ),
    agency(uscc=LANTING, name="上海兰亭示例商标代理股份有限公司", phones="021-61110002"),
    agency(
        uscc=TIANQI,
        name="上海天启示例知识产权代理有限公司",
        former_names="上海启航示例知识产权代理有限公司",
        status="revoked",
        status_since="2025-03-01",
        phones="021-61110003",
    ),
    agency(uscc=QIHANG, name="上海启航示例知识产权代理股份有限公司", phones="021-61110004"),
    agency(
        uscc=TIANQI_BEIJING,
        name="北京天启示例知识产权代理有限公司",
        province="北京市",
        city="北京市",
        district="朝阳区",
        phones="010-61110012",
    ),
    agency(
        uscc=YUANHANG,
        name="北京远航示例专利代理有限公司",
        former_names="远航示例专利代理有限公司",
        province="北京市",
        city="北京市",
        district="海淀区",
        phones="010-61110005",
    ),
    agency(
        uscc=CHENGHAI,
        name="上海澄海示例知识产权服务有限公司",
        former_names="上海澄海示例商标代理有限公司",
        phones="021-61110006",
    ),
    agency(uscc=JINQIAO, name="上海金桥示例专利代理有限公司", phones="021-61110007"),
    agency(
        uscc=JINQIAO_BRANCH,
        name="上海金桥示例专利代理有限公司闵行分公司",
        parent_uscc=JINQIAO,
        district="闵行区",
        phones="021-61110008",
    ),
    agency(uscc=HENGDA, name="上海恒达示例专利代理有限公司", phones="021-61110009"),
    agency(
        uscc=HENGDA_BRANCH,
        name="上海恒达示例专利代理有限公司嘉定分公司",
        parent_uscc=HENGDA,
        district="嘉定区",
        phones="021-61110010",
    ),
]
LISTINGS = [
    {
        "subject_id": JINQIAO,
        "list": "serious_dishonest",
        "reason": "代理非正常专利申请",
        "authority": "上海市市场监督管理局",
        "decision_no": "沪市监失〔2025〕1号",
        "listed_on": "2025-09-01",
    },
    {
        "subject_id": HENGDA,
        "list": "abnormal_operation",
        "reason": "未按期公示年度报告",
        "authority": "上海市市场监督管理局",
        "decision_no": "沪市监异〔2026〕2号",
        "listed_on": "2026-02-01",
    },
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    folder = tmp_path_factory.mktemp("clones")
    bundle = write_bundle(folder / "bundle", AGENCIES, listings=LISTINGS)
    db = open_database(folder / "lantian.db")
    import_path(db, bundle, today=TODAY)
    yield db
    db.close()


def examples(count: int) -> settings:
    """A property's settings here: `count` examples on the module's one registry."""
    return settings(max_examples=count, suppress_health_check=[HealthCheck.function_scoped_fixture])


def ask(db: sqlite_utils.Database, text: str) -> Verdict:
    return check(db, text, today=TODAY)


def first_shown(verdict: Verdict) -> str | None:
    if verdict.match is not None:
        return verdict.match.id
    return verdict.candidates[0].subject.id if verdict.candidates else None


AROUND = st.sampled_from(
    [
        *("({})", "（{}）", "{}()", "{}（）", "{})", "{} (", "({}", "【{}】", "“{}”"),
        *("{}（ ）", "(({}))", "{}）。"),
    ]
)
OTHER_FORM = {
    "上海华岳示例知识产权代理有限公司": ("上海华岳示例知识产权代理股份有限公司", HUAYUE),
    "上海兰亭示例商标代理股份有限公司": ("上海兰亭示例商标代理有限公司", LANTING),
}


@examples(60)
@given(around=AROUND, name=st.sampled_from(sorted(OTHER_FORM)))
def test_a_name_in_another_legal_form_is_never_ok_whatever_brackets_it_is_typed_in(
    registry: sqlite_utils.Database, around: str, name: str
) -> None:
    other, registered = OTHER_FORM[name]
    verdict = ask(registry, around.format(other))
    assert verdict.level != "ok"
    assert first_shown(verdict) == registered  # shown as what it resembles
    assert ask(registry, around.format(name)).level == "ok"  # the real name, bracketed too


def test_a_name_in_another_form_beside_its_phone_is_not_ok(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "上海华岳示例知识产权代理股份有限公司() 021-61110001")
    assert verdict.level != "ok"


def test_a_former_name_in_another_legal_form_is_another_firm(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "上海澄海示例商标代理股份有限公司")
    assert verdict.level != "ok"
    assert first_shown(verdict) == CHENGHAI
    held = ask(registry, "上海澄海示例商标代理有限公司")
    assert held.level == "ok" and held.match is not None and held.match.id == CHENGHAI


def test_shanghai_added_to_a_former_name_held_elsewhere_is_another_firm(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "上海远航示例专利代理有限公司")
    assert verdict.level != "ok"
    assert first_shown(verdict) == YUANHANG
    assert ask(registry, "远航示例专利代理有限公司").level == "ok"


def test_a_revoked_firms_former_name_is_found_beside_another_form_held_now(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "上海启航示例知识产权代理有限公司")
    assert verdict.level == "danger"
    assert verdict.match is not None and verdict.match.id == TIANQI
    now = ask(registry, "上海启航示例知识产权代理股份有限公司")
    assert now.level == "ok" and now.match is not None and now.match.id == QIHANG


def test_a_branch_of_a_head_office_on_the_serious_dishonest_list_is_in_danger(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "上海金桥示例专利代理有限公司闵行分公司")
    assert verdict.level == "danger"
    head = next(r for r in verdict.reasons if r.code == "head_office")
    assert "严重违法失信名单" in head.text("zh")
    assert "serious illegal and dishonest list" in head.text("en")


def test_a_branch_of_a_head_office_only_in_caution_is_not_in_danger(
    registry: sqlite_utils.Database,
) -> None:
    assert ask(registry, "上海恒达示例专利代理有限公司").level == "caution"
    branch = ask(registry, "上海恒达示例专利代理有限公司嘉定分公司")
    assert branch.level == "ok"
    assert all(r.code != "head_office" for r in branch.reasons)


LOOKS_LATIN = dict(zip(LATIN_LOOKALIKES[1], LATIN_LOOKALIKES[0], strict=True))


def disguised(text: str, data: st.DataObject, within: int | None = None) -> str:
    """`text` (its first `within` characters) with one to three of its Latin letters drawn in
    another script."""
    places = [n for n, char in enumerate(text[:within]) if char in LOOKS_LATIN]
    chosen = data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique=True))
    return "".join(LOOKS_LATIN[c] if n in chosen else c for n, c in enumerate(text))


@examples(60)
@given(data=st.data(), site=st.sampled_from(["huayue-ip.com.cn", "abc-patent.com"]))
def test_a_web_address_with_letters_of_another_script_is_a_lookalike_never_ok(
    registry: sqlite_utils.Database, data: st.DataObject, site: str
) -> None:
    """In the site's own name: a host under the registered domain (ԝww.abc-patent.com) is the
    firm's, whatever its first label looks like."""
    owner = HUAYUE if "huayue" in site else ABC
    verdict = ask(registry, "www." + disguised(site, data, within=site.index(".")))
    assert verdict.level != "ok"
    assert verdict.headline_key == "lookalike"
    assert first_shown(verdict) == owner


@examples(40)
@given(data=st.data())
def test_a_name_with_letters_of_another_script_is_a_lookalike_never_ok(
    registry: sqlite_utils.Database, data: st.DataObject
) -> None:
    verdict = ask(registry, disguised("上海ABC示例知识产权代理有限公司", data))
    assert verdict.level != "ok"
    assert first_shown(verdict) == ABC


@pytest.mark.parametrize(
    "text",
    ["login-huayue-ip.com.cn", "huayue-ip-login.com", "my-huayue-ip.cn", "abc-patent-cn.com"],
)
def test_a_registered_site_name_with_a_word_joined_on_is_a_lookalike(
    registry: sqlite_utils.Database, text: str
) -> None:
    verdict = ask(registry, text)
    assert verdict.level != "ok" and verdict.headline_key == "lookalike"
    assert first_shown(verdict) == (HUAYUE if "huayue" in text else ABC)


@pytest.mark.parametrize(
    "text", ["huayue-ip。com。cn", "www.huayue-ip｡com｡cn", "huayue-ip．com．cn"]
)
def test_ideographic_full_stops_between_letters_are_the_dots_of_an_address(
    registry: sqlite_utils.Database, text: str
) -> None:
    verdict = ask(registry, text)
    assert verdict.level == "ok" and verdict.match is not None and verdict.match.id == HUAYUE


def test_a_full_stop_after_chinese_is_still_the_end_of_a_sentence(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "上海华岳示例知识产权代理有限公司。")
    assert verdict.level == "ok" and verdict.match is not None and verdict.match.id == HUAYUE


TALK = st.sampled_from(
    [
        "{}可以注册商标吗",
        "{}收费贵吗？",
        "朋友推荐了{}，靠谱吗",
        "<p>{}</p>",
        "听说{}能代办专利",
        "{}的业务员说能保证授权",
        "我在{}交了定金",
    ]
)


@examples(30)
@given(talk=TALK)
def test_text_naming_a_revoked_firm_among_other_words_is_in_danger(
    registry: sqlite_utils.Database, talk: str
) -> None:
    verdict = ask(registry, talk.format("上海天启示例知识产权代理有限公司"))
    assert verdict.level == "danger"
    assert any(r.code in ("named_in_danger", "revoked") for r in verdict.reasons)
    assert first_shown(verdict) == TIANQI


@examples(30)
@given(talk=TALK)
def test_text_naming_an_active_firm_among_other_words_is_not_put_in_danger(
    registry: sqlite_utils.Database, talk: str
) -> None:
    verdict = ask(registry, talk.format("上海兰亭示例商标代理股份有限公司"))
    assert verdict.level in ("ok", "unknown")
    assert first_shown(verdict) == LANTING


FIRMS = {
    HUAYUE: "上海华岳示例知识产权代理有限公司",
    LANTING: "上海兰亭示例商标代理股份有限公司",
    TIANQI: "上海天启示例知识产权代理有限公司",
    HENGDA: "上海恒达示例专利代理有限公司",
    ABC: "上海ABC示例知识产权代理有限公司",
}


@examples(40)
@given(
    firms=st.lists(st.sampled_from(sorted(FIRMS)), min_size=2, max_size=4, unique=True),
    separator=st.sampled_from(["、", "\n", "；", " ", "\n\n"]),
)
def test_a_list_of_registered_firms_is_as_sound_as_the_worst_of_them(
    registry: sqlite_utils.Database, firms: list[str], separator: str
) -> None:
    verdict = ask(registry, separator.join(FIRMS[uscc] for uscc in firms))
    own = [ask(registry, FIRMS[uscc]).level for uscc in firms]
    order = ["ok", "unknown", "caution", "danger"]
    assert verdict.headline_key == "listed"
    assert verdict.level == max(own, key=order.index)
    assert [c.subject.id for c in verdict.candidates] == firms


def test_a_firms_name_beside_another_firms_phone_is_still_the_clone_case(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(
        registry, "上海华岳示例知识产权代理有限公司、上海兰亭示例商标代理股份有限公司 021-61110009"
    )
    assert verdict.headline_key == "mismatch" and verdict.level != "ok"


def test_an_unregistered_branch_of_a_firm_in_danger_is_in_danger(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "上海金桥示例专利代理有限公司浦东分公司")
    assert verdict.level == "danger" and verdict.match is None
    assert first_shown(verdict) == JINQIAO
    assert any(r.code == "unregistered_branch" and r.severity == "danger" for r in verdict.reasons)


def test_an_unregistered_branch_of_a_sound_firm_shows_that_firm_and_is_not_ok(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "“上海华岳示例知识产权代理有限公司北京办事处”")
    assert verdict.level == "unknown"
    assert first_shown(verdict) == HUAYUE
    assert any(r.code == "unregistered_branch" and r.severity == "caution" for r in verdict.reasons)
    registered = ask(registry, "上海金桥示例专利代理有限公司闵行分公司")
    assert registered.match is not None and registered.match.id == JINQIAO_BRANCH


@pytest.mark.parametrize(
    ("text", "registered"),
    [
        ("上海华岳示例知识产权代理（股份有限公司）", HUAYUE),
        ("上海华岳示例知识产权代理 (股份有限公司)", HUAYUE),
        ("上海华岳示例知识产权(代理股份有限公司)", HUAYUE),
        ("上海兰亭示例商标代理（有限公司）", LANTING),
        ("上海华岳示例知识产权代理(股份有限公司) 021-61110001", HUAYUE),
    ],
)
def test_another_legal_form_in_brackets_at_the_end_is_still_another_firm(
    registry: sqlite_utils.Database, text: str, registered: str
) -> None:
    verdict = ask(registry, text)
    assert verdict.level != "ok"
    assert first_shown(verdict) == registered


def test_a_clean_firm_sharing_a_revoked_firms_words_is_not_put_in_danger_in_a_sentence(
    registry: sqlite_utils.Database,
) -> None:
    assert ask(registry, "北京天启示例知识产权代理有限公司").level == "ok"
    verdict = ask(registry, "北京天启示例知识产权代理有限公司可以注册商标吗")
    assert verdict.level in ("ok", "unknown")
    assert all(r.code != "named_in_danger" for r in verdict.reasons)
    other_form = ask(registry, "上海天启示例知识产权代理股份有限公司可以注册商标吗")
    assert all(r.code != "named_in_danger" for r in other_form.reasons)


def test_a_revoked_firms_former_name_in_a_sentence_is_in_danger(
    registry: sqlite_utils.Database,
) -> None:
    verdict = ask(registry, "上海启航示例知识产权代理有限公司可以注册商标吗")
    assert verdict.level == "danger"
    assert TIANQI in [c.subject.id for c in verdict.candidates]


@examples(20)
@given(talk=TALK)
def test_text_naming_a_firm_in_caution_among_other_words_is_in_caution(
    registry: sqlite_utils.Database, talk: str
) -> None:
    verdict = ask(registry, talk.format("上海恒达示例专利代理有限公司"))
    assert verdict.level == "caution"
    assert first_shown(verdict) == HENGDA


@pytest.mark.parametrize(
    "text",
    [
        "huayue-ip.сom.cn",  # a Cyrillic с in the suffix
        "huayue-ip.com.сn",
        "www.huayue–ip.com.cn",  # an en dash for the hyphen
        "官网 www.huayue—ip.com.cn 电话",
    ],
)
def test_an_address_drawn_to_pass_for_a_registered_one_is_its_lookalike(
    registry: sqlite_utils.Database, text: str
) -> None:
    verdict = ask(registry, text)
    assert verdict.level != "ok"
    assert first_shown(verdict) == HUAYUE


def test_ideographic_full_stops_in_an_address_beside_a_name_are_read_as_dots(
    registry: sqlite_utils.Database,
) -> None:
    own = ask(registry, "上海华岳示例知识产权代理有限公司 huayue-ip。com。cn")
    assert own.level == "ok" and own.match is not None and own.match.id == HUAYUE
    other = ask(registry, "上海华岳示例知识产权代理有限公司 abc-patent。com")
    assert other.level != "ok" and other.headline_key == "mismatch"
