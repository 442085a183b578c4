"""Typical cases written in the bot: the rules of writing, approving, correcting, withdrawing."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.desk import case_book
from bot.desk.errors import (
    CaseIncomplete,
    CaseWithdrawn,
    FieldTooLong,
    MarkupInCase,
    NotADate,
    NotEditor,
    NothingToApprove,
    ReporterDataInCase,
    SelfApproval,
    TicketNotSubstantiated,
    UnknownCaseCategory,
    UnknownCaseField,
)
from bot.desk.staff import StaffMember, parse_staff
from tests.desk_queue import REPORTER_NAME, REPORTER_PHONE, at, known_queue, queue_db

WRITER = StaffMember(8001, "city", editor=True)
REVIEWER = StaffMember(8002, "静安", editor=True)
PLAIN = StaffMember(8003, "city")


def complete(db, case_id: int, *, day: str = "2027-04-26", who: StaffMember = WRITER) -> None:
    values = {
        "title": "某代理公司冒用官方名义招揽业务被查处",
        "summary": "某代理公司自称“官方指定窗口”招揽商标注册业务，被责令改正并罚款。",
        "body": "经查，该公司在网店页面使用“官方指定”字样。\n\n区局依法作出处罚。",
        "categories": "impersonation",
        "authority": "上海市静安区市场监督管理局",
        "decision_no": "沪市监静处〔2027〕001号",
        "publish_on": day,
    }
    for name, typed in values.items():
        case_book.edit(
            db, who, case_id, name, case_book.parse_value(name, typed), now=at("2027-04-01")
        )


def test_only_editors_write_cases_and_the_staff_list_declares_the_right() -> None:
    members = parse_staff("1:city:editor,2:静安,3:浦东新区：编辑")
    assert [m.editor for m in members.values()] == [True, False, True]
    db = queue_db()
    with pytest.raises(NotEditor):
        case_book.create(db, PLAIN, now=at("2027-04-01"))


def test_a_case_needs_a_second_editor_and_every_field_before_it_is_approved() -> None:
    db = queue_db()
    case = case_book.create(db, WRITER, now=at("2027-04-01"))
    with pytest.raises(CaseIncomplete) as refused:
        case_book.approve(db, REVIEWER, case.id, now=at("2027-04-02"))
    assert "标题" in refused.value.message("zh") and "title" in refused.value.message("en")
    complete(db, case.id)
    with pytest.raises(SelfApproval):
        case_book.approve(db, WRITER, case.id, now=at("2027-04-02"))
    approved = case_book.approve(db, REVIEWER, case.id, now=at("2027-04-02"))
    assert approved.state(date(2027, 4, 25)) == "scheduled"
    assert approved.state(date(2027, 4, 26)) == "published"
    assert not approved.pending
    with pytest.raises(NothingToApprove):
        case_book.approve(db, REVIEWER, case.id, now=at("2027-04-02"))


def test_an_editor_who_changed_the_case_cannot_approve_the_change() -> None:
    db = queue_db()
    case = case_book.create(db, WRITER, now=at("2027-04-01"))
    complete(db, case.id, who=REVIEWER)  # the reviewer wrote into it: now a co-author
    third = StaffMember(8009, "city", editor=True)
    with pytest.raises(SelfApproval):
        case_book.approve(db, REVIEWER, case.id, now=at("2027-04-02"))
    assert case_book.approve(db, third, case.id, now=at("2027-04-02")).approved_by == third.user_id


def test_an_edit_after_approval_waits_for_approval_and_the_site_keeps_the_approved_text() -> None:
    db = queue_db()
    case = case_book.create(db, WRITER, now=at("2027-04-01"))
    complete(db, case.id)
    case_book.approve(db, REVIEWER, case.id, now=at("2027-04-02"))
    title = case_book.parse_value("title", "新的标题")
    changed = case_book.edit(db, WRITER, case.id, "title", title, now=at("2027-04-03"))
    assert changed.pending and changed.approved is not None
    assert changed.approved.title != "新的标题"
    # Approved before its date: not a correction.
    again = case_book.approve(db, REVIEWER, case.id, now=at("2027-04-04"))
    assert again.corrected_on is None and again.approved is not None
    assert again.approved.title == "新的标题"


def test_a_change_approved_after_publication_is_a_correction_dated_that_day() -> None:
    db = queue_db()
    case = case_book.create(db, WRITER, now=at("2027-04-01"))
    complete(db, case.id)
    case_book.approve(db, REVIEWER, case.id, now=at("2027-04-02"))
    body = case_book.parse_value("body", "更正后的正文。")
    case_book.edit(db, WRITER, case.id, "body", body, now=at("2027-05-02"))
    corrected = case_book.approve(db, REVIEWER, case.id, now=at("2027-05-03"))
    assert corrected.corrected_on == date(2027, 5, 3)
    actions = [row["action"] for row in db.query("SELECT action FROM audit_log ORDER BY id")]
    assert actions[-1] == "case_correct" and "case_approve" in actions


def test_a_withdrawn_case_leaves_the_site_with_a_logged_reason_and_changes_no_more() -> None:
    db = queue_db()
    case = case_book.create(db, WRITER, now=at("2027-04-01"))
    complete(db, case.id)
    case_book.approve(db, REVIEWER, case.id, now=at("2027-04-02"))
    assert [c.id for c in case_book.public_cases(db, date(2027, 5, 1))] == [case.id]
    gone = case_book.withdraw(db, REVIEWER, case.id, "处罚决定被撤销", now=at("2027-05-01"))
    assert gone.state(date(2027, 5, 1)) == "withdrawn"
    assert case_book.public_cases(db, date(2027, 5, 1)) == []
    line = next(db.query("SELECT * FROM audit_log WHERE action = 'case_withdraw'"))
    assert line["note"] == "处罚决定被撤销" and line["staff_user_id"] == REVIEWER.user_id
    with pytest.raises(CaseWithdrawn):
        case_book.edit(db, WRITER, case.id, "title", "x", now=at("2027-05-02"))


def test_every_action_is_an_audit_line_with_who_and_what() -> None:
    db = queue_db()
    case = case_book.create(db, WRITER, now=at("2027-04-01"))
    case_book.edit(db, WRITER, case.id, "title", "标题一", now=at("2027-04-01"))
    rows = list(db.query("SELECT staff_user_id, action, before, after FROM audit_log"))
    assert [r["action"] for r in rows] == ["case_create", "case_edit"]
    edit = rows[1]
    assert json.loads(edit["after"]) == {"case": case.id, "field": "title", "title": "标题一"}
    assert json.loads(edit["before"]) == {"title": ""}


def test_a_case_from_a_substantiated_ticket_holds_no_reporter_data_and_refuses_it() -> None:
    queue = known_queue(queue_db())
    db = queue.db
    editor = StaffMember(7001, "city", editor=True)
    case = case_book.create(db, editor, now=at("2023-07-01"), ticket_number=queue.number("t1"))
    text = case.draft.to_json()
    assert REPORTER_NAME not in text and REPORTER_PHONE not in text
    assert case.draft.categories == ("impersonation",) and case.ticket_number == queue.number("t1")
    for typed in (f"举报人{REPORTER_NAME}反映", "电话 139-1234-5678 的群众"):
        with pytest.raises(ReporterDataInCase):
            case_book.edit(db, editor, case.id, "summary", typed, now=at("2023-07-02"))
    with pytest.raises(TicketNotSubstantiated):
        case_book.create(db, editor, now=at("2023-07-01"), ticket_number=queue.number("t9"))


def test_fields_are_checked_plainly() -> None:
    with pytest.raises(NotADate):
        case_book.parse_value("publish_on", "明年四月")
    with pytest.raises(UnknownCaseCategory):
        case_book.parse_value("categories", "impersonation, nonsense")
    with pytest.raises(FieldTooLong):
        case_book.parse_value("title", "长" * 81)
    with pytest.raises(MarkupInCase):
        case_book.parse_value("summary", "<script>alert(1)</script>")
    with pytest.raises(UnknownCaseField):
        case_book.field_name("colour")
    assert case_book.field_name("文号") == "decision_no"
    assert case_book.parse_value("publish_on", "２０２７-０４-２６") == date(2027, 4, 26)
    assert case_book.parse_value("categories", "impersonation，online online") == (
        "impersonation",
        "online",
    )
    assert case_book.parse_value("title", " 两行\n标题 ") == "两行 标题"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_any_typed_title_is_either_refused_plainly_or_kept_on_one_line(typed: str) -> None:
    try:
        value = case_book.parse_value("title", typed)
    except (FieldTooLong, MarkupInCase) as refused:
        assert refused.message("en")
        return
    except Exception as error:  # FieldEmpty and nothing else
        assert type(error).__name__ == "FieldEmpty"
        return
    assert "\n" not in value and value and len(value) <= case_book.LIMITS["title"]


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("假冒国家机关或其工作人员名义", ("impersonation",)),
        ("Posing as a state organ or its staff", ("impersonation",)),
        ("伪造、变造法律文件、印章、签名、online", ("forgery", "online")),
        (
            "不正当招揽（虚假宣传、承诺包授权、低价或免费、给予回扣），impersonation",
            ("solicitation", "impersonation"),
        ),
        ("不正当招揽", ("solicitation",)),
        ("Forged or altered legal documents, seals or signatures", ("forgery",)),
    ],
)
def test_a_category_is_taken_by_its_label_in_either_language_as_well_as_its_code(
    typed: str, codes: tuple[str, ...]
) -> None:
    assert case_book.parse_value("categories", typed) == codes


def test_a_wrong_category_lists_the_choices_in_the_readers_language() -> None:
    with pytest.raises(UnknownCaseCategory) as refused:
        case_book.parse_value("categories", "假冒国家机关")
    zh, en = refused.value.message("zh"), refused.value.message("en")
    assert "“假冒国家机关”" in zh and "假冒国家机关或其工作人员名义（impersonation）" in zh
    assert "Posing as a state organ or its staff (impersonation)" in en
    assert "假冒国家机关或其工作人员名义" not in en


def test_a_refused_approval_names_who_took_part_and_the_way_out() -> None:
    db = queue_db()
    case = case_book.create(db, WRITER, now=at("2027-04-01"))
    complete(db, case.id)
    title = case_book.parse_value("title", "另一位编辑改过的标题")
    case_book.edit(db, REVIEWER, case.id, "title", title, now=at("2027-04-02"))
    for who in (WRITER, REVIEWER):  # both wrote into it: four eyes refuse both
        with pytest.raises(SelfApproval) as refused:
            case_book.approve(db, who, case.id, now=at("2027-04-02"))
    zh, en = refused.value.message("zh"), refused.value.message("en")
    assert "8001、8002" in zh and "另一位编辑" in zh and "LANTIAN_STAFF" in zh and "撤回" in zh
    assert "8001, 8002" in en and "withdraw" in en
    assert len(zh) <= 200 and len(en) <= 200  # shown whole in a button's alert
