"""`lantian check` starts light (issue 11): its process imports what a check needs and no more,
and what it skips changes no answer.

The console script runs in a subprocess under `python -X importtime`, which names every module
the process imports; a wall-clock bound would only measure how busy the machine is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot.check import check
from bot.cli import CHARACTER_READINGS_ONLY, cli
from bot.registry.database import migrations, open_database
from bot.registry.ready import MIGRATIONS, open_ready
from bot.reports.schema import reports_migrations
from tests.conftest import CHECK_TODAY

LANTIAN = Path(sys.executable).with_name("lantian")

# What a check of a name never uses: the settings library that used to load (a third of the
# start-up), sqlite-utils (a ready database is opened with sqlite3 alone: bot/registry/ready.py),
# the bot and the staff desk, the site, the import, pypinyin (a name's sounds come
# from bot/char_sounds.py), libphonenumber (a name has no digits), USCC checksums (no USCC in
# the query), the public suffix list (a name has no web host).
NOT_FOR_A_NAME = (
    "sqlite_utils",
    "pluggy",
    "dateutil",
    "pydantic",
    "pydantic_core",
    "pydantic_settings",
    "dotenv",
    "telegram",
    "httpx",
    "aiohttp",
    "bot.telegram",
    "bot.desk",
    "bot.staff_cli",
    "bot.site",
    "bot.registry.importer",
    "bot.registry.fetch",
    "bot.registry.demo",
    "bot.batch_check",
    "pypinyin",
    "phonenumbers",
    "stdnum",
    "publicsuffixlist",
    "jieba",
    "openpyxl",
    "yaml",
    "mkdocs",
    "jinja2",
)
EXACT_NAME = "上海华岳知识产权代理有限公司"
HOMOPHONE = "上海华月知识产权代理有限公司"  # 月 sounds as 岳: found by the name's sounds


def plain_environment() -> dict[str, str]:
    """This process's environment without Lantian's or pypinyin's settings."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(("LANTIAN_", "TELEGRAM_", "PYPINYIN_"))
    }


def database_file(db: sqlite_utils.Database) -> Path:
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def check_args(db: sqlite_utils.Database, query: str, *extra: str) -> list[str]:
    return ["check", query, "--db", str(database_file(db)), "--today", str(CHECK_TODAY), *extra]


