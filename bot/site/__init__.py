"""The public-notice site: pages and search shards generated from the registry, built by mkdocs.

`build_site` is the one entry point; `lantian site build` (bot/site/cli.py) is a thin shell.
"""

from __future__ import annotations

from bot.site.build import SiteBuildFailed, SiteSummary, build_site

__all__ = ["SiteBuildFailed", "SiteSummary", "build_site"]
