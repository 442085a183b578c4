"""The words of a verdict: levels, statuses, lists, sanctions, reasons, headlines, labels."""

from __future__ import annotations

from bot.words import Lang, Words, say

__all__ = ["Lang", "Words", "say"]

LEVELS: dict[str, tuple[str, str, str]] = {
    # level: (symbol, zh, en)
    "ok": ("✅", "合规", "Legitimate"),
    "caution": ("⚠️", "注意", "Caution"),
    "danger": ("⛔", "危险", "Danger"),
    # No record is certain: not registered at all, or only similar or partly matching records.
    "unknown": ("❓", "未能确认", "Not confirmed"),
}

STATUSES: dict[str, tuple[str, str]] = {
    "active": ("正常", "active"),
    "suspended": ("停止承接新业务", "suspended from new business"),
    "revoked": ("执业许可证已吊销", "licence revoked"),
    "cancelled": ("已注销", "cancelled"),
    "filing_expired": ("商标代理备案已过期", "trademark filing expired"),
    "practising": ("执业", "practising"),
    "not_practising": ("未执业", "not practising"),
}

LISTS: dict[str, tuple[str, str]] = {
    "serious_dishonest": ("严重违法失信名单", "serious illegal and dishonest list"),
    "abnormal_operation": ("经营异常名录", "abnormal operation list"),
    "key_monitoring": ("重点监控名单", "key monitoring list"),
}

ON_LIST = ("列入{list}", "on the {list}")  # a head office's state, when a list is its danger

SANCTIONS: dict[str, tuple[str, str]] = {
    "warning": ("警告", "warning"),
    "fine": ("罚款", "fine"),
    "confiscation": ("没收违法所得", "confiscation of illegal income"),
    "suspend_new_business": ("责令停止承接新的代理业务", "ordered to stop taking new business"),
    "revoke_licence": ("吊销执业许可证", "licence revoked"),
    "criticism": ("通报批评", "public criticism"),
}

AGENCY_KINDS: dict[str, tuple[str, str]] = {
    "patent": ("专利代理机构", "patent agency"),
    "trademark": ("商标代理机构", "trademark agency"),
    "both": ("专利和商标代理机构", "patent and trademark agency"),
}

