"""Fictional tickets across the campaign year, so the demo's desk, reports and digest show
something real: filed through `tickets.submit` and taken through `bot.desk.actions`, the same
functions the bot and the CLI call, by fictional staff on fictional dates.

Every reporter is fictional (示例举报人…, phones 1390000xxxx); the same seed gives the same
tickets, and a database that has them already is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlite_utils

from bot.desk import actions, notices
from bot.desk.errors import DeskError
from bot.desk.routing import shanghai_district, subject_place
from bot.desk.staff import StaffMember
from bot.desk.vocabulary import CITY, DISTRICTS, REGIONAL
from bot.districts import registered_in_shanghai
from bot.registry import reader
from bot.reports import categories
from bot.reports.deadlines import add_working_days
from bot.reports.tickets import Draft, Ticket, submit

SOURCE = "demo:"  # source_key prefix of the demo's tickets
YEAR_START = date(2023, 4, 20)  # the campaign was published on 2023-04-18
YEAR_END = date(2023, 11, 10)
COUNT = 90
CITY_STAFF = StaffMember(10001, CITY, editor=True)  # the terminal demo's user is city staff too
REPORTER_IDS = 900_000  # fictional Telegram user ids of the demo's reporters
# District offices: fictional staff ids 10002… in the order of DISTRICTS.
# Every demo staff member is an editor: a case written by one is approved by another.
DISTRICT_STAFF = {d: StaffMember(10002 + i, d, editor=True) for i, d in enumerate(DISTRICTS)}
SECOND_EDITOR = next(iter(DISTRICT_STAFF.values()))
DEMO_STAFF = ",".join(
    [f"{m.user_id}:{m.role}:editor" for m in (CITY_STAFF, *DISTRICT_STAFF.values())]
)
UNREGISTERED = ("网店“商标加急办理”", "微信号 ip-kuaiban-2023 的“代理顾问”", "“官方授权”专利代办群")
FACTS = (
    "对方承诺“包授权，不成功全额退款”，收费 {n} 元后再无进展。",
    "对方自称商标局受理窗口，要求支付加急费 {n} 元。",
    "代理合同以个人名义签订，收款账户不是代理机构的。",
    "收取代理费 {n} 元后一直没有提交申请，也不退款，电话无人接听。",
    "同一批次代理了内容雷同的专利申请 {n} 件。",
    "网店大量代理网络热词商标申请，公开转卖。",
)
# (share, what happens): the fates of the year's tickets
FATES = (
    (0.40, "closed"),
    (0.10, "assigned"),
    (0.10, "investigating"),
    (0.10, "refused"),
    (0.08, "transferred"),
    (0.05, "merged"),
    (0.17, "waiting"),  # never answered: overdue in the queue and the reports
)


@dataclass(frozen=True)
class Subject:
    uscc: str | None
    text: str
    province: str | None
    district: str | None


def seed_demo_tickets(db: sqlite_utils.Database, *, seed: int = 426) -> int:
    """File and work the demo's tickets; returns how many were filed (0 if already there)."""
    if db.execute("SELECT 1 FROM tickets WHERE source_key LIKE ?", [SOURCE + "%"]).fetchone():
        return 0
    rng = random.Random(seed)
    subjects = _subjects(db, rng)
    if not subjects:
        return 0
    filed: list[Ticket] = []
    for index in range(COUNT):
        received = _day_in_year(rng, index)
        ticket = _file(db, rng, index, rng.choice(subjects), received)
        _work(db, rng, ticket, filed)
        filed.append(ticket)
    _mark_told(db)
    return len(filed)


def _mark_told(db: sqlite_utils.Database) -> None:
    """The demo's reporters are fictional: their notices count as sent, so the bot never
    tries to message users that do not exist."""
    for notice in notices.pending(db, limit=100_000):
        if notice.user_id >= REPORTER_IDS:
            notices.mark_sent(db, notice.id, _at(YEAR_END, 18))


