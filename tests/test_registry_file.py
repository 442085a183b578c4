"""The registry lives in a file of its own: an import builds the next one beside it and
switches by one rename; the main file (tickets, audit, bot state) is never locked by it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from bot.check import check
from bot.localapi.server import LocalBotApi
from bot.registry import search_index
from bot.registry.database import (
    follow_registry,
    migrations,
    open_database,
    registry_path,
)
from bot.registry.importer import import_path
from tests.bot_harness import person
from tests.bundles import USCC_A, USCC_B, agency, write_bundle

TODAY = date(2026, 6, 1)
OLD_NAME = "上海青禾示例知识产权代理有限公司"
NEW_NAME = "上海松石示例知识产权代理有限公司"


def _bundle(folder: Path, name: str) -> Path:
    return write_bundle(
        folder,
        [
            agency(name=name),
            agency(
                uscc=USCC_B,
                name="上海蓝海示例代理有限公司",
                phones="021-62223333",
                websites="www.lanhai.example",
            ),
        ],
    )


def _names(db: sqlite_utils.Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM agencies")}


def test_the_registry_is_a_file_of_its_own_beside_the_main_one(tmp_path: Path) -> None:
    db = open_database(tmp_path / "lantian.db")
    import_path(db, _bundle(tmp_path / "b", OLD_NAME), today=TODAY)

    assert registry_path(db) == tmp_path / "lantian-registry.db"
    main_tables = {row[0] for row in db.execute("SELECT name FROM main.sqlite_master")}
    assert "agencies" not in main_tables and "tickets" in main_tables
    registry = sqlite3.connect(tmp_path / "lantian-registry.db")
    assert registry.execute("SELECT count(*) FROM agencies").fetchone()[0] == 2
    assert registry.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # no WAL siblings


def test_a_reader_keeps_the_old_registry_until_it_follows_the_new_one(tmp_path: Path) -> None:
    writer = open_database(tmp_path / "lantian.db")
    import_path(writer, _bundle(tmp_path / "old", OLD_NAME), today=TODAY)
    reader = open_database(tmp_path / "lantian.db")
    assert OLD_NAME in _names(reader)

    import_path(writer, _bundle(tmp_path / "new", NEW_NAME), today=TODAY)

    assert OLD_NAME in _names(reader)  # mid-work, the old file answers whole
    assert follow_registry(reader) is True
    assert NEW_NAME in _names(reader) and OLD_NAME not in _names(reader)
    assert follow_registry(reader) is False  # nothing new: one stat, no re-attach
    assert NEW_NAME in _names(writer)  # the importing connection follows at once


def test_a_reader_inside_a_statement_follows_at_its_next_call(tmp_path: Path) -> None:
    writer = open_database(tmp_path / "lantian.db")
    import_path(writer, _bundle(tmp_path / "old", OLD_NAME), today=TODAY)
    reader = open_database(tmp_path / "lantian.db")
    rows = reader.conn.execute("SELECT name FROM agencies")
    rows.fetchone()  # a statement still open on the old registry

    import_path(writer, _bundle(tmp_path / "new", NEW_NAME), today=TODAY)

    assert follow_registry(reader) is False
    rows.fetchall()
    assert follow_registry(reader) is True
    assert NEW_NAME in _names(reader)


def test_a_ticket_write_held_open_does_not_stop_an_import(tmp_path: Path) -> None:
    db = open_database(tmp_path / "lantian.db")
    bot = sqlite3.connect(tmp_path / "lantian.db", timeout=0.05)
    bot.execute("BEGIN IMMEDIATE")  # the bot in the middle of writing a ticket
    try:
        import_path(db, _bundle(tmp_path / "b", OLD_NAME), today=TODAY)
    finally:
        bot.rollback()
    assert OLD_NAME in _names(db)


def test_an_import_never_holds_the_main_file_s_write_lock(tmp_path: Path) -> None:
    """While an import builds, another connection writes to the main file at once (no wait)."""
    db = open_database(tmp_path / "lantian.db")
    bot = sqlite3.connect(tmp_path / "lantian.db", timeout=0, isolation_level=None)
    written: list[int] = []
    building = threading.Event()
    real_copy = search_index.copy_into

    def copy_and_wait(conn: sqlite3.Connection, schema: str) -> None:
        real_copy(conn, schema)
        building.set()
        bot.execute("BEGIN IMMEDIATE")  # would raise "database is locked" with timeout 0
        bot.execute("CREATE TABLE IF NOT EXISTS probe (n)")
        bot.execute("INSERT INTO probe VALUES (1)")
        bot.execute("COMMIT")
        written.append(1)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "copy_into", copy_and_wait)
        import_path(db, _bundle(tmp_path / "b", OLD_NAME), today=TODAY)
    assert building.is_set() and written == [1]


def test_a_failed_build_leaves_the_live_registry_and_no_half_built_file(tmp_path: Path) -> None:
    db = open_database(tmp_path / "lantian.db")
    import_path(db, _bundle(tmp_path / "old", OLD_NAME), today=TODAY)

    def fail(conn: sqlite3.Connection, schema: str) -> None:
        raise OSError("disk full")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "copy_into", fail)
        with pytest.raises(OSError, match="disk full"):
            import_path(db, _bundle(tmp_path / "new", NEW_NAME), today=TODAY)

    assert OLD_NAME in _names(db)
    assert check(db, OLD_NAME, today=TODAY).level == "ok"
    assert sorted(p.name for p in tmp_path.iterdir() if "registry" in p.name) == [
        "lantian-registry.db",
        "lantian-registry.db.lock",
    ]


def test_a_file_left_by_a_killed_import_is_removed_by_the_next(tmp_path: Path) -> None:
    db = open_database(tmp_path / "lantian.db")
    leftover = tmp_path / "lantian-registry.db.next-99999"
    leftover.write_bytes(b"half a registry")

    import_path(db, _bundle(tmp_path / "b", OLD_NAME), today=TODAY)

    assert not leftover.exists()
    assert OLD_NAME in _names(db)


def test_a_database_from_before_keeps_its_registry(tmp_path: Path) -> None:
    """Before, the registry's tables lived in the main file: opening it moves them out."""
    path = tmp_path / "lantian.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m004_registry_own_file")
    old.execute(
        "INSERT INTO agencies (uscc, name, kind, status) VALUES (?, ?, 'both', 'active')",
        [USCC_A, OLD_NAME],
    )
    old.execute("INSERT INTO dataset VALUES ('as_of', '2026-06-01')")
    old.execute(
        "INSERT INTO search_names (id, subject_kind, subject_id, name_key) "
        "VALUES (1, 'agency', ?, ?)",
        [USCC_A, "青禾示例"],
    )
    old.conn.commit()
    old.close()

    db = open_database(path)

    assert _names(db) == {OLD_NAME}
    assert "agencies" not in {row[0] for row in db.execute("SELECT name FROM main.sqlite_master")}
    assert db.execute("SELECT rowid FROM search_grams WHERE search_grams MATCH '青禾'").fetchall()


def test_an_in_memory_database_has_a_private_registry_file() -> None:
    first, second = open_database(":memory:"), open_database(":memory:")
    assert registry_path(first) != registry_path(second)
    assert registry_path(first).exists()
    folder = registry_path(first).parent
    first.close()
    del first
    import gc

    gc.collect()
    assert not folder.exists()


@pytest.mark.asyncio
async def test_the_running_bot_answers_from_an_import_made_by_another_process(
    running: LocalBotApi, db_path: Path, tmp_path: Path
) -> None:
    alice = person(running)
    await alice.says(NEW_NAME)
    assert "合规" not in alice.text()
    bundle = _bundle(tmp_path / "new", NEW_NAME)

    imported = subprocess.run(
        [sys.executable, "-m", "bot", "registry", "import", str(bundle), "--db", str(db_path),
         "--allow-shrink"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert imported.returncode == 0, imported.stderr
    await alice.says(NEW_NAME)
    assert "合规" in alice.text() and NEW_NAME in alice.text()
