"""Bounded answers: a name 46 or 120 registered people share is offered a page at a time, and
every one of them can be reached page by page, in the terminal, in JSON and on Telegram, with
keyboards, callback data and inline answers inside Telegram's limits.

The registry is the check fixture plus 120 practitioners named 王建华 and 46 named 李娜 (about
the national demo's most common name, and three times it).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bot.check import PAGE_SIZE, check
from bot.localapi.server import LocalBotApi
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.render import verdict_json, verdict_text
from bot.settings import Settings
from bot.telegram.check_handlers import MORE, page_buttons
from bot.telegram.runner import LOCAL_TOKEN
from bot.verdict_view import Paging, verdict_view
from bot.words import say
from bot.words.chat import TEXTS
from bot.words.cli import MESSAGES, both
from tests.bot_harness import BOT_TODAY, BUNDLE, Person, eventually, person, settled
from tests.registry_edit import registry_writer
from tests.test_terminal_chat import chat, press

SHARED = {"王建华": 120, "李娜": 46}  # name: how many registered people hold it
FIRST_CERT = {"王建华": 3130000000, "李娜": 3140000000}
HUAYUE = "91310106MA1FL3R23H"  # a fixture agency some of them practise at
TELEGRAM_BUTTONS = 100  # the most buttons Telegram shows on one message
TELEGRAM_ROW = 8  # the most in one row
CALLBACK_BYTES = 64
CONTRACT = ("query", "level", "headline", "match", "match_kind", "candidates", "reasons")


def holders(name: str) -> list[str]:
    return [str(FIRST_CERT[name] + i) for i in range(SHARED[name])]


def common_names_bundle(folder: Path) -> Path:
    """The check fixture bundle with the shared names' holders added to practitioners.csv."""
    bundle = folder / "bundle"
    shutil.copytree(BUNDLE, bundle)
    with (bundle / "practitioners.csv").open("a", encoding="utf-8", newline="") as f:
        rows = csv.writer(f)
        for name in SHARED:
            for i, cert in enumerate(holders(name)):
                rows.writerow([cert, name, HUAYUE if i % 3 == 0 else "", "practising", ""])
    return bundle


def registry_at(folder: Path) -> Path:
    path = folder / "lantian.db"
    db = open_database(path)
    import_path(db, common_names_bundle(folder), today=BOT_TODAY)
    db.close()
    return path


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite_utils.Database]:
    db = open_database(registry_at(tmp_path_factory.mktemp("common-names")))
    yield db
    db.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The bot harness's registry (tests/bot_harness.py), with the shared names in it."""
    return registry_at(tmp_path)


# The domain and the CLI --------------------------------------------------------------------


