"""Staff open a ticket's evidence: `/evidence N` sends the files to their private chat and
`lantian queue evidence N --out DIR` copies them out. Whoever may open the ticket may open its
files; each look is in the audit log (who, when, which files) before any file leaves; a file
whose content no longer matches the hash it was received with is named and never handed out."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner, Result
from telegram.ext import Application, CommandHandler

from bot.cli import cli
from bot.desk.errors import NoEvidence, OutsideDistrict
from bot.desk.evidence import open_evidence
from bot.localapi.server import LocalBotApi
from bot.registry.database import open_database
from bot.reports.evidence import StoredEvidence, store
from bot.settings import Settings
from bot.telegram.runner import LOCAL_TOKEN
from bot.words.desk import STAFF_COMMANDS
from tests.bot_harness import person
from tests.desk_queue import CITY, HUAYUE, JINGAN, PUDONG, STAFF_TEXT, at, file, queue_db

PHOTO = b"\x89PNG\r\n\x1a\n" + b"a screenshot of the shop page" * 20
PAPER = b"%PDF-1.4\n" + b"the contract" * 50
SENT_AS = ("李四的截图.png", "合同-13912345678.pdf")  # the reporter's names name the reporter


def evidence_in(data_dir: Path) -> list[StoredEvidence]:
    return [
        store(data_dir, PHOTO, SENT_AS[0], "image/png"),
        store(data_dir, PAPER, SENT_AS[1], "application/pdf"),
    ]


def with_evidence(db: sqlite_utils.Database, data_dir: Path, on: str = "2023-06-01") -> str:
    """A real-name 举报 about 上海华岳 (静安) with two files."""
    made = file(db, "e", kind="report", category="impersonation", uscc=HUAYUE, on=on,
                evidence=evidence_in(data_dir))  # fmt: skip
    return made.number


def looks(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM audit_log WHERE action = 'view_evidence' ORDER BY id"))


@pytest.fixture
def desk_db() -> Iterator[sqlite_utils.Database]:
    database = queue_db()
    yield database
    database.close()


# --- the domain -------------------------------------------------------------------------------


def test_opening_evidence_is_logged_with_who_when_and_which_files(
    desk_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    number = with_evidence(desk_db, tmp_path)
    look = open_evidence(desk_db, JINGAN, number, tmp_path, now=at("2023-06-02", 15))
    assert [f.name for f in look.files] == [f"{number}-1.png", f"{number}-2.pdf"]
    assert [f.path.read_bytes() for f in look.files] == [PHOTO, PAPER]
    assert look.damaged == []
    [line] = looks(desk_db)
    assert (line["staff_user_id"], line["at"]) == (JINGAN.user_id, "2023-06-02T07:00:00+00:00")
    assert [f["index"] for f in json.loads(line["after"])["files"]] == [1, 2]


def test_a_district_may_not_open_another_districts_evidence(
    desk_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    number = with_evidence(desk_db, tmp_path)  # 静安
    with pytest.raises(OutsideDistrict):
        open_evidence(desk_db, PUDONG, number, tmp_path, now=at("2023-06-02"))
    assert looks(desk_db) == []


def test_a_ticket_without_files_says_so(desk_db: sqlite_utils.Database, tmp_path: Path) -> None:
    bare = file(desk_db, "b", kind="report", category="online", uscc=HUAYUE, on="2023-06-01")
    with pytest.raises(NoEvidence, match=bare.number):
        open_evidence(desk_db, CITY, bare.number, tmp_path, now=at("2023-06-02"))


def test_a_file_changed_since_it_was_received_is_named_and_not_handed_out(
    desk_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    number = with_evidence(desk_db, tmp_path)
    paper = evidence_in(tmp_path)[1].path
    paper.write_bytes(b"%PDF-1.4\n" + b"someone else's contract" * 50)
    look = open_evidence(desk_db, CITY, number, tmp_path, now=at("2023-06-02"))
    assert [f.index for f in look.files] == [1] and look.damaged == [2]
    assert json.loads(looks(desk_db)[0]["after"])["damaged"] == [2]


# --- lantian queue evidence -------------------------------------------------------------------


def cli_run(path: Path, data: Path, *args: str, staff: int = 7001) -> Result:
    command = ["queue", "evidence", *args, "--staff-id", str(staff), "--db", str(path)]
    env = {"LANTIAN_STAFF": STAFF_TEXT, "LANTIAN_DATA_DIR": str(data)}
    return CliRunner().invoke(cli, command, env=env)


@pytest.fixture
def cli_ticket(tmp_path: Path) -> tuple[Path, Path, str]:
    path, data = tmp_path / "lantian.db", tmp_path / "data"
    db = queue_db(path)
    number = with_evidence(db, data)
    db.close()
    return path, data, number


def test_queue_evidence_copies_the_files_under_the_ticket_number(
    cli_ticket: tuple[Path, Path, str], tmp_path: Path
) -> None:
    path, data, number = cli_ticket
    out = tmp_path / "out"
    result = cli_run(path, data, number, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{number}-1.png", f"{number}-2.pdf"]
    assert (out / f"{number}-2.pdf").read_bytes() == PAPER
    assert not any(name in result.output for name in SENT_AS)
    db = open_database(path)
    assert [line["staff_user_id"] for line in looks(db)] == [7001]


def test_queue_evidence_refuses_a_changed_file_and_exits_1(
    cli_ticket: tuple[Path, Path, str], tmp_path: Path
) -> None:
    path, data, number = cli_ticket
    evidence_in(data)[0].path.write_bytes(b"not the screenshot")
    out = tmp_path / "out"
    result = cli_run(path, data, number, "--out", str(out))
    assert result.exit_code == 1
    assert "证据 1 已不是收到时的文件" in result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{number}-2.pdf"]


def test_queue_evidence_is_refused_to_another_district(
    cli_ticket: tuple[Path, Path, str], tmp_path: Path
) -> None:
    path, data, number = cli_ticket
    result = cli_run(path, data, number, "--out", str(tmp_path / "out"), staff=7003)
    assert result.exit_code == 1 and "不属于浦东新区" in result.output
    assert not (tmp_path / "out").exists()
    assert looks(open_database(path)) == []


# --- /evidence in the bot ---------------------------------------------------------------------

STAFF_CHAT = 9001


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"staff_chat_id": STAFF_CHAT, "staff": STAFF_TEXT}


def documents_received(api: LocalBotApi) -> dict[int, list[tuple[str | None, bytes]]]:
    """Every chat that received a document from the bot, with each file's name and bytes."""
    received = {
        chat_id: [(d.file_name, d.data) for d in api.sent_documents(LOCAL_TOKEN, chat_id)]
        for chat_id in api.bot(LOCAL_TOKEN).chats
    }
    return {chat_id: files for chat_id, files in received.items() if files}


