"""Webhook mode over real HTTP: our own server in front of the real Application, the project's
Bot API server POSTing to it. A POST without the secret, or with a wrong one, reaches no
handler; bodies that are too big or not updates get a 4xx and the server stays up."""

from __future__ import annotations

import asyncio
import json
import stat
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import sqlite_utils
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot.localapi.server import LocalBotApi
from bot.settings import Settings, load_settings
from bot.telegram import webhook
from bot.telegram.app import build_application
from bot.telegram.runner import LOCAL_TOKEN, serve_webhook
from bot.telegram.webhook import SECRET_HEADER, webhook_running, webhook_secret
from tests.bot_harness import DEFAULT_LIMITS, eventually, person, settled
from tests.test_bot_lifecycle import free_port, raw_message

SECRET = "right-Secret_1"
HUAYUE_NAME = "上海华岳知识产权代理有限公司"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return DEFAULT_LIMITS  # the flood test counts against them


@pytest_asyncio.fixture
async def hook(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> AsyncIterator[str]:
    """The bot in webhook mode on 127.0.0.1; yields the URL the Bot API server POSTs to."""
    app = build_application(
        settings, db, token=LOCAL_TOKEN, base_url=api.base_url, base_file_url=api.base_file_url
    )
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    async with webhook_running(app, secret=SECRET, public_url=public, port=port) as bound:
        assert bound == port
        yield public + "/telegram"


async def post(
    url: str, body: Any, secret: str | bytes | None = SECRET, **kw: Any
) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with httpx.AsyncClient(timeout=5) as client:
        if not isinstance(body, (dict, list)):
            return await client.post(url, content=body, headers=headers, **kw)
        return await client.post(url, json=body, headers=headers, **kw)


# The secret ---------------------------------------------------------------------------------


def test_without_a_configured_secret_one_is_generated_owner_only_and_kept(tmp_path: Path) -> None:
    first = webhook_secret(None, tmp_path)
    kept = tmp_path / webhook.SECRET_FILE
    assert len(first) >= 32 and kept.read_text().strip() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert webhook_secret(None, tmp_path) == first  # a restart reuses it
    assert load_settings(webhook_secret=first).webhook_secret == first  # a valid token shape


def test_a_configured_secret_wins_and_nothing_is_written(tmp_path: Path) -> None:
    assert webhook_secret("mine", tmp_path) == "mine"
    assert not (tmp_path / webhook.SECRET_FILE).exists()


def test_the_webhook_listens_on_loopback_unless_told_otherwise() -> None:
    assert str(Settings().webhook_listen) == "127.0.0.1"
    assert str(load_settings(webhook_listen="0.0.0.0").webhook_listen) == "0.0.0.0"


@pytest.mark.asyncio
async def test_lantian_bot_in_webhook_mode_without_a_secret_still_demands_one(
    api: LocalBotApi, settings: Settings, db: sqlite_utils.Database
) -> None:
    port = free_port()
    settings = settings.model_copy(update={"webhook_port": port})
    app = build_application(
        settings, db, token=LOCAL_TOKEN, base_url=api.base_url, base_file_url=api.base_file_url
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve_webhook(settings, app, "http://127.0.0.1:1", stop))
    try:
        await eventually(lambda: api.bot(LOCAL_TOKEN).webhook)
        generated = (settings.data_dir / webhook.SECRET_FILE).read_text().strip()
        assert api.bot(LOCAL_TOKEN).webhook.secret_token == generated  # type: ignore[union-attr]
        forged = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 1}}}
        assert (await post(f"http://127.0.0.1:{port}/telegram", forged, None)).status_code == 403
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


# Over HTTP ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_post_without_or_with_a_wrong_secret_reaches_no_handler(
    api: LocalBotApi, hook: str
) -> None:
    alice = person(api)
    forged = raw_message(api, alice, text=HUAYUE_NAME)
    for secret in (None, "", "wrong", SECRET + "x", SECRET[:-1], "密钥".encode()):
        assert (await post(hook, forged, secret)).status_code == 403, secret
    await settled(api)
    assert alice.cursor.read() == [], "a forged update was answered"
    assert (await post(hook, forged)).status_code == 200  # the refusal was the secret
    await alice.replies()
    assert "华岳" in alice.text()


