"""The campaign notice's six tasks and, per violation category, its main legal basis, as the
violations page and a case draft quote them (bot/site/legal.py adds which tasks name each one).

The English names the regulations as they are usually rendered and sums up each provision: it
is a reader's guide, not an official translation. Article numbers are given only where the
provision is plain; otherwise the regulation is named.
"""

from __future__ import annotations

from bot.words import Words

# The notice's tasks (二、主要任务), as headed on content/campaign/tasks.md (#task-N).
TASKS: dict[int, Words] = {
    1: ("（一）强化知识产权代理属地监管职责", "(1) Strengthen local supervision of IP agencies"),
    2: (
        "（二）重拳打击突出商标代理违法违规行为",
        "(2) Crack down hard on serious illegal trademark agency practices",
    ),
    3: ("（三）持续整治专利代理违法违规行为", "(3) Keep tackling illegal patent agency practices"),
    4: (
        "（四）加强对提交虚假材料等行为的整治",
        "(4) Tackle the filing of false documents and the like",
    ),
    5: ("（五）深化代理行业信用协同监管", "(5) Deepen joint credit supervision of agencies"),
    6: (
        "（六）健全社会监督、行业自律、机构自治多元共治格局",
        "(6) Build shared governance: public oversight, industry self-regulation and agencies' "
        "own controls",
    ),
}


def _both(*parts: Words) -> Words:
    """Several provisions on one line."""
    return "；".join(p[0] for p in parts), "; ".join(p[1] for p in parts)


def _says(rule: Words, provision: Words) -> Words:
    """A regulation and what it provides."""
    return f"{rule[0]}：{provision[0]}", f"{rule[1]}: {provision[1]}"


_TM_AGENCY_RULES: Words = (
    "《商标代理监督管理规定》",
    "Provisions on the Supervision and Administration of Trademark Agency",
)
_PATENT_AGENCY_RULES: Words = (
    "《专利代理管理办法》",
    "Measures for the Administration of Patent Agency",
)
_PATENT_REGULATIONS: Words = ("《专利代理条例》", "Patent Agency Regulations")
_TM_LAW: Words = ("《商标法》", "Trademark Law")
_TM_LAW_68: Words = ("《商标法》第六十八条", "Trademark Law art. 68")
_TM_FILING_RULES: Words = (
    "《规范商标申请注册行为若干规定》",
    "Provisions on Regulating Trademark Application and Registration",
)
_PATENT_FILING_RULES: Words = (
    "《规范申请专利行为的规定》",
    "Provisions on Regulating Patent Application Behaviour",
)

