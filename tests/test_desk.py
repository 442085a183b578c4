"""The staff desk's domain: who may act, the ticket's life, the audit log, deadlines, notices.

Tickets come from tests/desk_queue.py (the fixture registry plus a 江苏 agency); each test
files the few it needs, or takes the known queue of ten 2023 tickets.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest
import sqlite_utils

from bot.desk import actions, notices
from bot.desk.errors import (
    CityOnly,
    MergeRefused,
    NoContact,
    NoteEmpty,
    NotStaff,
    OutsideDistrict,
    StaffListInvalid,
    TicketNotFound,
    TransitionRefused,
    UnknownDestination,
    UnknownDistrict,
    UnknownGround,
    UnknownOutcome,
)
from bot.desk.queue import QueueFilter, digest, list_queue
from bot.desk.routing import home_district, suggest
from bot.desk.staff import StaffDirectory, StaffMember, parse_staff
from bot.desk.vocabulary import ACTIONS, STATES
from bot.reports.tickets import Ticket, get
from tests.desk_queue import (
    CITY,
    HENGYUAN,
    HUAYUE,
    JIANGSU,
    JINGAN,
    PUDONG,
    SONGYAN_BJ,
    STAFF_TEXT,
    KnownQueue,
    at,
    file,
    known_queue,
    queue_db,
)
from tests.registry_edit import registry_writer

NOW = at("2023-06-01")


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = queue_db()
    yield database
    database.close()


@pytest.fixture
def known(db: sqlite_utils.Database) -> KnownQueue:
    return known_queue(db)


def report(db: sqlite_utils.Database, key: str = "r", **fields: object) -> Ticket:
    values: dict[str, object] = {
        "kind": "report",
        "category": "impersonation",
        "uscc": HUAYUE,
        "on": "2023-06-01",
    }
    values.update(fields)
    return file(db, key, **values)  # type: ignore[arg-type]


def audit_lines(db: sqlite_utils.Database) -> list[dict[str, object]]:
    return list(db.query("SELECT * FROM audit_log ORDER BY id"))


def ticket_in(db: sqlite_utils.Database, state: str) -> Ticket:
    """A fresh ticket (静安) brought to `state` through the usual path."""
    ticket = report(db, f"in-{state}")
    n = ticket.number
    steps = {
        "received": [],
        "accepted": [lambda: actions.accept(db, CITY, n, now=NOW)],
        "assigned": [lambda: actions.assign(db, CITY, n, "静安", now=NOW)],
        "investigating": [
            lambda: actions.accept(db, CITY, n, now=NOW),
            lambda: actions.investigate(db, CITY, n, now=NOW),
        ],
        "transferred": [lambda: actions.transfer(db, CITY, n, "enforcement", now=NOW)],
        "not_accepted": [lambda: actions.refuse(db, CITY, n, "no_facts", now=NOW)],
        "closed": [
            lambda: actions.accept(db, CITY, n, now=NOW),
            lambda: actions.close(db, CITY, n, "substantiated", now=NOW),
        ],
    }[state]
    for step in steps:
        step()
    found = get(db, n)
    assert found is not None and found.state == state
    return found


def apply_action(db: sqlite_utils.Database, code: str, number: str) -> Ticket:
    """Take `code` on a ticket with a valid argument, as the city."""
    other = report(db, f"other-{code}-{number}")
    calls = {
        "accept": lambda: actions.accept(db, CITY, number, now=NOW),
        "refuse": lambda: actions.refuse(db, CITY, number, "outside_remit", now=NOW),
        "assign": lambda: actions.assign(db, CITY, number, "浦东新区", now=NOW),
        "investigate": lambda: actions.investigate(db, CITY, number, now=NOW),
        "transfer": lambda: actions.transfer(db, CITY, number, "police", now=NOW),
        "close": lambda: actions.close(db, CITY, number, "unsubstantiated", now=NOW),
        "merge": lambda: actions.merge(db, CITY, number, other.number, now=NOW),
    }
    return calls[code]()


# --- who may do what ------------------------------------------------------------------------


def test_the_staff_list_reads_ids_and_roles() -> None:
    members = parse_staff(STAFF_TEXT)
    assert members[7001] == CITY and members[7002] == JINGAN and members[7003] == PUDONG


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("7001", "USER_ID:ROLE"),
        ("abc:city", "USER_ID:ROLE"),
        ("7001:北京", "北京"),
        ("1:city,1:黄浦", "两次"),
    ],
)
def test_a_bad_staff_list_is_refused_with_the_entry_named(text: str, problem: str) -> None:
    with pytest.raises(StaffListInvalid, match=problem):
        parse_staff(text)


def test_anyone_not_on_the_staff_list_is_refused_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    directory = StaffDirectory.from_text(STAFF_TEXT)
    with pytest.raises(NotStaff, match="4242"):
        directory.member(4242)
    assert "4242" in caplog.text and "refused" in caplog.text
    assert directory.member(7002) == JINGAN


def test_a_district_cannot_see_or_act_on_another_districts_ticket(
    db: sqlite_utils.Database,
) -> None:
    ticket = report(db, uscc=HENGYUAN)  # 浦东新区
    with pytest.raises(OutsideDistrict, match="静安"):
        actions.load(db, JINGAN, ticket.number)
    with pytest.raises(OutsideDistrict):
        actions.accept(db, JINGAN, ticket.number, now=NOW)
    assert actions.accept(db, PUDONG, ticket.number, now=NOW).state == "accepted"
    assert audit_lines(db)[-1]["staff_user_id"] == PUDONG.user_id


def test_only_the_city_assigns(db: sqlite_utils.Database) -> None:
    ticket = report(db)
    with pytest.raises(CityOnly, match="分派"):
        actions.assign(db, JINGAN, ticket.number, "黄浦", now=NOW)
    assert get(db, ticket.number).state == "received"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "district"),
    [("黄浦区", "黄浦"), ("上海市黄浦区", "黄浦"), ("浦东", "浦东新区"), ("临港", "临港新片区")],
)
def test_staff_may_name_a_district_in_any_of_its_spellings(
    db: sqlite_utils.Database, typed: str, district: str
) -> None:
    ticket = report(db)
    assigned = actions.assign(db, CITY, ticket.number, typed, now=NOW)
    assert assigned.district == district
    found = list_queue(db, CITY, today=date(2023, 6, 2), where=QueueFilter(district=typed))
    assert [item.ticket.number for item in found] == [ticket.number]
    with pytest.raises(UnknownDistrict):
        actions.assign(db, CITY, ticket.number, "黄埔区", now=NOW)  # Guangzhou's, not Shanghai's


def test_once_assigned_the_ticket_belongs_to_that_district(db: sqlite_utils.Database) -> None:
    ticket = report(db)  # subject registered in 静安
    actions.assign(db, CITY, ticket.number, "浦东新区", now=NOW)
    assert actions.load(db, PUDONG, ticket.number).district == "浦东新区"
    with pytest.raises(OutsideDistrict):
        actions.load(db, JINGAN, ticket.number)


def test_an_unknown_ticket_number_is_named(db: sqlite_utils.Database) -> None:
    with pytest.raises(TicketNotFound, match="LT-20990101-0001"):
        actions.accept(db, CITY, "lt-20990101-0001", now=NOW)


# --- the ticket's life ----------------------------------------------------------------------

# Every (action, state) pair: allowed ones change the state as ACTIONS says, others are refused.
PAIRS = [
    (code, state)
    for code in ("accept", "refuse", "assign", "investigate", "transfer", "close", "merge")
    for state in STATES
]


@pytest.mark.parametrize(("code", "state"), PAIRS, ids=[f"{c}-from-{s}" for c, s in PAIRS])
def test_each_transition_is_taken_or_refused_with_the_reason(
    db: sqlite_utils.Database, code: str, state: str
) -> None:
    ticket = ticket_in(db, state)  # "assigned": before the decision to accept
    action = ACTIONS[code]
    before = len(audit_lines(db))
    undecided = state == "assigned" and code in ("investigate", "close")
    if state in action.allowed_from and not undecided:
        changed = apply_action(db, code, ticket.number)
        assert changed.state == action.to
        assert len(audit_lines(db)) == before + 1
    else:
        with pytest.raises(TransitionRefused) as refused:
            apply_action(db, code, ticket.number)
        assert STATES[state][0] in str(refused.value) and action.label("zh") in str(refused.value)
        assert ("请先决定是否受理" in str(refused.value)) == undecided
        assert get(db, ticket.number).state == state  # type: ignore[union-attr]
        assert len(audit_lines(db)) == before


def test_an_assigned_ticket_is_accepted_once_then_investigated(
    db: sqlite_utils.Database,
) -> None:
    ticket = ticket_in(db, "accepted")
    actions.assign(db, CITY, ticket.number, "静安", now=NOW)
    with pytest.raises(TransitionRefused, match="已经作出受理决定"):
        actions.accept(db, JINGAN, ticket.number, now=NOW)
    with pytest.raises(TransitionRefused, match="已经作出受理决定"):
        actions.refuse(db, JINGAN, ticket.number, "no_facts", now=NOW)
    assert actions.investigate(db, JINGAN, ticket.number, now=NOW).state == "investigating"
    told = [n.text for n in notices.pending(db) if ticket.number in n.text]
    assert len(told) == 1 and "已受理" in told[0]  # told "accepted" once


@pytest.mark.parametrize("code", ["accept", "refuse", "investigate", "transfer", "close"])
@pytest.mark.parametrize("state", ["received", "accepted", "assigned", "assigned after accepted"])
def test_a_card_offers_exactly_the_steps_that_will_be_taken(state: str, code: str) -> None:
    """The card's buttons come from may_take: after 分派 of an accepted ticket, 受理 and
    不予受理 were offered and then refused."""
    db = queue_db()
    ticket = ticket_in(db, "accepted" if state == "assigned after accepted" else state)
    if state == "assigned after accepted":
        ticket = actions.assign(db, CITY, ticket.number, "静安", now=NOW)
    offered = actions.may_take(ticket, code)
    try:
        apply_action(db, code, ticket.number)
    except TransitionRefused:
        assert not offered
    else:
        assert offered


def test_a_refusal_says_what_to_do_instead(db: sqlite_utils.Database) -> None:
    ticket = report(db)
    with pytest.raises(TransitionRefused) as refused:
        actions.close(db, CITY, ticket.number, "substantiated", now=NOW)
    assert "请先受理" in refused.value.message("zh")
    assert "accept (or transfer) it before closing it" in refused.value.message("en")


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda db, n: actions.assign(db, CITY, n, "海淀", now=NOW), UnknownDistrict),
        (lambda db, n: actions.transfer(db, CITY, n, "mars", now=NOW), UnknownDestination),
        (lambda db, n: actions.refuse(db, CITY, n, "because", now=NOW), UnknownGround),
        (lambda db, n: actions.add_note(db, CITY, n, "   ", now=NOW), NoteEmpty),
        (lambda db, n: actions.add_note(db, CITY, n, "长" * 2001, now=NOW), NoteEmpty),
    ],
    ids=["district", "destination", "ground", "empty-note", "long-note"],
)
def test_a_bad_argument_is_refused_and_changes_nothing(
    db: sqlite_utils.Database, call: object, error: type[Exception]
) -> None:
    ticket = report(db)
    with pytest.raises(error):
        call(db, ticket.number)  # type: ignore[operator]
    assert audit_lines(db) == []


def test_close_takes_only_a_closing_outcome(db: sqlite_utils.Database) -> None:
    ticket = ticket_in(db, "accepted")
    with pytest.raises(UnknownOutcome, match="duplicate"):
        actions.close(db, CITY, ticket.number, "duplicate", now=NOW)  # merging says duplicate


def test_a_report_is_never_refused_for_a_missing_complainant(db: sqlite_utils.Database) -> None:
    """举报 may be anonymous: "complainant's identity missing" is a ground for a 投诉 only."""
    tip = report(db, "tip", anonymous=True)
    with pytest.raises(UnknownGround):
        actions.refuse(db, CITY, tip.number, "no_contact", now=NOW)
    assert actions.load(db, CITY, tip.number).state == "received"
    complaint = report(db, "c", kind="complaint")
    refused = actions.refuse(db, CITY, complaint.number, "no_contact", now=NOW)
    assert refused.state == "not_accepted"


def test_merging_closes_the_duplicate_and_points_to_the_original(
    db: sqlite_utils.Database,
) -> None:
    original, duplicate = report(db, "a"), report(db, "b")
    merged = actions.merge(db, CITY, duplicate.number, original.number, now=at("2023-06-02"))
    assert (merged.state, merged.outcome, merged.merged_into) == (
        "closed",
        "duplicate",
        original.id,
    )
    assert merged.closed_on == date(2023, 6, 2)
    assert audit_lines(db)[-1]["note"] == original.number
    with pytest.raises(MergeRefused, match="自身"):
        actions.merge(db, CITY, original.number, original.number, now=NOW)
    third = report(db, "c")
    with pytest.raises(MergeRefused, match="已被合并"):
        actions.merge(db, CITY, third.number, duplicate.number, now=NOW)


def test_the_first_response_is_the_first_decision_the_reporter_is_told(
    db: sqlite_utils.Database,
) -> None:
    ticket = report(db, on="2023-06-01")
    actions.assign(db, CITY, ticket.number, "静安", now=at("2023-06-02"))
    assert get(db, ticket.number).first_response_on is None  # type: ignore[union-attr]
    actions.accept(db, JINGAN, ticket.number, now=at("2023-06-05"))
    actions.investigate(db, JINGAN, ticket.number, now=at("2023-06-06"))
    actions.close(db, JINGAN, ticket.number, "partly", now=at("2023-06-30"))
    final = get(db, ticket.number)
    assert final is not None
    assert (final.first_response_on, final.closed_on) == (date(2023, 6, 5), date(2023, 6, 30))


# --- the audit log --------------------------------------------------------------------------


def test_every_action_is_logged_with_who_when_before_and_after(
    db: sqlite_utils.Database,
) -> None:
    ticket = report(db)
    actions.transfer(db, CITY, ticket.number, "police", now=at("2023-06-03", 15))
    line = audit_lines(db)[-1]
    assert line["staff_user_id"] == CITY.user_id and line["staff_role"] == "city"
    assert line["action"] == "transfer" and line["at"] == "2023-06-03T07:00:00+00:00"
    assert json.loads(str(line["before"])) == {
        "destination": None,
        "state": "received",
        "first_response_on": None,
    }
    assert json.loads(str(line["after"])) == {
        "destination": "police",
        "state": "transferred",
        "first_response_on": "2023-06-03",
    }


def test_the_audit_log_cannot_be_changed_or_deleted(db: sqlite_utils.Database) -> None:
    ticket = report(db)
    actions.add_note(db, CITY, ticket.number, "电话核实。", now=NOW)
    for statement in ("UPDATE audit_log SET note = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)
    assert audit_lines(db)[0]["note"] == "电话核实。"


def test_revealing_a_reporters_contact_is_itself_logged(db: sqlite_utils.Database) -> None:
    ticket = report(db)
    contact = actions.reveal_contact(db, JINGAN, ticket.number, now=NOW)
    assert (contact.name, contact.phone) == ("举报人甲乙丙", "13912345678")
    line = audit_lines(db)[-1]
    assert (line["action"], line["staff_user_id"]) == ("reveal_contact", JINGAN.user_id)
    assert "13912345678" not in json.dumps(audit_lines(db), ensure_ascii=False)


def test_an_anonymous_report_has_no_contact_to_reveal(db: sqlite_utils.Database) -> None:
    ticket = report(db, anonymous=True)
    with pytest.raises(NoContact):
        actions.reveal_contact(db, CITY, ticket.number, now=NOW)
    assert audit_lines(db) == []


def test_a_district_cannot_reveal_another_districts_reporter(db: sqlite_utils.Database) -> None:
    ticket = report(db, uscc=HENGYUAN)
    with pytest.raises(OutsideDistrict):
        actions.reveal_contact(db, JINGAN, ticket.number, now=NOW)
    assert audit_lines(db) == []


# --- routing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uscc", "district", "destination"),
    [
        (HUAYUE, "静安", None),
        ("91310115MA1N4E6F0G", "临港新片区", None),  # 瀚海: 临港新片区 has its own office
        (JIANGSU, None, "jiangsu"),
        (SONGYAN_BJ, None, "cnipa"),
        (None, None, None),
    ],
    ids=["shanghai-district", "lingang", "jiangsu", "beijing", "unregistered"],
)
def test_routing_suggests_the_district_or_a_referral(
    db: sqlite_utils.Database, uscc: str | None, district: str | None, destination: str | None
) -> None:
    ticket = report(db, uscc=uscc)
    route = suggest(db, ticket)
    assert (route.district, route.destination) == (district, destination)
    assert route.why("zh") and route.why("en")
    assert home_district(db, ticket) == district


# --- deadlines and the queue ----------------------------------------------------------------


def test_a_report_received_before_national_day_is_due_after_the_holiday(
    db: sqlite_utils.Database,
) -> None:
    # 2023: 29 Sep - 6 Oct off, Sat 7 and Sun 8 Oct worked. Received Thu 28 Sep: Fri 29 Sep
    # is a holiday; the five working days are 7, 8, 9, 10, 11 Oct.
    ticket = report(db, on="2023-09-28")
    assert ticket.reply_due_on == date(2023, 10, 11)
    assert not list_queue(db, CITY, today=date(2023, 10, 11), where=QueueFilter(overdue=True))
    late = list_queue(db, CITY, today=date(2023, 10, 12), where=QueueFilter(overdue=True))
    assert [item.ticket.number for item in late] == [ticket.number]


def test_a_complaint_received_on_an_adjusted_working_sunday_counts_from_it(
    db: sqlite_utils.Database,
) -> None:
    ticket = file(db, "c", kind="complaint", category="solicitation", uscc=HUAYUE, on="2023-10-08")
    # Sun 8 Oct 2023 is a working day; seven working days after it end on Tue 17 Oct.
    assert ticket.reply_due_on == date(2023, 10, 17)


def test_the_queue_filters_by_state_district_category_and_overdue(known: KnownQueue) -> None:
    db = known.db
    numbers = known.number

    def listed(staff: StaffMember, **where: object) -> list[str]:
        where_ = QueueFilter(**where)  # type: ignore[arg-type]
        found = list_queue(db, staff, today=date(2023, 7, 14), where=where_)
        return [item.ticket.number for item in found]

    assert len(listed(CITY)) == 10
    assert listed(CITY, state="transferred") == [numbers("t5"), numbers("t4")]  # newest first
    assert listed(CITY, overdue=True) == [numbers("t8")]
    assert listed(CITY, category="solicitation") == [numbers("t10"), numbers("t2")]
    assert listed(CITY, district="浦东新区") == [numbers("t8"), numbers("t2")]  # overdue first
    assert set(listed(JINGAN)) == {numbers(k) for k in ("t1", "t3", "t6", "t7", "t9", "t10")}
    with pytest.raises(CityOnly):
        listed(JINGAN, district="浦东新区")


def test_the_daily_digest_lists_overdue_and_due_tickets_by_district(known: KnownQueue) -> None:
    db = known.db
    lines = {line.district: line for line in digest(db, CITY, today=date(2023, 7, 14))}
    assert [item.ticket.number for item in lines["浦东新区"].overdue] == [known.number("t8")]
    assert lines["静安"].overdue == [] and lines["静安"].waiting == 2  # t3 and t10
    later = {line.district: line for line in digest(db, CITY, today=date(2023, 10, 16))}
    assert [item.ticket.number for item in later["静安"].due_soon] == [known.number("t10")]


# --- what the reporter is told --------------------------------------------------------------


def test_the_reporter_is_told_each_decision_once_in_their_language(known: KnownQueue) -> None:
    db = known.db
    pending = notices.pending(db)
    by_user = {}
    for notice in pending:
        by_user.setdefault(notice.user_id, []).append(notice.text)
    english = [n for n in pending if "Jiangsu" in n.text]
    assert len(english) == 1 and english[0].text.startswith("Your report")
    assert not any("调查" in text for texts in by_user.values() for text in texts)  # internal
    # As known_queue decides: assigning and investigating tell none, and the anonymous
    # reporter, promised no reply, is told nothing (they may look with /status).
    assert len(pending) == 10
    anonymous = db.execute("SELECT id FROM tickets WHERE anonymous").fetchall()
    assert (
        anonymous
        and not db.execute(
            "SELECT 1 FROM notices n JOIN tickets t ON t.id = n.ticket_id WHERE t.anonymous"
        ).fetchall()
    )
    notices.mark_sent(db, pending[0].id, NOW)
    assert len(notices.pending(db)) == 9


@pytest.mark.parametrize(
    ("event", "params", "zh", "en"),
    [
        ("accept", {}, "已受理", "has been accepted"),
        ("refuse", {"ground": "too_old"}, "超过三年", "older than three years"),
        ("transfer", {"destination": "police"}, "公安机关", "public security"),
        ("close", {"outcome": "partly"}, "部分属实", "partly substantiated"),
        ("merge", {}, "合并到该件办理", "is handled with it"),
    ],
)
def test_each_notice_reads_well_in_both_languages(
    db: sqlite_utils.Database, event: str, params: dict[str, str], zh: str, en: str
) -> None:
    ticket = report(db)
    chinese = notices.notice_text(event, ticket, "zh", **params)
    english = notices.notice_text(event, ticket, "en", **params)
    assert zh in chinese and ticket.number in chinese and "举报" in chinese
    assert en in english and ticket.number in english and "report" in english


def test_the_card_hides_the_reporters_name_and_phone_they_repeated_in_the_text(
    db: sqlite_utils.Database,
) -> None:
    from bot.desk.cards import ticket_fields

    text = "本人举报人甲乙丙（+86 139-1234-5678），对方电话 021-61234567 冒充官方。"
    ticket = report(db, description=text)
    shown = " ".join(value for _, value in ticket_fields(db, ticket, "zh", today=NOW.date()))
    for hidden in ("举报人甲乙丙", "139-1234-5678", "13912345678"):
        assert hidden not in shown and hidden not in json.dumps(
            ticket.public_view(), ensure_ascii=False
        )
    assert "021-61234567" in shown  # the agency's number is evidence, and stays


def test_a_district_the_registry_spells_otherwise_is_the_same_district_everywhere(
    db: sqlite_utils.Database,
) -> None:
    # The domain brief: 静安 and 静安区 are one district for routing, the site and the reports.
    with registry_writer(db) as registry:
        registry.execute("UPDATE agencies SET district = '静安区' WHERE uscc = ?", [HUAYUE])
    ticket = report(db)
    [item] = list_queue(db, CITY, today=NOW.date())
    assert item.district == home_district(db, ticket) == suggest(db, ticket).district == "静安"
    assert [i.ticket.number for i in list_queue(db, JINGAN, today=NOW.date())] == [ticket.number]
