"""Shanghai's districts: one list, one spelling, one URL name, for routing, the site and reports.

Real exports write a district both as `徐汇` and `徐汇区` (and Lingang by its long official
name); `canonical_district` turns any of them into the one form the rest of Lantian uses.
"""

from __future__ import annotations

import re
import unicodedata

# The domain brief's order; the value is a readable URL name (pinyin alone reads 长宁 "zhang").
# 临港新片区 has its own market regulation office.
DISTRICT_SLUGS: dict[str, str] = {
    "黄浦": "huangpu",
    "徐汇": "xuhui",
    "长宁": "changning",
    "静安": "jingan",
    "普陀": "putuo",
    "虹口": "hongkou",
    "杨浦": "yangpu",
    "闵行": "minhang",
    "宝山": "baoshan",
    "嘉定": "jiading",
    "浦东新区": "pudong",
    "金山": "jinshan",
    "松江": "songjiang",
    "青浦": "qingpu",
    "奉贤": "fengxian",
    "崇明": "chongming",
    "临港新片区": "lingang",
}
DISTRICTS: tuple[str, ...] = tuple(DISTRICT_SLUGS)

# Other spellings seen in exports, each to its canonical form.
_ALIASES: dict[str, str] = {
    **{f"{name}区": name for name in DISTRICTS if not name.endswith("区")},
    "浦东": "浦东新区",
    "临港": "临港新片区",
    "临港新区": "临港新片区",
    "中国（上海）自由贸易试验区临港新片区": "临港新片区",
    "上海自贸区临港新片区": "临港新片区",
    "崇明县": "崇明",
}
_PREFIX = re.compile(r"^(?:上海市?)")
# How Shanghai's province is written (上海, 上海市); in SQL, `province LIKE SHANGHAI_LIKE` is
# `registered_in_shanghai` (the prefix holds no LIKE wildcard; tests/test_one_rule.py checks).
SHANGHAI_PREFIX = "上海"
SHANGHAI_LIKE = SHANGHAI_PREFIX + "%"
_SPACE = re.compile(r"\s+")


def canonical_district(text: str | None) -> str | None:
    """The canonical name of a Shanghai district written in any common form, else None."""
    if not text:
        return None
    cleaned = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    cleaned = cleaned.replace("(", "（").replace(")", "）")
    for candidate in (cleaned, _PREFIX.sub("", cleaned)):
        if candidate in DISTRICT_SLUGS:
            return candidate
        if candidate in _ALIASES:
            return _ALIASES[candidate]
    return None


def registered_in_shanghai(province: str | None) -> bool:
    """An agency whose province is Shanghai's (上海, 上海市): the district offices' remit."""
    return (province or "").startswith(SHANGHAI_PREFIX)


def district_slug(district: str | None) -> str:
    """A URL name that is always `[a-z]+`: a known district's, else `other` (never the input)."""
    known = canonical_district(district)
    return DISTRICT_SLUGS[known] if known else "other"
