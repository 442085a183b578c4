"""Where a ticket should go: the subject's registered district, or a referral outside Shanghai."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from bot.desk.vocabulary import REGIONAL
from bot.districts import canonical_district, registered_in_shanghai
from bot.registry import reader
from bot.reports.tickets import Ticket
from bot.words.verdict import Lang, pick


@dataclass(frozen=True)
class Route:
    district: str | None  # a Shanghai district office
    destination: str | None  # a referral (DESTINATIONS), for a subject outside Shanghai
    zh: str
    en: str

    def why(self, lang: Lang) -> str:
        return pick((self.zh, self.en), lang)


def subject_place(db: sqlite_utils.Database, uscc: str | None) -> tuple[str | None, str | None]:
    """(province, district) of a registered agency; (None, None) when it is not registered."""
    place = reader.agency_place(db, uscc)
    return (place.province, place.district) if place else (None, None)


def shanghai_district(province: str | None, district: str | None) -> str | None:
    """The district office of an agency registered at this place: a Shanghai district in its
    one spelling (`徐汇区` is 徐汇, as on the site), else None."""
    return canonical_district(district) if registered_in_shanghai(province) else None


def home_district(db: sqlite_utils.Database, ticket: Ticket) -> str | None:
    """The district office a ticket belongs to: as assigned, else the subject's in Shanghai."""
    return home_districts(db, [(ticket.district, ticket.subject_uscc)])[0]


def home_districts(
    db: sqlite_utils.Database, tickets: Sequence[tuple[str | None, str | None]]
) -> list[str | None]:
    """`home_district` of many (assigned district, subject USCC) pairs, with one read."""
    places = reader.agency_places(db, (uscc for _, uscc in tickets if uscc))
    found = []
    for assigned, uscc in tickets:
        place = places.get(uscc or "")
        province, district = (place.province, place.district) if place else (None, None)
        found.append(assigned or shanghai_district(province, district))
    return found


def suggest(db: sqlite_utils.Database, ticket: Ticket) -> Route:
    province, district = subject_place(db, ticket.subject_uscc)
    if province is None:
        return Route(
            None,
            None,
            "被反映对象不是登记机构：由市局研判后分派",
            "the subject is not a registered agency: the city decides where it goes",
        )
    if registered_in_shanghai(province):
        if home := shanghai_district(province, district):
            return Route(
                home,
                None,
                f"被反映机构登记在{home}",
                f"the agency is registered in {home}",
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
