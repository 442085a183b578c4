"""The site's one language: every word a page generator writes is said in it.

The words are in bot/words/site*.py. Switching to "en" translates every generated page, the
theme's own words (site/hooks/lantian.py) and the directory search's page words; content/ and
mkdocs.yml (navigation, theme language) are written per language and would switch with it.
"""

from __future__ import annotations

from bot.words import Lang, Words, say

SITE_LANG: Lang = "zh"


def site_say(words: Words, /, **fields: object) -> str:
    """`say` in the site's language: what every page generator writes with."""
    return say(words, SITE_LANG, **fields)
