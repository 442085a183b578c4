"""Red flags in an agency's own words: each kind found once with the words that raise it, however
OCR or a keyboard spaces, widens or writes them; honest wording raises none."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.red_flags import PHRASES, red_flags
from bot.words.red_flags import RED_FLAGS

FLYER = "包过！不成功全额退款。国家知识产权局指定代理机构，内部渠道加急，0元注册，热词商标转让"


def kinds(text: str) -> list[str]:
    return [flag.kind for flag in red_flags(text)]


def test_a_clone_flyer_raises_every_kind_in_order_with_its_words() -> None:
    flags = red_flags(FLYER)
    assert [(f.kind, f.code) for f in flags] == [
        ("official", "impersonation"),
        ("promise", "solicitation"),
        ("refund", "solicitation"),
        ("internal", "tm_collusion"),
        ("free", "solicitation"),
        ("hot_word", "tm_hoard"),
    ]
    assert {f.evidence for f in flags} >= {"包过", "不成功全额退款", "内部渠道", "0元注册"}
    assert all(f.evidence in FLYER for f in flags)


@pytest.mark.parametrize(
    "honest",
    [
        "上海华岳知识产权代理有限公司 专利 商标 版权 021-61234567 www.huayue-ip.example",
        "经国家知识产权局批准设立的专利代理机构，执业许可证号 31215",
        "帮助企业防止商标被抢注，提供商标监测与异议服务",
        "本所郑重声明：不承诺包过，不保证授权，谨防内部渠道骗局",
        "请到国家知识产权局官网核实我所备案信息",
        "进口面包\n过期商品五折",
        "专利申请、商标注册、版权登记，收费透明，官费按国家标准代缴",
        "",
    ],
)
def test_honest_wording_raises_no_flag(honest: str) -> None:
    assert red_flags(honest) == []


def test_every_kind_has_words_in_both_languages() -> None:
    assert set(RED_FLAGS) == {"official", *PHRASES}
    assert all(zh and en for zh, en in RED_FLAGS.values())


SPACES = st.sampled_from([" ", "  ", "·", "\u3000", "-"])  # a line break ends a phrase


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(sorted(PHRASES)),
    pick=st.integers(0, 1000),
    gaps=st.lists(SPACES, min_size=20, max_size=20),
    around=st.tuples(
        st.text("，。！ 专利商标代理", max_size=8), st.text("，。！ 服务热线", max_size=8)
    ),
    traditional=st.booleans(),
)
def test_a_phrase_is_found_however_it_is_spaced_or_written(
    kind: str, pick: int, gaps: list[str], around: tuple[str, str], traditional: bool
) -> None:
    phrase = PHRASES[kind][1][pick % len(PHRASES[kind][1])]
    written = "".join(ch + gaps[n % len(gaps)] for n, ch in enumerate(phrase)).rstrip(
        "".join(set(gaps))
    )
    if traditional:
        written = written.translate(str.maketrans("过证费关内渠热点门", "過證費關內渠熱點門"))
    text = around[0] + written + around[1]
    flags = {f.kind: f for f in red_flags(text)}
    assert kind in flags
    assert flags[kind].evidence in text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_flags_whose_words_stand_in_it(text: str) -> None:
    for flag in red_flags(text):
        assert flag.code and flag.evidence