@pytest.mark.parametrize("name", SHARED)
def test_the_first_answer_offers_one_page_and_counts_them_all(
    registry: sqlite_utils.Database, name: str
) -> None:
    verdict = check(registry, name, today=BOT_TODAY)
    assert verdict.headline_key == "ambiguous"
    assert 0 < len(verdict.candidates) <= PAGE_SIZE == 5
    data = verdict_json(verdict, "zh")
    assert len(data["candidates"]) == len(verdict.candidates)
    assert data["candidates_total"] == SHARED[name]
    assert data["view"]["paging"]["total"] == SHARED[name]
    pages = -(-SHARED[name] // PAGE_SIZE)
    assert f"共 {SHARED[name]} 条，这里是第 1–5 条（第 1/{pages} 页）" in verdict_text(verdict)
    english = verdict_text(verdict, "en")
    assert f"{SHARED[name]} in all; these are 1–5 (page 1 of {pages})" in english


@pytest.mark.parametrize("name", SHARED)
def test_the_pages_hold_every_holder_once_in_order(
    registry: sqlite_utils.Database, name: str
) -> None:
    seen: list[str] = []
    pages = verdict_view(check(registry, name, today=BOT_TODAY), "zh").paging.pages
    for page in range(1, pages + 1):
        verdict = check(registry, name, today=BOT_TODAY, page=page)
        view = verdict_view(verdict, "zh", page=page)
        assert view.paging.first == len(seen) + 1, "a page starts where the last one ended"
        assert len(view.candidates) <= PAGE_SIZE
        seen += [c.id for c in view.candidates]
    assert seen == sorted(holders(name)), "a holder missing, repeated or out of order"
    beyond = check(registry, name, today=BOT_TODAY, page=pages + 1)
    assert beyond.candidates == ()
    assert verdict_view(beyond, "zh", page=pages + 1).paging.pages < pages + 1


def test_the_json_keeps_the_contract_and_adds_the_total(registry: sqlite_utils.Database) -> None:
    """data-format.md §2: the contract's fields first and unchanged; the total is added after."""
    data = verdict_json(check(registry, "王建华", today=BOT_TODAY))
    assert list(data)[: len(CONTRACT)] == list(CONTRACT)
    assert list(data).index("candidates_total") > list(data).index("fictional")
    assert {"kind", "id", "name", "score"} <= set(data["candidates"][0])
    certain = verdict_json(check(registry, holders("李娜")[7], today=BOT_TODAY))
    assert certain["candidates_total"] == 0 and certain["candidates"] == []


def test_an_answer_with_a_handful_is_one_page(registry: sqlite_utils.Database) -> None:
    verdict = check(registry, "华岳", today=BOT_TODAY)
    assert verdict.candidates
    paging = verdict_view(verdict, "zh").paging
    assert (paging.total, paging.first, paging.pages, paging.text) == (
        len(verdict.candidates),
        1,
        1,
        "",
    )
    assert check(registry, "华岳", today=BOT_TODAY, page=2) == verdict, "only a shared name pages"


def test_a_query_too_long_for_a_buttons_data_gets_no_page_buttons() -> None:
    paging = Paging(total=46, first=1, page=1, pages=10, text="共 46 条")
    assert [b.callback_data for b in page_buttons(paging, "李娜", "zh")] == [f"{MORE}:2:李娜"]
    assert page_buttons(paging, "王" * 20, "zh") == []  # 67 bytes of data
    middle = Paging(total=46, first=21, page=5, pages=10, text="共 46 条")
    labels = [b.text for b in page_buttons(middle, "李娜", "en")]
    assert labels == [say(TEXTS["previous_page"], "en"), say(TEXTS["next_page"], "en")]


# The bot over the local Bot API server -----------------------------------------------------


def keyboard_of(record: dict[str, Any]) -> list[list[dict[str, Any]]]:
    markup = (record.get("message") or {}).get("reply_markup") or {}
    rows: list[list[dict[str, Any]]] = markup.get("inline_keyboard", [])
    return rows


def assert_within_telegrams_limits(rows: list[list[dict[str, Any]]]) -> None:
    buttons = [button for row in rows for button in row]
    assert len(buttons) <= PAGE_SIZE + 2 < TELEGRAM_BUTTONS
    assert all(len(row) <= TELEGRAM_ROW for row in rows)
    for button in buttons:
        assert 1 <= len(button["callback_data"].encode()) <= CALLBACK_BYTES, button


def picked_ids(rows: list[list[dict[str, Any]]]) -> list[str]:
    data = [button["callback_data"] for row in rows for button in row]
    return [d.rsplit(":", 1)[1] for d in data if d.startswith("pick:")]


def zh(key: str) -> str:
    return say(TEXTS[key], "zh")


@pytest.mark.asyncio
async def test_the_bot_pages_through_all_120_with_small_keyboards(running: LocalBotApi) -> None:
    alice = person(running)
    [card] = await alice.says("王建华")
    assert "共 120 条，这里是第 1–5 条（第 1/24 页）" in card["text"]
    rows = keyboard_of(card)
    assert_within_telegrams_limits(rows)
    assert len(picked_ids(rows)) == PAGE_SIZE
    assert zh("previous_page") not in str(rows), "no page before the first"
    seen = picked_ids(rows)
    for page in range(2, 25):
        [shown] = await alice.presses(zh("next_page"))
        assert shown["method"] == "editMessageText" and shown["message_id"] == card["message_id"]
        assert f"（第 {page}/24 页）" in shown["text"]
        rows = keyboard_of(shown)
        assert_within_telegrams_limits(rows)
        seen += picked_ids(rows)
    assert zh("next_page") not in str(rows), "no page after the last"
    assert seen == sorted(holders("王建华")), "a holder missing, repeated or out of order"
    [back] = await alice.presses(zh("previous_page"))
    assert "（第 23/24 页）" in back["text"]
    [opened] = await alice.presses("111. 王建华")
    assert opened["method"] == "sendMessage" and holders("王建华")[110] in opened["text"]


@pytest.mark.asyncio
async def test_the_same_page_pressed_twice_changes_nothing(running: LocalBotApi) -> None:
    alice = person(running)
    [card] = await alice.says("李娜")
    for _ in range(2):
        running.user_presses_button(
            LOCAL_TOKEN, alice.user, card["message_id"], f"{MORE}:2:李娜", forged=True
        )
    await settled(running)
    edits = [r for r in running.sent_messages(LOCAL_TOKEN, alice.user.id) if r["seq"] > card["seq"]]
    assert [r["method"] for r in edits if r["method"] != "sendMessage"] == ["editMessageText"]


async def press_for_answer(
    api: LocalBotApi, alice: Person, message_id: int, data: str, *, forged: bool = False
) -> str:
    """Press a button (or send data no button carries); the toast the press is answered with."""
    answered = len(api.callback_answers(LOCAL_TOKEN))
    api.user_presses_button(LOCAL_TOKEN, alice.user, message_id, data, forged=forged)
    answers = await eventually(lambda: api.callback_answers(LOCAL_TOKEN)[answered:])
    return str(answers[0].get("text") or "")


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "data",
    [
        f"{MORE}:3:王建华",  # a real page, but no button of this card turns to it
        f"{MORE}:25:王建华",  # one past the last of 24
        f"{MORE}:9999:王建华",
        f"{MORE}:2:上海华岳知识产权代理有限公司",  # one record: one page
        f"{MORE}:2:查无此名",
        f"{MORE}:0:王建华",
        f"{MORE}:-1:王建华",
        f"{MORE}:x:王建华",
        f"{MORE}:10000:王建华",
        f"{MORE}:2",
        "more",
        "\x00\xff garbage",
    ],
)
async def test_a_forged_page_button_gets_a_plain_answer(running: LocalBotApi, data: str) -> None:
    alice = person(running)
    [card] = await alice.says("王建华")
    toast = await press_for_answer(running, alice, card["message_id"], data, forged=True)
    assert toast == zh("button_stale")
    await settled(running)
    later = running.sent_messages(LOCAL_TOKEN, alice.user.id)[-1]
    assert later["seq"] == card["seq"], "the card was left as it was and nothing else was said"
    [again] = await alice.says("李娜")
    assert "共 46 条" in again["text"], "the bot still answers"


