"""Following a registered agency or practitioner: the commands' answers and the notice a follower
gets when an import changes what they follow."""

from __future__ import annotations

from bot.words import Lang, Words, say

FOLLOW_BUTTON: Words = ("🔔 关注", "🔔 Follow")
UNFOLLOW_BUTTON: Words = ("取消关注 {name}", "Unfollow {name}")

ANSWERS: dict[str, Words] = {
    "followed": (
        "已关注 {name}。登记信息（状态、信用等级、名单、处罚、名称）有变化时，我会告诉您。"
        "/following 查看关注列表，/unfollow 取消。",
        "Following {name}. I will tell you when its registration changes (status, credit "
        "grade, lists, sanctions, name). /following lists what you follow; /unfollow stops.",
    ),
    "already": ("您已关注 {name}。", "You already follow {name}."),
    "limit": (
        "最多可关注 {limit} 个机构或代理师。请先用 /unfollow 取消一些。",
        "You can follow at most {limit} agencies or practitioners. /unfollow some first.",
    ),
    "not_certain": (
        "关注需要一个确定的登记记录：请从下面的结果中选一个，再点“🔔 关注”。",
        "Following needs one certain registered record: pick one of the results below, then "
        "press “🔔 Follow”.",
    ),
    "gone": (
        "登记册中已没有这条记录，无法关注。",
        "That record is no longer in the registry, so it cannot be followed.",
    ),
    "follow_prompt": (
        "请在 /follow 后写上机构名称、统一社会信用代码或代理师资格证号，例如：/follow {example}",
        "Write an agency's name, its USCC or a practitioner's certificate number after "
        "/follow, e.g. /follow {example}",
    ),
    "none": (
        "您还没有关注任何机构。查询一个机构后点“🔔 关注”，或发送 /follow 名称。",
        "You follow nothing yet. Check an agency and press “🔔 Follow”, or send /follow NAME.",
    ),
    "list_title": (
        "您关注的 {count} 个（最多 {limit} 个）：",
        "You follow {count} (at most {limit}):",
    ),
    "list_line": ("· {name}：{level}", "· {name}: {level}"),
    "list_gone": ("· {name}：已不在登记册中", "· {name}: no longer in the registry"),
    "list_hint": (
        "点下面的按钮取消关注；/unfollow all 取消全部。",
        "Press a button below to unfollow; /unfollow all stops them all.",
    ),
    "unfollowed": ("已取消关注 {name}。", "Stopped following {name}."),
    "unfollowed_all": (
        "已取消全部关注（{count} 个），您的关注记录已删除。",
        "Stopped following all {count}; your follow records are deleted.",
    ),
    "not_following": ("您没有关注 {name}。", "You do not follow {name}."),
}

# The notice: a title, then a block per subject that changed, then where the data came from.
NOTICE_TITLE: Words = (
    "🔔 您关注的登记信息有变化",
    "🔔 A registration you follow has changed",
)
NOTICE_SUBJECT: Words = ("【{name}】", "[{name}]")
NOTICE_NOW: Words = ("现在的结论：{level}。{headline}", "Verdict now: {level}. {headline}")
NOTICE_SOURCE: Words = (
    "登记数据 {noted_on} 更新，来源：{source}",
    "Registry updated {noted_on}; source: {source}",
)
NOTICE_MORE: Words = ("另有 {count} 项变化", "{count} more change(s)")
NOTICE_GONE_NOW: Words = (
    "这条记录已不在登记册中，关注已停止。",
    "This record has left the registry; following it has stopped.",
)

NOTICE_REPEAT: Words = (
    "（发送时曾中断，如已收到请忽略）",
    "(Sending was interrupted; ignore this if you already have it.)",
)

# One line per change; {on} is the date it took effect, told by ON_DATE when known.
CHANGES: dict[str, Words] = {
    "status": ("状态：{before} → {after}{on}", "Status: {before} → {after}{on}"),
    "grade": ("信用等级：{before} → {after}{on}", "Credit grade: {before} → {after}{on}"),
    "renamed": ("名称变更：{before} → {after}", "Renamed: {before} → {after}"),
    "parent": ("所属总机构：{before} → {after}", "Head office: {before} → {after}"),
    "agency": ("执业机构：{before} → {after}", "Agency: {before} → {after}"),
    "listed": ("列入{after}{on}{by}", "Put on the {after}{on}{by}"),
    "delisted": ("移出{before}{on}", "Taken off the {before}{on}"),
    "sanction": ("行政处罚：{after}{on}{by}", "Sanction: {after}{on}{by}"),
    "removed": ("已从登记册中移除", "Removed from the registry"),
}
HEAD_OFFICE: Words = ("总机构 {name}：{line}", "Head office {name}: {line}")
PRACTICE: Words = ("执业机构 {name}：{line}", "Their agency {name}: {line}")
ON_DATE: Words = ("（{date}）", " ({date})")
BY_AUTHORITY: Words = ("，{authority}", ", {authority}")
NOTHING: Words = ("无", "none")


def follow_text(key: str, lang: Lang, **fields: object) -> str:
    return say(ANSWERS[key], lang, **fields)
