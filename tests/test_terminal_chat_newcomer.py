"""What a newcomer met in `make run` (found by one): Ctrl-C at the prompt did nothing until
Enter, each evidence file sent in /report froze the chat for a minute, an unknown command got
no answer at all, and the goodbye was in Chinese only."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.localapi.server import LocalBotApi
from bot.settings import Settings
from bot.telegram.runner import LOCAL_TOKEN
from bot.words import Lang, say
from bot.words.chat import REPORT_TEXTS, TEXTS
from bot.words.cli import MESSAGES, both
from tests.bot_harness import file_report_until_evidence, person, png
from tests.test_bot_lifecycle import raw_message
from tests.test_private_only import GROUP, group_messages, in_group
from tests.test_terminal_chat import chat, press

LANTIAN = Path(sys.executable).parent / "lantian"
BYE = both(MESSAGES["bye"])


def unknown(command: str, lang: Lang = "zh") -> str:
    return say(TEXTS["unknown_command"], lang, command=command)


# Ctrl-C and Ctrl-D at the prompt of `lantian run` -------------------------------------------


def _read_until(fd: int, seen: bytearray, wanted: bytes, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the other end closed: the process has gone
                return wanted in seen
            if not chunk:
                break
            seen += chunk
    return wanted in seen


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize("leave", ["ctrl_c", "ctrl_d"])
def test_ctrl_c_or_ctrl_d_at_the_prompt_ends_lantian_run_at_once(
    db_path: Path, tmp_path: Path, leave: str
) -> None:
    """At `你> `, as a person at a terminal: one Ctrl-C (SIGINT) or Ctrl-D ends the chat, the
    bot, the local server and the site within seconds, with a goodbye and no traceback."""
    import pty

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANTIAN_", "TELEGRAM_"))}
    env |= {
        "LANTIAN_SITE_DIR": str(tmp_path / "site"),
        "LANTIAN_SITE_PORT": "0",
        "LANTIAN_DATA_DIR": str(tmp_path / "data"),
        "LANTIAN_STAFF": "",
    }
    controller, terminal = pty.openpty()
    child = subprocess.Popen(
        [str(LANTIAN), "run", "--db", str(db_path)],
        env=env,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        start_new_session=True,
    )
    os.close(terminal)
    seen = bytearray()
    try:
        assert _read_until(controller, seen, "你> ".encode(), 120), seen.decode(errors="replace")
        started = time.monotonic()
        if leave == "ctrl_c":
            child.send_signal(signal.SIGINT)
        else:
            os.write(controller, b"\x04")
        _read_until(controller, seen, BYE.encode(), 5)
        status = child.wait(timeout=5)
        took = time.monotonic() - started
        _read_until(controller, seen, b"\0", 0.2)  # whatever it wrote last
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(controller)
    shown = seen.decode(errors="replace")
    assert status in (0, 130) and took < 5, (status, took, shown[-500:])
    assert BYE in shown and "Traceback" not in shown and "Aborted" not in shown, shown[-500:]


# Files sent as a report's evidence ----------------------------------------------------------


def test_evidence_files_in_a_report_are_answered_at_once(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    """Nothing follows "evidence received": the next prompt comes as soon as it is shown (it
    used to wait a minute for a second message after a picture, a document after a file)."""
    settings = Settings(data_dir=tmp_path / "data", db=db_path, today=date(2026, 6, 1))
    picture, contract = tmp_path / "chat.png", tmp_path / "contract.pdf"
    picture.write_bytes(png())
    contract.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    asked: dict[str, float] = {}

    def timed(line: str) -> Any:
        def step(output: list[str]) -> str:
            asked[line] = time.monotonic()
            return line

        return step

    def then(output: list[str]) -> str:
        asked["next"] = time.monotonic()
        return "/cancel"

    output = chat(
        settings,
        db,
        [
            "/report", press("举报"), press("代理恶意抢注"), "上海华岳知识产权代理有限公司",
            press("是这家"), "对方自称商标局受理窗口，收取加急费 5000 元。", "2026-05-20",
            timed(f"@{picture}"), timed(f"@{contract}"), then,
        ],
    )  # fmt: skip
    saved = [say(REPORT_TEXTS["evidence_saved"], "zh", count=n) for n in (1, 2)]
    shown = "\n".join(output)
    assert all(line in shown for line in saved), output[-6:]
    assert asked[f"@{contract}"] - asked[f"@{picture}"] < 5, asked
    assert asked["next"] - asked[f"@{contract}"] < 5, asked
    assert output[-1] == BYE


def test_a_list_outside_a_report_still_comes_back_checked(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    """ "Checking…" says a result follows: the terminal waits for it, and shows it before the
    next prompt."""
    settings = Settings(data_dir=tmp_path / "data", db=db_path, today=date(2026, 6, 1))
    listed = tmp_path / "firms.csv"
    listed.write_text("query\n上海华岳知识产权代理有限公司\n", encoding="utf-8")
    output = chat(settings, db, [f"@{listed}", "/help"])
    at = next(n for n, line in enumerate(output) if line.endswith(f"@{listed}"))
    assert "firms.checked.csv" in "\n".join(output[at + 1 : at + 3]), output[at:]


# Unknown commands ---------------------------------------------------------------------------


def test_an_unknown_command_is_answered_in_the_terminal(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data", db=db_path, today=date(2026, 6, 1))
    output = chat(settings, db, ["/close", "/foo bar", "/lang en", "/foo", "/help"])
    assert output[output.index("你> /close") + 1] == unknown("/close")
    assert output[output.index("你> /foo bar") + 1] == unknown("/foo")
    assert output[output.index("你> /foo") + 1] == unknown("/foo", "en")
    assert "Commands" in output[output.index("你> /help") + 1]  # /help itself is not shadowed


def test_the_goodbye_is_said_in_both_languages(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    for lang in ("zh", "en"):
        settings = Settings(data_dir=tmp_path / lang, db=db_path, lang=lang)
        assert chat(settings, db, [])[-1] == "再见 / Bye"


@pytest.mark.asyncio
async def test_an_unknown_command_shadows_no_command_of_a_report(running: LocalBotApi) -> None:
    """Inside a report, an unknown command is answered and the report goes on; /help and
    /cancel still do what they do."""
    alice = person(running)
    await file_report_until_evidence(alice)
    assert (await alice.says("/close"))[0]["text"] == unknown("/close")
    assert "可用命令" in (await alice.says("/help"))[0]["text"]
    running.user_sends_document(LOCAL_TOKEN, alice.user, png(), "chat.png")
    saved = say(REPORT_TEXTS["evidence_saved"], "zh", count=1)
    assert (await alice.replies())[0]["text"] == saved  # still in the report
    assert (await alice.says("/cancel"))[0]["text"] == say(TEXTS["cancelled"], "zh")
    assert (await alice.says("/cancel"))[0]["text"] == say(TEXTS["nothing_to_cancel"], "zh")


@pytest.mark.asyncio
async def test_in_a_group_only_an_unknown_command_addressed_to_the_bot_is_answered(
    running: LocalBotApi,
) -> None:
    name = running.bot(LOCAL_TOKEN).username
    in_group(running, "/foo")  # perhaps another bot's: nothing
    in_group(running, "/foo@another_bot")
    in_group(running, f"/foo@{name}")
    answers = await group_messages(running, 1)
    await asyncio.sleep(0.3)  # nothing more follows
    assert answers == [unknown("/foo")], running.sent_messages(LOCAL_TOKEN, GROUP)


@pytest.mark.asyncio
async def test_a_forged_overlong_command_is_quoted_short(
    running: LocalBotApi,
) -> None:
    """A forged update may call 4,000 characters a command; Telegram allows 32."""
    alice = person(running)
    forged = "/x" + "y" * 4000
    entity = {"type": "bot_command", "offset": 0, "length": len(forged)}
    running.deliver_raw_update(
        LOCAL_TOKEN, raw_message(running, alice, text=forged, entities=[entity])
    )
    [answer] = await alice.replies()
    assert answer["text"] == unknown(forged[:33])