REASONS: dict[str, tuple[str, str]] = {
    "licensed": (
        "持有专利代理机构执业许可（机构代码 {code}）",
        "holds a patent agency licence (code {code})",
    ),
    "filed": ("已备案商标代理业务{until}", "filed as a trademark agency{until}"),
    "practising": ("专利代理师，执业状态正常", "patent attorney, practising"),
    "not_practising": (
        "该专利代理师目前未执业，不能以专利代理师身份办理业务",
        "this attorney is not practising now and may not act as one",
    ),
    "revoked": ("专利代理机构执业许可证已被吊销", "the patent agency licence has been revoked"),
    "practitioner_revoked": (
        "专利代理师资格已被吊销",
        "this attorney's qualification has been revoked",
    ),
    "cancelled": ("该机构已注销", "the agency has been cancelled (deregistered)"),
    "suspended": (
        "被责令停止承接新的代理业务，至 {until}",
        "ordered to stop taking new business until {until}",
    ),
    "suspension_ended": (
        "曾被责令停止承接新业务，已于 {until} 期满",
        "a suspension from new business ended on {until}",
    ),
    "filing_expired": (
        "商标代理备案已于 {until} 过期，不得承接新的商标代理业务",
        "its trademark filing expired on {until}: no new trademark business",
    ),
    "serious_dishonest": (
        "列入严重违法失信名单：{reason}",
        "on the serious illegal and dishonest list: {reason}",
    ),
    "abnormal_operation": (
        "列入经营异常名录：{reason}",
        "on the abnormal operation list: {reason}",
    ),
    "key_monitoring": ("列入重点监控名单：{reason}", "on the key monitoring list: {reason}"),
    "delisted": ("曾列入{list}，已于 {removed} 移出", "was on the {list}, removed on {removed}"),
    "low_grade": ("信用等级 {grade}（较低）", "credit grade {grade} (low)"),
    "sanction": (
        "近三年受到行政处罚：{sanction}{violation}",
        "sanctioned in the last 3 years: {sanction}{violation}",
    ),
    "old_sanction": (
        "三年以前曾受到行政处罚：{sanction}{violation}",
        "sanctioned more than 3 years ago: {sanction}{violation}",
    ),
    "head_office": ("总机构 {name} 状态：{status}", "head office {name}: {status}"),
    "practice_agency": (
        "执业所在机构“{name}”状态：{status}，不能通过该机构承接代理业务",
        "the agency “{name}” where this attorney practises is {status}: no business can be taken through it",
    ),
    "impersonation": (
        "名称或网址自称国家机关（“{term}”）。国家机关不从事代理业务，自称官方的代理是冒充",
        "the name or address poses as a state organ (“{term}”); state organs do not act as agencies",
    ),
    "invalid_uscc": (
        "统一社会信用代码校验位错误，可能抄错，也可能是伪造的",
        "the USCC's check character is wrong: mistyped, or forged",
    ),
    "ambiguous": (
        "有 {count} 条同名记录，无法确定是哪一个；请用统一社会信用代码或证书号再查",
        "{count} records share this name; check again by USCC or certificate number",
    ),
    "lookalike": (
        "名称与已登记的“{name}”相近但不一致。冒牌机构常仿冒真实机构的名称并换掉电话、邮箱，请逐项核对统一社会信用代码、电话和地址",
        "the name resembles the registered “{name}” but is not the same. Clone firms copy a real firm's name and swap its phone or e-mail: compare the USCC, phones and address",
    ),
    "partial_name": (
        "只找到包含“{query}”的名称；请输入完整名称、统一社会信用代码或电话以确认身份",
        "only names containing “{query}” were found; give the full name, USCC or phone to be sure",
    ),
    "not_registered": (
        "登记库中没有与所查内容完全一致的机构或人员。如果对方确实未登记：未取得执业许可擅自开展专利代理业务属违法行为（《专利代理条例》第二十七条），商标代理机构应当备案",
        "no agency or person registered matches exactly. If it is indeed unregistered: patent agency work without a licence is illegal (Patent Agency Regulations art. 27), and trademark agencies must be filed",
    ),
    "contact_elsewhere": (
        "您提供的{what}“{contact}”登记在“{other}”名下，不属于“{name}”。冒牌机构常借用真实机构的名称、换上自己的电话或网址：请只用登记的联系方式核实",
        "the {what} “{contact}” you were given is registered to “{other}”, not to “{name}”. Clone firms borrow a real firm's name with their own phone or website: verify only through the registered contacts",
    ),
    "contact_unregistered": (
        "您提供的{what}“{contact}”不是下列任何登记机构的联系方式。冒牌机构常借用真实机构的名称、换上自己的电话或网址：请只用登记的联系方式核实",
        "the {what} “{contact}” you were given is not registered to any firm below. Clone firms borrow a real firm's name with their own phone or website: verify only through the registered contacts",
    ),
    "lookalike_site": (
        "网址或邮箱“{contact}”与下列登记网址相近但不一致。冒牌机构常注册这样的域名：只认登记的网址",
        "the address “{contact}” resembles a registered website below but is not it. Clone firms register such domains: trust only the registered address",
    ),
    "name_unregistered": (
        "名称“{given}”没有登记记录",
        "nothing is registered under the name “{given}”",
    ),
    "records_differ": (
        "所给的名称、代码和联系方式分别属于下列不同的登记记录",
        "the names, codes and contacts given belong to the different records below",
    ),
    "name_elsewhere": (
        "您提供的名称属于另一条登记记录，与“{name}”的登记信息不一致",
        "the name you were given belongs to another registered record, not to “{name}”",
    ),
    "uscc_misread": (
        "“{written}”含有统一社会信用代码不会使用的字母（如 O、I），按数字读作 {code}：抄错或有意仿冒，请核对营业执照原件",
        "“{written}” holds letters a USCC never uses (such as O or I); read as digits it is {code}: mistyped or imitated, compare the original business licence",
    ),
    "mentions": (
        "所查内容提到了下列登记记录，但还有其他文字，不能确认说的就是它",
        "the text names the records below among other words, so it cannot be taken to mean one of them",
    ),
    "listed": (
        "整体结论取其中最差的一家",
        "the verdict as a whole is that of the worst of them",
    ),
    "unregistered_branch": (
        "自称“{name}”的分支机构，但没有这一分支机构的登记：请通过总机构登记的电话核实；总机构本身的结论见下",
        "claims to be a branch of “{name}”, but no such branch is registered: verify through the head office's registered phone; the head office's own verdict is below",
    ),
    "named_in_caution": (
        "所查内容提到的“{name}”本身的结论为注意：委托前请了解清楚",
        "“{name}”, which the text names, is itself one to look into before hiring",
    ),
    "named_in_danger": (
        "所查内容提到的“{name}”本身的结论为危险：请勿委托以此名义承接业务的机构",
        "“{name}”, which the text names, is itself in danger: do not hire anyone working under its name",
    ),
    "inspected": (
        "双随机抽查（计划 {plan}）已办结，结果：{results}",
        "random inspection (plan {plan}) closed, result: {results}",
    ),
    "former_holder": (
        "另有登记记录曾使用这一名称：{others}",
        "another registered record used this name before: {others}",
    ),
    "query_too_long": (
        "查询内容过长（{length} 字），请只输入机构名称、代码、电话或网址",
        "the query is too long ({length} characters): give a name, code, phone or address",
    ),
}

