"""The terminal demo, end to end: a report filed and every desk step taken from the keyboard,
as a newcomer does after `make run` (no token, no staff list: the terminal is city staff)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlite_utils

from bot.reports.tickets import get
from bot.settings import Settings
from bot.telegram.runner import terminal_chat
from bot.words import say
from bot.words.cli import MESSAGES, TERMINAL, both


def terminal_says(key: str, **fields: object) -> str:
    return say(TERMINAL[key], "zh", **fields)


Step = str | Callable[[list[str]], str]


def press(label: str) -> Step:
    """Press the most recently shown button whose label starts with `label`."""

    def choose(output: list[str]) -> str:
        for line in reversed(output):
            for number, text in re.findall(r"\[#(\d+)\] (.*)", line):
                if text.startswith(label):
                    return f"#{number}"
        raise AssertionError(f"no button {label!r} shown; last output: {output[-3:]}")

    return choose


def report(subject: str) -> list[Step]:
    return [
        "/report", press("举报"), press("代理恶意抢注"), subject, press("是这家"),
        "对方自称商标局受理窗口，收取加急费 5000 元。", "2026-05-20", press("跳过"),
        press("匿名"), press("提交"),
    ]  # fmt: skip


def chat(settings: Settings, db: sqlite_utils.Database, steps: list[Step]) -> list[str]:
    output: list[str] = []
    pending = iter(steps)

    def read_line(prompt: str) -> str:
        step = next(pending, "/quit")
        typed = step(output) if callable(step) else step
        output.append(prompt + typed)
        return typed

    asyncio.run(terminal_chat(settings, db, read_line, output.append))
    return output


def ticket_numbers(output: list[str]) -> list[str]:
    return list(dict.fromkeys(re.findall(r"LT-\d{8}-\d{4}", "\n".join(output))))


def test_every_desk_step_can_be_taken_from_the_terminal(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data", db=db_path, today=date(2026, 6, 1))
    subject = "上海华岳知识产权代理有限公司"
    output = chat(
        settings,
        db,
        [
            *report(subject),
            *report(subject),
            *report(subject),
            "/queue",
            lambda out: f"/ticket {ticket_numbers(out)[0]}",
            press("受理"), press("开始调查"), press("办结"), press("属实"),
            lambda out: f"/ticket {ticket_numbers(out)[1]}",
            press("不予受理"), press("不属于本部门"),
            lambda out: f"/ticket {ticket_numbers(out)[2]}",
            press("受理"), press("移送"), press("公安"),
            "",  # a blank line sends nothing
            "#99",
            "@/no/such/file.png",
        ],
    )  # fmt: skip
    first, second, third = ticket_numbers(output)[:3]
    states = {n: get(db, n) for n in (first, second, third)}
    assert states[first] is not None and states[first].state == "closed"
    assert states[first].outcome == "substantiated"
    assert states[second] is not None and states[second].state == "not_accepted"
    assert states[third] is not None and states[third].state == "transferred"
    assert terminal_says("no_button") in output
    assert terminal_says("no_file", path="/no/such/file.png") in output
    assert output[-1] == both(MESSAGES["bye"])


def test_a_button_of_a_replaced_keyboard_gets_a_plain_answer(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data", db=db_path, today=date(2026, 6, 1))
    output = chat(
        settings,
        db,
        [
            *report("上海华岳知识产权代理有限公司"),
            lambda out: f"/ticket {ticket_numbers(out)[0]}",
            press("受理"),
            press("办结"),  # the card's keyboard becomes the outcomes
            press("属实"),
            "#4",  # the outcomes' fourth button: that keyboard was replaced by the closed card's
        ],
    )
    assert terminal_says("stale_button") in output or terminal_says("no_button") in output
    assert output[-1] == both(MESSAGES["bye"])


def test_the_terminal_speaks_the_runs_language(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    """`lantian run --lang en`: the prompt, the bot and the terminal's own words in English."""
    settings = Settings(
        data_dir=tmp_path / "data", db=db_path, today=date(2026, 6, 1), lang="en", staff="1:city"
    )
    output = chat(settings, db, ["/help", "#9"])
    assert output[0] == "you> /help" and "Commands" in output[1]
    assert say(TERMINAL["no_button"], "en") in output and output[-1] == "再见 / Bye"


def test_a_list_sent_from_the_terminal_comes_back_checked_and_saved(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    """`@list.csv` at the prompt: the checked list is saved under the data folder and named."""
    settings = Settings(data_dir=tmp_path / "data", db=db_path, today=date(2026, 6, 1))
    listed = tmp_path / "firms.csv"
    rows = ["query", "上海华岳知识产权代理有限公司", "国家知识产权局代办处"]
    listed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = chat(settings, db, [f"@{listed}"])
    saved = tmp_path / "data" / "terminal-files" / "firms.checked.csv"
    assert any(str(saved) in line for line in output), output[-3:]
    got = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert [row["level"] for row in got] == ["ok", "danger"]


def test_a_picture_sent_from_the_terminal_is_answered_with_its_card(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    """`@flyer.jpg` at the prompt: "reading…", then the card, before the next prompt."""
    from tests.pictures import picture

    settings = Settings(data_dir=tmp_path / "data", db=db_path, today=date(2026, 6, 1))
    flyer = tmp_path / "flyer.jpg"
    flyer.write_bytes(picture(["包过！不成功全额退款", "上海华岳知识产权代理有限公司"], "flyer"))
    output = chat(settings, db, [f"@{flyer}", "/help"])
    at = next(n for n, line in enumerate(output) if line.endswith(f"@{flyer}"))
    answer = "\n".join(output[at + 1 : at + 4])
    assert "正在识别" in answer and "包过" in answer and "用这张图片举报" in answer, answer
