"""The directory index as the site build writes it: a batch of subjects at a time, its keys
sorted by SQLite (bot/site/shards.py write_directory), yet the same files, byte for byte, as
the index of every entry held at once (write_shards); and the browser finds a key's file
where Python put it."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlite_utils

from bot.site import shard_helper
from bot.site.agencies import SubjectLoader, load_registry
from bot.site.shards import (
    READ_BATCH,
    bot_candidates,
    key_hash,
    shard_of,
    write_directory,
    write_shards,
)
from tests.conftest import CHECK_TODAY, DEMO_TODAY

ROOT = Path(__file__).resolve().parent.parent


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}


@pytest.mark.parametrize("helper", [True, False], ids=["helper", "alone"])
@pytest.mark.parametrize("registry", ["shanghai_demo", "check_registry"])
def test_the_index_read_in_batches_is_the_index_of_every_entry_at_once(
    registry: str,
    helper: bool,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db: sqlite_utils.Database = request.getfixturevalue(registry)
    answered: list[object] = []
    result = shard_helper.Started.result
    monkeypatch.setattr(
        shard_helper.Started, "result", lambda self: answered.append(result(self)) or answered[-1]
    )
    today: date = DEMO_TODAY if registry == "shanghai_demo" else CHECK_TODAY
    loaded = load_registry(db, today=today)
    entries = loaded.agencies + loaded.practitioners
    at_once = write_shards(
        entries,
        loaded.data,
        tmp_path / "at-once",
        today=today,
        bot_username="lantian_test_bot",
        common_answer=bot_candidates(db),
    )
    batched = write_directory(
        db,
        SubjectLoader(db, today=today),
        tmp_path / "batched",
        today=today,
        bot_username="lantian_test_bot",
        helper=helper,
    )
    assert batched == at_once
    assert files(tmp_path / "batched") == files(tmp_path / "at-once")
    # With a helper, it wrote the key and gram files (it read the same registry).
    assert len(answered) == helper and None not in answered
    if registry == "shanghai_demo":
        assert len(entries) > 2 * READ_BATCH, "the demo no longer spans several batches"
        assert at_once.stop_grams, "no gram is common enough to leave out"
    # The scratch tables were the build's connection's own, and are gone.
    assert db.execute("SELECT name FROM temp.sqlite_master").fetchall() == []


def test_the_browser_looks_for_a_key_in_the_file_python_put_it_in() -> None:
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the directory's script: run `make browser-deps`")
    keys = ["n:上海示例", "i:91310101MA1FL3R23H", "s:lantian", "~华岳", "t:jp", "p:02161234567"]
    script = (
        f"import({json.dumps(str(ROOT / 'site' / 'assets' / 'directory.js'))}).then((m) => "
        "console.log(JSON.stringify(JSON.parse(process.argv[1]).map((k) => "
        "[m.keyHash(k), m.shardOf(k, 1), m.shardOf(k, 4096)]))))"
    )
    output = subprocess.run(
        ["node", "--input-type=module", "-e", script, json.dumps(keys)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    expected = [[key_hash(k), "0", format(shard_of(k, 4096), "x")] for k in keys]
    assert json.loads(output) == expected


def test_a_helper_that_reads_another_registry_leaves_the_files_to_the_build(
    check_registry: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if an import had published a new registry since the build began: the helper finds
    # another digest than the build's, writes nothing and says so; the build writes the files.
    monkeypatch.setattr(
        shard_helper, "reader", SimpleNamespace(registry_info=lambda db: {"digest": "earlier"})
    )
    answered: list[object] = []
    result = shard_helper.Started.result
    monkeypatch.setattr(
        shard_helper.Started, "result", lambda self: answered.append(result(self)) or answered[-1]
    )
    loader = SubjectLoader(check_registry, today=CHECK_TODAY)
    helped = write_directory(check_registry, loader, tmp_path / "a", today=CHECK_TODAY)
    alone = write_directory(check_registry, loader, tmp_path / "b", today=CHECK_TODAY, helper=False)
    assert answered == [None]
    assert helped == alone
    assert files(tmp_path / "a") == files(tmp_path / "b")