HEADLINES: dict[str, tuple[str, str]] = {
    "ok": ("{name}：已登记，未发现不良记录。", "{name} is registered, with nothing against it."),
    "caution": (
        "{name}：已登记，但有需要注意的记录，委托前请了解清楚。",
        "{name} is registered, but has records to consider before hiring it.",
    ),
    "danger": ("{name}：存在严重问题，请勿委托。", "{name}: serious problems; do not hire it."),
    "impersonation": (
        "自称国家机关或官方的代理是冒充，请勿委托。",
        "An agency posing as a state organ or 'official' is an impostor: do not hire it.",
    ),
    "listed": (
        "所查内容列出了多家登记机构，各家的结论见下：请逐一核对。",
        "The text lists several registered firms, each with its own verdict below: check each.",
    ),
    "lookalike": (
        "没有完全一致的登记记录；有名称相近的登记机构，请核对统一社会信用代码、电话和地址。",
        "No exact record; registered names are similar: compare the USCC, phones and address.",
    ),
    "partial": (
        "没有名称完全一致的登记记录，但找到名称中包含所查内容的登记记录（见下方），请确认是否就是您要找的。",
        "No exact record, but the registered records below contain your query: check "
        "whether one of them is the one you mean.",
    ),
    "ambiguous": (
        "找到多条同名的登记记录（不同的人或机构），请用统一社会信用代码或证书号确认是哪一条。",
        "Several registered records (different people or firms) share this name: check again by "
        "USCC or certificate number to tell which.",
    ),
    "invalid_uscc": (
        "统一社会信用代码校验位错误，可能抄错或伪造。",
        "The USCC's check character is wrong: mistyped or forged.",
    ),
    "too_long": (
        "查询内容过长，没有进行核查；请只输入一个机构名称、代码、电话或网址。",
        "The query is too long and was not checked: give one name, code, phone or web address.",
    ),
    "mentions": (
        "所查内容提到了已登记的名称，但还有其他文字：请只输入机构名称、统一社会信用代码或电话再查。",
        "The text names a registered record among other words: check again with only the name, USCC or phone.",
    ),
    "mismatch": (
        "所给名称、代码与联系方式不属于同一家登记机构，可能是冒牌机构：请对照下列登记记录，并只用登记的电话核实。",
        "The name, codes and contacts given do not belong to one registered firm: it may be a clone. Compare the records below and verify only through the registered phone.",
    ),
    "not_registered": (
        "登记库中没有找到“{query}”，请勿委托未经许可或备案的机构。",
        "Nothing registered matches “{query}”; do not hire an unlicensed or unfiled agency.",
    ),
}

# Pieces of a reason's parameters.
FILED_UNTIL: tuple[str, str] = ("，有效期至 {until}", ", valid until {until}")
AMOUNT: tuple[str, str] = (" {amount} 元", " of {amount} yuan")
SUMMARY: tuple[str, str] = ("（{summary}）", " ({summary})")

# What a piece of a pasted query is, in a reason about it (bot/check_reading.py).
PIECES: dict[str, tuple[str, str]] = {
    "code": ("代码", "code"),
    "phone": ("电话", "phone"),
    "website": ("网址或邮箱", "website or e-mail"),
}

