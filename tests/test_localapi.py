"""The local Bot API server, proven with the real python-telegram-bot talking HTTP to it."""

from __future__ import annotations

import asyncio
import base64
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MenuButtonCommands,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
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
from bot.localapi.entities import EntityParseError
from bot.localapi.markdown import parse_markdown_v2

TOKEN = "123456:local-test-token"
LI = User(id=7001, first_name="李", username="li_wei", language_code="zh")
ANN = User(id=7002, first_name="Ann", language_code="en")
PNG = (  # a 1x1 PNG, so the photo has real dimensions
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest_asyncio.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi.running() as server:
        yield server


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
    async with polling(echo_app(api, seen)):
        api.user_sends_text(TOKEN, LI, "/start")
        [welcome] = await api.wait_for_messages(TOKEN, LI.id)
        assert welcome["method"] == "sendMessage"
        assert welcome["text"] == "蓝天 ready"
        assert welcome["message"]["entities"] == [{"offset": 0, "length": 2, "type": "bold"}]

        api.user_sends_text(TOKEN, LI, "上海 某某代理")
        [echo] = await api.wait_for_messages(TOKEN, LI.id)
        assert echo["text"] == "上海 某某代理"

        api.user_presses_button(TOKEN, LI, welcome["message_id"], "check")
        [edit] = await api.wait_for_messages(TOKEN, LI.id)
        assert seen["callbacks"] == ["check"]
        assert (edit["method"], edit["text"]) == ("editMessageText", "done")
        assert api.calls("answerCallbackQuery") == 1
        assert api.callback_answers(TOKEN)[0]["text"] == "checked"

        api.user_inline_query(TOKEN, ANN, "agency")
        for _ in range(50):
            if api.inline_answers(TOKEN):
                break
            await asyncio.sleep(0.02)
        [answer] = api.inline_answers(TOKEN)
        assert answer["query"] == "agency"
        assert answer["results"][0]["id"] == "r1"

    assert [m["message_id"] for m in api.sent_messages(TOKEN, LI.id)] == [2, 4, 2]
    assert api.message(TOKEN, LI.id, 2)["text"] == "done"  # type: ignore[index]


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
        for _ in range(100):
            if len(seen) == 2:
                break
            await asyncio.sleep(0.02)
    assert seen == [update["update_id"]] * 2


# Files ----------------------------------------------------------------------------------


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
async def test_the_bot_sends_files_the_user_can_fetch(api: LocalBotApi) -> None:
    async with plain_bot(api) as bot:
        sent = await bot.send_document(LI.id, b"a,b\n1,2\n", filename="report.csv", caption="表")
        assert sent.document is not None and sent.document.file_name == "report.csv"
        again = await bot.send_document(LI.id, sent.document.file_id)  # resend by file_id
        assert again.document is not None
        assert again.document.file_id == sent.document.file_id
        photo = await bot.send_photo(LI.id, PNG)
        fetched = await (await bot.get_file(photo.photo[-1].file_id)).download_as_bytearray()
        assert fetched == PNG
    assert [m["method"] for m in api.sent_messages(TOKEN)] == ["sendDocument"] * 2 + ["sendPhoto"]


# Telegram's refusals --------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("parse_mode", "markup", "reason"),
    [
        ("HTML", "<b>unclosed", 'can\'t find end tag corresponding to start tag "b"'),
        ("HTML", "a < b", 'unsupported start tag "" at byte offset 2'),
        ("HTML", "<div>x</div>", 'unsupported start tag "div" at byte offset 0'),
        ("HTML", "<b>x</i>", "unmatched end tag at byte offset 4"),
        ("HTML", "fish & chips", 'unescaped "&" at byte offset 5'),
        ("MarkdownV2", "Price: 3.5", "character '.' is reserved and must be escaped"),
        ("MarkdownV2", "*bold", "can't find end of bold entity at byte offset 0"),
        ("Markdown", "snake_case", "can't find end of the entity starting at byte offset 5"),
    ],
)
async def test_malformed_markup_is_refused_as_telegram_does(
    api: LocalBotApi, parse_mode: str, markup: str, reason: str
) -> None:
    async with plain_bot(api) as bot:
        with pytest.raises(BadRequest, match=r"^Can't parse entities: ") as refused:
            await bot.send_message(LI.id, markup, parse_mode=parse_mode)
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
async def test_edits_and_deletes_follow_telegram_rules(api: LocalBotApi) -> None:
    async with plain_bot(api) as bot:
        sent = await bot.send_message(LI.id, "v1")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("v1", LI.id, sent.message_id)
        edited = await bot.edit_message_text("v2", LI.id, sent.message_id)
        assert edited.text == "v2" and edited.edit_date is not None  # type: ignore[union-attr]
        assert await bot.delete_message(LI.id, sent.message_id)
        with pytest.raises(BadRequest, match="Message to delete not found"):
            await bot.delete_message(LI.id, sent.message_id)
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(424242, "nobody here")
        reply = await bot.send_message(LI.id, "re", reply_parameters=ReplyParameters(1))
        assert reply.reply_to_message is not None and reply.reply_to_message.text == "hello"
        with pytest.raises(BadRequest, match="Message to be replied not found"):
            await bot.send_message(LI.id, "re", reply_parameters=ReplyParameters(999))
        too_long = InlineKeyboardButton("x", callback_data="x" * 65)
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(LI.id, "k", reply_markup=InlineKeyboardMarkup([[too_long]]))
        api.user_blocks_bot(TOKEN, LI)
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(LI.id, "still there?")
    methods = [m["method"] for m in api.sent_messages(TOKEN)]
    assert methods == ["sendMessage", "editMessageText", "deleteMessage", "sendMessage"]


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
    assert parse_html("a & b", strict_ampersand=False).text == "a & b"


