"""The local Bot API server, proven with the real python-telegram-bot talking HTTP to it.

It implements only what Lantian's bot uses (bot/localapi/README.md); the `api` fixture of
tests/bot_harness.py fails any test in which a bot asked for more.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from html import escape
from pathlib import Path
from typing import Any

import httpx
import pytest
import telegram
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import BOT_API_VERSION
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.localapi import LocalBotApi, User, parse_html
from bot.localapi.entities import EntityParseError, utf16_len
from bot.localapi.registry import METHODS
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import assert_all_supported, eventually, person

TOKEN = "123456:local-test-token"
LI = User(id=7001, first_name="李", username="li_wei", language_code="zh")
ANN = User(id=7002, first_name="Ann", language_code="en")
PNG = (  # a 1x1 PNG, so the photo has real dimensions
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
README = Path(__file__).parents[1] / "bot" / "localapi" / "README.md"


def builder(api: LocalBotApi, token: str = TOKEN) -> ApplicationBuilder:  # type: ignore[type-arg]
    return ApplicationBuilder().token(token).base_url(api.base_url).base_file_url(api.base_file_url)


@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@asynccontextmanager
async def plain_bot(api: LocalBotApi, token: str = TOKEN, **kwargs: Any) -> AsyncIterator[Bot]:
    """A Bot without an Application, with a chat open (the user has written to it)."""
    api.user_sends_text(token, LI, "hello")
    async with Bot(token, base_url=api.base_url, base_file_url=api.base_file_url, **kwargs) as bot:
        yield bot


# The bot conversation, end to end --------------------------------------------------------


def echo_app(api: LocalBotApi, seen: dict[str, list[Any]]) -> Application:  # type: ignore[type-arg]
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Check", callback_data="check")]])
        await update.effective_message.reply_html("<b>蓝天</b> ready", reply_markup=keyboard)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        await update.effective_message.reply_text(update.effective_message.text)

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        seen["callbacks"].append(query.data)
        await query.answer("checked")
        await query.edit_message_text("done")

    async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.inline_query is not None
        query = update.inline_query.query
        content = InputTextMessageContent(f"result for {query}")
        await update.inline_query.answer([InlineQueryResultArticle("r1", query, content)])

    app = builder(api).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(button))
    app.add_handler(InlineQueryHandler(inline))
    return app


@pytest.mark.asyncio
async def test_a_real_ptb_application_converses_over_the_local_api(api: LocalBotApi) -> None:
    seen: dict[str, list[Any]] = {"callbacks": []}
    chat = api.cursor(TOKEN, LI.id)
    async with polling(echo_app(api, seen)):
        api.user_sends_text(TOKEN, LI, "/start")
        [welcome] = await chat.wait()
        assert welcome["method"] == "sendMessage"
        assert welcome["text"] == "蓝天 ready"
        assert welcome["message"]["entities"] == [{"offset": 0, "length": 2, "type": "bold"}]

        api.user_sends_text(TOKEN, LI, "上海 某某代理")
        [echo] = await chat.wait()
        assert echo["text"] == "上海 某某代理"

        api.user_presses_button(TOKEN, LI, welcome["message_id"], "check")
        [edit] = await chat.wait()
        assert seen["callbacks"] == ["check"]
        assert (edit["method"], edit["text"]) == ("editMessageText", "done")
        assert api.calls("answerCallbackQuery") == 1
        assert api.callback_answers(TOKEN)[0]["text"] == "checked"

        api.user_inline_query(TOKEN, ANN, "agency")
        [answer] = await eventually(lambda: api.inline_answers(TOKEN))
        assert answer["query"] == "agency"
        assert answer["results"][0]["id"] == "r1"

    assert [m["message_id"] for m in api.sent_messages(TOKEN, LI.id)] == [2, 4, 2]


@pytest.mark.asyncio
async def test_duplicate_delivery_reaches_the_handler_twice(api: LocalBotApi) -> None:
    seen: list[int] = []

    async def count(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update.update_id)

    app = builder(api).build()
    app.add_handler(MessageHandler(filters.ALL, count))
    async with polling(app):
        update = api.user_sends_text(TOKEN, LI, "once")
        api.deliver_raw_update(TOKEN, update)
        await eventually(lambda: len(seen) == 2)
    assert seen == [update["update_id"]] * 2


@pytest.mark.asyncio
async def test_the_bot_downloads_what_the_user_sent(api: LocalBotApi) -> None:
    photo = api.user_sends_photo(TOKEN, LI, PNG, caption="证据")
    pdf = b"%PDF-1.4 registration certificate"
    doc = api.user_sends_document(TOKEN, LI, pdf, "licence.pdf", "application/pdf")
    [size] = photo["message"]["photo"]
    assert (size["width"], size["height"]) == (1, 1)
    async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        photo_file = await bot.get_file(size["file_id"])
        assert await photo_file.download_as_bytearray() == PNG
        doc_file = await bot.get_file(doc["message"]["document"]["file_id"])
        assert await doc_file.download_as_bytearray() == pdf
        assert doc["message"]["document"]["file_name"] == "licence.pdf"


@pytest.mark.asyncio
async def test_the_bot_sends_a_document_that_the_chat_then_holds(
    api: LocalBotApi, tmp_path: Path
) -> None:
    checked = "名称,level\n上海华岳知识产权代理有限公司,ok\n".encode("utf-8-sig")
    paper = tmp_path / "LT-20260601-0001-2.pdf"
    paper.write_bytes(b"%PDF-1.4 the contract")
    async with plain_bot(api) as bot:  # LI's "hello" is message 1
        sent = await bot.send_document(
            LI.id,
            checked,
            filename="名单.checked.csv",
            caption="<b>已核查</b> 1 行",
            parse_mode="HTML",
            reply_to_message_id=1,
        )
        with paper.open("rb") as handle:  # a file object, as /evidence sends
            await bot.send_document(LI.id, handle, filename=paper.name)
        again = await bot.send_document(LI.id, sent.document.file_id)  # type: ignore[union-attr]
        document = sent.document
        assert document is not None and again.document == document
        assert (document.file_name, document.mime_type) == ("名单.checked.csv", "text/csv")
        assert document.file_size == len(checked) and document.file_unique_id
        assert sent.caption == "已核查 1 行"
        assert [(e.type, e.offset, e.length) for e in sent.caption_entities] == [("bold", 0, 3)]
        assert sent.reply_to_message is not None and sent.reply_to_message.text == "hello"
        held = await bot.get_file(document.file_id)
        assert await held.download_as_bytearray() == checked
    assert [(d.file_name, d.data, d.caption) for d in api.sent_documents(TOKEN, LI.id)] == [
        ("名单.checked.csv", checked, "已核查 1 行"),
        (paper.name, b"%PDF-1.4 the contract", None),
        ("名单.checked.csv", checked, None),
    ]
    assert api.sent_documents(TOKEN, ANN.id) == []
    assert [m["method"] for m in api.sent_messages(TOKEN)] == ["sendDocument"] * 3


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (lambda bot: bot.send_document(LI.id, b"", filename="a.csv"), "File must be non-empty"),
        (lambda bot: bot.send_document(424242, b"x", filename="a.csv"), "Chat not found"),
        (
            lambda bot: bot.send_document(LI.id, b"x", filename="a.csv", caption="字" * 1025),
            "Message caption is too long",
        ),
        (
            lambda bot: bot.send_document(
                LI.id, b"x", filename="a.csv", caption="a < b", parse_mode="HTML"
            ),
            "Can't parse entities",
        ),
        (
            lambda bot: bot.send_document(LI.id, "DOC123456_999999"),
            "Wrong file identifier/http url specified",
        ),
        (
            lambda bot: bot.send_document(LI.id, b"x", filename="a.csv", reply_to_message_id=99),
            "Message to be replied not found",
        ),
    ],
    ids=["empty", "unknown-chat", "caption-too-long", "caption-html", "file-id", "reply"],
)
async def test_a_document_telegram_refuses_is_refused_and_not_kept(
    api: LocalBotApi, call: Any, reason: str
) -> None:
    async with plain_bot(api) as bot:
        with pytest.raises(BadRequest, match=re.escape(reason)):
            await call(bot)
    assert api.sent_documents(TOKEN, LI.id) == [] and api.bot(TOKEN).files == {}


@pytest.mark.asyncio
async def test_a_photo_is_not_sent_again_as_a_document(api: LocalBotApi) -> None:
    photo = api.user_sends_photo(TOKEN, LI, PNG)
    async with plain_bot(api) as bot:
        with pytest.raises(BadRequest, match="Type of file mismatch"):
            await bot.send_document(LI.id, photo["message"]["photo"][0]["file_id"])
    assert api.sent_documents(TOKEN, LI.id) == []


@pytest.mark.asyncio
async def test_a_document_over_50_mb_is_refused_with_413(api: LocalBotApi) -> None:
    """Telegram answers 413 "Request Entity Too Large", which PTB raises as a NetworkError."""
    async with plain_bot(api) as bot:
        with pytest.raises(NetworkError, match="Request Entity Too Large"):
            await bot.send_document(LI.id, bytes(50 * 1024 * 1024 + 1), filename="big.bin")
    assert api.sent_documents(TOKEN, LI.id) == []


# Telegram's refusals --------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("<b>unclosed", 'can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'unsupported start tag "" at byte offset 2'),
        ("<div>x</div>", 'unsupported start tag "div" at byte offset 0'),
        ("<b>x</i>", "unmatched end tag at byte offset 4"),
        ("fish & chips", 'unescaped "&" at byte offset 5'),
    ],
)
async def test_malformed_html_is_refused_as_telegram_does(
    api: LocalBotApi, markup: str, reason: str
) -> None:
    async with plain_bot(api) as bot:
        with pytest.raises(BadRequest, match=r"^Can't parse entities: ") as refused:
            await bot.send_message(LI.id, markup, parse_mode="HTML")
    assert reason in refused.value.message
    assert api.sent_messages(TOKEN) == []


@pytest.mark.asyncio
async def test_text_limit_counts_characters_after_parsing(api: LocalBotApi) -> None:
    async with plain_bot(api) as bot:
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(LI.id, "字" * 4097)
        await bot.send_message(LI.id, "<b>" + "字" * 4096 + "</b>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(LI.id, "<b> </b>", parse_mode="HTML")


@pytest.mark.asyncio
async def test_edits_follow_telegram_rules(api: LocalBotApi) -> None:
    async with plain_bot(api) as bot:
        sent = await bot.send_message(LI.id, "v1")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("v1", LI.id, sent.message_id)
        edited = await bot.edit_message_text("v2", LI.id, sent.message_id)
        assert edited.text == "v2" and edited.edit_date is not None  # type: ignore[union-attr]
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="ok")]])
        await bot.edit_message_reply_markup(LI.id, sent.message_id, reply_markup=keyboard)
        with pytest.raises(BadRequest, match="Message can't be edited"):
            await bot.edit_message_text("x", LI.id, 1)  # the user's own "hello"
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(424242, "nobody here")
        too_long = InlineKeyboardButton("x", callback_data="x" * 65)
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(LI.id, "k", reply_markup=InlineKeyboardMarkup([[too_long]]))
    methods = [m["method"] for m in api.sent_messages(TOKEN)]
    assert methods == ["sendMessage", "editMessageText", "editMessageReplyMarkup"]


def test_html_entities_use_utf16_offsets_and_telegram_tags() -> None:
    parsed = parse_html(
        '😀 <b>粗</b> <a href="https://x.org/?a=1&amp;b=2">链接</a> '
        '<pre><code class="language-python">x = 1</code></pre> '
        '<span class="tg-spoiler">秘</span> 1 &lt; 2 &#x1F600;'
    )
    assert parsed.text == "😀 粗 链接 x = 1 秘 1 < 2 😀"
    assert parsed.entities == [
        {"offset": 3, "length": 1, "type": "bold"},
        {"offset": 5, "length": 2, "type": "text_link", "url": "https://x.org/?a=1&b=2"},
        {"offset": 8, "length": 5, "type": "pre", "language": "python"},
        {"offset": 14, "length": 1, "type": "spoiler"},
    ]
    with pytest.raises(EntityParseError, match='must have class "tg-spoiler"'):
        parse_html("<span>x</span>")


@given(st.text(max_size=40), st.sampled_from(["b", "i", "code", "u", "s"]))
def test_escaped_text_in_any_tag_parses_back_to_itself(text: str, tag: str) -> None:
    """What the bot does with every user string (html.escape) always passes the check."""
    parsed = parse_html(f"<{tag}>{escape(text)}</{tag}>")
    assert parsed.text == text
    assert all(e["offset"] + e["length"] <= utf16_len(text) for e in parsed.entities)


# What the server does not model: refused, and noted so the bot's tests fail ---------------


@pytest.mark.asyncio
async def test_an_unimplemented_method_is_refused_and_noted(api: LocalBotApi) -> None:
    async with plain_bot(api) as bot:
        with pytest.raises(InvalidToken):  # PTB's reading of Telegram's 404 "method not found"
            await bot.send_chat_action(LI.id, "typing")
    assert api.unsupported == ["sendChatAction"]
    with pytest.raises(AssertionError, match="sendChatAction"):
        assert_all_supported(api)  # what the `api` fixture checks after every test
    api.unsupported.clear()  # provoked on purpose


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "call",
    [
        lambda bot: bot.send_message(LI.id, "*x*", parse_mode="MarkdownV2"),
        lambda bot: bot.send_message(LI.id, "x", reply_markup=telegram.ReplyKeyboardRemove()),
        lambda bot: bot.set_my_commands(
            [BotCommand("check", "x")], scope=BotCommandScopeAllPrivateChats()
        ),
        lambda bot: bot.send_document(LI.id, "https://example.org/list.csv"),
    ],
    ids=["markdown", "reply-keyboard", "command-scope", "document-by-url"],
)
async def test_an_unmodelled_parameter_is_refused_and_noted(api: LocalBotApi, call: Any) -> None:
    async with plain_bot(api) as bot:
        with pytest.raises((BadRequest, InvalidToken)):
            await call(bot)
    assert len(api.unsupported) == 1, api.unsupported
    assert api.sent_messages(TOKEN) == []
    api.unsupported.clear()


@pytest.mark.asyncio
async def test_the_bot_as_operators_run_it_asks_only_for_what_is_implemented(
    api: LocalBotApi, tmp_path: Path, db_path: Path
) -> None:
    """`lantian bot` (run_polling, its start and its stop on SIGTERM), not the tests' own way
    of running the Application; the `api` fixture then fails on anything unsupported."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": LOCAL_TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "LANTIAN_DB": str(db_path),
        "LANTIAN_DATA_DIR": str(tmp_path / "data"),
        "LANTIAN_TODAY": "2026-06-01",
    }
    lantian = Path(sys.executable).with_name("lantian")
    bot = await asyncio.create_subprocess_exec(str(lantian), "bot", env=env)
    try:
        alice = person(api)
        api.user_sends_text(LOCAL_TOKEN, alice.user, "上海华岳知识产权代理有限公司")
        await alice.replies(timeout=30)  # the bot starts, polls and answers
        assert "华岳" in alice.text()
    finally:
        bot.terminate()
        assert await asyncio.wait_for(bot.wait(), 10) == 0
    called = {name for _, name in api.faults.counts}
    assert {"getme", "getupdates", "sendmessage"} <= called <= {*METHODS, "getupdates"}


