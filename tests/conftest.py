"""Shared fixtures: a fresh in-memory database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from bot.registry.database import open_database

pytest_plugins = ("tests.bot_harness",)


@pytest.fixture
def fresh_db() -> Iterator[sqlite_utils.Database]:
    db = open_database(":memory:")
    yield db
    db.close()
