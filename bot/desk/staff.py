"""Who the staff are: Telegram user ids, each with a role (the city, or one district office).

Named in configuration (LANTIAN_STAFF=123456:city,234567:浦东新区), validated at start-up.
The city sees and acts on every ticket; a district sees its own (the district it was assigned
to, else the subject's registered district).
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from bot.desk.errors import CityOnly, NotStaff, OutsideDistrict, StaffListInvalid
from bot.desk.vocabulary import CITY, DISTRICTS
from bot.safe_text import shown
from bot.words import Words
from bot.words.desk_refusals import CITY_TASKS, EDITOR_WORDS, STAFF_LIST_PROBLEMS

log = logging.getLogger(__name__)
EDITOR_RIGHT = ("", *EDITOR_WORDS)  # the third part of an entry: none, or the editor right


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    role: str  # CITY or a district of DISTRICTS
    editor: bool = False  # may write, approve and withdraw typical cases

    @property
    def is_city(self) -> bool:
        return self.role == CITY

    def may_see(self, district: str | None) -> bool:
        return self.is_city or district == self.role

    def require_city(self, action: Words) -> None:
        """CityOnly, naming the `action` only the city may take, unless this is city staff."""
        if not self.is_city:
            raise CityOnly(action=action)

    def require_planner(self, district: str | None) -> None:
        """CityOnly unless this staff member may plan inspections of `district` (None: the
        whole city): the city any, a district office its own."""
        if not self.is_city and district != self.role:
            raise CityOnly(action=CITY_TASKS["inspection_plan"])

    def require_district(self, number: str, district: str | None) -> None:
        if not self.may_see(district):
            raise OutsideDistrict(number=number, district=self.role)


def parse_staff(text: str) -> dict[int, StaffMember]:
    """`123:city,456:浦东新区:editor` → members by user id (`:editor` adds the right to write
    and approve typical cases); StaffListInvalid names the bad entry."""
    members: dict[int, StaffMember] = {}
    # NFKC: a list typed with a Chinese input method has full-width commas and colons.
    for entry in (part.strip() for part in unicodedata.normalize("NFKC", text).split(",")):
        if not entry:
            continue
        user, sep, rest = (piece.strip() for piece in entry.partition(":"))
        role, _, right = (piece.strip() for piece in rest.partition(":"))
        if not sep or not user.lstrip("-").isdigit() or right.casefold() not in EDITOR_RIGHT:
            raise StaffListInvalid(problem=_problem("entry", entry=entry))
        if role != CITY and role not in DISTRICTS:
            raise StaffListInvalid(problem=_problem("role", role=role))
        if int(user) in members:
            raise StaffListInvalid(problem=_problem("twice", user=user))
        members[int(user)] = StaffMember(int(user), role, editor=bool(right))
    return members


def _problem(key: str, **fields: str) -> Words:
    """What is wrong with an entry, in both languages, quoting it as a refusal would."""
    zh, en = STAFF_LIST_PROBLEMS[key]
    quoted = {name: shown(value) for name, value in fields.items()}
    return zh.format(**quoted), en.format(**quoted)


@dataclass(frozen=True)
class StaffDirectory:
    """The configured staff; `member()` refuses anyone else, with a log line."""

    members: dict[int, StaffMember]

    @classmethod
    def from_text(cls, text: str | None) -> StaffDirectory:
        return cls(parse_staff(text or ""))

    def member(self, user_id: int | None) -> StaffMember:
        found = self.members.get(user_id) if user_id is not None else None
        if found is None:
            log.warning("refused a staff command from user %s: not on the staff list", user_id)
            raise NotStaff(user_id=user_id)
        return found

    def is_staff(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.members