@pytest.mark.asyncio
async def test_a_page_the_registry_no_longer_holds_gets_a_plain_answer(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    """The card offers page 3 of 李娜's 10; a re-import leaves 6 holders (2 pages) meanwhile."""
    alice = person(running)
    await alice.says("李娜")
    [card] = await alice.presses(zh("next_page"))
    gone = holders("李娜")[6:]
    with registry_writer(db) as registry:
        registry.execute(
            f"DELETE FROM lookup_keys WHERE key_kind = 'name' "
            f"AND subject_id IN ({', '.join('?' for _ in gone)})",
            gone,
        )
    toast = await press_for_answer(running, alice, card["message_id"], f"{MORE}:3:李娜")
    assert toast == zh("page_gone")
    [first] = await alice.presses(zh("previous_page"))
    assert "共 6 条，这里是第 1–5 条（第 1/2 页）" in first["text"]


@pytest.mark.asyncio
async def test_inline_answers_for_a_name_120_share_stay_within_telegrams_limits(
    running: LocalBotApi,
) -> None:
    alice = person(running)
    running.user_inline_query(LOCAL_TOKEN, alice.user, "王建华")
    answer = (await eventually(lambda: running.inline_answers(LOCAL_TOKEN)))[-1]
    results = answer["results"]
    assert 1 < len(results) <= 1 + PAGE_SIZE <= 50
    ids = [r["id"] for r in results]
    assert len(set(ids)) == len(ids) and all(len(i.encode()) <= 64 for i in ids)
    assert "共 120 条" in results[0]["input_message_content"]["message_text"]
    assert all("reply_markup" not in r for r in results)


# The terminal chat -------------------------------------------------------------------------


def test_the_terminal_pages_through_the_same_buttons(
    tmp_path: Path, db: sqlite_utils.Database, db_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data", db=db_path, today=BOT_TODAY)
    output = chat(
        settings,
        db,
        ["李娜", press(zh("next_page")), press(zh("next_page")), press(zh("previous_page"))],
    )
    shown = "\n".join(output)
    for page in (1, 2, 3):
        assert f"（第 {page}/10 页）" in shown
    assert output.count(both(MESSAGES["bye"])) == 1
    assert "\n".join(output[-3:]).count("（第 2/10 页）") == 1