def test_the_readme_lists_exactly_the_methods_implemented() -> None:
    listed = set(re.findall(r"^\| `(\w+)` \|", README.read_text(encoding="utf-8"), re.M))
    assert {name.lower() for name in listed} == {*METHODS, "getupdates"}


def test_the_readme_names_the_python_telegram_bot_it_was_checked_against() -> None:
    """Upgrading python-telegram-bot fails here until someone has gone through the README's
    checklist and updated the versions it names."""
    readme = README.read_text(encoding="utf-8")
    assert f"python-telegram-bot {telegram.__version__}" in readme
    assert f"Bot API {BOT_API_VERSION}" in readme


# Faults -----------------------------------------------------------------------------------


# PTB warns about its own RetryAfter.retry_after type change when formatting the error.
PTB_RETRY_AFTER_WARNING = "ignore:.*retry_after.*:DeprecationWarning"


@pytest.mark.asyncio
@pytest.mark.filterwarnings(PTB_RETRY_AFTER_WARNING)
async def test_injected_429_raises_retry_after_with_the_seconds(api: LocalBotApi) -> None:
    api.inject_fault("sendMessage", "429", retry_after=7)
    async with plain_bot(api) as bot:
        with pytest.raises(RetryAfter, match="Retry in 7 seconds"):
            await bot.send_message(LI.id, "hi")
        await bot.send_message(LI.id, "hi")  # the fault was for one call only
    assert api.calls("sendMessage") == 2
    assert len(api.sent_messages(TOKEN)) == 1


