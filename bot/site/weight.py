"""How many bytes a page of the built site costs a visitor: for the tests and the benchmark."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

_STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", re.IGNORECASE)
_HREF = re.compile(r"\bhref=\"([^\"]+)\"", re.IGNORECASE)
# What Material fetches after the page loads: the search index, its worker and lunr's Chinese.
AFTER_LOAD = (
    "search/search_index.json",
    "assets/javascripts/workers/search.*.min.js",
    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    "assets/javascripts/lunr/min/lunr.zh.min.js",
)


@dataclass
class Weight:
    files: dict[str, int] = field(default_factory=dict)  # path in the site → raw bytes
    gzipped: dict[str, int] = field(default_factory=dict)

    @property
    def raw(self) -> int:
        return sum(self.files.values())

    @property
    def gzip(self) -> int:
        return sum(self.gzipped.values())

    def add(self, site: Path, relative: str) -> None:
        body = (site / relative).read_bytes()
        self.files[relative] = len(body)
        self.gzipped[relative] = len(gzip.compress(body, compresslevel=6))

    def merged(self, other: Weight) -> Weight:
        return Weight({**self.files, **other.files}, {**self.gzipped, **other.gzipped})


def page_weight(site: Path, page: str) -> Weight:
    """The page's HTML with the stylesheets and scripts it links (local files only)."""
    weight = Weight()
    weight.add(site, page)
    html = (site / page).read_text(encoding="utf-8")
    base = "/" + page
    links = [
        *(m.group(1) for tag in _STYLESHEET.findall(html) if (m := _HREF.search(tag))),
        *_SCRIPT.findall(html),
    ]
    for link in links:
        resolved = urlsplit(urljoin(base, link))
        if resolved.scheme or resolved.netloc:
            continue  # not a file of this site (the tests forbid these anyway)
        weight.add(site, resolved.path.lstrip("/"))
    return weight


def after_load(site: Path) -> Weight:
    """Material's search files, which every page fetches once it has loaded."""
    weight = Weight()
    for pattern in AFTER_LOAD:
        for path in sorted(site.glob(pattern)):
            weight.add(site, path.relative_to(site).as_posix())
    return weight
