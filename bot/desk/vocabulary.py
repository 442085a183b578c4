"""The staff desk's codes and their rules: ticket states, actions, outcomes, referral
destinations, grounds. Their words are in the catalogue (bot/words/desk_terms.py).

Modelled on the 12315 rules (which IP departments follow) and FixMyStreet: a ticket is received,
then accepted or not accepted, may be assigned to a district office, investigated, transferred
elsewhere, and is closed with an outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.districts import DISTRICTS as DISTRICTS  # re-exported: the desk names them here
from bot.words import Lang, Words, desk_terms, say
from bot.words.desk_terms import DESTINATIONS as DESTINATIONS
from bot.words.desk_terms import GROUNDS as GROUNDS
from bot.words.desk_terms import OUTCOMES as OUTCOMES
from bot.words.desk_terms import STATES as STATES

KIND_WORDS = desk_terms.KINDS  # a ticket's kind: 举报 or 投诉
FINAL_STATES = ("not_accepted", "closed")
OPEN_STATES = ("received", "accepted", "assigned", "investigating", "transferred")
# What the queue lists unless asked for more: tickets the desk still works on. A transferred
# one waits on another office; closed, refused and merged ones are done.
ACTIVE_STATES = ("received", "accepted", "assigned", "investigating")
# The groups of states the queue's filter takes beside the states themselves.
STATE_FILTERS: dict[str, tuple[str, ...]] = {
    "active": ACTIVE_STATES,
    "open": OPEN_STATES,
    "all": tuple(STATES),
}

# What a closing staff member may choose; `duplicate` comes only from merging (it names the
# ticket it duplicates).
CLOSING_OUTCOMES = ("substantiated", "partly", "unsubstantiated")
DUPLICATE = "duplicate"

# A subject registered in these provinces goes to regional cooperation (domain brief): the
# province's Chinese name, as the registry writes it, to the destination's code.
REGIONAL = {zh: code for code, (zh, _en) in desk_terms.REGIONAL_PROVINCES.items()}

COMPLAINT_ONLY_GROUNDS = frozenset({"no_contact"})  # a 举报 may be anonymous


def grounds_for(kind: str) -> dict[str, Words]:
    """The grounds on which a ticket of this kind (report or complaint) may be refused."""
    return {
        code: pair
        for code, pair in GROUNDS.items()
        if kind == "complaint" or code not in COMPLAINT_ONLY_GROUNDS
    }


def outcome_words(outcome: str | None, kind: str) -> Words | None:
    """One ticket's outcome: a merged complaint is a duplicate complaint, not a duplicate report."""
    if outcome is None:
        return None
    if outcome == DUPLICATE and kind in desk_terms.DUPLICATE_OF_KIND:
        return desk_terms.DUPLICATE_OF_KIND[kind]
    return OUTCOMES.get(outcome, (outcome, outcome))


CITY = "city"


@dataclass(frozen=True)
class Action:
    """A staff action on a ticket: from which states it may be taken, and the state after."""

    code: str
    allowed_from: tuple[str, ...]
    to: str | None  # None: the state stays (a note, revealing the contact)
    city_only: bool = False
    tells_reporter: bool = False

    @property
    def words(self) -> Words:
        return desk_terms.ACTIONS[self.code]

    def label(self, lang: Lang) -> str:
        return say(self.words, lang)


_ALL = (*OPEN_STATES, *FINAL_STATES)

ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        # A ticket the city assigned to a district is accepted or refused by that district.
        Action("accept", ("received", "assigned"), "accepted", tells_reporter=True),
        Action("refuse", ("received", "assigned"), "not_accepted", tells_reporter=True),
        Action("assign", ("received", "accepted", "assigned"), "assigned", city_only=True),
        Action("investigate", ("accepted", "assigned"), "investigating"),
        Action(
            "transfer",
            ("received", "accepted", "assigned", "investigating"),
            "transferred",
            tells_reporter=True,
        ),
        Action(
            "close",
            ("accepted", "assigned", "investigating", "transferred"),
            "closed",
            tells_reporter=True,
        ),
        Action("merge", OPEN_STATES, "closed", tells_reporter=True),
        Action("note", _ALL, None),
        Action("reveal_contact", _ALL, None),
        Action("view_evidence", _ALL, None),
    )
}


def term(table: Mapping[str, Words], code: str | None, lang: Lang) -> str:
    """A code's words, or the code itself when the table does not know it (old data)."""
    if code is None:
        return "—"
    return say(table.get(code, (code, code)), lang)
