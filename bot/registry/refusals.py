"""Why a bundle could not be read or an import was refused, each condition a class; the words
are in bot/words/registry.py.

Each is also a `BundleUnreadable`, `BundleInvalid` or `SourceUnavailable`, so callers that catch
those keep working.
"""

from __future__ import annotations

from bot.errors import BundleInvalid, BundleUnreadable, Refusal, RowProblem, SourceUnavailable
from bot.words import registry as registry_words


class BundleMissing(Refusal, BundleUnreadable):
    words = registry_words.BUNDLE_MISSING


class BundleWrongKind(Refusal, BundleUnreadable):
    words = registry_words.BUNDLE_WRONG_KIND


class AgenciesMissing(Refusal, BundleUnreadable):
    words = registry_words.AGENCIES_MISSING


class FileDamaged(Refusal, BundleUnreadable):
    words = registry_words.FILE_DAMAGED


class ZipUnreadable(Refusal, BundleUnreadable):
    words = registry_words.ZIP_UNREADABLE


class MemberEncrypted(Refusal, BundleUnreadable):
    words = registry_words.MEMBER_ENCRYPTED


class MemberCompression(Refusal, BundleUnreadable):
    words = registry_words.MEMBER_COMPRESSION


class MetaNotJson(Refusal, BundleUnreadable):
    words = registry_words.META_NOT_JSON


class MetaNotObject(Refusal, BundleUnreadable):
    words = registry_words.META_NOT_OBJECT


class CsvMalformed(Refusal, BundleUnreadable):
    words = registry_words.CSV_MALFORMED


class NotUtf8(Refusal, BundleUnreadable):
    words = registry_words.NOT_UTF8


class WorkbookUnreadable(Refusal, BundleUnreadable):
    words = registry_words.WORKBOOK_UNREADABLE


class BundleAmbiguous(Refusal, BundleUnreadable):
    words = registry_words.BUNDLE_AMBIGUOUS


class BundleEmpty(Refusal, BundleUnreadable):
    words = registry_words.BUNDLE_EMPTY


class BundleTooLarge(Refusal, BundleUnreadable):
    """`what` is the limit passed, a Words pair (bot/words/registry.py OVER_...)."""

    words = registry_words.BUNDLE_TOO_LARGE


class RegistryWouldShrink(Refusal):
    """`table` and `changes` are Words pairs: what would shrink, and the change line."""

    words = registry_words.REGISTRY_WOULD_SHRINK


class NotMainDatabase(Refusal):
    words = registry_words.NOT_MAIN_DATABASE


class DiskFull(Refusal):
    words = registry_words.DISK_FULL


class ImportRunning(Refusal):
    words = registry_words.IMPORT_RUNNING


class DownloadTooSlow(Refusal, SourceUnavailable):
    words = registry_words.DOWNLOAD_TOO_SLOW


class SourceUnreachable(Refusal, SourceUnavailable):
    """`reason` is what went wrong last: the server's answer, or a Words pair of ours."""

    words = registry_words.SOURCE_UNREACHABLE


class NotABundleType(Refusal, BundleUnreadable):
    words = registry_words.NOT_A_BUNDLE_TYPE


class DownloadTooLarge(Refusal, BundleUnreadable):
    words = registry_words.DOWNLOAD_TOO_LARGE


class TooManyProblems(BundleInvalid):
    """BundleInvalid for a bundle with more bad rows than are worth keeping in memory."""

    def __init__(self, problems: list[RowProblem], total: int) -> None:
        super().__init__(problems, total)
