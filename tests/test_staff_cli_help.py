"""`lantian queue …` explains itself: arguments and their choices in --help, a bad value named,
a refused --staff-id told who is staff, and the history in Shanghai time and in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.desk.vocabulary import CLOSING_OUTCOMES, DESTINATIONS, DISTRICTS, GROUNDS, OUTCOMES
from tests.desk_queue import STAFF_TEXT, known_queue, queue_db

ARGUMENTS = {
    "assign": ("DISTRICT", {d: (d, d) for d in DISTRICTS}),
    "transfer": ("DESTINATION", DESTINATIONS),
    "close": ("OUTCOME", {code: OUTCOMES[code] for code in CLOSING_OUTCOMES}),
    "refuse": ("GROUND", GROUNDS),
}


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_help_lists_the_second_argument_and_every_choice(command: str) -> None:
    metavar, table = ARGUMENTS[command]
    result = CliRunner().invoke(cli, ["queue", command, "--help"])
    assert f"NUMBER {metavar}" in result.output
    for code, (zh, _) in table.items():
        assert code in result.output and zh in result.output


@pytest.mark.parametrize("command", sorted(ARGUMENTS))
def test_a_bad_value_names_the_argument(command: str) -> None:
    result = CliRunner().invoke(cli, ["queue", command, "1", "nonsense", "--staff-id", "1"])
    assert result.exit_code == 2
    assert f"Invalid value for '{ARGUMENTS[command][0]}'" in result.output
    assert "''" not in result.output


def test_without_a_staff_list_the_refusal_says_how_to_configure_it(tmp_path: Path) -> None:
    args = ["queue", "list", "--staff-id", "1", "--db", str(tmp_path / "x.db")]
    result = CliRunner().invoke(cli, args, env={"LANTIAN_STAFF": ""})
    assert result.exit_code != 0
    assert "LANTIAN_STAFF=1:city" in result.output and "--staff-id 1" in result.output


def test_an_id_off_the_list_is_told_who_is_on_it(tmp_path: Path) -> None:
    args = ["queue", "list", "--staff-id", "1", "--db", str(tmp_path / "x.db")]
    result = CliRunner().invoke(cli, args, env={"LANTIAN_STAFF": STAFF_TEXT})
    assert result.exit_code != 0
    assert "7001（市局）" in result.output and "7003 (浦东新区)" in result.output


def test_history_is_in_shanghai_time_and_words(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    db = queue_db(path)
    number = known_queue(db).number("t1")  # accepted at 10:00 Shanghai on 2023-04-21
    db.close()
    args = ["queue", "show", number, "--staff-id", "7001", "--db", str(path)]
    result = CliRunner().invoke(cli, args, env={"LANTIAN_STAFF": STAFF_TEXT})
    assert result.exit_code == 0, result.output
    assert "2023-04-21 10:00 静安 受理 → 已受理" in result.output
    assert "办结 → 已办结 → 属实" in result.output
    assert "+00:00" not in result.output and " accept" not in result.output