@pytest.mark.asyncio
async def test_updates_from_the_bot_api_server_are_answered(api: LocalBotApi, hook: str) -> None:
    alice = person(api)
    await alice.says(HUAYUE_NAME)  # POSTed by the server with the secret it was given
    assert "华岳" in alice.text() and api.calls("getUpdates") == 0


@pytest.mark.asyncio
async def test_the_secret_is_compared_in_constant_time(
    api: LocalBotApi, hook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(webhook.hmac, "compare_digest", spy)
    assert (await post(hook, {"update_id": 1}, "guess")).status_code == 403
    assert compared == [(b"guess", SECRET.encode())]


# With the right secret the sender is Telegram, which would retry a refused update for ever and
# hold back the ones behind it: every body is acknowledged (200); a useless one is dropped.
BAD_BODIES: list[tuple[str, bytes, int]] = [
    ("not JSON", b"<xml/>", 200),
    ("invalid UTF-8", b'{"update_id": 1, "x": "\xff"}', 200),
    ("a JSON list", b"[1, 2]", 200),
    ("no update id", b"{}", 200),
    ("an update id that is not a number", b'{"update_id": 1.5}', 200),
    ("a string update id", b'{"update_id": "1"}', 200),
    ("nested past the recursion limit", b"[" * 100_000 + b"]" * 100_000, 200),
    ("over the size bound", b'{"update_id": 1, "pad": "' + b"x" * 300_000 + b'"}', 200),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("what", "body", "status"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
async def test_a_body_that_is_not_an_update_is_dropped_and_the_server_stays_up(
    api: LocalBotApi, hook: str, what: str, body: bytes, status: int
) -> None:
    assert (await post(hook, body)).status_code == status, what
    alice = person(api)
    await alice.says(HUAYUE_NAME)
    assert "华岳" in alice.text()


@pytest.mark.asyncio
async def test_a_chunked_body_over_the_bound_is_dropped(hook: str) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(64):
            yield b"x" * 8192

    assert (await post(hook, chunks())).status_code == 200  # type: ignore[arg-type]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


@hsettings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=200),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.fixed_dictionaries(
            {"update_id": st.integers(min_value=10**9)},
            optional={k: json_values for k in ("message", "callback_query", "inline_query")},
        ).map(lambda v: json.dumps(v).encode()),
    )
)
@pytest.mark.asyncio
async def test_no_body_gets_a_server_error(hook: str, body: bytes) -> None:
    assert (await post(hook, body)).status_code == 200


@pytest.mark.asyncio
async def test_a_flood_posted_to_the_webhook_is_acknowledged_but_never_parsed(
    api: LocalBotApi, hook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[int] = []
    real = webhook.Update.de_json

    def counting(data: Any, bot: Any) -> Any:
        parsed.append(data["update_id"])
        return real(data, bot)

    monkeypatch.setattr(webhook.Update, "de_json", counting)
    flooder = person(api, 801)
    started = time.monotonic()
    statuses = [
        (await post(hook, raw_message(api, flooder, text="/help"))).status_code for _ in range(40)
    ]
    refilled = int((time.monotonic() - started) / 2)  # 30 a minute: one more every 2 s
    assert statuses == [200] * 40  # acknowledged, or Telegram would deliver them again
    # 12 of the default 30 messages a minute at once, and one more to say 'slow down' (plus
    # what the budget refilled while a loaded machine posted the 40).
    assert 13 <= len(parsed) <= 13 + refilled


@pytest.mark.asyncio
async def test_an_unreadable_update_with_the_secret_is_acknowledged_and_skipped(
    api: LocalBotApi, hook: str
) -> None:
    """Refusing it would only make Telegram send it again, holding up the updates behind it."""
    for body in (b'{"update_id": 5, "message": 7}', b'{"update_id": 6, "poll": {"id": "1"}}'):
        assert (await post(hook, body)).status_code == 200
    alice = person(api)
    await alice.says(HUAYUE_NAME)
    assert "华岳" in alice.text()
