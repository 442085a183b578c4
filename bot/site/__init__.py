"""The public-notice site: pages and search shards generated from the registry, built by mkdocs.

`build_site` is the one entry point; `lantian site build` (bot/site/cli.py) is a thin shell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.site.build import SiteBuildFailed, SiteSummary, build_site

__all__ = ["SiteBuildFailed", "SiteSummary", "build_site"]


def __getattr__(name: str) -> Any:
    """The build is imported when first asked for: the mkdocs hook (site/hooks/lantian.py) needs
    only bot.site.language, and importing the build would load the whole registry code into the
    mkdocs process (seconds and tens of megabytes)."""
    if name in __all__:
        from bot.site import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
