"""Where a ticket should go: the subject's registered district, or a referral outside Shanghai."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from bot.desk.vocabulary import DISTRICTS, REGIONAL
from bot.messages import Lang
from bot.reports.tickets import Ticket


@dataclass(frozen=True)
class Route:
    district: str | None  # a Shanghai district office
    destination: str | None  # a referral (DESTINATIONS), for a subject outside Shanghai
    zh: str
    en: str

    def why(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


def subject_place(db: sqlite_utils.Database, uscc: str | None) -> tuple[str | None, str | None]:
    """(province, district) of a registered agency; (None, None) when it is not registered."""
    if not uscc:
        return None, None
    row = db.execute("SELECT province, district FROM agencies WHERE uscc = ?", [uscc]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def home_district(db: sqlite_utils.Database, ticket: Ticket) -> str | None:
    """The district office a ticket belongs to: as assigned, else the subject's in Shanghai."""
    if ticket.district:
        return ticket.district
    province, district = subject_place(db, ticket.subject_uscc)
    if (province or "").startswith("上海") and district in DISTRICTS:
        return district
    return None


def suggest(db: sqlite_utils.Database, ticket: Ticket) -> Route:
    province, district = subject_place(db, ticket.subject_uscc)
    if province is None:
        return Route(
            None,
            None,
            "被反映对象不是登记机构：由市局研判后分派",
            "the subject is not a registered agency: the city decides where it goes",
        )
    if province.startswith("上海"):
        if district in DISTRICTS:
            return Route(
                district,
                None,
                f"被反映机构登记在{district}",
                f"the agency is registered in {district}",
            )
        return Route(
            None,
            None,
            "登记机构未注明所在区：由市局分派",
            "the agency's district is not recorded: the city assigns it",
        )
    for name, destination in REGIONAL.items():
        if province.startswith(name):
            return Route(
                None,
                destination,
                f"被反映机构登记在{province}：建议移送长三角区域协作",
                f"the agency is registered in {province}: refer it through Yangtze River Delta "
                "cooperation",
            )
    return Route(
        None,
        "cnipa",
        f"被反映机构登记在{province}：建议报国家知识产权局协调",
        f"the agency is registered in {province}: refer it to CNIPA",
    )
