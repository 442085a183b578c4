"""Publishing the site: a new build replaces the live one only when it succeeded."""

from __future__ import annotations

import shutil
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.site.build import PROJECT, SiteBuildFailed, build_site
from bot.site.publish import KEEP, builds_folder, live_build, publish_site
from bot.site.serve import SiteServer
from tests.desk_queue import queue_db

pytestmark = pytest.mark.slow
TODAY = date(2026, 6, 1)


def broken_project(tmp_path: Path) -> Path:
    """The project's site sources with one page linking to a page that does not exist: the
    strict build fails on it, as it would on a real mistake in content/."""
    project = tmp_path / "project"
    for part in ("content", "site"):
        shutil.copytree(PROJECT / part, project / part)
    shutil.copy(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    page = project / "content" / "guide" / "report.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[gone](no-such-page.md)\n")
    return project


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read().decode("utf-8"))


def test_a_failed_build_leaves_the_previous_site_served(tmp_path: Path) -> None:
    db = queue_db()
    live = tmp_path / "www" / "site"
    publish_site(db, live, today=TODAY)
    first = live_build(live)
    assert first is not None and live.is_symlink()
    with SiteServer(live) as server:
        before = fetch(server.url() + "guide/report/")
        with pytest.raises(SiteBuildFailed):
            publish_site(db, live, today=TODAY, project=broken_project(tmp_path))
        assert live_build(live) == first  # the link still points at the good build
        assert fetch(server.url() + "guide/report/") == before
    leftovers = [p.name for p in builds_folder(live).iterdir() if p.is_dir()]
    assert leftovers == [first.name]  # the failed build's folder is gone


def test_a_new_build_switches_the_served_site_and_old_builds_are_pruned(tmp_path: Path) -> None:
    db = queue_db()
    live = tmp_path / "site"
    with SiteServer(live.parent) as server:
        for _ in range(KEEP + 1):
            publish_site(db, live, today=TODAY)
        newest = live_build(live)
        assert newest is not None and "2026" in fetch(server.url() + "site/")
    kept = sorted(p.name for p in builds_folder(live).iterdir() if p.is_dir())
    assert len(kept) == KEEP and newest.name == kept[-1]


def test_a_folder_built_before_becomes_one_of_the_builds(tmp_path: Path) -> None:
    db = queue_db()
    live = tmp_path / "site"
    build_site(db, live, today=TODAY)  # `lantian site build`: a plain folder
    publish_site(db, live, today=TODAY)
    assert live.is_symlink()
    assert any(p.name.endswith("-before") for p in builds_folder(live).iterdir())


def test_lantian_site_publish_says_what_it_built(tmp_path: Path) -> None:
    db_path = tmp_path / "lantian.db"
    db = queue_db(db_path)
    db.close()
    env = {"LANTIAN_SITE_DIR": str(tmp_path / "site"), "LANTIAN_TODAY": TODAY.isoformat()}
    result = CliRunner().invoke(cli, ["site", "publish", "--db", str(db_path)], env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site").is_symlink() and (tmp_path / "site" / "index.html").is_file()