def _subjects(db: sqlite_utils.Database, rng: random.Random) -> list[Subject]:
    sample = reader.first_agencies(db, 400)
    registered = [Subject(u, p.name, p.province, p.district) for u, p in sample.items()]
    shanghai = [s for s in registered if registered_in_shanghai(s.province)]
    elsewhere = [s for s in registered if s not in shanghai]
    picked = rng.sample(shanghai, min(40, len(shanghai))) + elsewhere[:4]
    return picked + [Subject(None, text, None, None) for text in UNREGISTERED]


def _day_in_year(rng: random.Random, index: int) -> date:
    span = (YEAR_END - YEAR_START).days
    return YEAR_START + timedelta(days=int(span * index / COUNT) + rng.randint(0, 2))


def _at(day: date, hour: int) -> datetime:
    """That day at `hour` o'clock in Shanghai, as an aware UTC moment."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


def _file(
    db: sqlite_utils.Database, rng: random.Random, index: int, subject: Subject, on: date
) -> Ticket:
    kind = "complaint" if rng.random() < 0.35 else "report"
    anonymous = kind == "report" and rng.random() < 0.3
    codes = [c.code for c in categories.CATEGORIES]
    category = "fee_no_service" if kind == "complaint" and rng.random() < 0.4 else rng.choice(codes)
    draft = Draft(
        kind=kind,
        category=category,
        subject_uscc=subject.uscc,
        subject_text=subject.text,
        happened_on=on - timedelta(days=rng.randint(3, 60)),
        description=rng.choice(FACTS).format(n=rng.choice((800, 2600, 5000, 12000, 30))),
        anonymous=anonymous,
        contact_name=None if anonymous else f"示例举报人{index + 1:02d}",
        contact_phone=None if anonymous else f"1390000{index + 1:04d}",
        reporter_user_id=REPORTER_IDS + index,
        reporter_lang="en" if rng.random() < 0.1 else "zh",
    )
    return submit(db, draft, f"{SOURCE}{index}", _at(on, rng.randint(8, 20)))


def _fate(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for share, fate in FATES:
        total += share
        if roll < total:
            return fate
    return FATES[-1][1]


def _work(
    db: sqlite_utils.Database, rng: random.Random, ticket: Ticket, earlier: list[Ticket]
) -> None:
    """Take the ticket through the desk as its fate says; a step the desk refuses is skipped
    (the demo only ever does what staff could do)."""
    fate = _fate(rng)
    office = _office(db, ticket)
    day = ticket.received_on

    def step(n: int) -> date:
        return add_working_days(day, n)  # the n-th working day after receipt

    answer = step(rng.choice((1, 2, 3, 4, 5, 6, 8)))  # a few are answered late
    number = ticket.number
    try:
        if fate == "refused":
            ground = "no_contact" if ticket.kind == "complaint" else "no_facts"
            actions.refuse(db, office, number, rng.choice((ground, "already_handled")),
                           now=_at(answer, 10))  # fmt: skip
        elif fate == "transferred":
            destination = REGIONAL.get((_province(db, ticket) or "")[:2], "cnipa")
            actions.transfer(db, CITY_STAFF, number, destination, now=_at(answer, 11))
        elif fate == "merged" and earlier:
            actions.merge(db, office, number, earlier[-1].number, now=_at(answer, 9))
        elif fate == "assigned":
            district = rng.choice(DISTRICTS)
            actions.assign(db, CITY_STAFF, number, district, now=_at(step(1), 9))
            actions.accept(db, DISTRICT_STAFF[district], number, now=_at(answer, 15))
        elif fate in ("closed", "investigating"):
            actions.accept(db, office, number, now=_at(answer, 14))
            actions.investigate(db, office, number, now=_at(step(8), 10))
            if fate == "closed":
                outcome = rng.choice(
                    ("substantiated", "substantiated", "partly", "unsubstantiated")
                )
                actions.close(db, office, number, outcome, now=_at(step(25), 16))
    except DeskError:
        return


def _office(db: sqlite_utils.Database, ticket: Ticket) -> StaffMember:
    """The staff member who handles the ticket: its district's office, else the city."""
    home = shanghai_district(*subject_place(db, ticket.subject_uscc))
    return DISTRICT_STAFF[home] if home else CITY_STAFF


def _province(db: sqlite_utils.Database, ticket: Ticket) -> str | None:
    return subject_place(db, ticket.subject_uscc)[0] or None
