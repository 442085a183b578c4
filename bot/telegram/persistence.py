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


class SqlitePersistence(BasePersistence[Data, Data, Data]):
    """User data, chat data and conversations as JSON rows; bot data is not persisted."""

    def __init__(self, db: sqlite_utils.Database, update_interval: float = 1.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self.db = db
        migrations.apply(db)

    def _write(self, sql: str, params: list[Any]) -> None:
        with self.db.conn:
            self.db.conn.execute(sql, params)

    async def get_user_data(self) -> dict[int, Data]:
        rows = self.db.execute("SELECT user_id, data FROM bot_user_data").fetchall()
        return {user_id: json.loads(data) for user_id, data in rows}

    async def get_chat_data(self) -> dict[int, Data]:
        rows = self.db.execute("SELECT chat_id, data FROM bot_chat_data").fetchall()
        return {chat_id: json.loads(data) for chat_id, data in rows}

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
        self._write(
            "INSERT OR REPLACE INTO bot_user_data VALUES (?, ?)",
            [user_id, json.dumps(data, ensure_ascii=False)],
        )

    async def update_chat_data(self, chat_id: int, data: Data) -> None:
        self._write(
            "INSERT OR REPLACE INTO bot_chat_data VALUES (?, ?)",
            [chat_id, json.dumps(data, ensure_ascii=False)],
        )

    async def update_bot_data(self, data: Data) -> None:
        """Bot data holds the running bot's dependencies, not state worth keeping."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is not arbitrary here: buttons carry short strings."""

    async def drop_chat_data(self, chat_id: int) -> None:
        self._write("DELETE FROM bot_chat_data WHERE chat_id = ?", [chat_id])

    async def drop_user_data(self, user_id: int) -> None:
        self._write("DELETE FROM bot_user_data WHERE user_id = ?", [user_id])

    async def refresh_user_data(self, user_id: int, user_data: Data) -> None:
        """In-memory user data is authoritative while the bot runs."""

    async def refresh_chat_data(self, chat_id: int, chat_data: Data) -> None:
        """In-memory chat data is authoritative while the bot runs."""

    async def refresh_bot_data(self, bot_data: Data) -> None:
        """Nothing to refresh: bot data is not persisted."""

    async def flush(self) -> None:
        """Every update is written when it is made; nothing is buffered here."""
