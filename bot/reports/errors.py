"""Why a report, complaint or evidence file was refused: each condition a class, its words in
bot/words/reports.py. The bot shows `error.message(lang)`; `str(error)` carries both languages.
"""

from __future__ import annotations

from bot.errors import Refusal
from bot.words import reports as report_words


class ReportError(Refusal):
    """A refusal a reporter can act on; each subclass names its words."""

    words = report_words.REPORT_FAILED


class DraftInvalid(ReportError):
    """A draft report or complaint cannot be submitted as it is; nothing was stored."""


class UnknownKind(DraftInvalid):
    words = report_words.UNKNOWN_KIND


class UnknownCategory(DraftInvalid):
    words = report_words.UNKNOWN_CATEGORY


class SubjectMissing(DraftInvalid):
    words = report_words.SUBJECT_MISSING


class SubjectTooLong(DraftInvalid):
    words = report_words.SUBJECT_TOO_LONG


class UnknownSubject(DraftInvalid):
    words = report_words.UNKNOWN_SUBJECT


class HappenedOnInvalid(DraftInvalid):
    words = report_words.HAPPENED_ON_INVALID


class HappenedOnFuture(DraftInvalid):
    words = report_words.HAPPENED_ON_FUTURE


class ComplaintTooOld(DraftInvalid):
    words = report_words.COMPLAINT_TOO_OLD


class DescriptionMissing(DraftInvalid):
    words = report_words.DESCRIPTION_MISSING


class DescriptionTooLong(DraftInvalid):
    words = report_words.DESCRIPTION_TOO_LONG


class ComplaintNeedsContact(DraftInvalid):
    words = report_words.COMPLAINT_NEEDS_CONTACT


class RealNameNeedsName(DraftInvalid):
    words = report_words.REAL_NAME_NEEDS_NAME


class PhoneInvalid(DraftInvalid):
    words = report_words.PHONE_INVALID


class EvidenceRefused(ReportError):
    """An evidence file was not stored."""


class EvidenceTooLarge(EvidenceRefused):
    words = report_words.EVIDENCE_TOO_LARGE


class EvidenceEmpty(EvidenceRefused):
    words = report_words.EVIDENCE_EMPTY


class EvidenceTypeRefused(EvidenceRefused):
    words = report_words.EVIDENCE_TYPE_REFUSED


class EvidenceMissing(ReportError):
    """A stored evidence file vanished or changed before its ticket was submitted."""

    words = report_words.EVIDENCE_MISSING


class EvidenceTooMany(EvidenceRefused):
    words = report_words.EVIDENCE_TOO_MANY


class EvidenceReportFull(EvidenceRefused):
    words = report_words.EVIDENCE_REPORT_FULL


class EvidenceDayFull(EvidenceRefused):
    words = report_words.EVIDENCE_DAY_FULL
