"""Tests that shape a registry by hand write its file directly.

Lantian itself never writes the live registry: an import replaces the whole file, and every
connection attaches it read-only. A test that needs one odd row opens the file for writing; the
database's read-only view sees the change at its next statement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from bot.registry.database import registry_path


@contextmanager
def registry_writer(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """The registry file of `db`, open for writing, committed on leaving the block."""
    conn = sqlite3.connect(registry_path(db))
    try:
        with conn:
            yield conn
    finally:
        conn.close()
