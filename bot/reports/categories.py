"""The violation categories a reporter chooses from, in the order of the campaign notice.

The codes are `bot.registry.records.VIOLATIONS` (one list for the bot, the queue, the cases and
the statistics); what a reporter reads of each, a label and a one-line example, is in
bot/words/reports.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.registry.records import VIOLATIONS
from bot.reports.errors import UnknownCategory
from bot.words import Lang, say
from bot.words.reports import CATEGORY_EXAMPLES, CATEGORY_LABELS


@dataclass(frozen=True)
class Category:
    code: str

    def label(self, lang: Lang) -> str:
        return say(CATEGORY_LABELS[self.code], lang)

    def example(self, lang: Lang) -> str:
        return say(CATEGORY_EXAMPLES[self.code], lang)

    # Transitional: the site and the desk still read a language's words by attribute.
    @property
    def zh(self) -> str:
        return self.label("zh")

    @property
    def en(self) -> str:
        return self.label("en")

    @property
    def example_zh(self) -> str:
        return self.example("zh")

    @property
    def example_en(self) -> str:
        return self.example("en")


CATEGORIES: tuple[Category, ...] = tuple(Category(code) for code in VIOLATIONS)

_BY_CODE = {category.code: category for category in CATEGORIES}


def get(code: str) -> Category:
    """The category with this code; a code outside the list raises UnknownCategory."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownCategory(code=code) from None


def is_known(code: str) -> bool:
    return code in _BY_CODE


def label(code: str, lang: Lang) -> str:
    """What the reporter and staff read for a category code."""
    return get(code).label(lang)


def example(code: str, lang: Lang) -> str:
    """One line that shows a reporter what belongs in the category."""
    return get(code).example(lang)
