"""What staff may give where the desk takes one of a few values (a state, a kind, a destination,
a ground, an outcome, a category): the code or its words in either language, `已受理` as well as
`accepted`. One resolver for them all; a value that is none of them is refused with the list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from bot.desk.errors import (
    UnknownChoice,
    UnknownDestination,
    UnknownGround,
    UnknownOutcome,
)
from bot.desk.vocabulary import (
    CLOSING_OUTCOMES,
    DESTINATIONS,
    GROUNDS,
    KIND_WORDS,
    OUTCOMES,
    STATES,
)
from bot.reports.categories import CATEGORIES
from bot.words import Lang, Words, say
from bot.words.desk_refusals import CHOICE_NAMES
from bot.words.desk_terms import LIST_SEPARATOR, PAREN, STATE_GROUPS
from bot.words.site import PART_SEPARATOR


@dataclass(frozen=True)
class ChoiceSet:
    """The values one argument takes: codes with their words, and the refusal for a stranger."""

    what: Words  # what the argument is, as the refusal names it
    words: Mapping[str, Words]
    error: type[UnknownChoice] = UnknownChoice

    def find(self, typed: str) -> str | None:
        """The code `typed` names (its code, or its words with or without their aside, or one of
        the alternatives of words written `未发现/无法联系`), or None."""
        wanted = folded(typed)
        for code, pair in self.words.items():
            forms = {folded(code), *map(folded, pair), *(folded(_bare(w)) for w in pair)}
            forms |= {folded(part) for w in pair if "/" in w for part in w.split("/")}
            if wanted in forms:
                return code
        return None

    def resolve(self, typed: str) -> str:
        """The code `typed` names; else the refusal listing every choice in both forms."""
        code = self.find(typed)
        if code is None:
            raise self.error(typed=typed, what=self.what, choices=self.listing())
        return code

    def listing(self) -> Words:
        """Each choice as its code with its Chinese words: `accepted（已受理）`."""

        def written(lang: Lang) -> str:
            choices = (code + say(PAREN, lang, text=pair[0]) for code, pair in self.words.items())
            return say(LIST_SEPARATOR, lang).join(choices)

        return written("zh"), written("en")

    def named(self) -> Words:
        """Each choice in the reader's own language, its code beside it: `合格（pass）`,
        `compliant (pass)` (what a refusal lists for staff who type the words), parted by `；`
        since words may hold `、` or a comma themselves."""

        def written(lang: Lang) -> str:
            choices = (
                say(pair, lang) + say(PAREN, lang, text=code) for code, pair in self.words.items()
            )
            return say(PART_SEPARATOR, lang).join(choices)

        return written("zh"), written("en")

    def only(self, codes: Iterable[str]) -> ChoiceSet:
        """The same argument, taking only these of its codes."""
        return replace(self, words={code: self.words[code] for code in codes})


def folded(text: str) -> str:
    """Typed forms that mean the same compare equal: width, case and spacing do not count."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _bare(words: str) -> str:
    """Words without the aside at their end: 公安机关（涉嫌犯罪） is also 公安机关."""
    return re.sub(r"\s*[（(][^（）()]*[）)]\s*$", "", words)


STATE = ChoiceSet(CHOICE_NAMES["state"], {**STATES, **STATE_GROUPS})
KIND = ChoiceSet(CHOICE_NAMES["kind"], KIND_WORDS)
DESTINATION = ChoiceSet(CHOICE_NAMES["destination"], DESTINATIONS, UnknownDestination)
GROUND = ChoiceSet(CHOICE_NAMES["ground"], GROUNDS, UnknownGround)
OUTCOME = ChoiceSet(
    CHOICE_NAMES["outcome"], {code: OUTCOMES[code] for code in CLOSING_OUTCOMES}, UnknownOutcome
)
CATEGORY = ChoiceSet(CHOICE_NAMES["category"], {c.code: (c.zh, c.en) for c in CATEGORIES})
