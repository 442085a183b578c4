"""Errors named for their condition; the CLI turns them into plain messages in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypeGuard

from bot.safe_text import shown
from bot.words import Lang, Words, say
from bot.words import errors as error_words
from bot.words.cli import BOTH as BOTH  # an error read without a chosen language says both

SHOWN_PROBLEMS = 200  # bad rows named in a BundleInvalid; the rest are counted


class LantianError(Exception):
    """An expected failure with a message fit for a person; no traceback is shown."""


def is_words(value: object) -> TypeGuard[Words]:
    """Whether a refusal's argument is a (zh, en) pair, to be said in the message's language."""
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)


class Refusal(LantianError):
    """A "no" a person can act on, in both languages. A subclass sets `words` to an entry of a
    catalogue module (bot/words/...), whose {placeholders} are filled from the keyword arguments;
    an argument that is itself a `Words` pair is said in the same language. `str()` carries both
    languages, `message(lang)` one."""

    words: ClassVar[Words] = error_words.REFUSED

    def __init__(self, **params: object) -> None:
        # A refusal often quotes what the person typed: never echo controls, surrogates or a novel.
        self.params = {k: shown(v) if isinstance(v, str) else v for k, v in params.items()}
        super().__init__("\n".join(self.message(lang) for lang in BOTH))

    def message(self, lang: Lang) -> str:
        fields = {
            key: say(value, lang) if is_words(value) else value
            for key, value in self.params.items()
        }
        return say(self.words, lang, **fields)


class SettingsInvalid(LantianError):
    """A setting from the environment or `.env` has a value the program cannot use."""


@dataclass(frozen=True)
class RowProblem:
    """One bad row of a bundle: which file, which line (1 = the header), and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class BundleInvalid(LantianError):
    """The bundle has bad rows; nothing was imported. `problems` are the rows kept (the first
    ones), `total` how many there were in all (default: as many as kept)."""

    def __init__(self, problems: list[RowProblem], total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        lines = [say(error_words.BUNDLE_INVALID, lang, count=self.total) for lang in BOTH]
        lines += [f"  {p}" for p in problems[:SHOWN_PROBLEMS]]
        left = self.total - min(len(problems), SHOWN_PROBLEMS)
        if left > 0:
            lines += [
                f"  {say(error_words.BUNDLE_INVALID_MORE, lang, count=left)}" for lang in BOTH
            ]
        super().__init__("\n".join(lines))


class BundleUnreadable(LantianError):
    """The bundle is not a folder, .zip or .xlsx we can read (or agencies.csv is missing)."""


class SourceUnavailable(LantianError):
    """A bundle URL could not be fetched after retries."""


class RegistryEmpty(Refusal):
    """No registry has been imported into this database yet."""

    words = error_words.REGISTRY_EMPTY
