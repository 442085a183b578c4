"""The words of reports and complaints: the violation categories a reporter chooses from, why a
draft or an evidence file is refused, and the mark that stands where redaction hid something."""

from __future__ import annotations

from bot.words import Words

# The violation categories a reporter chooses from (bot/reports/categories.py holds the codes).
CATEGORY_LABELS: dict[str, Words] = {
    "tm_squat": (
        "代理恶意抢注商标",
        "Filing trademarks in bad faith (squatting)",
    ),
    "tm_hoard": (
        "囤积热词商标",
        "Hoarding trending words as trademarks",
    ),
    "tm_harmful": (
        "代理有重大不良社会影响的商标",
        "Filing trademarks with a seriously harmful social impact",
    ),
    "tm_collusion": (
        "与商标注册、管理工作人员勾连",
        "Collusion with trademark registration or administration staff",
    ),
    "online": (
        "跨境电商、网络代理中的违法违规",
        "Violations in cross-border e-commerce or online agency services",
    ),
    "impersonation": (
        "假冒国家机关或其工作人员名义",
        "Posing as a state organ or its staff",
    ),
    "forgery": (
        "伪造、变造法律文件、印章、签名",
        "Forged or altered legal documents, seals or signatures",
    ),
    "conflict": (
        "接受利益冲突双方委托",
        "Acting for both sides of a conflict of interest",
    ),
    "unlicensed": (
        "无资质或擅自开展专利代理业务",
        "Patent agency work without a licence",
    ),
    "abnormal_patent": (
        "代理非正常专利申请（含涉外、反复代理、撤回后再次提交）",
        "Filing abnormal patent applications (incl. foreign-related, repeated, or refiled after withdrawal)",
    ),
    "licence_renting": (
        "出租、出借专利代理资质",
        "Renting out or lending patent agency qualifications",
    ),
    "identity_misuse": (
        "冒用他人身份信息",
        "Using another person's identity",
    ),
    "not_in_agency_name": (
        "签订委托协议但未以代理机构名义开展业务",
        "Contracting clients but not acting in the agency's name",
    ),
    "false_filing": (
        "备案信息、年度报告弄虚作假",
        "False filing information or annual reports",
    ),
    "solicitation": (
        "不正当招揽（虚假宣传、承诺包授权、低价或免费、给予回扣）",
        "Improper solicitation (false advertising, “guaranteed grant”, cut prices or free service, kickbacks)",
    ),
    "fee_no_service": (
        "收费后未提供代理服务",
        "Took the fee but provided no agency service",
    ),
    "other": (
        "其他违法违规行为",
        "Other violations",
    ),
}
# One line each that shows a reporter what belongs in the category.
CATEGORY_EXAMPLES: dict[str, Words] = {
    "tm_squat": (
        "替客户抢先注册他人已在使用并有一定影响的品牌。",
        "Filing, for a client, a brand that someone else already uses and is known for.",
    ),
    "tm_hoard": (
        "大量申请网络热词、热点事件名称作为商标，用于转卖。",
        "Filing buzzwords or names of news events in bulk, to sell the marks on.",
    ),
    "tm_harmful": (
        "代理申请含低俗、歧视内容或借灾害、公共事件炒作的商标。",
        "Filing marks that are vulgar or discriminatory, or exploit a disaster or public event.",
    ),
    "tm_collusion": (
        "声称“内部有人”，可以疏通关系保证商标核准。",
        "Claiming to have “someone inside” who can guarantee a registration.",
    ),
    "online": (
        "网店以“代注册”名义违规揽客，或为跨境卖家代理违规申请。",
        "An online shop touting “registration services” unlawfully, or improper filings for cross-border sellers.",
    ),
    "impersonation": (
        "自称“商标局受理窗口”“国家知识产权局官方代办”收费。",
        "Posing as “the Trademark Office's window” or “CNIPA's official agent” to charge fees.",
    ),
    "forgery": (
        "伪造受理通知书、证书，或伪造委托人的签名、公章。",
        "Forged filing receipts or certificates, or a client's forged signature or seal.",
    ),
    "conflict": (
        "同一代理机构在同一纠纷中同时代理双方。",
        "One agency acting for both parties in the same dispute.",
    ),
    "unlicensed": (
        "未取得专利代理机构执业许可，却承接专利申请代理。",
        "Taking patent filing work without a patent agency licence.",
    ),
    "abnormal_patent": (
        "批量代理内容雷同的专利申请，或撤回后换个名义再次提交。",
        "Filing batches of near-identical applications, or refiling withdrawn ones under another name.",
    ),
    "licence_renting": (
        "专利代理师“挂证”，或机构把执业许可借给他人使用。",
        "An attorney lending their certificate to a firm they do not work for, or an agency lending its licence.",
    ),
    "identity_misuse": (
        "未经同意，用他人的身份证或企业信息提交申请。",
        "Filing with someone else's ID card or company details without their consent.",
    ),
    "not_in_agency_name": (
        "以个人或其他公司的名义签订代理合同、收取费用。",
        "A contract signed or fees taken in a person's or another firm's name, not the agency's.",
    ),
    "false_filing": (
        "备案的地址、人员或年度报告内容与实际不符。",
        "A filed address, staff list or annual report that does not match reality.",
    ),
    "solicitation": (
        "承诺“包授权、不成功全额退款”，或以免费、回扣招揽客户。",
        "Promising “grant guaranteed or your money back”, or winning clients with free service or kickbacks.",
    ),
    "fee_no_service": (
        "收取代理费后迟迟不提交申请，不退款，也联系不上。",
        "Took the agency fee, never filed the application, and neither refunds nor answers.",
    ),
    "other": (
        "不属于以上类别的代理违法违规行为。",
        "Any other agency misconduct not listed above.",
    ),
}