BASIS: dict[str, tuple[Words, ...]] = {
    "tm_squat": (
        (
            "《商标法》第三十二条：不得以不正当手段抢先注册他人已经使用并有一定影响的商标",
            "Trademark Law art. 32: no one may, by unfair means, pre-empt the registration of a "
            "mark that another already uses and that has some renown",
        ),
        (
            "《商标法》第十九条第三款：代理机构知道或者应当知道属于第四条、第十五条、"
            "第三十二条情形的，不得接受委托",
            "Trademark Law art. 19(3): an agency that knows or should know that a case falls "
            "under art. 4, 15 or 32 may not take it on",
        ),
        _both(_TM_LAW_68, _TM_AGENCY_RULES),
    ),
    "tm_hoard": (
        (
            "《商标法》第四条：不以使用为目的的恶意商标注册申请，应当予以驳回",
            "Trademark Law art. 4: a bad-faith application not meant for use shall be rejected",
        ),
        ("《商标法》第十九条第三款、第六十八条", "Trademark Law art. 19(3) and art. 68"),
        _both(_TM_FILING_RULES, _TM_AGENCY_RULES),
    ),
    "tm_harmful": (
        (
            "《商标法》第十条：有害于社会主义道德风尚或者有其他不良影响的标志不得作为商标使用",
            "Trademark Law art. 10: a sign that harms socialist morals or has other ill effects "
            "may not be used as a mark",
        ),
        _TM_AGENCY_RULES,
    ),
    "tm_collusion": (
        _says(
            _TM_AGENCY_RULES,
            (
                "不得与从事商标注册、管理工作的人员恶意串通",
                "no collusion in bad faith with staff who register or administer trademarks",
            ),
        ),
        (
            "《商标法》第六十八条：以不正当手段扰乱商标代理市场秩序",
            "Trademark Law art. 68: disturbing the trademark agency market by unfair means",
        ),
    ),
    "online": (
        (
            _TM_AGENCY_RULES[0] + "（通过网络从事商标代理业务同样适用）",
            _TM_AGENCY_RULES[1] + " (which apply to trademark agency work online too)",
        ),
        _both(("《电子商务法》", "E-Commerce Law"), _PATENT_AGENCY_RULES),
    ),
    "impersonation": (
        _says(
            _TM_AGENCY_RULES,
            (
                "不得假冒国家机关或者国家机关工作人员名义",
                "no posing as a state organ or a state official",
            ),
        ),
        _PATENT_AGENCY_RULES,
        (
            "国家机关不从事代理业务，自称“官方”“受理窗口”的代理即属冒充",
            "State organs do no agency work: an agency that calls itself “official” or a "
            "“filing window” is posing as one",
        ),
    ),
    "forgery": (
        (
            "《商标法》第六十八条第一款第（一）项：伪造、变造或者使用伪造、变造的法律文件、"
            "印章、签名",
            "Trademark Law art. 68(1)(i): forging or altering legal documents, seals or "
            "signatures, or using forged or altered ones",
        ),
        _both(_PATENT_AGENCY_RULES, _TM_AGENCY_RULES),
    ),
    "conflict": (
        (
            _PATENT_REGULATIONS[0] + "第二十五条：就同一专利申请或者专利权的事务接受有利益冲突的"
            "其他当事人的委托",
            _PATENT_REGULATIONS[1] + " art. 25: acting for another party with conflicting "
            "interests in the same patent application or patent",
        ),
        _says(
            _TM_AGENCY_RULES,
            (
                "不得接受同一商标代理中利益冲突双方的委托",
                "no acting for both sides of a conflict in the same trademark matter",
            ),
        ),
    ),
    "unlicensed": (
        (
            _PATENT_REGULATIONS[0] + "第二十七条：擅自开展专利代理业务的，责令停止违法行为，"
            "没收违法所得，并处罚款",
            _PATENT_REGULATIONS[1] + " art. 27: patent agency work without a licence is "
            "stopped, the illegal income confiscated and a fine imposed",
        ),
        _PATENT_AGENCY_RULES,
    ),
    "abnormal_patent": (
        (
            "《专利法》第二十条：申请专利应当遵循诚实信用原则",
            "Patent Law art. 20: patents shall be applied for in good faith",
        ),
        _PATENT_FILING_RULES,
        _both(_PATENT_REGULATIONS, _PATENT_AGENCY_RULES),
    ),
    "licence_renting": (
        _says(
            _both(_PATENT_REGULATIONS, _PATENT_AGENCY_RULES),
            (
                "执业许可证、资格证不得出租、出借",
                "licences and qualification certificates may not be rented out or lent",
            ),
        ),
    ),
    "identity_misuse": (
        _both(_PATENT_FILING_RULES, _PATENT_AGENCY_RULES),
        _TM_AGENCY_RULES,
    ),
    "not_in_agency_name": (
        (
            _PATENT_REGULATIONS[0] + "第二十六条：专利代理师不得自行接受委托办理专利代理业务",
            _PATENT_REGULATIONS[1] + " art. 26: a patent attorney may not take on patent work "
            "in their own name",
        ),
        _PATENT_AGENCY_RULES,
    ),
    "false_filing": (
        _says(
            _PATENT_AGENCY_RULES,
            (
                "备案信息、年度报告应当真实",
                "filings and annual reports shall be true",
            ),
        ),
        _TM_AGENCY_RULES,
        _both(
            (
                "《市场监督管理严重违法失信名单管理办法》",
                "Measures for the Administration of the List of Serious Illegal and Dishonest "
                "Entities in Market Regulation",
            ),
            (
                "《国家知识产权局知识产权信用管理规定》",
                "CNIPA Provisions on Intellectual Property Credit Management",
            ),
        ),
    ),
    "solicitation": (
        (
            "《商标法》第六十八条第一款第（二）项：以诋毁其他代理机构等手段招徕业务或者以"
            "其他不正当手段扰乱市场秩序",
            "Trademark Law art. 68(1)(ii): touting for business by disparaging other agencies "
            "or disturbing the market by other unfair means",
        ),
        _says(
            _PATENT_AGENCY_RULES,
            (
                "不得以承诺结果、虚假宣传、低价、回扣等不正当手段招揽业务",
                "no touting for business by promising results, false advertising, cut prices, "
                "kickbacks or other unfair means",
            ),
        ),
        ("《反不正当竞争法》", "Anti-Unfair Competition Law"),
    ),
    "fee_no_service": (
        (
            "《中华人民共和国民法典》第九百二十二条：受托人应当按照委托人的指示处理委托事务",
            "Civil Code art. 922: an agent shall handle the matter as the client instructs",
        ),
        _both(_PATENT_AGENCY_RULES, _TM_AGENCY_RULES),
    ),
    "other": (
        _both(_PATENT_REGULATIONS, _PATENT_AGENCY_RULES),
        _both(_TM_LAW, _TM_AGENCY_RULES),
    ),
}
