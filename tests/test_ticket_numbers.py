"""Short ticket numbers (`2`, `0002`, `#2`) as staff type them, in the bot and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import cli
from bot.desk.errors import DeskError, OutsideDistrict, TicketNotFound
from bot.desk.numbers import AmbiguousNumber, resolve
from tests.desk_queue import CITY, JINGAN, PUDONG, STAFF_TEXT, file, known_queue, queue_db


@pytest.fixture(scope="module")
def db() -> sqlite_utils.Database:
    database = queue_db()
    known_queue(database)  # ten tickets, each the first of its day: serial 0001
    file(database, "x2", kind="report", category="online", uscc=None, on="2023-07-03")
    file(database, "late", kind="report", category="online", uscc=None, on="2023-10-09")
    file(database, "late2", kind="report", category="online", uscc=None, on="2023-10-09")
    return database


@given(serial=st.integers(1, 9999), pad=st.sampled_from(["{}", "{:04d}", "#{}", " {:04d} "]))
@settings(max_examples=40, deadline=None)
def test_a_short_number_means_todays_ticket_with_that_serial(
    db: sqlite_utils.Database, serial: int, pad: str
) -> None:
    typed = pad.format(serial)
    today = date(2023, 10, 9)
    if serial <= 3:
        found = resolve(db, CITY, typed, today=today)
        assert found.number == f"LT-20231009-{serial:04d}" and found.short
        assert found.number in found.note(typed, "zh") and found.number in found.note(typed, "en")
    else:
        with pytest.raises(TicketNotFound):
            resolve(db, CITY, typed, today=today)


def test_a_short_number_not_today_is_the_one_ticket_with_that_serial(
    db: sqlite_utils.Database,
) -> None:
    assert resolve(db, CITY, "3", today=date(2026, 1, 1)).number == "LT-20231009-0003"


def test_an_ambiguous_short_number_is_refused_with_the_candidates(
    db: sqlite_utils.Database,
) -> None:
    with pytest.raises(AmbiguousNumber) as refused:
        resolve(db, CITY, "0001", today=date(2026, 1, 1))
    assert "LT-20231009-0001" in refused.value.message("zh")  # newest first
    assert "LT-20231009-0001, " in refused.value.message("en")


def test_a_short_number_counts_only_tickets_the_staff_member_may_see(
    db: sqlite_utils.Database,
) -> None:
    # 浦东新区 sees t2 and t8 only (both serial 1): still two, so still ambiguous, while a
    # serial that only other districts hold is "not found" rather than someone else's ticket.
    with pytest.raises(AmbiguousNumber):
        resolve(db, PUDONG, "1", today=date(2026, 1, 1))
    with pytest.raises(TicketNotFound):  # LT-20231009-0003 has no district: the city's
        resolve(db, JINGAN, "3", today=date(2026, 1, 1))


def test_the_full_number_is_accepted_in_any_case_and_without_padding(
    db: sqlite_utils.Database,
) -> None:
    for typed in ("LT-20230703-0002", "lt-20230703-2", "LT20230703-0002"):
        found = resolve(db, CITY, typed, today=date(2026, 1, 1))
        assert found.number == "LT-20230703-0002" and not found.short
    with pytest.raises(OutsideDistrict):  # the desk still checks who may see it
        from bot.desk.actions import load

        load(db, PUDONG, resolve(db, PUDONG, "LT-20230703-0002", today=date(2026, 1, 1)).number)


def test_queue_show_takes_a_short_number_and_says_which(tmp_path: Path) -> None:
    path = tmp_path / "q.db"
    database = queue_db(path)
    known_queue(database)
    database.close()
    env = {"LANTIAN_STAFF": STAFF_TEXT}
    args = ["queue", "show", "1", "--staff-id", "7001", "--db", str(path)]
    result = CliRunner().invoke(cli, [*args, "--today", "2023-10-09"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 即 LT-20231009-0001" in result.output
    ambiguous = CliRunner().invoke(cli, [*args, "--today", "2023-10-10"], env=env)
    assert ambiguous.exit_code != 0 and "LT-20231009-0001" in ambiguous.output


HOSTILE = json.loads(
    (Path(__file__).parent / "hostile" / "text" / "ticket_numbers.json").read_text("utf-8")
)["cases"]


@pytest.mark.parametrize("case", HOSTILE, ids=[repr(c["typed"]) for c in HOSTILE])
def test_a_typed_number_names_its_ticket_or_is_refused(
    db: sqlite_utils.Database, case: dict[str, str | None]
) -> None:
    from bot.desk.actions import load

    today = date(2023, 10, 9)
    if case["means"] is None:
        with pytest.raises(DeskError):
            load(db, CITY, resolve(db, CITY, str(case["typed"]), today=today).number)
    else:
        assert resolve(db, CITY, str(case["typed"]), today=today).number == case["means"]
