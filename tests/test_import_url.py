"""Importing from a URL: the validators that skip the next download are saved in the same
transaction as the data, the download has a deadline and a size cap, and no file is left
behind by a failure. Against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import fcntl
import io
import sqlite3
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot.cli import cli
from bot.errors import BundleInvalid, BundleUnreadable, SourceUnavailable
from bot.registry.database import open_database, registry_path
from bot.registry.fetch import DownloadTooSlow, import_url
from bot.registry.limits import ReadLimits
from bot.registry.refusals import ImportRunning
from tests.bundles import agency, write_bundle
from tests.hostile.bundles.make_bundles import LEGIT
from tests.test_fetch import FAST, Reply, Seen, Server, serving

TODAY = date(2026, 6, 1)


def zipped(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
    return out.getvalue()


@pytest.fixture
def server() -> Iterator[Server]:
    with serving() as srv:
        yield srv


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "registry.db")
    yield database
    database.close()


class Source:
    """A bundle host honouring If-None-Match; its body and ETag change when a test says so."""

    def __init__(self, server: Server, body: bytes, etag: str) -> None:
        self.body, self.etag = body, etag
        server.route = self.route

    def route(self, n: int, seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == self.etag:
            return Reply(304, headers={"ETag": self.etag})
        return Reply(200, self.body, {"ETag": self.etag})


def good(tmp_path: Path) -> bytes:
    return zipped(write_bundle(tmp_path / "good", LEGIT))


def bad(tmp_path: Path) -> bytes:
    return zipped(write_bundle(tmp_path / "bad", [*LEGIT, agency(status="sleeping")]))


def fetch_into(
    db: sqlite_utils.Database, server: Server, tmp_path: Path, **options: object
) -> object:
    return import_url(
        db, server.url("/bundle.zip"), tmp_path / "cache", today=TODAY, **FAST, **options
    )  # type: ignore[arg-type]


def left_behind(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())


def test_an_invalid_bundle_is_downloaded_again_on_the_next_run(
    db: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    source = Source(server, bad(tmp_path), '"v1"')
    for _ in range(2):
        with pytest.raises(BundleInvalid):
            fetch_into(db, server, tmp_path)
    source.body, source.etag = good(tmp_path), '"v2"'
    summary = fetch_into(db, server, tmp_path)
    again = fetch_into(db, server, tmp_path)

    sent = [r.headers.get("if-none-match") for r in server.requests]
    assert sent == [None, None, None, '"v2"']  # nothing was imported until the third run
    assert summary is not None and again is None
    assert left_behind(tmp_path) == []


def test_an_import_already_running_means_the_next_run_downloads_again(
    db: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    Source(server, good(tmp_path), '"v1"')
    live = registry_path(db)
    with live.with_name(f"{live.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process is importing
        with pytest.raises(ImportRunning, match="Another import is running"):
            fetch_into(db, server, tmp_path)
    assert db.execute("SELECT count(*) FROM agencies").fetchone()[0] == 0

    summary = fetch_into(db, server, tmp_path)

    assert [r.headers.get("if-none-match") for r in server.requests] == [None, None]
    assert summary is not None and db.execute("SELECT count(*) FROM agencies").fetchone()[0] == 2


def test_a_writer_holding_the_main_database_does_not_hold_up_an_import(
    db: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    Source(server, good(tmp_path), '"v1"')
    other = sqlite3.connect(tmp_path / "registry.db")
    other.execute("BEGIN IMMEDIATE")  # the bot is writing a ticket
    db.conn.execute("PRAGMA busy_timeout = 50")
    try:
        summary = fetch_into(db, server, tmp_path)
    finally:
        other.rollback()
        other.close()
    assert summary is not None and db.execute("SELECT count(*) FROM agencies").fetchone()[0] == 2


def test_a_refused_shrink_is_downloaded_again_and_the_registry_kept(
    db: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    source = Source(server, good(tmp_path), '"v1"')
    fetch_into(db, server, tmp_path)
    source.body, source.etag = zipped(write_bundle(tmp_path / "one", LEGIT[:1])), '"v2"'
    for _ in range(2):
        with pytest.raises(Exception, match="allow-shrink"):
            fetch_into(db, server, tmp_path)
    assert [r.headers.get("if-none-match") for r in server.requests][1:] == ['"v1"', '"v1"']
    assert db.execute("SELECT count(*) FROM agencies").fetchone()[0] == 2


def test_the_same_content_under_a_new_etag_is_remembered(
    db: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    source = Source(server, good(tmp_path), '"v1"')
    fetch_into(db, server, tmp_path)
    source.etag = '"v2"'  # the host re-published the same bytes
    summary = fetch_into(db, server, tmp_path)
    again = fetch_into(db, server, tmp_path)

    assert getattr(summary, "unchanged", False) is True and again is None
    assert server.requests[-1].headers.get("if-none-match") == '"v2"'


def test_a_trickling_server_is_cut_off_at_the_deadline(
    db: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    server.route = lambda n, seen: Reply(200, good(tmp_path), trickle=0.2)
    started = time.monotonic()
    with pytest.raises(DownloadTooSlow):
        fetch_into(db, server, tmp_path, limits=ReadLimits(download_deadline=1.0))
    elapsed = time.monotonic() - started

    assert 1.0 <= elapsed < 2.5  # a read every 0.2 s: the per-read timeout alone never fires
    assert server.count() == 1  # a deadline is not retried
    assert left_behind(tmp_path) == []


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (Reply(200, b"PK" * 2000, truncate=100), SourceUnavailable),
        (Reply(200, b"PK" * 5000, send_length=False), BundleUnreadable),  # over the size cap
        (Reply(200, b"<html>", {"Content-Type": "text/html"}), BundleUnreadable),
        (Reply(200, b"not a zip at all"), BundleUnreadable),
    ],
    ids=["connection_dies", "too_large", "html_page", "not_a_zip"],
)
def test_no_file_is_left_behind_by_a_failure(
    db: sqlite_utils.Database, server: Server, tmp_path: Path, reply: Reply, error: type
) -> None:
    server.route = lambda n, seen: reply
    url = server.url("/download" if "text/html" in reply.headers.values() else "/bundle.zip")
    with pytest.raises(error):
        import_url(db, url, tmp_path / "cache", today=TODAY, retries=0, backoff=0.01,
                   limits=ReadLimits(max_download_bytes=8000))  # fmt: skip
    assert left_behind(tmp_path) == []


def test_a_partial_file_of_a_killed_run_is_removed(
    db: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    Source(server, good(tmp_path), '"v1"')
    fetch_into(db, server, tmp_path)
    folder = next((tmp_path / "cache").iterdir())
    (folder / ".bundle-killed.part").write_bytes(b"half a bundle")
    fetch_into(db, server, tmp_path)
    assert left_behind(tmp_path) == []


def test_the_cli_imports_a_url_then_says_it_has_not_changed(server: Server, tmp_path: Path) -> None:
    Source(server, good(tmp_path), '"v1"')
    args = ["registry", "import", server.url("/bundle.zip"), "--db", str(tmp_path / "x.db")]
    first = CliRunner().invoke(cli, args)
    second = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "新增 2" in first.output and "added 2" in first.output
    assert second.exit_code == 0 and "数据源未变化" in second.output