# Why a report, complaint or evidence file was refused (bot/reports/errors.py).
REPORT_FAILED: Words = (
    "提交未成功，请重试。",
    "Submission failed; please try again.",
)
UNKNOWN_KIND: Words = (
    "请选择“举报”（反映违法行为）或“投诉”（您与代理机构之间的纠纷）。",
    "Choose “report” (a violation) or “complaint” (your dispute with an agency).",
)
UNKNOWN_CATEGORY: Words = (
    "请从列表中选择违法违规行为的类别；不确定时选择“其他违法违规行为”。",
    "Choose the kind of violation from the list; if unsure, choose “Other violations”.",
)
SUBJECT_MISSING: Words = (
    "请写明反映的是哪家机构或哪个人：名称、电话或网址都可以。",
    "Say which agency or person this is about: a name, phone number or website will do.",
)
SUBJECT_TOO_LONG: Words = (
    "反映对象请控制在 {limit} 字以内，详细情况请写在事实描述中。",
    "Keep the agency or person within {limit} characters; put the details in the description.",
)
UNKNOWN_SUBJECT: Words = (
    "所选机构（{uscc}）不在登记库中，请重新选择，或直接填写机构名称。",
    "The agency {uscc} is not in the registry: choose again, or type its name.",
)
HAPPENED_ON_INVALID: Words = (
    "无法识别日期“{text}”，请按 2025-09-29 的格式填写；记不清可以跳过。",
    "We could not read the date “{text}”: write it like 2025-09-29, or skip it if unsure.",
)
HAPPENED_ON_FUTURE: Words = (
    "发生日期 {day} 晚于今天，请检查。",
    "The date {day} is after today: please check it.",
)
COMPLAINT_TOO_OLD: Words = (
    "投诉的事情发生在 {day}，已超过三年，投诉不予受理。如果违法行为仍在继续，您可以改为举报。",
    "The events complained of ({day}) are more than 3 years old, so the complaint cannot be accepted. If the violation goes on, you can report it instead.",
)
DESCRIPTION_MISSING: Words = (
    "请描述发生了什么：时间、地点、经过，以及您掌握的证据。",
    "Describe what happened: when, where, how, and what evidence you have.",
)
DESCRIPTION_TOO_LONG: Words = (
    "事实描述有 {length} 字，超过 {limit} 字的上限；请精简，或把材料作为证据文件上传。",
    "The description has {length} characters, over the limit of {limit}: shorten it, or upload the material as an evidence file.",
)
COMPLAINT_NEEDS_CONTACT: Words = (
    "投诉须实名：请留下您的姓名和联系电话，以便办理部门联系您。不愿留名，可以选择匿名举报。",
    "A complaint needs your name and a phone number so the office can contact you. To stay anonymous, file a report instead.",
)
REAL_NAME_NEEDS_NAME: Words = (
    "实名举报请留下您的姓名；也可以选择匿名举报，但匿名举报不会收到是否立案的答复。",
    "A real-name report needs your name. You may report anonymously instead, but then you will not be told whether a case was opened.",
)
PHONE_INVALID: Words = (
    "无法识别电话号码“{phone}”，请填写手机号或带区号的固定电话，例如 13812345678 或 021-12345678。",
    "We could not recognise the phone number “{phone}”: give a mobile number or a landline with its area code, such as 13812345678 or 021-12345678.",
)
EVIDENCE_TOO_LARGE: Words = (
    "文件“{file_name}”有 {size_mb} MB，超过 {limit_mb} MB 的上限；请压缩或拆分后再发送。",
    "“{file_name}” is {size_mb} MB, over the {limit_mb} MB limit: compress or split it and send it again.",
)
EVIDENCE_EMPTY: Words = (
    "文件“{file_name}”是空的，请重新发送。",
    "“{file_name}” is empty: please send it again.",
)
EVIDENCE_TYPE_REFUSED: Words = (
    "不接受这类文件（“{file_name}”，{mime_type}）。请发送图片、PDF、Office 文档、文本或录音。",
    "Files like “{file_name}” ({mime_type}) are not accepted. Send images, PDF, Office documents, text or audio recordings.",
)
EVIDENCE_MISSING: Words = (
    "证据文件“{file_name}”已丢失或损坏，本次未提交；请重新发送该文件后再提交。",
    "The evidence file “{file_name}” is missing or damaged, so nothing was submitted: send the file again, then submit.",
)
EVIDENCE_TOO_MANY: Words = (
    "这份举报已附 {limit} 份文件，已达上限，“{file_name}”未保存；已收到的文件都已保存。请点“完成”继续。",
    "This report already has {limit} files, the most one report takes, so “{file_name}” was not kept; the files already sent are safe. Press “Done” to go on.",
)
EVIDENCE_REPORT_FULL: Words = (
    "“{file_name}”会使这份举报的证据超过 {limit_mb} MB 的上限（还可发送 {left_mb} MB），未保存；已收到的文件都已保存。",
    "“{file_name}” would take this report's evidence over {limit_mb} MB ({left_mb} MB left), so it was not kept; the files already sent are safe.",
)
EVIDENCE_DAY_FULL: Words = (
    "今天您发送的证据已达每日 {limit_mb} MB 的上限，“{file_name}”未保存；已收到的文件都已保存，明天可以继续发送。",
    "You have sent the daily {limit_mb} MB of evidence, so “{file_name}” was not kept; the files already sent are safe, and you can send more tomorrow.",
)

# What staff read where a reporter's identity was hidden (bot/reports/redact.py).
REDACTED: Words = ("［已隐去］", "[hidden]")
