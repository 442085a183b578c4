"""The bot's Bot API client (aiohttp) against a real server on 127.0.0.1: JSON and forms as the
Bot API takes them, timeouts and network failures as python-telegram-bot's own errors."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiohttp import BodyPartReader, web
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram.aiohttp_request import AiohttpRequest

Seen = list[dict[str, object]]
pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def server() -> AsyncIterator[tuple[str, Seen]]:
    seen: Seen = []

    async def method(request: web.Request) -> web.Response:
        if request.content_type.startswith("multipart/"):
            parts: dict[str, object] = {}
            reader = await request.multipart()
            async for part in reader:
                assert isinstance(part, BodyPartReader)
                disposition = part.headers.get("Content-Disposition", "")
                parts[part.name or ""] = (disposition, bytes(await part.read()))
            seen.append(parts)
        elif request.content_type == "application/json":
            raw = await request.read()
            seen.append({"utf-8 body": raw.decode(), **json.loads(raw)})
        else:
            seen.append(dict(await request.post()))
        return web.json_response({"ok": True, "result": True})

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.add_routes([web.post("/bot1:x/slow", slow), web.post("/bot1:x/{name}", method)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/bot1:x", seen
    await runner.cleanup()


def client(**timeouts: float) -> AiohttpRequest:
    given = {"read_timeout": 5.0, "write_timeout": 5.0, "connect_timeout": 5.0}
    return AiohttpRequest(4, media_write_timeout=5.0, **{**given, **timeouts})


async def test_parameters_go_as_json_objects_and_all(server: tuple[str, Seen]) -> None:
    url, seen = server
    request = client()
    await request.initialize()
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("1. 上海", callback_data="pick:x")]])
    data = RequestData(
        [
            RequestParameter.from_input("chat_id", 5),
            RequestParameter.from_input("text", "上海 & co"),
            RequestParameter.from_input("reply_markup", keyboard),
            RequestParameter.from_input("disable_notification", True),
        ]
    )
    status, body = await request.do_request(f"{url}/sendMessage", "POST", data)
    await request.shutdown()
    assert status == 200 and b'"ok": true' in body
    (got,) = seen
    assert "上海 & co" in str(got.pop("utf-8 body")), "the text as UTF-8, not escaped"
    assert got == {
        "chat_id": 5,
        "text": "上海 & co",
        "reply_markup": {"inline_keyboard": [[{"text": "1. 上海", "callback_data": "pick:x"}]]},
        "disable_notification": True,
    }


async def test_a_file_goes_as_multipart_with_its_name_in_utf8(server: tuple[str, Seen]) -> None:
    url, seen = server
    request = client()
    await request.initialize()
    document = InputFile(b"a,b\n", filename='客户"名单\r\n.csv', attach=True)
    data = RequestData(
        [
            RequestParameter.from_input("chat_id", 5),
            RequestParameter.from_input("document", document),
        ]
    )
    await request.do_request(f"{url}/sendDocument", "POST", data)
    await request.shutdown()
    (parts,) = seen
    assert parts[document.attach_name or ""] == (
        f'form-data; name="{document.attach_name}"; filename="客户%22名单%0D%0A.csv"',
        b"a,b\n",
    )


async def test_no_answer_within_the_read_timeout_is_timed_out(server: tuple[str, Seen]) -> None:
    url, _ = server
    request = client(read_timeout=0.2)
    await request.initialize()
    with pytest.raises(TimedOut):
        await request.do_request(f"{url}/slow", "POST", None)
    await request.shutdown()


async def test_a_refused_connection_is_a_network_error() -> None:
    request = client()
    await request.initialize()
    with pytest.raises(NetworkError):
        await request.do_request("http://127.0.0.1:9/bot1:x/getMe", "POST", None)
    await request.shutdown()


async def test_a_request_before_initialize_is_refused() -> None:
    with pytest.raises(RuntimeError):
        await client().do_request("http://127.0.0.1:9/bot1:x/getMe", "POST", None)
