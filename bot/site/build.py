"""`lantian site build`: the public-notice site, from content/ and the registry, into one folder.

Steps: copy content/ and site/assets/ into a temporary docs folder; write the pages generated
from the registry there (credit lists, district directory, statistics, data page, violation
categories); run `mkdocs build --strict` on it into `out_dir` while writing the directory
search shards beside it, then move them into the site's assets. Nothing generated is written
into the repository.

mkdocs runs as a child process: domain code never imports a front end (tests/test_boundaries.py),
and the build's settings reach mkdocs.yml and site/hooks/lantian.py as LANTIAN_SITE_* variables.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils

from bot.errors import LantianError
from bot.site import (
    book_posts,
    cases,
    credit,
    districts,
    inspection_pages,
    pages,
    registry_changes,
    shard_helper,
)
from bot.site.agencies import SubjectLoader
from bot.site.context import SiteData, load
from bot.site.shards import STOP_POSTINGS, ShardStats, write_directory
from bot.words import BOTH, Lang, Words, say
from bot.words import site as words

PROJECT = Path(__file__).resolve().parents[2]
_BOT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


class SiteBuildFailed(LantianError):
    """The site could not be built; the message says why and what to do, in both languages
    (the command has no chosen language when it fails), then any lines of detail."""

    def __init__(self, why: Words, /, *, details: Sequence[str] = (), **fields: object) -> None:
        lines = [say(why, lang, **fields) for lang in BOTH]
        super().__init__("\n".join([*lines, *(f"  {line}" for line in details)]))


@dataclass(frozen=True)
class SiteSummary:
    """What a build produced and how long each step took."""

    out_dir: Path
    today: date
    as_of: str
    fictional: bool
    agencies: int
    practitioners: int
    shanghai_agencies: int
    generated_pages: int
    html_pages: int
    cases_published: int
    cases_held_back: int
    shards: ShardStats
    seconds: dict[str, float] = field(default_factory=dict)

    def describe(self, lang: Lang | None = None) -> str:
        """A short account for a person: in `lang`, or Chinese then English."""
        return "\n".join(self._account(one) for one in ((lang,) if lang else BOTH))

    def _account(self, lang: Lang) -> str:
        steps = " · ".join(f"{name} {value:.1f}s" for name, value in self.seconds.items())
        as_of = words.BUILT_AS_OF_FICTIONAL if self.fictional else words.BUILT_AS_OF
        lines = [
            say(
                words.BUILT_PAGES,
                lang,
                html=self.html_pages,
                generated=self.generated_pages,
                published=self.cases_published,
                held=self.cases_held_back,
            ),
            say(
                words.BUILT_DIRECTORY,
                lang,
                agencies=self.agencies,
                practitioners=self.practitioners,
                files=self.shards.files,
                mb=f"{self.shards.bytes / 1e6:.1f}",
                gzip_mb=f"{self.shards.gzip_bytes / 1e6:.1f}",
                largest_kb=f"{self.shards.largest_bytes / 1e3:.1f}",
            ),
            say(as_of, lang, as_of=self.as_of, today=self.today),
            say(words.BUILT_TIME, lang, steps=steps),
        ]
        return "\n".join([say(words.BUILT, lang, out=self.out_dir), *(f"  {x}" for x in lines)])


def build_site(
    db: sqlite_utils.Database,
    out_dir: Path,
    *,
    today: date,
    bot_username: str | None = None,
    drafts: bool = False,
    site_url: str | None = None,
    project: Path = PROJECT,
    preview_case: int | None = None,
) -> SiteSummary:
    """Build the whole static site into `out_dir` (replacing what a previous build left there).
    `preview_case`: a typical case written in the bot is shown as its editors last wrote it.

    mkdocs builds the pages in a child process while this one writes the directory index (a
    national registry's is tens of thousands of files, which mkdocs would only copy); the index
    joins the site when both are done."""
    out_dir = out_dir.resolve()
    check_out_dir(out_dir, project)
    bot_username = _checked_bot_name(bot_username)
    site_url = registry_changes.site_address(site_url)  # the feed's links and mkdocs' alike
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lantian-site-") as work:
        docs = Path(work) / "docs"
        index = Path(work) / "directory"
        # The key and gram files of the directory index need only the registry: their helper
        # process starts first and works on through the pages and mkdocs.
        helper = shard_helper.start(db, index, answers=True, stop_postings=STOP_POSTINGS)
        mkdocs: _MkDocs | None = None
        try:
            with _timed(seconds, "copy"):
                shutil.copytree(project / "content", docs)
                shutil.copytree(project / "site" / "assets", docs / "assets", dirs_exist_ok=True)
            with _timed(seconds, "registry"):
                loader = SubjectLoader(db, today=today)
                site = load(db, today=today, bot_username=bot_username, loader=loader)
            with _timed(seconds, "pages"):
                book_posts.write(docs, db, today=today, preview=preview_case)
                inspection_pages.write(docs, db, today=today)
                posts = cases.read_posts(docs)
                cases.settle_drafts(docs, posts, today)
                shown = posts if drafts else [p for p in posts if p.published(today)]
                _generate(site, shown)
                registry_changes.build(site, site_url)
                _write_pages(docs, site.pages, cards=Path(work) / "cards")
                pages.fill_markers(docs, site, shown)
            facts = _Facts(site.data.as_of, site.data.fictional, len(site.local), len(site.pages))
            mkdocs = _MkDocs(
                project, docs, out_dir, site, drafts=drafts, site_url=site_url, work=work
            )
            del site  # the pages are written: what they were made of need not stay beside mkdocs
            with _timed(seconds, "shards"):
                shards = write_directory(
                    db,
                    loader,
                    index,
                    today=today,
                    bot_username=bot_username,
                    helper=helper or False,
                )
        except BaseException:
            if helper is not None:
                helper.stop()
            if mkdocs is not None:
                mkdocs.stop()
            raise
        seconds["mkdocs"] = mkdocs.wait()
        shutil.move(index, out_dir / "assets" / "directory")
    seconds["total"] = time.perf_counter() - started
    return SiteSummary(
        out_dir=out_dir,
        today=today,
        as_of=facts.as_of,
        fictional=facts.fictional,
        agencies=shards.agencies,
        practitioners=shards.records - shards.agencies,
        shanghai_agencies=facts.shanghai_agencies,
        generated_pages=facts.generated_pages,
        html_pages=sum(1 for _ in out_dir.rglob("*.html")),
        cases_published=len(shown),
        cases_held_back=len(posts) - len(shown),
        shards=shards,
        seconds={name: round(value, 2) for name, value in seconds.items()},
    )


@dataclass(frozen=True)
class _Facts:
    """What the summary tells of the registry's pages, kept when their data is let go."""

    as_of: str
    fictional: bool
    shanghai_agencies: int
    generated_pages: int


def _checked_bot_name(bot_username: str | None) -> str | None:
    """The bot's username without "@"; it goes into links and the directory's script, so
    anything but a Telegram username is refused."""
    name = (bot_username or "").lstrip("@") or None
    if name is not None and not _BOT_NAME.fullmatch(name):
        raise SiteBuildFailed(words.BOT_NAME_INVALID, name=repr(name))
    return name


def _generate(site: SiteData, shown: list[cases.Post]) -> None:
    credit.build(site)
    districts.build(site)
    site.add("campaign/violations.md", pages.violations(shown))
    site.add("stats.md", pages.stats(site))
    site.add("data.md", pages.data_page(site))
    for path, markdown in cases.category_pages(shown).items():
        site.add(path, markdown)


def _write_pages(docs: Path, generated: dict[str, str], *, cards: Path | None = None) -> None:
    """The generated pages into the docs folder; with `cards`, their card tables into that
    folder instead, each page keeping a marker that site/hooks/lantian.py replaces with its
    table in the finished page (`_CardsAside`)."""
    root = docs.resolve()
    aside = _CardsAside(cards) if cards is not None else None
    for relative, markdown in generated.items():
        path = (docs / relative).resolve()
        if root not in path.parents:  # page names come from generators, never from data
            raise SiteBuildFailed(words.PAGE_LEAVES_DOCS, page=repr(relative))
        if path.exists():
            raise SiteBuildFailed(words.PAGE_CLASHES, page=relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(aside.set_aside(markdown) if aside else markdown, encoding="utf-8")


# A card table as bot/site/markdown.py `cards` writes it: HTML whose cells hold escaped data,
# so its closing tags cannot occur inside it. (A table with links stays Markdown.)
_CARD_TABLE = re.compile(r'<div class="lt-cards">\n<table>\n.*?\n</table>\n</div>(?=\n)', re.S)
CARDS_MARKER = "<!-- lantian:cards {} -->"  # site/hooks/lantian.py reads the same


class _CardsAside:
    """Card tables kept out of mkdocs' Markdown: Python-Markdown reads every tag of a raw HTML
    block (and the search plugin every tag of the page) only to pass it through unchanged,
    most of mkdocs' time at three times the national registry for a district's thousands of
    rows. The table goes into a file of its own; the page keeps a comment naming it, which the
    hook replaces once the page is rendered, so the page a visitor gets is the same."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)

    def set_aside(self, markdown: str) -> str:
        return _CARD_TABLE.sub(self._marker, markdown)

    def _marker(self, found: re.Match[str]) -> str:
        self.count += 1
        (self.folder / f"{self.count}.html").write_text(found.group(0), encoding="utf-8")
        return CARDS_MARKER.format(self.count)


def check_out_dir(out_dir: Path, project: Path = PROJECT) -> None:
    """mkdocs empties the output folder first: refuse any folder that is not a site's."""
    project = project.resolve()
    protected = [project, project / "content", project / "site", project / "bot"]
    if (
        out_dir in protected
        or out_dir in project.parents
        or any(p in out_dir.parents for p in protected[1:])
    ):
        raise SiteBuildFailed(words.OUT_DIR_IS_SOURCE, out=out_dir)
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "sitemap.xml").exists():
        raise SiteBuildFailed(words.OUT_DIR_NOT_EMPTY, out=out_dir)


class _MkDocs:
    """`mkdocs build --strict` of the docs folder into `out_dir`, running from construction.

    Its output goes to a file in the work folder (a pipe nobody reads while the directory index
    is written could fill and stall it); `wait` says how long it ran and fails the build with
    mkdocs' warnings if it failed."""

    def __init__(
        self,
        project: Path,
        docs: Path,
        out_dir: Path,
        site: SiteData,
        *,
        drafts: bool,
        site_url: str | None,
        work: str,
    ) -> None:
        env = {
            **os.environ,
            "LANTIAN_SITE_DOCS": str(docs),
            "LANTIAN_SITE_DRAFTS": "true" if drafts else "false",
            "LANTIAN_SITE_BOT": site.bot_username or "",
            "LANTIAN_SITE_AS_OF": site.data.as_of,
            "LANTIAN_SITE_TODAY": site.now,
            "LANTIAN_SITE_FICTIONAL": "true" if site.data.fictional else "false",
            "LANTIAN_SITE_CACHE": str(Path(work) / "rss-cache"),
            "LANTIAN_SITE_CARDS": str(Path(work) / "cards"),
        }
        if site_url:
            env["LANTIAN_SITE_URL"] = site_url if site_url.endswith("/") else site_url + "/"
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(out_dir),
        ]
        self.log = Path(work) / "mkdocs.log"
        self.started = time.perf_counter()
        self.ended: float | None = None
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self._watch = threading.Thread(target=self._stamp, name="lantian-mkdocs", daemon=True)
        self._watch.start()

    def _stamp(self) -> None:
        self.process.wait()
        self.ended = time.perf_counter()

    def wait(self) -> float:
        """Seconds mkdocs ran; SiteBuildFailed with its warnings if it failed."""
        self.process.wait()
        self._watch.join()
        if self.process.returncode != 0:
            output = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
            problems = [
                line for line in output if line.startswith(("WARNING", "ERROR", "Aborted", "Error"))
            ] or output[-20:]
            raise SiteBuildFailed(words.MKDOCS_FAILED, details=problems)
        return (self.ended or time.perf_counter()) - self.started

    def stop(self) -> None:
        """The build failed elsewhere: end mkdocs (this process started it)."""
        self.process.kill()
        self.process.wait()


@contextmanager
def _timed(seconds: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = time.perf_counter() - start