@pytest.mark.asyncio
@pytest.mark.filterwarnings(PTB_RETRY_AFTER_WARNING)
async def test_ptb_rate_limiter_retries_after_429(api: LocalBotApi) -> None:
    api.inject_fault("sendMessage", "429", retry_after=1)
    app = builder(api).rate_limiter(AIORateLimiter(max_retries=2)).build()
    api.user_sends_text(TOKEN, LI, "hello")
    async with app:
        started = time.monotonic()
        await app.bot.send_message(LI.id, "after the flood")
        assert time.monotonic() - started >= 1.0
    assert api.calls("sendMessage") == 2
    [sent] = api.sent_messages(TOKEN)
    assert sent["text"] == "after the flood"


@pytest.mark.asyncio
async def test_502_with_an_html_body_is_a_network_error(api: LocalBotApi) -> None:
    api.inject_fault("sendMessage", "502")
    async with plain_bot(api) as bot:
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(LI.id, "hi")


@pytest.mark.asyncio
async def test_a_held_request_times_out_in_ptb_and_is_not_carried_out(api: LocalBotApi) -> None:
    api.inject_fault("sendMessage", "timeout", hold=10)
    async with plain_bot(api) as bot:
        started = time.monotonic()
        with pytest.raises(TimedOut):
            await bot.send_message(LI.id, "hi", read_timeout=0.3)
        assert time.monotonic() - started < 2
    assert api.sent_messages(TOKEN) == []


