"""The violation categories a reporter chooses from, in the order of the campaign notice.

The codes are `bot.registry.records.VIOLATIONS` (one list for the bot, the queue, the cases and
the statistics); this module adds what a reporter reads: a label and a one-line example.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.errors import UnknownCategory
from bot.words.verdict import Lang


@dataclass(frozen=True)
class Category:
    code: str
    zh: str
    en: str
    example_zh: str
    example_en: str

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def example(self, lang: Lang) -> str:
        return self.example_zh if lang == "zh" else self.example_en


CATEGORIES: tuple[Category, ...] = (
    Category(
        "tm_squat",
        "代理恶意抢注商标",
        "Filing trademarks in bad faith (squatting)",
        "替客户抢先注册他人已在使用并有一定影响的品牌。",
        "Filing, for a client, a brand that someone else already uses and is known for.",
    ),
    Category(
        "tm_hoard",
        "囤积热词商标",
        "Hoarding trending words as trademarks",
        "大量申请网络热词、热点事件名称作为商标，用于转卖。",
        "Filing buzzwords or names of news events in bulk, to sell the marks on.",
    ),
    Category(
        "tm_harmful",
        "代理有重大不良社会影响的商标",
        "Filing trademarks with a seriously harmful social impact",
        "代理申请含低俗、歧视内容或借灾害、公共事件炒作的商标。",
        "Filing marks that are vulgar or discriminatory, or exploit a disaster or public event.",
    ),
    Category(
        "tm_collusion",
        "与商标注册、管理工作人员勾连",
        "Collusion with trademark registration or administration staff",
        "声称“内部有人”，可以疏通关系保证商标核准。",
        "Claiming to have “someone inside” who can guarantee a registration.",
    ),
    Category(
        "online",
        "跨境电商、网络代理中的违法违规",
        "Violations in cross-border e-commerce or online agency services",
        "网店以“代注册”名义违规揽客，或为跨境卖家代理违规申请。",
        "An online shop touting “registration services” unlawfully, "
        "or improper filings for cross-border sellers.",
    ),
    Category(
        "impersonation",
        "假冒国家机关或其工作人员名义",
        "Posing as a state organ or its staff",
        "自称“商标局受理窗口”“国家知识产权局官方代办”收费。",
        "Posing as “the Trademark Office's window” or “CNIPA's official agent” to charge fees.",
    ),
    Category(
        "forgery",
        "伪造、变造法律文件、印章、签名",
        "Forged or altered legal documents, seals or signatures",
        "伪造受理通知书、证书，或伪造委托人的签名、公章。",
        "Forged filing receipts or certificates, or a client's forged signature or seal.",
    ),
    Category(
        "conflict",
        "接受利益冲突双方委托",
        "Acting for both sides of a conflict of interest",
        "同一代理机构在同一纠纷中同时代理双方。",
        "One agency acting for both parties in the same dispute.",
    ),
    Category(
        "unlicensed",
        "无资质或擅自开展专利代理业务",
        "Patent agency work without a licence",
        "未取得专利代理机构执业许可，却承接专利申请代理。",
        "Taking patent filing work without a patent agency licence.",
    ),
    Category(
        "abnormal_patent",
        "代理非正常专利申请（含涉外、反复代理、撤回后再次提交）",
        "Filing abnormal patent applications (incl. foreign-related, repeated, "
        "or refiled after withdrawal)",
        "批量代理内容雷同的专利申请，或撤回后换个名义再次提交。",
        "Filing batches of near-identical applications, or refiling withdrawn ones "
        "under another name.",
    ),
    Category(
        "licence_renting",
        "出租、出借专利代理资质",
        "Renting out or lending patent agency qualifications",
        "专利代理师“挂证”，或机构把执业许可借给他人使用。",
        "An attorney lending their certificate to a firm they do not work for, "
        "or an agency lending its licence.",
    ),
    Category(
        "identity_misuse",
        "冒用他人身份信息",
        "Using another person's identity",
        "未经同意，用他人的身份证或企业信息提交申请。",
        "Filing with someone else's ID card or company details without their consent.",
    ),
    Category(
        "not_in_agency_name",
        "签订委托协议但未以代理机构名义开展业务",
        "Contracting clients but not acting in the agency's name",
        "以个人或其他公司的名义签订代理合同、收取费用。",
        "A contract signed or fees taken in a person's or another firm's name, not the agency's.",
    ),
    Category(
        "false_filing",
        "备案信息、年度报告弄虚作假",
        "False filing information or annual reports",
        "备案的地址、人员或年度报告内容与实际不符。",
        "A filed address, staff list or annual report that does not match reality.",
    ),
    Category(
        "solicitation",
        "不正当招揽（虚假宣传、承诺包授权、低价或免费、给予回扣）",
        "Improper solicitation (false advertising, “guaranteed grant”, "
        "cut prices or free service, kickbacks)",
        "承诺“包授权、不成功全额退款”，或以免费、回扣招揽客户。",
        "Promising “grant guaranteed or your money back”, or winning clients "
        "with free service or kickbacks.",
    ),
    Category(
        "fee_no_service",
        "收费后未提供代理服务",
        "Took the fee but provided no agency service",
        "收取代理费后迟迟不提交申请，不退款，也联系不上。",
        "Took the agency fee, never filed the application, and neither refunds nor answers.",
    ),
    Category(
        "other",
        "其他违法违规行为",
        "Other violations",
        "不属于以上类别的代理违法违规行为。",
        "Any other agency misconduct not listed above.",
    ),
)

_BY_CODE = {category.code: category for category in CATEGORIES}


def get(code: str) -> Category:
    """The category with this code; a code outside the list raises UnknownCategory."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownCategory(code=code) from None


def is_known(code: str) -> bool:
    return code in _BY_CODE


def label(code: str, lang: Lang) -> str:
    """What the reporter and staff read for a category code."""
    return get(code).label(lang)


def example(code: str, lang: Lang) -> str:
    """One line that shows a reporter what belongs in the category."""
    return get(code).example(lang)
