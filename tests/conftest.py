"""Shared fixtures: a fresh in-memory database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import sqlite_utils

from bot.registry.database import open_database
from bot.registry.demo import write_demo_bundle
from bot.registry.importer import import_path

DEMO_TODAY = date(2026, 11, 1)

pytest_plugins = ("tests.bot_harness",)


@pytest.fixture
def fresh_db() -> Iterator[sqlite_utils.Database]:
    db = open_database(":memory:")
    yield db
    db.close()


@pytest.fixture(scope="session")
def shanghai_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    """The fictional Shanghai demo registry, imported once for every test that only reads it."""
    folder = tmp_path_factory.mktemp("demo")
    write_demo_bundle(folder / "bundle", "shanghai")
    db = open_database(folder / "demo.db")
    import_path(db, folder / "bundle", today=DEMO_TODAY)
    yield db
    db.close()
