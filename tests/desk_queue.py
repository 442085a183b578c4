"""A fixture queue with known counts, for the staff desk's tests and the campaign reports.

The registry is tests/fixtures/check_bundle plus one agency registered in 江苏. Ten tickets are
filed in 2023 (the campaign year) and taken through the desk as the table in `known_queue`
says, so every count a report prints can be checked against a literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlite_utils

from bot.desk import actions
from bot.desk.staff import StaffMember
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.reports.evidence import StoredEvidence
from bot.reports.tickets import Draft, Ticket, submit
from tests.registry_edit import registry_writer

BUNDLE = Path(__file__).parent / "fixtures" / "check_bundle"
HUAYUE = "91310106MA1FL3R23H"  # 静安
HENGYUAN = "91310115MA1U3N5P15"  # 浦东新区
SONGYAN_BJ = "91110108MA0K7X4Y7E"  # 北京
JIANGSU = "91320000MA1XXXXX04"  # added here: 江苏

CITY = StaffMember(7001, "city")
JINGAN = StaffMember(7002, "静安")
PUDONG = StaffMember(7003, "浦东新区")
STAFF_TEXT = "7001:city,7002:静安,7003:浦东新区"
REPORTER_NAME = "举报人甲乙丙"  # a name no other text of the fixtures holds
REPORTER_PHONE = "13912345678"


def at(day: str, hour: int = 10) -> datetime:
    """That day at `hour` o'clock in Shanghai."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+08:00").astimezone(UTC)


def queue_db(path: Path | str = ":memory:") -> sqlite_utils.Database:
    db = open_database(path)
    import_path(db, BUNDLE, today=date(2026, 6, 1))
    with registry_writer(db) as registry:
        registry.execute(
            "INSERT INTO agencies (uscc, name, kind, status, province, city, district) "
            "VALUES (?, ?, 'both', 'active', '江苏省', '苏州市', '姑苏区')",
            [JIANGSU, "苏州示例知识产权代理有限公司"],
        )
    return db


def file(
    db: sqlite_utils.Database,
    key: str,
    *,
    kind: str,
    category: str,
    uscc: str | None,
    on: str,
    anonymous: bool = False,
    user: int = 1001,
    lang: str = "zh",
    description: str | None = None,
    evidence: list[StoredEvidence] | None = None,
) -> Ticket:
    """Submit a report or complaint on `on` (a Shanghai day)."""
    draft = Draft(
        kind=kind,
        category=category,
        subject_uscc=uscc,
        subject_text=uscc or "网店“商标加急办理”",
        # A real-name reporter often repeats their name and phone in the text; the desk's
        # cards and reports must not show them. An anonymous one gives neither.
        description=description
        or ("" if anonymous else f"我是{REPORTER_NAME}，电话{REPORTER_PHONE}。")
        + "对方以“包授权”为名收取费用，事后失联。",
        anonymous=anonymous,
        contact_name=None if anonymous else REPORTER_NAME,
        contact_phone=None if anonymous else REPORTER_PHONE,
        reporter_user_id=user,
        reporter_lang=lang,  # type: ignore[arg-type]
        evidence=evidence or [],
    )
    return submit(db, draft, f"fixture:{key}", at(on))


@dataclass(frozen=True)
class KnownQueue:
    db: sqlite_utils.Database
    tickets: dict[str, Ticket]  # by the fixture's key, as they stand at the end

    def number(self, key: str) -> str:
        return self.tickets[key].number


def known_queue(db: sqlite_utils.Database) -> KnownQueue:
    """Ten tickets of 2023 and what staff did with each; the comments give the end state."""
    t = {
        # closed, substantiated (静安): accepted in 1 day
        "t1": file(db, "t1", kind="report", category="impersonation", uscc=HUAYUE, on="2023-04-20"),
        # closed, partly (浦东新区): accepted in 2 days
        "t2": file(
            db, "t2", kind="complaint", category="solicitation", uscc=HENGYUAN, on="2023-05-08"
        ),
        # investigating (assigned to 静安, accepted there), anonymous: no deadline
        "t3": file(
            db,
            "t3",
            kind="report",
            category="abnormal_patent",
            uscc=None,
            on="2023-05-15",
            anonymous=True,
            user=1002,
        ),
        # transferred to CNIPA (北京 subject)
        "t4": file(db, "t4", kind="report", category="tm_squat", uscc=SONGYAN_BJ, on="2023-06-01"),
        # transferred to Jiangsu
        "t5": file(
            db, "t5", kind="report", category="online", uscc=JIANGSU, on="2023-06-05", lang="en"
        ),
        # not accepted: already handled (静安)
        "t6": file(db, "t6", kind="complaint", category="conflict", uscc=HUAYUE, on="2023-06-12"),
        # merged into t1 as a duplicate (静安)
        "t7": file(db, "t7", kind="report", category="impersonation", uscc=HUAYUE, on="2023-06-19"),
        # still received, never answered: overdue from 2023-07-11 (浦东新区)
        "t8": file(db, "t8", kind="report", category="unlicensed", uscc=HENGYUAN, on="2023-07-03"),
        # after the stage report: closed, unsubstantiated (静安)
        "t9": file(db, "t9", kind="report", category="forgery", uscc=HUAYUE, on="2023-08-01"),
        # after the stage report: received, due after the National Day holiday (静安)
        "t10": file(
            db, "t10", kind="complaint", category="solicitation", uscc=HUAYUE, on="2023-10-09"
        ),
    }
    n = {key: ticket.number for key, ticket in t.items()}
    actions.accept(db, JINGAN, n["t1"], now=at("2023-04-21"))
    actions.investigate(db, JINGAN, n["t1"], now=at("2023-04-24"))
    actions.add_note(db, JINGAN, n["t1"], "现场核查，网店页面已取证。", now=at("2023-05-04"))
    actions.close(db, JINGAN, n["t1"], "substantiated", now=at("2023-06-01"))
    actions.accept(db, PUDONG, n["t2"], now=at("2023-05-10"))
    actions.close(db, PUDONG, n["t2"], "partly", now=at("2023-06-20"))
    actions.assign(db, CITY, n["t3"], "静安", now=at("2023-05-16"))
    actions.accept(db, JINGAN, n["t3"], now=at("2023-05-17"))
    actions.investigate(db, JINGAN, n["t3"], now=at("2023-05-18"))
    actions.transfer(db, CITY, n["t4"], "cnipa", now=at("2023-06-02"))
    actions.transfer(db, CITY, n["t5"], "jiangsu", now=at("2023-06-07"))
    actions.refuse(db, JINGAN, n["t6"], "already_handled", now=at("2023-06-13"))
    actions.merge(db, JINGAN, n["t7"], n["t1"], now=at("2023-06-20"))
    actions.accept(db, JINGAN, n["t9"], now=at("2023-08-02"))
    actions.close(db, JINGAN, n["t9"], "unsubstantiated", now=at("2023-09-01"))
    from bot.reports.tickets import get

    final = {key: get(db, number) for key, number in n.items()}
    return KnownQueue(db, {key: ticket for key, ticket in final.items() if ticket is not None})
