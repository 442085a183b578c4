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
from bot.errors import RegistryEmpty
from bot.localapi.server import LocalBotApi
from bot.registry import database, search_index
from bot.registry.database import (
    follow_registry,
    migrations,
    open_database,
    registry_path,
    transaction,
)
from bot.registry.importer import import_path
from bot.registry.reader import registry_info
from bot.registry.refusals import DiskFull, NotMainDatabase, RegistryWouldShrink
from tests.bot_harness import person
from tests.bundles import USCC_A, USCC_B, USCC_C, agency, write_bundle

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


def _database_from_before(path: Path) -> sqlite_utils.Database:
    """A database as Lantian made it before the registry had its own file, with one agency."""
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m004_registry_own_file")
    old.execute(
        "INSERT INTO agencies (uscc, name, kind, status) VALUES (?, ?, 'both', 'active')",
        [USCC_A, OLD_NAME],
    )
    old.conn.commit()
    return old


def test_a_database_from_before_keeps_its_registry(tmp_path: Path) -> None:
    """Before, the registry's tables lived in the main file: opening it moves them out."""
    path = tmp_path / "lantian.db"
    old = _database_from_before(path)
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


def test_a_ticket_write_never_waits_on_a_reader_of_the_registry(tmp_path: Path) -> None:
    db = open_database(tmp_path / "lantian.db")
    import_path(db, _bundle(tmp_path / "b", OLD_NAME), today=TODAY)
    reader = sqlite3.connect(tmp_path / "lantian-registry.db")  # another process's long read
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM agencies").fetchone()
    db.conn.execute("PRAGMA busy_timeout = 50")
    try:
        with transaction(db):
            db.execute("CREATE TABLE probe (n)")
            db.execute("INSERT INTO probe VALUES (1)")
    finally:
        reader.rollback()
    assert db.execute("SELECT n FROM probe").fetchall() == [(1,)]


def test_an_import_compares_with_the_live_registry_not_the_one_it_opened(tmp_path: Path) -> None:
    stale = open_database(tmp_path / "lantian.db")
    many = [agency(uscc=uscc, name=f"上海{trade}示例知识产权代理有限公司")
            for uscc, trade in ((USCC_A, "青禾"), (USCC_B, "松石"), (USCC_C, "蓝海"))]  # fmt: skip
    import_path(open_database(tmp_path / "lantian.db"), write_bundle(tmp_path / "m", many),
                today=TODAY)  # fmt: skip

    with pytest.raises(RegistryWouldShrink):
        import_path(stale, write_bundle(tmp_path / "one", many[:1]), today=TODAY)
    assert len(_names(stale)) == 3


def test_new_validators_for_the_same_data_never_write_the_live_file(tmp_path: Path) -> None:
    db = open_database(tmp_path / "lantian.db")
    bundle = _bundle(tmp_path / "b", OLD_NAME)
    import_path(db, bundle, today=TODAY)
    live = tmp_path / "lantian-registry.db"
    before, reader = live.read_bytes(), sqlite3.connect(live)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM agencies").fetchone()  # a reader holds the live file

    import_path(db, bundle, today=TODAY, validators={"etag": '"v2"'})

    reader.rollback()
    assert registry_info(db)["etag"] == '"v2"' and _names(db) == {
        OLD_NAME,
        "上海蓝海示例代理有限公司",
    }
    old_file = reader.execute("PRAGMA database_list").fetchone()[2]
    assert Path(old_file) == live and before != live.read_bytes()  # a new file, renamed in


@pytest.mark.parametrize("damage", [b"", b"not a database at all", None])
def test_a_damaged_registry_is_set_aside_and_mended_by_the_next_import(
    tmp_path: Path, damage: bytes | None
) -> None:
    import_path(open_database(tmp_path / "lantian.db"), _bundle(tmp_path / "b", OLD_NAME),
                today=TODAY)  # fmt: skip
    live = tmp_path / "lantian-registry.db"
    data = live.read_bytes()
    live.write_bytes(data[: len(data) // 2] if damage is None else damage)

    db = open_database(tmp_path / "lantian.db")

    with pytest.raises(RegistryEmpty):  # a plain message, not a traceback
        check(db, OLD_NAME, today=TODAY)
    assert len(list(tmp_path.glob("lantian-registry.db.damaged-*"))) == 1
    import_path(db, _bundle(tmp_path / "b2", NEW_NAME), today=TODAY)
    assert check(db, NEW_NAME, today=TODAY).level == "ok"


def test_processes_opening_an_old_database_at_once_take_turns_to_migrate(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lantian.db"
    _database_from_before(path).close()
    opener = (
        "import sys; from bot.registry.database import open_database; "
        "db = open_database(sys.argv[1]); "
        "print(db.execute('SELECT name FROM agencies').fetchall())"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", opener, str(path)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]  # fmt: skip
    results = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, [err for _, err in results]
    assert all(OLD_NAME in out for out, _ in results)
    assert not list(tmp_path.glob("*.new-*"))


def test_a_registry_file_that_cannot_be_built_leaves_nothing_behind(tmp_path: Path) -> None:
    def full_disk(schema: str) -> list[str]:
        raise sqlite3.OperationalError("database or disk is full")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(database, "registry_schema", full_disk)
        for _ in range(2):
            with pytest.raises(sqlite3.OperationalError, match="full"):
                open_database(tmp_path / "lantian.db")
    assert not [p.name for p in tmp_path.iterdir() if ".new-" in p.name]


def test_the_registry_file_given_as_the_database_is_refused_and_left_alone(
    tmp_path: Path,
) -> None:
    import_path(open_database(tmp_path / "lantian.db"), _bundle(tmp_path / "b", OLD_NAME),
                today=TODAY)  # fmt: skip
    live = tmp_path / "lantian-registry.db"
    before = live.read_bytes()

    with pytest.raises(NotMainDatabase):
        open_database(live)

    assert live.read_bytes() == before
    assert not (tmp_path / "lantian-registry.db-wal").exists()


def test_a_full_disk_during_an_import_is_a_plain_refusal_and_changes_nothing(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "lantian.db")
    import_path(db, _bundle(tmp_path / "old", OLD_NAME), today=TODAY)

    def full(conn: sqlite3.Connection, schema: str) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "copy_into", full)
        with pytest.raises(DiskFull, match="The disk is full"):
            import_path(db, _bundle(tmp_path / "new", NEW_NAME), today=TODAY)
    assert OLD_NAME in _names(db)
    assert not list(tmp_path.glob("*.next-*"))
