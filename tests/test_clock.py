"""One clock: Shanghai's day on a server that keeps UTC, pinned around midnight in Shanghai."""

from __future__ import annotations

import ast
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine

from bot import clock
from bot.reports.tickets import Draft
from bot.settings import Settings

BOT = Path(__file__).resolve().parent.parent / "bot"
# 00:30 on 2 December in Shanghai is still 1 December on a UTC server (16:30).
JUST_AFTER_MIDNIGHT = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
JUST_BEFORE_MIDNIGHT = datetime(2026, 12, 1, 15, 59, tzinfo=UTC)  # 23:59 on 1 December


@pytest.fixture
def utc_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("moment", "shanghai_day"),
    [(JUST_AFTER_MIDNIGHT, date(2026, 12, 2)), (JUST_BEFORE_MIDNIGHT, date(2026, 12, 1))],
)
def test_today_is_shanghais_day_on_a_utc_server(
    utc_server: None, moment: datetime, shanghai_day: date
) -> None:
    with time_machine.travel(moment, tick=False):
        assert date.today() == date(2026, 12, 1)  # what the server itself says
        assert clock.today() == shanghai_day
        assert Settings(today=None).check_date() == shanghai_day
        assert clock.local_day(Settings(today=None).now()) == shanghai_day


def test_todays_date_in_shanghai_is_not_in_the_future(utc_server: None) -> None:
    draft = Draft(
        kind="report",
        category="other",
        subject_text="某某代理公司",
        happened_on="2026-12-02",
        description="自称商标局窗口。",
        anonymous=True,
        reporter_user_id=1,
    )
    with time_machine.travel(JUST_AFTER_MIDNIGHT, tick=False):
        draft.validate()  # raised HappenedOnFuture while the server's date was used


def test_a_fixed_day_stands_for_noon_in_shanghai() -> None:
    fixed = Settings(today=date(2026, 6, 1))
    assert fixed.check_date() == date(2026, 6, 1)
    assert fixed.now() == datetime(2026, 6, 1, 4, tzinfo=UTC)


def _reads_the_servers_clock(node: ast.AST) -> bool:
    """`date.today()`, `datetime.now(...)`, `datetime.today()`, `time.localtime()`."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    owner = node.func.value
    name = owner.id if isinstance(owner, ast.Name) else ""
    return (name, node.func.attr) in {
        ("date", "today"),
        ("datetime", "now"),
        ("datetime", "today"),
        ("datetime", "utcnow"),
        ("time", "localtime"),
    }


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(BOT.rglob("*.py")) if p.name != "clock.py" and "localapi" not in p.parts],
    ids=lambda p: str(p.relative_to(BOT)),
)
def test_only_the_clock_module_reads_the_time_of_day(path: Path) -> None:
    """The Bot API stand-in (localapi) keeps Telegram's own clock and is exempt."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not [n.lineno for n in ast.walk(tree) if _reads_the_servers_clock(n)]