# Updates: long polling and webhooks ----------------------------------------------------------


@pytest.mark.asyncio
async def test_long_polling_waits_and_returns_when_an_update_arrives(api: LocalBotApi) -> None:
    state = api.bot(TOKEN)
    async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        started = time.monotonic()
        assert await bot.get_updates(timeout=timedelta(seconds=0.3)) == ()
        assert time.monotonic() - started >= 0.3
        polls = state.poll_generation
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        await eventually(lambda: state.poll_generation > polls)  # the poll is waiting
        update = api.user_sends_text(TOKEN, LI, "hi")
        [received] = await asyncio.wait_for(poll, 1)
        assert received.update_id == update["update_id"]
        again = await bot.get_updates(timeout=0)
        assert [u.update_id for u in again] == [update["update_id"]]  # not confirmed yet
        assert await bot.get_updates(offset=update["update_id"] + 1, timeout=0) == ()

    # A second instance of the same bot polling ends the first one's wait, as on Telegram.
    first = Bot(TOKEN, base_url=api.base_url)
    second = Bot(TOKEN, base_url=api.base_url)
    async with first, second:
        polls = state.poll_generation
        waiting = asyncio.create_task(first.get_updates(timeout=5))
        await eventually(lambda: state.poll_generation > polls)
        assert await second.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await waiting


