"""The words of the registry changes page and its feed (bot/site/registry_changes.py)."""

from __future__ import annotations

from bot.words import Words

TITLE: Words = ("登记变更", "Registry changes")
INTRO: Words = (
    "每次更新登记库，都与上一版比较。与选择代理机构有关的变化列在这里：停止承接新业务、执业许可证"
    "被吊销、注销、商标代理备案过期，列入或移出名单，信用等级下降（或首次评为 C、D 级），以及新的"
    "行政处罚。更名、信用等级提高、总机构或执业机构变更等其他变化不列出。",
    "Each time the registry is updated it is compared with the version before. The changes that "
    "matter to someone choosing an agency are listed here: suspended from new business, licence "
    "revoked, cancelled, trademark filing expired, put on or taken off a list, credit grade "
    "lowered (or first graded C or D), and new administrative penalties. Other changes, such as "
    "a new name, a higher grade or a new head office or agency, are not listed.",
)
PERIOD: Words = (
    "本页列出近 {days} 天（{since} 起）发现的变化，按发现日期分组，最新的在前。",
    "This page lists the changes found in the past {days} days (since {since}), grouped by the "
    "day they were found, newest first.",
)
SCOPE: Words = (
    "只列登记在上海市的机构，以及在上海市机构执业或没有登记执业机构的专利代理师；其他机构请用"
    "{directory}查询。",
    "Only agencies registered in Shanghai are listed, and patent attorneys who work at one or "
    "have no agency on record; for other agencies, use {directory}.",
)
FEED_LINE: Words = (
    "不用 Telegram 也能关注这些变化：把{feed}（RSS）的地址加入 RSS 阅读器即可。",
    "To follow these changes without Telegram, add the address of {feed} (RSS) to a feed reader.",
)
FEED_LINK: Words = ("本页的订阅源", "this page's feed")
NONE: Words = (
    "近 {days} 天登记库中没有此类变化。",
    "No such changes were found in the registry in the past {days} days.",
)
DAY_HEADING: Words = ("{date} 发现（{count} 项）", "Found on {date} ({count})")
COLUMNS: dict[str, Words] = {
    "name": ("名称", "Name"),
    "code": ("代码", "Code"),
    "change": ("变化", "Change"),
    "effective": ("生效日期", "Effective"),
    "source": ("来源", "Source"),
}
PRACTITIONER: Words = ("{name}（专利代理师）", "{name} (patent attorney)")
# What changed, in words; the codes become the verdict's terms (bot/words/verdict.py).
CHANGES: dict[str, Words] = {
    "status": ("状态变为“{status}”", "status changed to {status}"),
    "listed": ("列入{list}", "put on the {list}"),
    "delisted": ("移出{list}", "taken off the {list}"),
    "downgraded": (
        "信用等级由 {before} 级降为 {after} 级",
        "credit grade lowered from {before} to {after}",
    ),
    "graded": ("首次评为 {after} 级", "first graded {after}"),
    "sanction": ("行政处罚：{sanction}", "administrative penalty: {sanction}"),
}
SOURCE_DECIDED_BY: Words = ("{source}；决定机关：{authority}", "{source}; decided by {authority}")

FEED_TITLE: Words = ("蓝天专项整治 · 登记变更", "Blue Sky campaign · registry changes")
FEED_DESCRIPTION: Words = (
    "上海市知识产权代理机构和专利代理师的登记变化：吊销、注销、停止承接新业务、备案过期、列入或移出"
    "名单、信用等级下降和行政处罚。",
    "Changes in the registry of Shanghai's IP agencies and patent attorneys: licences revoked, "
    "cancellations, suspensions, expired filings, lists, lowered credit grades and "
    "administrative penalties.",
)
FEED_LANGUAGE: Words = ("zh-cn", "en")  # the feed's <language>, as RSS 2.0 names it
ITEM_TITLE: Words = ("{name}：{change}", "{name}: {change}")
ITEM_BODY: Words = (
    "{change}。生效日期：{effective}。来源：{source}。发现日期：{noted}。",
    "{change}. Effective: {effective}. Source: {source}. Found on {noted}.",
)