def imported_by(args: list[str]) -> tuple[set[str], str]:
    """The modules `lantian <args>` imports, and what it prints."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", str(LANTIAN), *args],
        capture_output=True,
        text=True,
        env=plain_environment(),
        check=True,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return modules, run.stdout


def heavy_among(modules: set[str]) -> list[str]:
    return sorted(
        found
        for found in modules
        for heavy in NOT_FOR_A_NAME
        if found == heavy or found.startswith(heavy + ".")
    )


@pytest.mark.parametrize("query", [EXACT_NAME, HOMOPHONE])
@pytest.mark.parametrize("extra", [(), ("--json",)], ids=["text", "json"])
def test_checking_a_name_imports_nothing_it_does_not_need(
    check_registry: sqlite_utils.Database, query: str, extra: tuple[str, ...]
) -> None:
    modules, _ = imported_by(check_args(check_registry, query, *extra))
    assert "bot.check" in modules and "bot.registry.ready" in modules  # it did check
    assert heavy_among(modules) == []


def test_checking_a_web_address_reads_the_suffix_list_without_a_downloader(
    check_registry: sqlite_utils.Database,
) -> None:
    """A web address needs the public suffix list (its site name: normalize.site_label), read
    from the copy publicsuffixlist ships; no HTTP library comes with it (tldextract's requests
    cost a web address's check 60 ms)."""
    modules, printed = imported_by(check_args(check_registry, "www.example-ip.cn"))
    assert "publicsuffixlist" in modules and printed
    assert heavy_among(modules) == ["publicsuffixlist"]
    assert not {m for m in modules if m.split(".")[0] in ("tldextract", "requests", "urllib3")}


@pytest.mark.parametrize("query", [EXACT_NAME, HOMOPHONE])
@pytest.mark.parametrize("extra", [(), ("--json",)], ids=["text", "json"])
def test_the_light_start_gives_the_answer_of_a_full_one(
    check_registry: sqlite_utils.Database, query: str, extra: tuple[str, ...]
) -> None:
    """The console script (phrase dictionary left out) answers as `cli` does in this process."""
    _, printed = imported_by(check_args(check_registry, query, *extra))
    in_process = CliRunner().invoke(cli, check_args(check_registry, query, *extra))
    assert in_process.exit_code == 0, in_process.output
    assert printed == in_process.output
    if extra:
        assert json.loads(printed)["query"] == query


# Every character pypinyin knows read alone, then words whose phrase reading differs from their
# characters' read a character at a time (as normalize.char_sound reads them).
SOUNDS_OF_EVERY_CHARACTER = """
import json
from pypinyin import lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict
def sound(text):
    return " ".join(" ".join(lazy_pinyin([char])) for char in text)
words = ["重庆长宁银行", "于思", "单于", "曾经", "长乐", "朝阳", "乐行"]
print(json.dumps([sound(chr(code)) for code in sorted(pinyin_dict)] + [*map(sound, words)]))
"""


def test_every_character_sounds_the_same_without_the_phrase_dictionary() -> None:
    """What lets `lantian check` leave pypinyin's phrases out for a character bot/char_sounds.py
    lacks: read one at a time, a character's reading never comes from a phrase."""

    def sounds(env: dict[str, str]) -> list[str]:
        run = subprocess.run(
            [sys.executable, "-c", SOUNDS_OF_EVERY_CHARACTER],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return list(json.loads(run.stdout))

    full = sounds(plain_environment())
    assert len(full) > 20_000
    assert sounds({**plain_environment(), **CHARACTER_READINGS_ONLY}) == full


def test_the_sound_table_reads_every_character_as_pypinyin_does() -> None:
    """bot/char_sounds.py, which a check reads instead of loading pypinyin, holds every
    character pypinyin knows (and ASCII) with pypinyin's own reading. After a pypinyin upgrade
    this fails until `python scripts/char_sounds.py` makes the table again."""
    from pypinyin import lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    from bot.char_sounds import SOUNDS
    from bot.normalize import char_sound

    tabled = [char for chars in SOUNDS.values() for char in chars]
    assert len(tabled) == len(set(tabled))  # one reading each
    assert set(tabled) == {chr(code) for code in (*pinyin_dict, *range(0x21, 0x7F))}
    wrong = [c for c in tabled if char_sound(c) != " ".join(lazy_pinyin([c]))]
    assert wrong == []
    assert char_sound("华") == char_sound("化") == "hua"
    assert char_sound("ヒ") == "ヒ"  # beyond the table, pypinyin still reads it


def test_a_plain_name_leaves_the_state_organ_pattern_uncompiled() -> None:
    """POSING takes 10-20 ms to compile: a name holding none of its words is answered without
    it, and a name holding one is searched with it."""
    from bot import state_organs
    from bot.normalize import fold

    state_organs._posing.cache_clear()
    assert state_organs.posing_in(fold(EXACT_NAME)) is None
    assert state_organs._posing.cache_info().currsize == 0
    found = state_organs.posing_in(fold("国家知识产权局 指定代理"))
    assert found is not None and found.group(0) == "国家知识产权局"
    assert state_organs._posing.cache_info().currsize == 1


def test_a_staff_command_still_brings_the_desk() -> None:
    """The desk is left out of a check, not lost: `lantian queue --help` loads it."""
    modules, printed = imported_by(["queue", "--help"])
    assert "bot.desk.staff" in modules and "queue" in printed


def test_the_ready_opener_knows_every_migration() -> None:
    """bot/registry/ready.py skips open_database only when every migration is applied: its list
    is the migration sets' own (add a migration there and here)."""
    groups = (migrations, reports_migrations)
    assert {group.name: tuple(m.name for m in group._migrations) for group in groups} == MIGRATIONS


def test_a_ready_database_opens_plainly_and_answers_the_same(
    check_registry: sqlite_utils.Database,
) -> None:
    conn = open_ready(database_file(check_registry))
    assert conn is not None
    try:
        for query in (EXACT_NAME, HOMOPHONE, "华岳", "13800001111", "cnipa-gov.example"):
            plain = check(conn, query, today=CHECK_TODAY)
            assert plain == check(check_registry, query, today=CHECK_TODAY)
    finally:
        conn.close()


def test_a_database_needing_work_is_left_to_open_database(tmp_path: Path) -> None:
    """New, missing a migration, without its registry file or with a damaged one: open_ready
    declines, and open_database does what it always did (migrates, makes, sets aside)."""
    path = tmp_path / "lantian.db"
    assert open_ready(path) is None and open_ready(":memory:") is None
    open_database(path).close()
    ready = open_ready(path)
    assert ready is not None
    ready.close()

    registry = tmp_path / "lantian-registry.db"
    registry.write_bytes(b"not a database")
    assert open_ready(path) is None
    open_database(path).close()  # sets the damaged file aside for an empty registry
    assert list(tmp_path.glob("lantian-registry.db.damaged-*"))
    ready = open_ready(path)
    assert ready is not None
    ready.close()
    registry.unlink()
    assert open_ready(path) is None

    behind = tmp_path / "behind" / "lantian.db"
    db = open_database(behind)
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_staff_desk'")
    db.close()
    assert open_ready(behind) is None
