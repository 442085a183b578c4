"""Publishing the site without ever serving a half-built or failed one.

The live site folder (settings.site_dir, e.g. build/site) is a symbolic link to one finished
build. `publish_site` builds into a new folder beside it, and only when the build succeeded
swaps the link in one rename (readers and web servers follow the link per request, so a visitor
gets the old site or the new one, never a mix). A failed build is removed and the last good
site stays. The last `KEEP` builds are kept, so a bad publication can be rolled back by hand.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import sqlite_utils

from bot import clock
from bot.site.build import PROJECT, SiteBuildFailed, SiteSummary, build_site, check_out_dir
from bot.words import site as words

log = logging.getLogger(__name__)
KEEP = 3  # finished builds kept beside the live one (the live one among them)
PARTIAL = ".partial"  # a build in progress: renamed to its name when whole


def builds_folder(live: Path) -> Path:
    return live.parent / f".{live.name}-builds"


def publish_site(
    db: sqlite_utils.Database,
    live: Path,
    *,
    today: date,
    bot_username: str | None = None,
    site_url: str | None = None,
    project: Path = PROJECT,
) -> SiteSummary:
    """Build the site for `today` and make it the live one; SiteBuildFailed (the live site as it
    was) if the build fails. One publication at a time (a file lock beside the builds)."""
    _refuse_foreign(live, project)
    builds = builds_folder(live)
    builds.mkdir(parents=True, exist_ok=True)
    with _one_at_a_time(builds):
        _clear_partial(builds)  # left by a publication that was killed: never a build to keep
        fresh = builds / f"{clock.now():%Y%m%dT%H%M%S%f}-{os.getpid()}"
        partial = fresh.with_name(fresh.name + PARTIAL)
        try:
            summary = build_site(
                db,
                partial,
                today=today,
                bot_username=bot_username,
                site_url=site_url,
                project=project,
            )
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        partial.rename(fresh)  # whole: only now among the builds
        _switch(live, fresh, builds)
        _prune(builds, keep=fresh)
    return summary


def _refuse_foreign(live: Path, project: Path) -> None:
    """SiteBuildFailed unless `live` is missing, a link (a publication's) or a folder a build
    made: a mistyped LANTIAN_SITE_DIR must never move someone's folder or file aside."""
    if live.is_symlink() or not live.exists():
        return
    if not live.is_dir():
        raise SiteBuildFailed(words.OUT_DIR_NOT_EMPTY, out=live)
    check_out_dir(live.resolve(), project)


def _clear_partial(builds: Path) -> None:
    for left in builds.glob(f"*{PARTIAL}"):
        shutil.rmtree(left, ignore_errors=True)


@contextmanager
def _one_at_a_time(builds: Path) -> Iterator[None]:
    with (builds / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _switch(live: Path, fresh: Path, builds: Path) -> None:
    """Point `live` at `fresh` in one rename. A live folder from before (a plain directory, as
    `lantian site build` makes) is moved among the builds first."""
    if live.exists() and not live.is_symlink():
        live.rename(builds / f"{clock.now():%Y%m%dT%H%M%S%f}-before")
    link = live.with_name(f".{live.name}.next-{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(fresh, live.parent), target_is_directory=True)
    link.replace(live)
    log.info("site published: %s", fresh.name)


def _prune(builds: Path, *, keep: Path) -> None:
    """Remove all but the newest KEEP builds (never `keep`, the live one)."""
    done = sorted(
        (p for p in builds.iterdir() if p.is_dir() and not p.name.endswith(PARTIAL)),
        key=lambda p: p.name,
    )
    for old in done[:-KEEP]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def live_build(live: Path) -> Path | None:
    """The build the live site is, or None before the first publication."""
    return live.resolve() if live.is_symlink() and live.exists() else None
