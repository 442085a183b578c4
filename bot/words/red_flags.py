"""What a red flag in an agency's own words is called, for the card of a picture or pasted text
(bot/red_flags.py finds them)."""

from __future__ import annotations

from bot.words import Words

RED_FLAGS: dict[str, Words] = {
    "official": (
        "自称官方或国家机关指定：假冒国家机关名义",
        "Claims official or state-designated status: posing as a state organ",
    ),
    "promise": (
        "承诺“包过”或保证授权：审查结果由审查机关决定，任何代理机构都不能保证",
        "Promises approval: the examiner decides, and no agency can guarantee it",
    ),
    "refund": (
        "以“不成功退款”招揽：属不正当招揽",
        "“Refund if refused” offers: improper solicitation",
    ),
    "internal": (
        "声称有“内部渠道”或审查员关系：涉嫌与审查人员勾连",
        "Claims “internal channels” or ties to examiners: suspected collusion",
    ),
    "free": (
        "免费、零元或低于成本的报价：属不正当招揽",
        "Free, zero-fee or below-cost offers: improper solicitation",
    ),
    "hot_word": (
        "兜售热词商标或抢注：涉嫌囤积、恶意抢注商标",
        "Offers hot-word trademarks or pre-emptive filing: suspected hoarding or squatting",
    ),
}
