"""For each violation category: the notice's tasks it comes from and its main legal basis.

The categories themselves (codes, labels, examples) live in bot/reports/categories.py; this adds
what the campaign page shows beside them. The quoted text is in bot/words/site_legal.py, said in
the site's language. A test keeps one entry per category code.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.site.language import SITE_LANG
from bot.words import say
from bot.words import site_legal as words

# The notice's tasks (二、主要任务) that name each behaviour; none for the general ones.
TASKS_OF: dict[str, tuple[int, ...]] = {
    "tm_squat": (2,),
    "tm_hoard": (2,),
    "tm_harmful": (2,),
    "tm_collusion": (2,),
    "online": (2,),
    "impersonation": (2,),
    "forgery": (2, 4),
    "conflict": (2,),
    "unlicensed": (3,),
    "abnormal_patent": (3,),
    "licence_renting": (3,),
    "identity_misuse": (4,),
    "not_in_agency_name": (4,),
    "false_filing": (4, 5),
    "solicitation": (6,),
    "fee_no_service": (),
    "other": (),
}


@dataclass(frozen=True)
class Basis:
    tasks: tuple[int, ...]  # the notice's tasks that name this behaviour, if any
    basis: tuple[str, ...]  # the main provisions, one per line


TASKS: dict[int, str] = {number: say(title, SITE_LANG) for number, title in words.TASKS.items()}
BASIS: dict[str, Basis] = {
    code: Basis(tasks, tuple(say(line, SITE_LANG) for line in words.BASIS[code]))
    for code, tasks in TASKS_OF.items()
}
