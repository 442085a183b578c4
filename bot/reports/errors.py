"""Why a report, complaint or evidence file was refused, in plain Chinese and English.

Every sentence the reporter reads when the reports domain says no lives here, so a translator
finds them in one place. The bot shows `error.message(lang)`; `str(error)` carries both languages.
"""

from __future__ import annotations

from typing import ClassVar

from bot.errors import Refusal


class ReportError(Refusal):
    """A refusal a reporter can act on; subclasses carry the sentence in both languages."""

    zh: ClassVar[str] = "提交未成功，请重试。"
    en: ClassVar[str] = "Submission failed; please try again."


class DraftInvalid(ReportError):
    """A draft report or complaint cannot be submitted as it is; nothing was stored."""


class UnknownKind(DraftInvalid):
    zh = "请选择“举报”（反映违法行为）或“投诉”（您与代理机构之间的纠纷）。"
    en = "Choose “report” (举报, a violation) or “complaint” (投诉, your dispute with an agency)."


class UnknownCategory(DraftInvalid):
    zh = "请从列表中选择违法违规行为的类别；不确定时选择“其他违法违规行为”。"
    en = "Choose the kind of violation from the list; if unsure, choose “Other violations”."


class SubjectMissing(DraftInvalid):
    zh = "请写明反映的是哪家机构或哪个人：名称、电话或网址都可以。"
    en = "Say which agency or person this is about: a name, phone number or website will do."


class SubjectTooLong(DraftInvalid):
    zh = "反映对象请控制在 {limit} 字以内，详细情况请写在事实描述中。"
    en = "Keep the agency or person within {limit} characters; put the details in the description."


class UnknownSubject(DraftInvalid):
    zh = "所选机构（{uscc}）不在登记库中，请重新选择，或直接填写机构名称。"
    en = "The agency {uscc} is not in the registry: choose again, or type its name."


class HappenedOnInvalid(DraftInvalid):
    zh = "无法识别日期“{text}”，请按 2025-09-29 的格式填写；记不清可以跳过。"
    en = "We could not read the date “{text}”: write it like 2025-09-29, or skip it if unsure."


class HappenedOnFuture(DraftInvalid):
    zh = "发生日期 {day} 晚于今天，请检查。"
    en = "The date {day} is after today: please check it."


class ComplaintTooOld(DraftInvalid):
    zh = "投诉的事情发生在 {day}，已超过三年，投诉不予受理。如果违法行为仍在继续，您可以改为举报。"
    en = (
        "The events complained of ({day}) are more than 3 years old, so the complaint cannot be "
        "accepted. If the violation goes on, you can report it instead."
    )


class DescriptionMissing(DraftInvalid):
    zh = "请描述发生了什么：时间、地点、经过，以及您掌握的证据。"
    en = "Describe what happened: when, where, how, and what evidence you have."


class DescriptionTooLong(DraftInvalid):
    zh = "事实描述有 {length} 字，超过 {limit} 字的上限；请精简，或把材料作为证据文件上传。"
    en = (
        "The description has {length} characters, over the limit of {limit}: shorten it, "
        "or upload the material as an evidence file."
    )


class ComplaintNeedsContact(DraftInvalid):
    zh = "投诉须实名：请留下您的姓名和联系电话，以便办理部门联系您。不愿留名，可以选择匿名举报。"
    en = (
        "A complaint needs your name and a phone number so the office can contact you. "
        "To stay anonymous, file a report (举报) instead."
    )


class RealNameNeedsName(DraftInvalid):
    zh = "实名举报请留下您的姓名；也可以选择匿名举报，但匿名举报不会收到是否立案的答复。"
    en = (
        "A real-name report needs your name. You may report anonymously instead, "
        "but then you will not be told whether a case was opened."
    )


class PhoneInvalid(DraftInvalid):
    zh = (
        "无法识别电话号码“{phone}”，请填写手机号或带区号的固定电话，"
        "例如 13812345678 或 021-12345678。"
    )
    en = (
        "We could not recognise the phone number “{phone}”: give a mobile number or a landline "
        "with its area code, such as 13812345678 or 021-12345678."
    )


class EvidenceRefused(ReportError):
    """An evidence file was not stored."""


class EvidenceTooLarge(EvidenceRefused):
    zh = "文件“{file_name}”有 {size_mb} MB，超过 {limit_mb} MB 的上限；请压缩或拆分后再发送。"
    en = (
        "“{file_name}” is {size_mb} MB, over the {limit_mb} MB limit: "
        "compress or split it and send it again."
    )


class EvidenceEmpty(EvidenceRefused):
    zh = "文件“{file_name}”是空的，请重新发送。"
    en = "“{file_name}” is empty: please send it again."


class EvidenceTypeRefused(EvidenceRefused):
    zh = "不接受这类文件（“{file_name}”，{mime_type}）。请发送图片、PDF、Office 文档、文本或录音。"
    en = (
        "Files like “{file_name}” ({mime_type}) are not accepted. "
        "Send images, PDF, Office documents, text or audio recordings."
    )


class EvidenceMissing(ReportError):
    """A stored evidence file vanished or changed before its ticket was submitted."""

    zh = "证据文件“{file_name}”已丢失或损坏，本次未提交；请重新发送该文件后再提交。"
    en = (
        "The evidence file “{file_name}” is missing or damaged, so nothing was submitted: "
        "send the file again, then submit."
    )


class EvidenceTooMany(EvidenceRefused):
    zh = (
        "这份举报已附 {limit} 份文件，已达上限，“{file_name}”未保存；"
        "已收到的文件都已保存。请点“完成”继续。"
    )
    en = (
        "This report already has {limit} files, the most one report takes, so “{file_name}” "
        "was not kept; the files already sent are safe. Press “Done” to go on."
    )


class EvidenceReportFull(EvidenceRefused):
    zh = (
        "“{file_name}”会使这份举报的证据超过 {limit_mb} MB 的上限（还可发送 {left_mb} MB），"
        "未保存；已收到的文件都已保存。"
    )
    en = (
        "“{file_name}” would take this report's evidence over {limit_mb} MB ({left_mb} MB left), "
        "so it was not kept; the files already sent are safe."
    )


class EvidenceDayFull(EvidenceRefused):
    zh = (
        "今天您发送的证据已达每日 {limit_mb} MB 的上限，“{file_name}”未保存；"
        "已收到的文件都已保存，明天可以继续发送。"
    )
    en = (
        "You have sent the daily {limit_mb} MB of evidence, so “{file_name}” was not kept; "
        "the files already sent are safe, and you can send more tomorrow."
    )
