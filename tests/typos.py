"""Typos as people make them, of registered names: for the typo-recall test and bench_lookup.

Each kind changes one place of a name's key (what bot.normalize.name_key keeps: the region, the
trade name, the industry words), never the company form and never the demo's 示例 marker, which
no real name has:

- homophone: a character typed by its pinyin and the wrong one picked (诚 → 城): another common
  character (GB 2312 level 1) with the same toneless pinyin;
- shape: a character misread for one that looks like it (锦 → 绵), from SHAPE_ALIKE below, a
  hand-written list of well-known look-alikes that bot/ never reads (the lookup measures shape
  with four-corner codes, so this list is an independent judge);
- drop, swap, double: one character left out, two neighbours exchanged, one typed twice;
- traditional: the whole name in traditional characters (opencc s2t), as pasted from a Hong Kong
  or Taiwan page;
- random: one trade-name character replaced by any other trade-name character (the old bench's
  "typo"): no person's slip, so no target; reported beside rapidfuzz on the same queries.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import lru_cache

import opencc
import sqlite_utils

from bot.lookup import exact_keys, one_edit_names
from bot.normalize import char_sound, name_key

MARKER = "示例"  # every demo name has it; real names do not, so no typo lands in it
KINDS = ("homophone", "shape", "drop", "swap", "double", "traditional")

# Look-alike characters, one each: a radical changed or dropped, a stroke more or less. Most
# sound different (锦/绵), some the same (峰/蜂): misreadings do not care.
_SHAPE_PAIRS = (
    # trade-name characters of the demo
    "澄登 禾木 华毕 诚诫 信倍 德徽 源原 瑞端 博傅 景影 智知 汇江 佳住 嘉喜 恒桓 泰秦 鼎晶 盛盈 "
    "弘引 明朋 启后 晟晁 睿壑 卓草 越趁 创仓 锦绵 天夭 海梅 蓝监 青责 正止 本木 立辛 方万 远运 "
    "达这 通涌 科料 安妄 康庚 乐东 文丈 雅稚 思恩 维推 谷各 峰蜂 岳丘 川州 林材 森焚 石右 金全 "
    "玉王 宝实 星昆 辰唇 月用 阳阴 光先 晨最 曦羲 朗郎 悦说 欣炊 融隔 沐沭 澜涧 泓沿 沛市 润涧 "
    "泽译 浩诰 淳谆 清倩 知和 慧彗 聚娶 合含 众从 诺诸 优扰 凯岂 铭络 骏验 翔翱 鹏鹃 鸿鸣 奕变 "
    "承丞 永水 久夕 誉誊 航舫 策第 衡衙 律津 勤勒 毅殷 尚党 品晶 禹离 舟丹 桥娇 原厚 杉彬 榕溶 "
    "樟漳 桐洞 枫机 竹竺 梧语 荷苛 云去 雨两 霖霜 露路 霞假 岚风 溪奚 泉皋 湖潮 江红 河可 洲州 "
    "屿屹 帆帜 舒舍 恬括 宁字 静睁 和知 睦陆 谦嫌 儒需 贤紧 哲誓 道遒 行衍 致玫 拓柘 展屡 新亲 "
    "元无 初衬 朴补 素索 简筒 杰杏 英央 豪毫 盈盆 丰半 裕俗 益盖 兴举 隆陵 昌晶 祥样 福幅 禄绿 "
    "寿涛 "
    # homophone variants the demo's clones use
    "上土 中申 亚业 凝疑 力刀 可司 同问 唯准 喆吉 城域 太犬 宇字 宏宠 巨臣 广厂 得待 志忘 悠修 "
    "扬场 择译 搏傅 政攻 斯期 朋明 杭抗 桦烨 洁浩 添漆 灼约 熙照 芳劳 芸芝 荣劳 逸免 鑫金 闻闯 "
    "顶项 "
    # regions
    "东车 京凉 内肉 北比 古占 吉告 四匹 夏复 大太 岛鸟 州川 庆床 建律 徽微 成戍 无天 武式 汉仅 "
    "沙抄 波坡 津律 浙淅 深探 甘廿 肥肌 莞完 蒙豪 西酉 贵贯 连进 郑邓 都部 重童 锡赐 门闩 陕峡 "
    "黑墨 龙尤 "
    # industry words
    "专传 产广 代伐 利刹 务各 商高 服报 权杈 标杯 理埋 识积"
)
SHAPE_ALIKE: dict[str, str] = {pair[0]: pair[1] for pair in _SHAPE_PAIRS.split()}

_TO_TRADITIONAL = opencc.OpenCC("s2t")


@lru_cache(maxsize=1)
def _common_by_sound() -> dict[str, list[str]]:
    """GB 2312 level 1 (the 3,755 commonest characters) by toneless pinyin."""
    by_sound: dict[str, list[str]] = {}
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                char = bytes([row, cell]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            by_sound.setdefault(char_sound(char), []).append(char)
    return by_sound


def homophones(char: str) -> list[str]:
    """Common characters that sound like `char` (toneless pinyin), without it."""
    return [c for c in _common_by_sound().get(char_sound(char), []) if c != char]


def _places(name: str) -> tuple[int, int] | None:
    """Where the name's key lies in the name: (start, end), or None when not in one piece."""
    key = name_key(name)
    start = name.find(key) if key else -1
    return (start, start + len(key)) if start >= 0 else None


