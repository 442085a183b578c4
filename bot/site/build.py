"""`lantian site build`: the public-notice site, from content/ and the registry, into one folder.

Steps: copy content/ and site/assets/ into a temporary docs folder; write the pages generated
from the registry there (credit lists, district directory, statistics, data page, violation
categories); write the directory search shards into its assets; run `mkdocs build --strict`
on it into `out_dir`. Nothing generated is written into the repository.

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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils

from bot.errors import LantianError
from bot.site import cases, credit, districts, pages
from bot.site.context import SiteData, load
from bot.site.shards import ShardStats, bot_candidates, write_shards

PROJECT = Path(__file__).resolve().parents[2]
_BOT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


class SiteBuildFailed(LantianError):
    """The site could not be built; the message says why and what to do."""


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

    def describe(self) -> str:
        """A short account for a person, Chinese first."""
        steps = " · ".join(f"{name} {value:.1f}s" for name, value in self.seconds.items())
        return "\n".join(
            [
                f"网站已生成 / site built: {self.out_dir}",
                f"  {self.html_pages} 个页面 pages（{self.generated_pages} 个由登记库生成 "
                f"generated）· 案例 cases {self.cases_published} 篇已发布 published, "
                f"{self.cases_held_back} 篇未发布 held back",
                f"  机构查询 directory: {self.agencies} 家机构 agencies, "
                f"{self.practitioners} 名代理师 practitioners, {self.shards.files} 个文件 files, "
                f"{self.shards.bytes / 1e6:.1f} MB（gzip {self.shards.gzip_bytes / 1e6:.1f} MB），"
                f"最大 largest {self.shards.largest_bytes / 1e3:.1f} KB",
                f"  数据截至 / as of {self.as_of}，结论按 / judged on {self.today}"
                + ("，示例数据（虚构） / fictional" if self.fictional else ""),
                f"  用时 / time: {steps}",
            ]
        )


def build_site(
    db: sqlite_utils.Database,
    out_dir: Path,
    *,
    today: date,
    bot_username: str | None = None,
    drafts: bool = False,
    site_url: str | None = None,
    project: Path = PROJECT,
) -> SiteSummary:
    """Build the whole static site into `out_dir` (replacing what a previous build left there)."""
    out_dir = out_dir.resolve()
    _check_out_dir(out_dir, project)
    bot_username = _checked_bot_name(bot_username)
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="lantian-site-") as work:
        docs = Path(work) / "docs"
        with _timed(seconds, "copy"):
            shutil.copytree(project / "content", docs)
            shutil.copytree(project / "site" / "assets", docs / "assets", dirs_exist_ok=True)
        with _timed(seconds, "registry"):
            site = load(db, today=today, bot_username=bot_username)
        with _timed(seconds, "pages"):
            posts = cases.read_posts(docs)
            cases.settle_drafts(docs, posts, today)
            shown = posts if drafts else [p for p in posts if p.published(today)]
            _generate(site, shown)
            _write_pages(docs, site.pages)
            pages.fill_markers(docs, site, shown)
        with _timed(seconds, "shards"):
            shards = write_shards(
                site.agencies + site.practitioners,
                site.data,
                docs / "assets" / "directory",
                today=today,
                bot_username=bot_username,
                common_answer=bot_candidates(db),
            )
        with _timed(seconds, "mkdocs"):
            _mkdocs(project, docs, out_dir, site, drafts=drafts, site_url=site_url, work=work)
    seconds["total"] = sum(seconds.values())
    return SiteSummary(
        out_dir=out_dir,
        today=today,
        as_of=site.data.as_of,
        fictional=site.data.fictional,
        agencies=len(site.agencies),
        practitioners=len(site.practitioners),
        shanghai_agencies=len(site.local),
        generated_pages=len(site.pages),
        html_pages=sum(1 for _ in out_dir.rglob("*.html")),
        cases_published=len(shown),
        cases_held_back=len(posts) - len(shown),
        shards=shards,
        seconds={name: round(value, 2) for name, value in seconds.items()},
    )


def _checked_bot_name(bot_username: str | None) -> str | None:
    """The bot's username without "@"; it goes into links and the directory's script, so
    anything but a Telegram username is refused."""
    name = (bot_username or "").lstrip("@") or None
    if name is not None and not _BOT_NAME.fullmatch(name):
        raise SiteBuildFailed(
            f"机器人用户名 {name!r} 不是 Telegram 用户名（5-32 个字母、数字、_）："
            "请检查 LANTIAN_BOT_USERNAME。\n"
            f"The bot name {name!r} is not a Telegram username: check LANTIAN_BOT_USERNAME."
        )
    return name


def _generate(site: SiteData, shown: list[cases.Post]) -> None:
    credit.build(site)
    districts.build(site)
    site.add("campaign/violations.md", pages.violations(shown))
    site.add("stats.md", pages.stats(site))
    site.add("data.md", pages.data_page(site))
    for path, markdown in cases.category_pages(shown).items():
        site.add(path, markdown)


def _write_pages(docs: Path, generated: dict[str, str]) -> None:
    root = docs.resolve()
    for relative, markdown in generated.items():
        path = (docs / relative).resolve()
        if root not in path.parents:  # page names come from generators, never from data
            raise SiteBuildFailed(f"generated page {relative!r} would leave the docs folder")
        if path.exists():
            raise SiteBuildFailed(
                f"content/{relative} 与生成的页面同名：该页面由登记库生成，"
                "请删除 content/ 中的文件。\n"
                f"content/{relative} clashes with a generated page: remove it from content/."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")


def _check_out_dir(out_dir: Path, project: Path) -> None:
    """mkdocs empties the output folder first: refuse any folder that is not a site's."""
    project = project.resolve()
    protected = [project, project / "content", project / "site", project / "bot"]
    if (
        out_dir in protected
        or out_dir in project.parents
        or any(p in out_dir.parents for p in protected[1:])
    ):
        raise SiteBuildFailed(
            f"不能输出到 {out_dir}：它是项目的源文件夹。请用 --out build/site 之类的文件夹。\n"
            f"Refusing to build into {out_dir}: it holds the project's sources."
        )
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / "sitemap.xml").exists():
        raise SiteBuildFailed(
            f"{out_dir} 不是空文件夹，也不是以前生成的网站；构建会清空它，为避免误删已停止。"
            "请换一个文件夹或先清空它。\n"
            f"{out_dir} is not empty and is not a previous build; the build would wipe it."
        )


def _mkdocs(
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
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        problems = [
            line
            for line in (result.stderr + result.stdout).splitlines()
            if line.startswith(("WARNING", "ERROR", "Aborted", "Error"))
        ] or (result.stderr + result.stdout).splitlines()[-20:]
        raise SiteBuildFailed(
            "mkdocs --strict 构建失败 / the strict mkdocs build failed:\n  " + "\n  ".join(problems)
        )


@contextmanager
def _timed(seconds: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = time.perf_counter() - start
