"""Replies sent the lean way (bot/telegram/replies.py, issue 11): JSON built without PTB's
objects, the sent message not parsed back, a card measured once. Each shortcut must send what
PTB's own way sends."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ExtBot

from bot.localapi.server import LocalBotApi
from bot.localapi.state import User
from bot.telegram.cards import _by_lines, split_message
from bot.telegram.replies import ReplyingBot, keyboard_json, reply_html
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import person

labels = st.text(min_size=1, max_size=30)
data = st.text(min_size=1, max_size=64)


@given(st.lists(st.lists(st.tuples(labels, data), max_size=3), max_size=7))
def test_a_keyboard_of_labels_and_data_serialises_as_ptb_serialises_it(
    rows: list[list[tuple[str, str]]],
) -> None:
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=d) for label, d in row] for row in rows]
    )
    sent = keyboard_json(keyboard)
    if rows:
        assert sent == keyboard.to_dict()
    else:  # PTB leaves an empty keyboard out: left to it
        assert sent is keyboard


def test_a_keyboard_with_any_other_kind_of_button_is_left_to_ptb() -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("1. 华岳", callback_data="pick:agency:1")],
            [InlineKeyboardButton("site", url="https://example.com")],
        ]
    )
    assert keyboard_json(keyboard) is keyboard


pieces = st.sampled_from(["\n", " ", "a", "上", "&amp;", "😀", "<b>x</b>"])


@given(st.lists(pieces, max_size=30).map("".join))
def test_a_text_within_the_limit_is_cut_as_line_by_line_cutting_cuts_it(text: str) -> None:
    for limit in (12, 40, 4096):
        assert split_message(text, limit) == _by_lines(text, limit)


def _sent(record: dict[str, Any]) -> dict[str, Any]:
    """What a send asked for and what the chat shows, without ids and times."""
    message = {k: v for k, v in record["message"].items() if k not in ("message_id", "date")}
    return {"params": record["params"], "message": message}


@pytest.mark.asyncio
async def test_the_lean_reply_sends_what_ptbs_send_message_sends() -> None:
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("1. 上海<华岳>", callback_data="pick:agency:9131")]]
    )
    card = "<b>⚠️ 注意</b>  上海 &amp; co\n\n<i>数据截至 2026-06-01</i>"
    user = User(id=4242, first_name="测试", language_code="zh-hans")
    sent = []
    async with LocalBotApi.running() as api:
        for kind in (ReplyingBot, ExtBot):
            async with kind(LOCAL_TOKEN, base_url=api.base_url) as bot:
                update = Update.de_json(api.user_sends_text(LOCAL_TOKEN, user, "华岳"), bot)
                await reply_html(update, card, keyboard)
        sent = api.sent_messages(LOCAL_TOKEN, user.id)
        assert api.unsupported == []
    lean, ptb = (_sent(record) for record in sent)
    assert lean == ptb
    assert lean["params"]["link_preview_options"] == {"is_disabled": True}
    assert lean["message"]["entities"], "the HTML was read as HTML"


@pytest.mark.asyncio
async def test_the_running_bot_answers_a_check_the_lean_way(running: LocalBotApi) -> None:
    alice = person(running)
    await alice.says("华岳")
    (record,) = alice.last
    assert record["params"]["parse_mode"] == "HTML"
    assert record["params"]["link_preview_options"] == {"is_disabled": True}
    buttons = [b for row in record["message"]["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons and all(b["callback_data"].startswith("pick:") for b in buttons)
