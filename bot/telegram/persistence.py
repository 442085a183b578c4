"""Conversation states and per-user data kept in the project's SQLite database (not pickle).

A report in progress lives in `user_data` and its step in the conversation state, so a
restart of the bot in the middle of a report picks up where the reporter was.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils
from sqlite_utils import Migrations
from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

migrations = Migrations("lantian.bot")


@migrations()
def m001_bot_state(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE bot_user_data (user_id INTEGER PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE bot_chat_data (chat_id INTEGER PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE bot_conversations (
            name TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL,
            PRIMARY KEY (name, key)
        ) WITHOUT ROWID;
        """
    )


Data = dict[str, Any]
USERS, CHATS = "bot_user_data", "bot_chat_data"
EMPTY = "{}"


class SqlitePersistence(BasePersistence[Data, Data, Data]):
    """User data, chat data and conversations as JSON rows; bot data is not persisted."""

    def __init__(
        self, db: sqlite_utils.Database, update_interval: float = 1.0, *, shared: bool = False
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self.db = db
        migrations.apply(db)
        # What each row holds, for the rows that hold more than {}: PTB hands over the data of
        # every user and chat an update touched, about once a second, changed or not; each
        # check cost two commits of an unchanged {} (scripts/bench_bot.py, issue 11).
        self._stored: dict[tuple[str, int], str] = {}
        # `shared`: other processes write these rows too (LANTIAN_BOT_WORKERS, front.py). A
        # user's private chat is one worker's, a group they write in maybe another's: each
        # reads the user's row again before handling them, so a /lang chosen on one is heard
        # on the other once written (within update_interval).
        self._shared = shared

    def _write(self, sql: str, params: list[Any]) -> None:
        with self.db.conn:
            self.db.conn.execute(sql, params)

    def _store(self, table: str, key: int, data: Data) -> None:
        """Data as the table's row for `key`, unless the row holds it already (no row is
        the same as {}: PTB starts every user and chat with an empty dict)."""
        text = json.dumps(data, ensure_ascii=False)
        if self._stored.get((table, key), EMPTY) == text:
            return
        self._write(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", [key, text])
        self._stored[(table, key)] = text

    def _forget(self, table: str, key: int) -> None:
        self._stored.pop((table, key), None)

    def _load(self, table: str) -> dict[int, Data]:
        rows = self.db.execute(f"SELECT * FROM {table}").fetchall()
        for key, text in rows:
            if text != EMPTY:
                self._stored[(table, key)] = text
        return {key: json.loads(text) for key, text in rows}

    async def get_user_data(self) -> dict[int, Data]:
        return self._load(USERS)

    async def get_chat_data(self) -> dict[int, Data]:
        return self._load(CHATS)

    async def get_bot_data(self) -> Data:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        rows = self.db.execute(
            "SELECT key, state FROM bot_conversations WHERE name = ?", [name]
        ).fetchall()
        return {tuple(json.loads(key)): json.loads(state) for key, state in rows}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        if new_state is None:
            self._write(
                "DELETE FROM bot_conversations WHERE name = ? AND key = ?", [name, json.dumps(key)]
            )
        else:
            self._write(
                "INSERT OR REPLACE INTO bot_conversations VALUES (?, ?, ?)",
                [name, json.dumps(key), json.dumps(new_state)],
            )

    async def update_user_data(self, user_id: int, data: Data) -> None:
        self._store(USERS, user_id, data)

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        self._store(CHATS, chat_id, data)

    async def update_bot_data(self, data: Data) -> None:
        """Bot data holds the running bot's dependencies, not state worth keeping."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is not arbitrary here: buttons carry short strings."""

    async def drop_chat_data(self, chat_id: int) -> None:
        self._write("DELETE FROM bot_chat_data WHERE chat_id = ?", [chat_id])
        self._forget(CHATS, chat_id)

    async def drop_user_data(self, user_id: int) -> None:
        self._write("DELETE FROM bot_user_data WHERE user_id = ?", [user_id])
        self._forget(USERS, user_id)

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        """In one process, the data in memory is the latest. Shared, the row another process
        wrote since replaces it, unless it was changed here and not yet written: then this
        change is the newer, and is written at the next update_interval."""
        if not self._shared:
            return
        row = self.db.execute(f"SELECT data FROM {USERS} WHERE user_id = ?", [user_id]).fetchone()
        written = row[0] if row else EMPTY
        held = self._stored.get((USERS, user_id), EMPTY)
        if written == held or json.dumps(user_data, ensure_ascii=False) != held:
            return
        user_data.clear()
        user_data.update(json.loads(written))
        self._stored[(USERS, user_id)] = written

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        """In-memory chat data is authoritative while the bot runs."""

    async def refresh_bot_data(self, bot_data: Data) -> None:
        """Nothing to refresh: bot data is not persisted."""

    async def flush(self) -> None:
        """Every update is written when it is made; nothing is buffered here."""