LABELS: dict[str, tuple[str, str]] = {
    "level": ("结论", "Verdict"),
    "name": ("名称", "Name"),
    "person_name": ("姓名", "Name"),
    "former_names": ("曾用名", "Former names"),
    "uscc": ("统一社会信用代码", "USCC"),
    "cert_no": ("资格证书号", "Certificate no."),
    "kind": ("类型", "Kind"),
    "status": ("状态", "Status"),
    "grade": ("信用等级", "Credit grade"),
    "district": ("所在区", "District"),
    "address": ("登记地址", "Registered address"),
    "phones": ("登记电话", "Registered phones"),
    "websites": ("登记网址", "Registered websites"),
    "head_office": ("总机构", "Head office"),
    "agency": ("执业机构", "Agency"),
    "reasons": ("依据", "Reasons"),
    "candidates": ("相近的登记记录", "Closest registered records"),
    "named_records": ("所给内容对应的登记记录", "The registered records the text names"),
    "as_of": ("数据截至", "Data as of"),
    "source": ("来源", "Source"),
    "fictional": (
        "⚠ 示例数据（虚构），仅供演示",
        "⚠ Demo data (fictional), for demonstration only",
    ),
    "compare": (
        "请将以上电话、地址与对方提供的逐项核对。",
        "Compare these phones and address with what you were given.",
    ),
    "practitioner": ("专利代理师", "Patent attorney"),
    "branch": ("分支机构", "branch"),
}


# The words around a verdict's facts (bot/verdict_view.py); the site's directory reads them too.
VIEW_WORDS: dict[str, tuple[str, str]] = {
    "colon": ("：", ": "),
    "list_sep": ("；", "; "),
    "paren": ("（{text}）", " ({text})"),
    "branch_kind": ("{kind}（分支机构）", "{kind} (branch)"),
    "as_of_line": ("数据截至：{as_of} · {source}", "Data as of: {as_of} · {source}"),
    # A candidate is never the verdict: its level is said to be the record's own.
    "own_level": ("该登记记录本身的结论：{level}", "this record's own verdict: {level}"),
    # A name many share: which of its records these are (bot/verdict_view.py paging).
    "shown_of": (
        "共 {total} 条，这里是第 {first}–{last} 条（第 {page}/{pages} 页）",
        "{total} in all; these are {first}–{last} (page {page} of {pages})",
    ),
}

# Why a record is offered as a candidate, by how it was found (bot/verdict_view.py why).
CANDIDATE_WHY: dict[str, tuple[str, str]] = {
    "exact_name": (
        "同名记录，请用统一社会信用代码或证书号核对",
        "the same name: compare the USCC or certificate number",
    ),
    "former_name": (
        "曾用名相同，请核对现用名称",
        "a former name is the same: compare its name now",
    ),
    "exact_id": ("代码相同", "the same code"),
    "named": ("所给名称是这一家的登记名称", "the name given is this record's registered name"),
    "phone": ("登记了这一电话", "this phone number is registered to it"),
    "website": ("登记了这一网址", "this website is registered to it"),
    "partial": ("名称包含“{query}”", "its name contains “{query}”"),
    "fuzzy": ("名称相近，请核对", "a similar name: compare"),
    "lookalike": (
        "名称几乎相同：冒牌机构常仿冒这样的名称，请核对代码、电话和地址",
        "almost the same name, as clones copy: compare the USCC, phones and address",
    ),
    "uscc_prefix": (
        "统一社会信用代码前 17 位相同",
        "the first 17 characters of its USCC are the same",
    ),
}


# `lantian registry stats`: each count's heading, and which table names its values.
STATS_HEADINGS: dict[str, tuple[str, str]] = {
    "source": ("数据来源", "Source"),
    "as_of": ("数据截至", "As of"),
    "fictional": ("示例数据（虚构）", "Fictional demo data"),
    "agencies": ("机构", "Agencies"),
    "branches": ("其中分支机构", "Of which branches"),
    "practitioners": ("专利代理师", "Patent attorneys"),
    "by_kind": ("按类型", "By kind"),
    "by_status": ("按状态", "By status"),
    "by_grade": ("按信用等级", "By credit grade"),
    "by_district": ("按区", "By district"),
    "listed_now": ("在列名单", "Listed now"),
    "sanctions": ("行政处罚", "Sanctions"),
    "practitioners_by_status": ("代理师执业状态", "Attorneys by status"),
}
STATS_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "by_kind": AGENCY_KINDS,
    "by_status": STATUSES,
    "by_grade": {"—": ("未评级", "no grade")},
    "listed_now": LISTS,
    "sanctions": SANCTIONS,
    "practitioners_by_status": STATUSES,
}
YES_NO: dict[bool, tuple[str, str]] = {True: ("是", "yes"), False: ("否", "no")}


def label(key: str, lang: Lang) -> str:
    return say(LABELS[key], lang)


def level_word(level: str, lang: Lang) -> str:
    symbol, zh, en = LEVELS[level]
    return f"{symbol} {say((zh, en), lang)}"


def term(table: dict[str, tuple[str, str]], code: str | None, lang: Lang) -> str:
    if not code:
        return ""
    return say(table[code], lang) if code in table else code