def test_markdown_v2_entities_and_escapes() -> None:
    parsed = parse_markdown_v2("*粗* __u__ [链接](https://x.org/a\\)b) 3\\.5\\!")
    assert parsed.text == "粗 u 链接 3.5!"
    assert parsed.entities == [
        {"type": "bold", "offset": 0, "length": 1},
        {"type": "underline", "offset": 2, "length": 1},
        {"type": "text_link", "offset": 4, "length": 2, "url": "https://x.org/a)b"},
    ]


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
async def test_a_held_request_times_out_in_ptb(api: LocalBotApi) -> None:
    api.inject_fault("sendMessage", "timeout", hold=10)
    api.inject_fault("sendChatAction", "lost_response", hold=10)
    async with plain_bot(api) as bot:
        started = time.monotonic()
        with pytest.raises(TimedOut):
            await bot.send_message(LI.id, "hi", read_timeout=0.3)
        with pytest.raises(TimedOut):
            await bot.send_chat_action(LI.id, "typing", read_timeout=0.3)
        assert time.monotonic() - started < 2
    assert api.sent_messages(TOKEN) == []  # "timeout" never carried the call out …
    assert [a["action"] for a in api.chat_actions(TOKEN)] == ["typing"]  # … lost_response did


# Updates: long polling and webhooks ----------------------------------------------------------


@pytest.mark.asyncio
async def test_long_polling_waits_and_returns_when_an_update_arrives(api: LocalBotApi) -> None:
    async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        started = time.monotonic()
        assert await bot.get_updates(timeout=timedelta(seconds=0.3)) == ()
        assert time.monotonic() - started >= 0.3
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.1)
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
        waiting = asyncio.create_task(first.get_updates(timeout=5))
        await asyncio.sleep(0.1)
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
            info = await bot.get_webhook_info()
            assert (info.url, info.pending_update_count) == (url, 0)
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
            [echo] = await api.wait_for_messages(TOKEN, ANN.id)
            assert echo["text"] == "echo me"
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.mark.asyncio
async def test_chat_menu_profile_and_actions(api: LocalBotApi) -> None:
    async with plain_bot(api) as bot:
        assert (await bot.get_chat(LI.id)).username == "li_wei"
        assert await bot.set_chat_menu_button(LI.id, MenuButtonCommands())
        assert isinstance(await bot.get_chat_menu_button(LI.id), MenuButtonCommands)
        assert await bot.set_my_description("查询上海知识产权代理机构", language_code="zh")
        description = await bot.get_my_description(language_code="zh")
        assert description.description == "查询上海知识产权代理机构"
        assert await bot.send_chat_action(LI.id, "typing")
        with pytest.raises(BadRequest, match="Wrong parameter action"):
            await bot.send_chat_action(LI.id, "dancing")
    assert api.chat_actions(TOKEN, LI.id)[0]["action"] == "typing"


