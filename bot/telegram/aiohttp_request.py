"""The bot's HTTP client for the Bot API: aiohttp in place of python-telegram-bot's HTTPXRequest.

Why: with a round trip of 100 ms and more, hundreds of requests are in flight at once, and
httpcore's pool (1.0.9) compares every connection with every other on each request and reply:
with 256 connections a request cost ~16 ms of CPU and the bot sent at most ~60 messages a second
(scripts/bench_bot.py, issue 11). aiohttp's pool costs ~0.3 ms a request at any size.
"""

from __future__ import annotations

import json

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

Proxy = tuple[URL | None, aiohttp.BasicAuth | None]  # and its credentials from ~/.netrc


class AiohttpRequest(BaseRequest):
    """A pool of up to `pool` connections; timeouts in seconds, as HTTPXRequest takes them.

    aiohttp has no write timeout: a request carrying files may take `media_write_timeout`
    (instead of `read_timeout`) before the answer's first byte, the upload included.
    """

    def __init__(
        self,
        pool: int,
        *,
        read_timeout: float,
        write_timeout: float,
        connect_timeout: float,
        pool_timeout: float = 1.0,
        media_write_timeout: float,
    ) -> None:
        self._pool = pool
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[URL, Proxy] = {}

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    def _proxy(self, url: str) -> Proxy:
        """The proxy the environment names for the URL's origin (HTTPS_PROXY, NO_PROXY...), as
        httpx honours them; looked up once per origin, not per request as aiohttp's trust_env
        does (twice in a thread, the netrc file read each time)."""
        origin = URL(url).origin()
        if origin not in self._proxies:
            try:
                self._proxies[origin] = get_env_proxy_for_url(origin)
            except LookupError:
                self._proxies[origin] = (None, None)
        return self._proxies[origin]

    async def initialize(self) -> None:
        """Opens the pool (again after a shutdown); it must be made inside the running loop."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("this AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        read = _given(read_timeout, self._read_timeout)
        if files:
            read = max(read or 0.0, _given(write_timeout, self._media_write_timeout) or 0.0)
        connect = _given(connect_timeout, self._connect_timeout)
        waiting = _given(pool_timeout, self._pool_timeout)
        timeout = aiohttp.ClientTimeout(
            connect=None if connect is None or waiting is None else connect + waiting,
            sock_connect=connect,
            sock_read=read,
        )
        proxy, proxy_auth = self._proxy(url)
        body = _body(request_data)
        try:
            async with self._session.request(
                method,
                url,
                data=body,
                headers=JSON_BODY if isinstance(body, bytes) else None,
                timeout=timeout,
                proxy=proxy,
                proxy_auth=proxy_auth,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:  # aiohttp's own timeouts are TimeoutErrors too
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


JSON_BODY = {"Content-Type": "application/json"}


def _body(request_data: RequestData | None) -> aiohttp.FormData | bytes | None:
    """JSON, or a multipart form when it carries files: both as the Bot API takes them.

    Not a url-encoded form, as python-telegram-bot sends: %-encoding a card's Chinese byte by
    byte in Python cost more CPU than all the rest of the request (and tripled its size)."""
    if request_data is None:
        return None
    files = request_data.multipart_data
    if not files:
        return json.dumps(request_data.parameters, ensure_ascii=False).encode()
    form = aiohttp.FormData(quote_fields=False)  # a file name in UTF-8, not %-encoded
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (file_name, content, mime_type) in files.items():
        form.add_field(name, content, filename=_form_safe(file_name), content_type=mime_type)
    return form


def _form_safe(file_name: str) -> str:
    """As browsers and httpx write a file name into a form: a quote or a control character
    (a user's file name may hold a line break) %-encoded, everything else as it is."""
    return "".join(
        f"%{ord(c):02X}" if c == '"' or ord(c) < 0x20 or c == "\x7f" else c for c in file_name
    )
