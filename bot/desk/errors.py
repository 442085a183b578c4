"""Why the staff desk said no, in plain Chinese and English: one sentence per condition."""

from __future__ import annotations

from typing import ClassVar

from bot.errors import Refusal


class DeskError(Refusal):
    """A refusal a staff member can act on; subclasses carry the sentence in both languages."""

    zh: ClassVar[str] = "操作未执行。"
    en: ClassVar[str] = "Nothing was done."


class NotStaff(DeskError):
    zh = "此命令仅限工作人员使用。如您是工作人员，请联系管理员把您的用户 ID {user_id} 加入配置。"
    en = "This command is for staff only. If you are staff, ask to have user id {user_id} added."


class CityOnly(DeskError):
    zh = "只有市局工作人员可以{action}。"
    en = "Only city staff may {action}."


class OutsideDistrict(DeskError):
    zh = "工单 {number} 不属于{district}，您无权查看或处理。"
    en = "Ticket {number} is not {district}'s; you may not see or act on it."


class TicketNotFound(DeskError):
    zh = "没有编号为 {number} 的工单。"
    en = "There is no ticket numbered {number}."


class TransitionRefused(DeskError):
    zh = "工单 {number} 当前为“{state}”，不能{action}：{why}"
    en = "Ticket {number} is {state_en}, so “{action_en}” is not possible: {why_en}"


class UnknownDistrict(DeskError):
    zh = "“{district}”不是上海市的区。可选：{choices}。"
    en = "“{district}” is not a Shanghai district. Choose one of: {choices}."


def known_district(text: str) -> str:
    """A district office in its one spelling (徐汇区, 上海市徐汇区 and 徐汇 are one); else the
    plain refusal listing them."""
    from bot.districts import DISTRICTS, canonical_district

    known = canonical_district(text)
    if known is None:
        raise UnknownDistrict(district=text, choices="、".join(DISTRICTS))
    return known


class UnknownDestination(DeskError):
    zh = "不能移送到“{destination}”。可选：{choices}。"
    en = "Cannot transfer to “{destination}”. Choose one of: {choices}."


class UnknownOutcome(DeskError):
    zh = "办结结果“{outcome}”无效。可选：{choices}。"
    en = "“{outcome}” is not an outcome. Choose one of: {choices}."


class UnknownGround(DeskError):
    zh = "不予受理的理由“{ground}”无效。可选：{choices}。"
    en = "“{ground}” is not a ground for refusal. Choose one of: {choices}."


class MergeRefused(DeskError):
    zh = "不能把工单 {number} 合并到 {into}：{why}"
    en = "Cannot merge ticket {number} into {into}: {why_en}"


class NoteEmpty(DeskError):
    zh = "备注不能为空，最多 {limit} 字。"
    en = "A note must not be empty and may hold at most {limit} characters."


class NoContact(DeskError):
    zh = "工单 {number} 是匿名举报，没有举报人联系方式。"
    en = "Ticket {number} is anonymous: there is no contact to reveal."


class StaffListInvalid(DeskError):
    zh = "工作人员配置有误：{problem}。格式如 LANTIAN_STAFF=123456:city,234567:浦东新区"
    en = "The staff list is invalid: {problem}. Write it as 123456:city,234567:浦东新区"


class PeriodInvalid(DeskError):
    zh = "统计期间有误：开始日期 {since} 晚于结束日期 {until}。"
    en = "The period is invalid: it starts on {since}, after its end on {until}."


class CaseDraftRefused(DeskError):
    zh = (
        "工单 {number} 当前为“{state}”，办理结果为“{outcome}”："
        "只有以“属实”或“部分属实”办结的工单才能生成典型案例草稿。"
    )
    en = (
        "Ticket {number} is {state_en} with outcome “{outcome_en}”: only a ticket closed as "
        "substantiated or partly substantiated can become a typical case draft."
    )