def _positions(name: str, start: int, end: int) -> list[int]:
    """Positions of the key a typo may touch: not the demo marker."""
    marker = name.find(MARKER, start, end)
    skip = set(range(marker, marker + len(MARKER))) if marker >= 0 else set()
    return [i for i in range(start, end) if i not in skip]


def typo(name: str, kind: str, rng: random.Random) -> str | None:
    """`name` with one typo of `kind`, or None when the name offers no place for one."""
    if kind == "traditional":
        changed: str = _TO_TRADITIONAL.convert(name)
        return changed if changed != name else None
    places = _places(name)
    if places is None:
        return None
    positions = _positions(name, *places)
    make = _MAKERS[kind]
    for i in rng.sample(positions, len(positions)):
        changed_at = make(name, i, positions, rng)
        if changed_at is not None:
            return changed_at
    return None


def _homophone(name: str, i: int, _: list[int], rng: random.Random) -> str | None:
    others = homophones(name[i])
    return name[:i] + rng.choice(others) + name[i + 1 :] if others else None


def _shape(name: str, i: int, _: list[int], rng: random.Random) -> str | None:
    alike = SHAPE_ALIKE.get(name[i])
    return name[:i] + alike + name[i + 1 :] if alike else None


def _drop(name: str, i: int, _: list[int], rng: random.Random) -> str | None:
    return name[:i] + name[i + 1 :]


def _swap(name: str, i: int, positions: list[int], rng: random.Random) -> str | None:
    if i + 1 not in positions or name[i] == name[i + 1]:
        return None
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _double(name: str, i: int, _: list[int], rng: random.Random) -> str | None:
    return name[:i] + name[i] + name[i:]


_MAKERS: dict[str, Callable[[str, int, list[int], random.Random], str | None]] = {
    "homophone": _homophone,
    "shape": _shape,
    "drop": _drop,
    "swap": _swap,
    "double": _double,
}


def random_trade_typo(name: str, alphabet: str, rng: random.Random) -> str | None:
    """One character of the demo's two-character trade name (before 示例) replaced by another
    of `alphabet`, chosen blindly."""
    marker = name.find(MARKER)
    if marker < 2:
        return None
    i = marker - 1 - rng.randrange(2)
    replacement = rng.choice([c for c in alphabet if c != name[i]])
    return name[:i] + replacement + name[i + 1 :]


def is_typo_of(kind: str, typed: str, other: str) -> bool:
    """Whether the name key `typed` is also a typo of `kind` of the name key `other`: then
    `typed` means either equally, and no lookup can tell which (上海泉示例… with one trade-name
    character left out is 泉X… and X泉… alike)."""
    if kind == "drop":
        return len(other) == len(typed) + 1
    if kind == "double":
        return len(other) + 1 == len(typed) and any(
            typed == other[:i] + other[i] + other[i:] for i in range(len(other))
        )
    if len(typed) != len(other) or kind == "traditional":
        return False
    apart = [i for i, (a, b) in enumerate(zip(typed, other, strict=True)) if a != b]
    if kind == "swap":
        return len(apart) == 2 and apart[1] == apart[0] + 1 and typed[apart[0]] == other[apart[1]]
    if len(apart) != 1:
        return False
    at = apart[0]
    if kind == "homophone":
        return char_sound(typed[at]) == char_sound(other[at])
    return kind == "shape" and SHAPE_ALIKE.get(other[at]) == typed[at]


def ambiguous(db: sqlite_utils.Database, kind: str, query: str, meant: str) -> bool:
    """Whether `query` names another record than `meant` exactly, or is the same kind of typo
    of another's name (is_typo_of): it means that one as much, and no lookup can know."""
    key = name_key(query)
    if any(hit.id != meant for hit in exact_keys(db, [key], ("name", "former_name"))):
        return True
    return any(
        subject_id != meant and is_typo_of(kind, key, other)
        for _, subject_id, other in one_edit_names(db, key)
    )
