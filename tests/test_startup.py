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

from bot.cli import CHARACTER_READINGS_ONLY, cli
from tests.conftest import CHECK_TODAY

LANTIAN = Path(sys.executable).with_name("lantian")

# What a check of a name never uses: the settings library that used to load (a third of the
# start-up), the bot and the staff desk, the site, the import, the phrase dictionary of pinyin
# (a check reads characters one at a time), USCC checksums (no USCC in the query), web hosts.
NOT_FOR_A_NAME = (
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
    "pypinyin.phrases_dict",
    "stdnum",
    "tldextract",
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
    assert "bot.check" in modules and "sqlite_utils" in modules  # it did check
    assert heavy_among(modules) == []


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


# Every character pypinyin knows, then words whose phrase reading differs from their characters'.
SOUNDS_OF_EVERY_CHARACTER = """
import json
from pypinyin.pinyin_dict import pinyin_dict
from bot.normalize import sound_key
words = ["重庆长宁银行", "于思", "单于", "曾经", "长乐", "朝阳", "乐行"]
print(json.dumps([sound_key(chr(code)) for code in sorted(pinyin_dict)] + [*map(sound_key, words)]))
"""


def test_every_character_sounds_the_same_without_the_phrase_dictionary() -> None:
    """What lets `lantian check` leave pypinyin's phrases out: sound_key reads characters one at
    a time, so its readings never come from a phrase."""

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


def test_a_staff_command_still_brings_the_desk() -> None:
    """The desk is left out of a check, not lost: `lantian queue --help` loads it."""
    modules, printed = imported_by(["queue", "--help"])
    assert "bot.desk.staff" in modules and "queue" in printed
