"""For each violation category: the notice's task it comes from and its main legal basis.

The categories themselves (codes, labels, examples) live in bot/reports/categories.py; this adds
what the campaign page shows beside them. Article numbers are given only where the provision is
plain; otherwise the regulation is named. A test keeps one entry per category code.
"""

from __future__ import annotations

from dataclasses import dataclass

TASKS = {
    1: "（一）强化知识产权代理属地监管职责",
    2: "（二）重拳打击突出商标代理违法违规行为",
    3: "（三）持续整治专利代理违法违规行为",
    4: "（四）加强对提交虚假材料等行为的整治",
    5: "（五）深化代理行业信用协同监管",
    6: "（六）健全社会监督、行业自律、机构自治多元共治格局",
}


@dataclass(frozen=True)
class Basis:
    tasks: tuple[int, ...]  # the notice's tasks (二、主要任务) that name this behaviour, if any
    basis: tuple[str, ...]  # the main provisions, one per line


TRADEMARK_AGENCY_RULES = "《商标代理监督管理规定》"
PATENT_AGENCY_RULES = "《专利代理管理办法》"
PATENT_REGULATIONS = "《专利代理条例》"

BASIS: dict[str, Basis] = {
    "tm_squat": Basis(
        (2,),
        (
            "《商标法》第三十二条：不得以不正当手段抢先注册他人已经使用并有一定影响的商标",
            "《商标法》第十九条第三款：代理机构知道或者应当知道属于第四条、第十五条、"
            "第三十二条情形的，不得接受委托",
            "《商标法》第六十八条；" + TRADEMARK_AGENCY_RULES,
        ),
    ),
    "tm_hoard": Basis(
        (2,),
        (
            "《商标法》第四条：不以使用为目的的恶意商标注册申请，应当予以驳回",
            "《商标法》第十九条第三款、第六十八条",
            "《规范商标申请注册行为若干规定》；" + TRADEMARK_AGENCY_RULES,
        ),
    ),
    "tm_harmful": Basis(
        (2,),
        (
            "《商标法》第十条：有害于社会主义道德风尚或者有其他不良影响的标志不得作为商标使用",
            TRADEMARK_AGENCY_RULES,
        ),
    ),
    "tm_collusion": Basis(
        (2,),
        (
            TRADEMARK_AGENCY_RULES + "：不得与从事商标注册、管理工作的人员恶意串通",
            "《商标法》第六十八条：以不正当手段扰乱商标代理市场秩序",
        ),
    ),
    "online": Basis(
        (2,),
        (
            TRADEMARK_AGENCY_RULES + "（通过网络从事商标代理业务同样适用）",
            "《电子商务法》；" + PATENT_AGENCY_RULES,
        ),
    ),
    "impersonation": Basis(
        (2,),
        (
            TRADEMARK_AGENCY_RULES + "：不得假冒国家机关或者国家机关工作人员名义",
            PATENT_AGENCY_RULES,
            "国家机关不从事代理业务，自称“官方”“受理窗口”的代理即属冒充",
        ),
    ),
    "forgery": Basis(
        (2, 4),
        (
            "《商标法》第六十八条第一款第（一）项：伪造、变造或者使用伪造、变造的法律文件、"
            "印章、签名",
            PATENT_AGENCY_RULES + "；" + TRADEMARK_AGENCY_RULES,
        ),
    ),
    "conflict": Basis(
        (2,),
        (
            PATENT_REGULATIONS + "第二十五条：就同一专利申请或者专利权的事务接受有利益冲突的"
            "其他当事人的委托",
            TRADEMARK_AGENCY_RULES + "：不得接受同一商标代理中利益冲突双方的委托",
        ),
    ),
    "unlicensed": Basis(
        (3,),
        (
            PATENT_REGULATIONS + "第二十七条：擅自开展专利代理业务的，责令停止违法行为，"
            "没收违法所得，并处罚款",
            PATENT_AGENCY_RULES,
        ),
    ),
    "abnormal_patent": Basis(
        (3,),
        (
            "《专利法》第二十条：申请专利应当遵循诚实信用原则",
            "《规范申请专利行为的规定》",
            PATENT_REGULATIONS + "；" + PATENT_AGENCY_RULES,
        ),
    ),
    "licence_renting": Basis(
        (3,),
        (PATENT_REGULATIONS + "；" + PATENT_AGENCY_RULES + "：执业许可证、资格证不得出租、出借",),
    ),
    "identity_misuse": Basis(
        (4,),
        (
            "《规范申请专利行为的规定》；" + PATENT_AGENCY_RULES,
            TRADEMARK_AGENCY_RULES,
        ),
    ),
    "not_in_agency_name": Basis(
        (4,),
        (
            PATENT_REGULATIONS + "第二十六条：专利代理师不得自行接受委托办理专利代理业务",
            PATENT_AGENCY_RULES,
        ),
    ),
    "false_filing": Basis(
        (4, 5),
        (
            PATENT_AGENCY_RULES + "：备案信息、年度报告应当真实",
            TRADEMARK_AGENCY_RULES,
            "《市场监督管理严重违法失信名单管理办法》；《国家知识产权局知识产权信用管理规定》",
        ),
    ),
    "solicitation": Basis(
        (6,),
        (
            "《商标法》第六十八条第一款第（二）项：以诋毁其他代理机构等手段招徕业务或者以"
            "其他不正当手段扰乱市场秩序",
            PATENT_AGENCY_RULES + "：不得以承诺结果、虚假宣传、低价、回扣等不正当手段招揽业务",
            "《反不正当竞争法》",
        ),
    ),
    "fee_no_service": Basis(
        (),
        (
            "《中华人民共和国民法典》第九百二十二条：受托人应当按照委托人的指示处理委托事务",
            PATENT_AGENCY_RULES + "；" + TRADEMARK_AGENCY_RULES,
        ),
    ),
    "other": Basis(
        (),
        (
            PATENT_REGULATIONS + "；" + PATENT_AGENCY_RULES,
            "《商标法》；" + TRADEMARK_AGENCY_RULES,
        ),
    ),
}
