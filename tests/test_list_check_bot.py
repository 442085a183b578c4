"""A list sent to the bot as a document, through the real Application and the local Bot API
server: each row is checked as `check` checks it and the annotated list comes back as a
document; anything else is refused plainly; one list at a time; in a report, a file is
evidence, never a list."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils

from bot.check import check
from bot.localapi.server import LocalBotApi
from bot.settings import Settings
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import BOT_TODAY, Person, file_report_until_evidence, person

# PTB warns about its own RetryAfter.retry_after type change when the bot meets a 429.
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning"),
]

HUAYUE = "上海华岳知识产权代理有限公司"
OWN_PHONE = "021-61234567"
OTHER_PHONE = "021-64871203"  # 上海华岳专利代理有限公司's
ROWS = [
    [HUAYUE, OWN_PHONE],
    [HUAYUE, OTHER_PHONE],  # a registered name with another firm's phone: the clone case
    ["国家知识产权局商标受理窗口", ""],
    ["上海某某知识产权代理有限公司", ""],
]


def csv_list(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["名称", "电话"], *rows])
    return out.getvalue().encode("utf-8")


def sends_file(api: LocalBotApi, someone: Person, data: bytes, name: str) -> None:
    api.user_sends_document(LOCAL_TOKEN, someone.user, data, name)


def received(api: LocalBotApi, someone: Person) -> list[tuple[str | None, bytes]]:
    return [(d.file_name, d.data) for d in api.sent_documents(LOCAL_TOKEN, someone.user.id)]


async def test_a_csv_list_comes_back_with_the_level_check_gives_each_row(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    alice = person(running)
    sends_file(running, alice, csv_list(ROWS), "客户名单.csv")
    started, done = await alice.replies(2)
    assert "正在逐行核查" in started["text"]
    assert done["method"] == "sendDocument" and done["caption"].startswith("已核查 4 行")
    [(name, data)] = received(running, alice)
    assert name == "客户名单.checked.csv"
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [[row["名称"], row["电话"]] for row in table] == ROWS
    for row in table:
        verdict = check(db, f"{row['名称']} {row['电话']}".strip(), today=BOT_TODAY)
        assert (row["level"], row["match_id"]) == (
            verdict.level,
            verdict.match.id if verdict.match else "",
        )
    assert table[0]["level"] == "ok"
    assert table[1]["level"] != "ok"


async def test_an_xlsx_list_comes_back_as_xlsx(running: LocalBotApi) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [["query"], [HUAYUE], ["国家知识产权局商标受理窗口"]]:
        sheet.append(row)
    sent = io.BytesIO()
    book.save(sent)
    alice = person(running, lang="en")
    sends_file(running, alice, sent.getvalue(), "firms.xlsx")
    await alice.replies(2)
    [(name, data)] = received(running, alice)
    assert name == "firms.checked.xlsx"
    back = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(r) for r in back.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][:2] == ["query", "level"] and rows[1][:2] == [HUAYUE, "ok"]
    assert rows[2][1] != "ok"


async def test_a_list_over_2_mb_is_refused_before_it_is_fetched(running: LocalBotApi) -> None:
    alice = person(running)
    sends_file(running, alice, b"query\n" + b"x" * 2_000_000, "big.csv")
    [reply] = await alice.replies()
    assert "超过 2MB" in reply["text"]
    assert running.calls("getFile") == 0 and received(running, alice) == []


async def test_a_file_that_is_not_a_list_gets_the_kinds_of_list_taken(
    running: LocalBotApi,
) -> None:
    alice = person(running)
    sends_file(running, alice, "上海华岳知识产权代理有限公司\n".encode(), "名单.txt")
    [reply] = await alice.replies()
    assert ".csv 或 .xlsx" in reply["text"]
    assert received(running, alice) == []


async def test_a_broken_xlsx_is_refused_plainly_and_nothing_is_sent_back(
    running: LocalBotApi,
) -> None:
    alice = person(running)
    sends_file(running, alice, b"PK\x03\x04 not really a workbook", "名单.xlsx")
    started, refused = await alice.replies(2)
    assert "正在逐行核查" in started["text"]
    assert refused["method"] == "sendMessage" and "无法读取清单文件 名单.xlsx" in refused["text"]
    assert tempfile.gettempdir() not in refused["text"]  # no path of the server's
    assert received(running, alice) == []


async def test_a_second_list_while_the_first_is_checked_is_asked_to_wait(
    running: LocalBotApi,
) -> None:
    """The first list's download is held (Telegram says 429, the bot waits a second and tries
    again), so the second surely comes while the first is being checked: the check must not
    hold up the chat, or the second would simply wait its turn and never be refused."""
    alice = person(running)
    running.inject_fault("getFile", "429", retry_after=1)
    sends_file(running, alice, csv_list(ROWS[:1]), "first.csv")
    [started] = await alice.replies()
    assert "正在逐行核查" in started["text"]
    sends_file(running, alice, csv_list(ROWS[1:2]), "second.csv")
    # Both wait out the 429 (PTB holds every request meanwhile), so either may come first.
    answers = await alice.replies(2, timeout=10)
    assert sorted(a["method"] for a in answers) == ["sendDocument", "sendMessage"]
    [busy] = [a for a in answers if a["method"] == "sendMessage"]
    assert "还在核查中" in busy["text"]
    sends_file(running, alice, csv_list(ROWS[1:2]), "third.csv")  # the first is back: taken
    await alice.replies(2)
    assert [name for name, _ in received(running, alice)] == [
        "first.checked.csv",
        "third.checked.csv",
    ]


async def test_a_document_in_a_reports_evidence_step_is_evidence_not_a_list(
    running: LocalBotApi, settings: Settings
) -> None:
    alice = person(running)
    await file_report_until_evidence(alice)
    listed = csv_list(ROWS)
    sends_file(running, alice, listed, "名单.csv")
    [saved] = await alice.replies()
    assert "第 1 份" in saved["text"] and "核查" not in saved["text"]
    await alice.presses("完成")
    await alice.says("李四 13800138000")
    await alice.presses("提交")
    assert "LT-" in alice.text()
    kept = [p for p in Path(settings.data_dir, "evidence").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in kept] == [listed]
    assert received(running, alice) == []
