"""Errors named for their condition; the CLI turns them into plain messages in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bot.safe_text import shown
from bot.words.verdict import Lang


class LantianError(Exception):
    """An expected failure with a message fit for a person; no traceback is shown."""


class Refusal(LantianError):
    """A "no" a person can act on, in both languages: subclasses set `zh` and `en` templates,
    filled from the keyword arguments. `str()` carries both; `message(lang)` one."""

    zh: ClassVar[str] = "操作未完成，请重试。"
    en: ClassVar[str] = "That did not go through; please try again."

    def __init__(self, **params: object) -> None:
        # A refusal often quotes what the person typed: never echo controls, surrogates or a novel.
        self.params = {k: shown(v) if isinstance(v, str) else v for k, v in params.items()}
        super().__init__(f"{self.message('zh')}\n{self.message('en')}")

    def message(self, lang: Lang) -> str:
        template = self.zh if lang == "zh" else self.en
        return template.format(**self.params)


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
    """The bundle has bad rows; nothing was imported."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(
            f"导入未执行：数据包有 {len(problems)} 处错误，登记库未作任何修改。\n"
            f"The bundle has {len(problems)} problem(s); nothing was changed.\n{shown}{more}"
        )


class BundleUnreadable(LantianError):
    """The bundle is not a folder, .zip or .xlsx we can read (or agencies.csv is missing)."""


class SourceUnavailable(LantianError):
    """A bundle URL could not be fetched after retries."""


class RegistryEmpty(LantianError):
    """No registry has been imported into this database yet."""
