"""Why the staff desk said no, in plain Chinese and English: one sentence per condition, from
the catalogue (bot/words/desk_refusals.py)."""

from __future__ import annotations

from typing import ClassVar, TypeGuard

from bot.errors import Refusal
from bot.words import Lang, Words, say
from bot.words.desk_cases import CASE_REFUSALS
from bot.words.desk_refusals import REFUSALS


def is_words(value: object) -> TypeGuard[Words]:
    """Whether a refusal's field is a (zh, en) pair, said in the refusal's language."""
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)


class DeskError(Refusal):
    """A refusal a staff member can act on; subclasses name their sentence in `words`. A field
    given as (zh, en) words is said in the language of the message."""

    words: ClassVar[Words] = REFUSALS["nothing_done"]

    def message(self, lang: Lang) -> str:
        fields = {k: say(v, lang) if is_words(v) else v for k, v in self.params.items()}
        return say(self.words, lang, **fields)


class NotStaff(DeskError):
    words = REFUSALS["not_staff"]


class CityOnly(DeskError):
    words = REFUSALS["city_only"]


class OutsideDistrict(DeskError):
    words = REFUSALS["outside_district"]


class TicketNotFound(DeskError):
    words = REFUSALS["ticket_not_found"]


class TransitionRefused(DeskError):
    words = REFUSALS["transition"]


class UnknownDistrict(DeskError):
    words = REFUSALS["unknown_district"]


def known_district(text: str) -> str:
    """A district office in its one spelling (徐汇区, 上海市徐汇区 and 徐汇 are one); else the
    plain refusal listing them."""
    from bot.districts import DISTRICTS, canonical_district
    from bot.words.desk_terms import listed

    known = canonical_district(text)
    if known is None:
        raise UnknownDistrict(typed=text, choices=listed(DISTRICTS))
    return known


class UnknownChoice(DeskError):
    """A value that is none of an argument's choices (bot/desk/choices.py)."""

    words = REFUSALS["unknown_choice"]


class UnknownDestination(UnknownChoice):
    words = REFUSALS["unknown_destination"]


class UnknownOutcome(UnknownChoice):
    words = REFUSALS["unknown_outcome"]


class UnknownGround(UnknownChoice):
    words = REFUSALS["unknown_ground"]


class MergeRefused(DeskError):
    words = REFUSALS["merge"]


class NoteEmpty(DeskError):
    words = REFUSALS["note_empty"]


class NoContact(DeskError):
    words = REFUSALS["no_contact"]


class NoEvidence(DeskError):
    words = REFUSALS["no_evidence"]


class StaffListInvalid(DeskError):
    words = REFUSALS["staff_list"]


class PeriodInvalid(DeskError):
    words = REFUSALS["period"]


class CaseDraftRefused(DeskError):
    words = REFUSALS["case_draft"]


class AmbiguousNumber(DeskError):
    words = REFUSALS["ambiguous_number"]


# --- typical cases written in the bot (bot/desk/case_book.py) ---


class NotEditor(DeskError):
    words = CASE_REFUSALS["not_editor"]


class CaseNotFound(DeskError):
    words = CASE_REFUSALS["not_found"]


class SelfApproval(DeskError):
    words = CASE_REFUSALS["self_approval"]


class CaseIncomplete(DeskError):
    words = CASE_REFUSALS["incomplete"]


class NothingToApprove(DeskError):
    words = CASE_REFUSALS["nothing_to_approve"]


class CaseWithdrawn(DeskError):
    words = CASE_REFUSALS["withdrawn"]


class FieldTooLong(DeskError):
    words = CASE_REFUSALS["too_long"]


class FieldEmpty(DeskError):
    words = CASE_REFUSALS["empty"]


class NotADate(DeskError):
    words = CASE_REFUSALS["bad_date"]


class UnknownCaseCategory(DeskError):
    words = CASE_REFUSALS["bad_category"]


class UnknownCaseField(DeskError):
    words = CASE_REFUSALS["bad_field"]


class ReporterDataInCase(DeskError):
    words = CASE_REFUSALS["reporter_data"]


class MarkupInCase(DeskError):
    words = CASE_REFUSALS["markup"]


class WithdrawalReasonMissing(DeskError):
    words = CASE_REFUSALS["reason_empty"]


class TicketNotSubstantiated(DeskError):
    words = CASE_REFUSALS["not_closed"]
