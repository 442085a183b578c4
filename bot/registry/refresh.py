"""Refreshing the registry from its URL (LANTIAN_REGISTRY_URL): one conditional request when the
source has not changed, the importer's own safety rules when it has. Every way a refresh can end
is a `RefreshOutcome`; the refusals of the fetch and the import become outcomes here, in one place.

`lantian registry refresh` runs it once; the bot runs that command daily in a child process and
reads its outcome back as JSON (`outcome_json` / `outcome_from_json`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

import httpx
import sqlite_utils

from bot.errors import BundleInvalid, LantianError, Refusal
from bot.registry.fetch import DownloadProgress, import_url
from bot.registry.importer import ImportSummary
from bot.registry.limits import DEFAULT_LIMITS, ReadLimits
from bot.registry.refusals import BundleEmpty, RegistryWouldShrink
from bot.registry.staging import ProgressFn
from bot.words import BOTH, Lang, Words, say
from bot.words import errors as error_words
from bot.words import refresh as words

Kind = Literal["unchanged", "imported", "held_back", "failed"]
KINDS: tuple[Kind, ...] = ("unchanged", "imported", "held_back", "failed")
# The importer's safety rules: the bundle was read, but importing it would wipe out much of what
# the registry holds. Everything else that stops a refresh is a failure.
HELD_BACK = (RegistryWouldShrink, BundleEmpty)
SHOWN_ROWS = 20  # bad rows named in an outcome: it is read in a chat, not a terminal


class NoRegistryUrl(Refusal):
    """A refresh was asked for, but LANTIAN_REGISTRY_URL is not set."""

    words = words.NO_URL


@dataclass(frozen=True)
class RefreshOutcome:
    """How a refresh ended. `summary`: what an import changed (also given when the source sent
    the same content again in other bytes); `reason`: why it was held back or failed, in both
    languages. The live registry changed only when `kind` is "imported"."""

    kind: Kind
    url: str
    summary: ImportSummary | None = None
    reason: Words | None = None

    @property
    def ok(self) -> bool:
        """Imported or unchanged: nothing a maintainer needs to look at."""
        return self.kind in ("unchanged", "imported")

    def why(self, lang: Lang) -> str:
        return "" if self.reason is None else say(self.reason, lang)


def refresh_registry(
    db: sqlite_utils.Database,
    url: str,
    cache_dir: Path,
    *,
    today: date,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    progress: ProgressFn | None = None,
    download_progress: DownloadProgress | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    client: httpx.Client | None = None,
) -> RefreshOutcome:
    """Import from `url` if it has changed since the registry's last import from it. Never
    with --allow-shrink: a bundle that would remove a large share is held back, for a person
    to look at; on anything but "imported" the live registry is as it was."""
    try:
        summary = import_url(
            db,
            url,
            cache_dir,
            today=today,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            download_progress=download_progress,
            progress=progress,
            limits=limits,
            client=client,
        )
    except (LantianError, OSError) as error:
        return refused(url, error)
    if summary is None or summary.unchanged:
        return RefreshOutcome("unchanged", url, summary)
    return RefreshOutcome("imported", url, summary)


def refused(url: str, error: LantianError | OSError) -> RefreshOutcome:
    """The outcome of a refresh the fetch or the import refused."""
    kind: Kind = "held_back" if isinstance(error, HELD_BACK) else "failed"
    return RefreshOutcome(kind, url, reason=said(error))


def said(error: LantianError | OSError) -> Words:
    """An error in each language: a refusal's own words, a bad bundle's first rows."""
    if isinstance(error, Refusal):
        return error.message("zh"), error.message("en")
    if isinstance(error, BundleInvalid):
        zh, en = (_bad_rows(error, lang) for lang in BOTH)
        return zh, en
    return str(error), str(error)


def _bad_rows(error: BundleInvalid, lang: Lang) -> str:
    lines = [say(error_words.BUNDLE_INVALID, lang, count=error.total)]
    lines += [f"  {problem}" for problem in error.problems[:SHOWN_ROWS]]
    left = error.total - min(len(error.problems), SHOWN_ROWS)
    if left > 0:
        lines.append("  " + say(error_words.BUNDLE_INVALID_MORE, lang, count=left))
    return "\n".join(lines)


def outcome_json(outcome: RefreshOutcome) -> dict[str, Any]:
    """The outcome as JSON values: what `lantian registry refresh --json` prints."""
    reason = outcome.reason
    return {
        "outcome": outcome.kind,
        "url": outcome.url,
        "reason": None if reason is None else dict(zip(BOTH, reason, strict=True)),
        "summary": None if outcome.summary is None else dataclasses.asdict(outcome.summary),
    }


def outcome_from_json(data: dict[str, Any]) -> RefreshOutcome:
    """The outcome `outcome_json` wrote, whole again (JSON's lists back into the summary's
    tuples). Raises ValueError on anything else."""
    kind = data.get("outcome")
    if kind not in KINDS:
        raise ValueError(f"not a refresh outcome: {kind!r}")
    reason = data.get("reason")
    summary = data.get("summary")
    return RefreshOutcome(
        cast(Kind, kind),
        str(data.get("url", "")),
        None if summary is None else _summary(summary),
        None if reason is None else (str(reason["zh"]), str(reason["en"])),
    )


def _summary(values: dict[str, Any]) -> ImportSummary:
    def tuples(value: Any) -> Any:
        if isinstance(value, list):
            return [tuple(item) if isinstance(item, list) else item for item in value]
        return value

    return ImportSummary(**{name: tuples(value) for name, value in values.items()})