@pytest.mark.asyncio
async def test_evidence_is_sent_to_the_staff_members_private_chat_and_logged(
    running: LocalBotApi, db: sqlite_utils.Database, settings: Settings
) -> None:
    number = with_evidence(db, settings.data_dir, on="2026-05-28")
    city = person(running, CITY.user_id)
    await city.says(f"/evidence {number}", count=3)  # two files, then the summary
    assert "已发送" in city.text() and "2 个证据文件" in city.text()
    assert documents_received(running) == {
        CITY.user_id: [(f"{number}-1.png", PHOTO), (f"{number}-2.pdf", PAPER)]
    }
    captions = [d.caption or "" for d in running.sent_documents(LOCAL_TOKEN, CITY.user_id)]
    assert all(number in caption for caption in captions)
    assert not any(name in caption for name in SENT_AS for caption in captions)
    assert [line["staff_user_id"] for line in looks(db)] == [CITY.user_id]


@pytest.mark.asyncio
async def test_evidence_is_not_sent_to_another_district_a_stranger_or_a_group(
    running: LocalBotApi, db: sqlite_utils.Database, settings: Settings
) -> None:
    number = with_evidence(db, settings.data_dir, on="2026-05-28")  # 静安
    pudong = person(running, PUDONG.user_id)
    await pudong.says(f"/evidence {number}")
    assert "不属于浦东新区" in pudong.text()
    stranger = person(running, 4242)
    await stranger.says(f"/evidence {number}")
    assert "仅限工作人员" in stranger.text()
    staff_chat = running.cursor(LOCAL_TOKEN, STAFF_CHAT)
    said_in_staff_chat(running, f"/evidence {number}", CITY.user_id)
    assert "私聊" in (await staff_chat.wait(1))[0]["text"]
    # Each refusal above is the handler's last word: any file would have come before it.
    assert documents_received(running) == {} and looks(db) == []


def said_in_staff_chat(api: LocalBotApi, text: str, user_id: int) -> None:
    """`text` from `user_id` in the staff group (the harness's people talk in private)."""
    state = api.bot(LOCAL_TOKEN)
    state.last_update_id += 1
    message = {
        "message_id": state.next_id(),
        "date": int(time.time()),
        "from": {"id": user_id, "is_bot": False, "first_name": "staff", "language_code": "zh"},
        "chat": {"id": STAFF_CHAT, "type": "group", "title": "staff"},
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }
    api.deliver_raw_update(LOCAL_TOKEN, {"update_id": state.last_update_id, "message": message})


@pytest.mark.asyncio
async def test_a_changed_file_is_named_in_the_chat_and_not_sent(
    running: LocalBotApi, db: sqlite_utils.Database, settings: Settings
) -> None:
    number = with_evidence(db, settings.data_dir, on="2026-05-28")
    evidence_in(settings.data_dir)[1].path.write_bytes(b"tampered")
    city = person(running, CITY.user_id)
    await city.says(f"/evidence {number}", count=2)  # the one good file, then the summary
    assert "证据 2 已不是收到时的文件" in city.text()
    assert documents_received(running) == {CITY.user_id: [(f"{number}-1.png", PHOTO)]}


@pytest.mark.asyncio
async def test_every_staff_command_is_wired_to_a_handler(application: Application) -> None:  # type: ignore[type-arg]
    wired = {
        command
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert {command for command, _zh, _en in STAFF_COMMANDS} <= wired
