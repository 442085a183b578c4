"""The text forms behind matching: names, identifiers, phones and web addresses."""

from __future__ import annotations

import pytest

from bot.normalize import compact_id, looks_like_uscc, name_key, phone_keys, trade_name, web_host


@pytest.mark.parametrize(
    "written",
    [
        "上海华诚知识产权代理有限公司",
        "华诚知识产权代理",
        "華誠知識產權代理（上海）有限公司",
        "华诚知识产权代理(上海)有限责任公司",
        "上海市 华诚 知识产权代理 有限公司",
        "华诚知识产权代理【上海】有限公司",
    ],
)
def test_names_a_person_calls_the_same_share_one_key(written: str) -> None:
    assert name_key(written) == "华诚知识产权代理"


def test_the_industry_words_still_tell_names_apart() -> None:
    assert name_key("上海华诚专利代理有限公司") != name_key("上海华诚知识产权代理有限公司")
    assert trade_name(name_key("上海华诚专利代理有限公司")) == "华诚"


def test_partnership_forms_are_ignored() -> None:
    assert name_key("松石专利代理事务所（特殊普通合伙）") == name_key("松石专利代理事务所")


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("021-6234 5678", ["02162345678", "62345678"]),
        ("+86 21 6234 5678", ["02162345678", "62345678"]),
        ("0086-21-62345678", ["02162345678", "62345678"]),
        ("（021）62345678", ["02162345678", "62345678"]),
        ("62345678", ["02162345678", "62345678"]),
        ("+86 138 0013 8000", ["13800138000"]),
        ("138-0013-8000", ["13800138000"]),
        ("010-12345678", ["01012345678"]),
        ("400-820-1234", ["4008201234"]),
        ("华诚", []),
        ("2023", []),
        ("91310115MA1K4ABC2B", []),
    ],
)
def test_phone_numbers_are_found_however_they_are_written(typed: str, keys: list[str]) -> None:
    assert phone_keys(typed) == keys


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("https://www.huacheng-ip.example/about?x=1", "huacheng-ip.example"),
        ("WWW.HUACHENG-IP.EXAMPLE", "huacheng-ip.example"),
        ("huacheng-ip.example/", "huacheng-ip.example"),
        ("service@huacheng-ip.example", "huacheng-ip.example"),
        ("ｗｗｗ．huacheng-ip．example", "huacheng-ip.example"),
        ("上海华诚知识产权代理有限公司", None),
        ("1.5", None),
        ("' OR 1=1 --", None),
    ],
)
def test_web_addresses_reduce_to_their_host(typed: str, host: str | None) -> None:
    assert web_host(typed) == host


def test_a_uscc_typed_loosely_is_recognised() -> None:
    compact = compact_id(" ９１３１０１１５ｍａ１ｋ-４ＡＢＣ ２Ｂ ")
    assert compact == "91310115MA1K4ABC2B"
    assert looks_like_uscc(compact)
    assert not looks_like_uscc(compact_id("91310115MA1K4ABC2I"))  # I is not in the alphabet