@pytest.mark.asyncio
async def test_webhook_posts_updates_with_the_secret_header(api: LocalBotApi) -> None:
    received: asyncio.Queue[tuple[str | None, dict[str, Any]]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        await received.put((secret, await request.json()))
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
            assert await bot.set_webhook(url, secret_token="s3cret-Token_1")
            update = api.user_sends_text(TOKEN, LI, "via webhook")
            secret, body = await asyncio.wait_for(received.get(), 2)
            assert secret == "s3cret-Token_1"
            assert body == update
            with pytest.raises(Conflict, match="webhook is active"):
                await bot.get_updates()
            assert await bot.delete_webhook()
            assert await bot.get_updates() == ()
    finally:
        await runner.cleanup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.asyncio
async def test_ptb_webhook_mode_receives_updates(api: LocalBotApi) -> None:
    app = echo_app(api, {"callbacks": []})
    port = free_port()
    chat = api.cursor(TOKEN, ANN.id)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="tg",
            webhook_url=f"http://127.0.0.1:{port}/tg",
            secret_token="hush",
        )
        try:
            assert api.webhook_url(TOKEN) == f"http://127.0.0.1:{port}/tg"
            api.user_sends_text(TOKEN, ANN, "echo me")
            [echo] = await chat.wait()
            assert echo["text"] == "echo me"
        finally:
            await app.updater.stop()
            await app.stop()


# Commands and requests made by hand ----------------------------------------------------------


@pytest.mark.asyncio
async def test_commands_are_kept_per_language(api: LocalBotApi) -> None:
    async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        await bot.set_my_commands([BotCommand("check", "查询机构")], language_code="zh")
        await bot.set_my_commands([BotCommand("check", "Check an agency")], language_code="en")
        with pytest.raises(BadRequest, match="Bot_command_invalid"):
            await bot.set_my_commands([BotCommand("Check-Now", "x")])
    assert api.commands(TOKEN, "zh") == [{"command": "check", "description": "查询机构"}]
    assert api.commands(TOKEN, "en") == [{"command": "check", "description": "Check an agency"}]
    assert api.commands(TOKEN) == []


@pytest.mark.asyncio
async def test_requests_by_hand_get_telegrams_answers(api: LocalBotApi) -> None:
    api.user_sends_text(TOKEN, LI, "hello")
    async with httpx.AsyncClient(base_url=api.root_url) as raw:
        unknown = await raw.post(f"/bot{TOKEN}/fooBar")
        assert unknown.status_code == 404
        assert unknown.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
        body = {"chat_id": LI.id, "text": "json"}
        as_json = await raw.post(f"/bot{TOKEN}/sendMessage", json=body)
        assert as_json.json()["result"]["text"] == "json"
    assert api.unsupported == ["fooBar"]
    api.unsupported.clear()
