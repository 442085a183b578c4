"""Shared fixtures: a fresh in-memory database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import hypothesis
import pytest
import sqlite_utils

from bot.registry.database import open_database
from bot.registry.demo import write_demo_bundle
from bot.registry.importer import import_path

DEMO_TODAY = date(2026, 11, 1)

pytest_plugins = ("tests.bot_harness",)

# No per-example deadline: hypothesis's first text strategy in a fresh clone builds its Unicode
# tables (.hypothesis/unicode_data) inside the example's time, and a shared 2-core CI machine
# makes timings noise. A property either holds or not; the benchmarks measure speed.
hypothesis.settings.register_profile("lantian", deadline=None)
hypothesis.settings.load_profile("lantian")
BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The real-browser tests are slow as a group (about 90 s of Chromium): `make quick`
    (pytest -m "not slow") leaves them to `make test`."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.slow)


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


CHECK_BUNDLE = Path(__file__).parent / "fixtures" / "check_bundle"
CHECK_TODAY = date(2026, 6, 1)  # the fixture registry's as-of date


@pytest.fixture(scope="session")
def check_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    """The fixture registry of the check's acceptance cases, imported once; read only."""
    db = open_database(tmp_path_factory.mktemp("check-registry") / "lantian.db")
    import_path(db, CHECK_BUNDLE, today=CHECK_TODAY)
    yield db
    db.close()


if TYPE_CHECKING:
    from tests.desk_queue import KnownQueue


@pytest.fixture
def known_path(tmp_path: Path) -> tuple[Path, KnownQueue]:
    """A queue database with the known tickets of tests/desk_queue.py, closed, and its path."""
    from tests.desk_queue import known_queue, queue_db

    path = tmp_path / "lantian.db"
    db = queue_db(path)
    known = known_queue(db)
    db.close()
    return path, known
