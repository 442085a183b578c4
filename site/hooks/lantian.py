"""mkdocs hook: the settings of one `lantian site build`, which passes them by environment.

bot/site/build.py runs mkdocs in a child process (the domain package never imports mkdocs), so
what differs from one build to the next arrives as LANTIAN_SITE_* variables; mkdocs.yml reads
the simple ones with !ENV, and this hook sets the rest before any plugin uses them.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from bot.registry.records import VIOLATIONS
from bot.site.language import site_say
from bot.words import site as words


@event_priority(100)  # before the search plugin loads jieba's user dictionary
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    search = config.plugins.get("material/search")
    if search is not None:
        user_dict = search.config.get("jieba_dict_user")
        if user_dict and not Path(user_dict).is_absolute():
            # The search plugin reads it relative to the working folder; make it the project's.
            search.config["jieba_dict_user"] = str(root / user_dict)
    blog = config.plugins.get("material/blog")
    if blog is not None:
        # Case categories are violation codes: a post with any other category fails the build.
        blog.config["categories_allowed"] = list(VIOLATIONS)
    rss = config.plugins.get("rss")
    if rss is not None:
        # The feed plugin caches into ./.cache by default, which would be the repository.
        cache = os.environ.get("LANTIAN_SITE_CACHE") or tempfile.mkdtemp(prefix="lantian-rss-")
        rss.config["cache_dir"] = cache
    lantian: dict[str, Any] = dict(config.extra.get("lantian") or {})
    lantian["bot_username"] = os.environ.get("LANTIAN_SITE_BOT", lantian.get("bot_username", ""))
    lantian["as_of"] = os.environ.get("LANTIAN_SITE_AS_OF", lantian.get("as_of", ""))
    lantian["today"] = os.environ.get("LANTIAN_SITE_TODAY", "")
    fictional = os.environ.get("LANTIAN_SITE_FICTIONAL")
    if fictional is not None:
        lantian["fictional"] = fictional == "true"
    # The theme's words (site/overrides/main.html) and the directory search's, from the
    # catalogue in the site's language.
    lantian["words"] = {key: site_say(value) for key, value in words.THEME.items()}
    lantian["directory_words"] = {
        key: site_say(value) for key, value in words.DIRECTORY_PAGE.items()
    }
    config.extra["lantian"] = lantian
    return config


# What bot/site/build.py leaves in a generated page for a card table it set aside (CARDS_MARKER).
_CARDS_MARKER = re.compile(r"<!-- lantian:cards (\d+) -->")


def on_post_page(output: str, **_: Any) -> str:
    """The card tables the build set aside, back in their finished pages (LANTIAN_SITE_CARDS);
    they never went through Markdown, which would only have passed them through."""
    folder = os.environ.get("LANTIAN_SITE_CARDS")
    if not folder or "<!-- lantian:cards " not in output:
        return output
    return _CARDS_MARKER.sub(lambda found: _cards(Path(folder), found.group(1)), output)


def _cards(folder: Path, number: str) -> str:
    return (folder / f"{number}.html").read_text(encoding="utf-8")
