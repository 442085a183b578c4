"""Where a ticket should go: the subject's registered district, or a referral outside Shanghai."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from bot.desk.vocabulary import REGIONAL
from bot.districts import canonical_district, registered_in_shanghai
from bot.registry import reader
from bot.reports.tickets import Ticket
from bot.words import Lang, Words, say
from bot.words.desk_terms import ROUTES


@dataclass(frozen=True)
class Route:
    district: str | None  # a Shanghai district office
    destination: str | None  # a referral (DESTINATIONS), for a subject outside Shanghai
    reason: Words  # why, with the {place} the registry gives
    place: str = ""

    def why(self, lang: Lang) -> str:
        return say(self.reason, lang, place=self.place)


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
        return Route(None, None, ROUTES["unregistered"])
    if registered_in_shanghai(province):
        if home := shanghai_district(province, district):
            return Route(home, None, ROUTES["district"], home)
        return Route(None, None, ROUTES["no_district"])
    for name, destination in REGIONAL.items():
        if province.startswith(name):
            return Route(None, destination, ROUTES["regional"], province)
    return Route(None, "cnipa", ROUTES["cnipa"], province)
