"""A large bundle's search index is derived in a second process while its rows are checked
(bot/registry/index_worker.py): the registry it builds is the very one a single process builds,
and a worker that fails or a bundle that is refused leaves the live registry as it was."""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from bot.errors import BundleInvalid
from bot.registry import index_worker
from bot.registry.database import open_database, registry_path
from bot.registry.demo import write_demo_bundle
from bot.registry.importer import import_path
from bot.registry.refusals import DiskFull
from tests.bundles import agency, write_bundle

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "bundle"
    write_demo_bundle(folder, "shanghai")
    return folder


@pytest.fixture
def always_in_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_worker, "PARALLEL_FROM_BYTES", 0)


def _content(registry: Path) -> dict[str, str]:
    """Every registry table row by row, and every gram the full-text index holds, hashed."""
    conn = sqlite3.connect(registry)
    tables = [
        "dataset", "agencies", "practitioners", "listings", "sanctions", "lookup_keys",
        "search_names", "gram_counts",
    ]  # fmt: skip
    content = {}
    for table in tables:
        columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
        # Each registry's numbering of imports is its own (a random name): not content.
        where = " WHERE key != 'import_epoch'" if table == "dataset" else ""
        rows = conn.execute(f"SELECT * FROM {table}{where} ORDER BY {columns}").fetchall()
        content[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    conn.execute("CREATE VIRTUAL TABLE temp.grams USING fts5vocab(main, search_grams, instance)")
    grams = conn.execute("SELECT * FROM temp.grams ORDER BY term, doc, col, offset").fetchall()
    content["search_grams"] = hashlib.sha256(repr(grams).encode()).hexdigest()
    conn.close()
    return content


def _imported(folder: Path, bundle: Path) -> Path:
    db = open_database(folder / "lantian.db")
    import_path(db, bundle, today=TODAY)
    db.close()
    return folder / "lantian-registry.db"


def test_a_worker_builds_the_registry_one_process_builds(
    demo_bundle: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    alone = _content(_imported(tmp_path / "alone", demo_bundle))
    monkeypatch.setattr(index_worker, "PARALLEL_FROM_BYTES", 0)
    with caplog.at_level(logging.DEBUG, logger=index_worker.__name__):
        side_by_side = _content(_imported(tmp_path / "worker", demo_bundle))

    assert "index worker done" in caplog.text  # the worker did build this one
    assert side_by_side == alone


@pytest.mark.usefixtures("always_in_a_worker")
def test_a_worker_that_dies_fails_the_import_and_leaves_the_live_registry(
    demo_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(tmp_path / "lantian.db")
    import_path(db, write_bundle(tmp_path / "small", [agency()]), today=TODAY)
    before = _content(registry_path(db))
    monkeypatch.setattr(
        index_worker, "_START", "import sys; print('out of memory', file=sys.stderr); sys.exit(9)"
    )

    with pytest.raises(index_worker.WorkerFailed, match="out of memory"):
        import_path(db, demo_bundle, today=TODAY, allow_shrink=True)

    assert _content(registry_path(db)) == before
    assert not list(tmp_path.glob("*.next-*"))


@pytest.mark.usefixtures("always_in_a_worker")
def test_a_full_disk_in_the_worker_is_the_importer_s_plain_refusal(
    demo_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(tmp_path / "lantian.db")
    monkeypatch.setattr(
        index_worker,
        "_START",
        "import sqlite3; raise sqlite3.OperationalError('database or disk is full')",
    )

    with pytest.raises(DiskFull):
        import_path(db, demo_bundle, today=TODAY)

    assert not list(tmp_path.glob("*.next-*"))


@pytest.mark.usefixtures("always_in_a_worker")
def test_a_refused_bundle_stops_its_worker_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workers: list[index_worker.IndexWorker] = []
    real = index_worker.IndexWorker

    def kept(built: Path) -> index_worker.IndexWorker:
        workers.append(real(built))
        return workers[-1]

    monkeypatch.setattr("bot.registry.importer.IndexWorker", kept)
    db = open_database(tmp_path / "lantian.db")
    bad = write_bundle(tmp_path / "bad", [agency(), agency(status="no such status")])

    with pytest.raises(BundleInvalid):
        import_path(db, bad, today=TODAY)

    assert len(workers) == 1 and workers[0].process.returncode is not None
    assert not list(tmp_path.glob("*.next-*"))
    assert sqlite_utils.Database(registry_path(db))["agencies"].count == 0


@pytest.mark.usefixtures("always_in_a_worker")
def test_the_same_rows_in_another_order_stop_the_worker_and_change_nothing(
    demo_bundle: Path, tmp_path: Path
) -> None:
    db = open_database(tmp_path / "lantian.db")
    import_path(db, demo_bundle, today=TODAY)
    before = _content(registry_path(db))
    reordered = tmp_path / "reordered"
    shutil.copytree(demo_bundle, reordered)
    header, *rows = (reordered / "agencies.csv").read_text(encoding="utf-8").splitlines()
    (reordered / "agencies.csv").write_text("\n".join([header, *rows[::-1]]) + "\n", "utf-8")

    summary = import_path(db, reordered, today=TODAY)

    assert summary.unchanged
    after = _content(registry_path(db))
    del before["dataset"], after["dataset"]  # which bytes were imported last
    assert after == before
    assert not list(tmp_path.glob("*.next-*"))