# Commands and the HTTP control side ----------------------------------------------------------


@pytest.mark.asyncio
async def test_commands_are_kept_per_language(api: LocalBotApi) -> None:
    async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        await bot.set_my_commands([BotCommand("check", "查询机构")], language_code="zh")
        await bot.set_my_commands([BotCommand("check", "Check an agency")], language_code="en")
        scope = BotCommandScopeDefault()
        [zh] = await bot.get_my_commands(scope=scope, language_code="zh")
        assert zh.description == "查询机构"
        assert await bot.get_my_commands() == ()
        with pytest.raises(BadRequest, match="Bot_command_invalid"):
            await bot.set_my_commands([BotCommand("Check-Now", "x")])
        await bot.delete_my_commands(language_code="zh")
    assert api.commands(TOKEN, "zh") == []
    assert api.commands(TOKEN, "en") == [{"command": "check", "description": "Check an agency"}]


@pytest.mark.asyncio
async def test_control_endpoints_over_http(api: LocalBotApi) -> None:
    user = {"id": 9, "first_name": "Wang", "language_code": "zh"}
    async with httpx.AsyncClient(base_url=api.control_url) as control:
        sent = await control.post(f"/{TOKEN}/user/text", json={"user": user, "text": "/start"})
        update = sent.json()["result"]
        assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        data = base64.b64encode(b"scan").decode()
        doc = {"user": user, "data": data, "file_name": "a.pdf", "mime_type": "application/pdf"}
        assert (await control.post(f"/{TOKEN}/user/document", json=doc)).status_code == 200

        async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
            waiting = control.get(f"/{TOKEN}/messages/wait", params={"chat_id": 9, "timeout": 2})
            reply = asyncio.create_task(bot.send_message(9, "欢迎"))
            answer = (await waiting).json()["result"]
            await reply
            assert [m["text"] for m in answer["messages"]] == ["欢迎"]
            log = await control.get(f"/{TOKEN}/messages", params={"since": answer["next"]})
            assert log.json()["result"]["messages"] == []

            fault = {"method": "sendMessage", "kind": "502", "times": 1}
            assert (await control.post("/faults", json=fault)).status_code == 200
            with pytest.raises(NetworkError):
                await bot.send_message(9, "lost")
        calls = await control.get("/calls", params={"method": "sendMessage"})
        assert calls.json()["result"] == 2

        late = await control.get(f"/{TOKEN}/messages/wait", params={"chat_id": 9, "timeout": 0.1})
        assert late.status_code == 408
        bad = await control.post(f"/{TOKEN}/user/button", json={"user": user})
        assert bad.status_code == 400
        commands = await control.get(f"/{TOKEN}/commands", params={"language_code": "zh"})
        assert commands.json() == {"ok": True, "result": []}

    async with httpx.AsyncClient(base_url=api.root_url) as raw:
        unknown = await raw.post(f"/bot{TOKEN}/fooBar")
        assert unknown.status_code == 404
        assert unknown.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
        as_json = await raw.post(f"/bot{TOKEN}/sendMessage", json={"chat_id": 9, "text": "json"})
        assert as_json.json()["result"]["text"] == "json"


@pytest.mark.asyncio
async def test_the_server_runs_as_its_own_process() -> None:
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.localapi",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        banner = (await asyncio.wait_for(server.stdout.readline(), 10)).decode()
        base_url = banner.split()[4]  # "Local Bot API at http://127.0.0.1:PORT/bot (control: …)"
        async with Bot(TOKEN, base_url=base_url) as bot:
            assert (await bot.get_me()).username == "local_123456_bot"
    finally:
        server.terminate()
        assert await asyncio.wait_for(server.wait(), 5) == 0
