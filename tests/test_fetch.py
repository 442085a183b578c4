"""Fetching bundles over HTTP, against a real server on 127.0.0.1 (no mocks of httpx)."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypedDict

import httpx
import pytest

from bot import __version__
from bot.errors import BundleUnreadable, SourceUnavailable
from bot.registry.fetch import Fetched, Validators, fetch_bundle, is_url
from bot.registry.limits import ReadLimits

ZIP = b"PK\x03\x04 pretend zip bytes"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Fast(TypedDict):
    backoff: float
    timeout: float


FAST: _Fast = {"backoff": 0.01, "timeout": 2.0}  # quick retries, short waits


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # sleep before answering, to outlast the client's timeout
    truncate: int | None = None  # send only this many body bytes, then close
    send_length: bool = True  # False: no Content-Length, the body ends when the socket closes
    trickle: float = 0.0  # seconds between single body bytes (a server stalling on purpose)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


Route = Callable[[int, Seen], Reply]  # (1-based request number, request) -> reply


class Server:
    def __init__(self, httpd: ThreadingHTTPServer) -> None:
        self.httpd = httpd
        self.requests: list[Seen] = []
        self.route: Route = lambda n, seen: Reply(404)
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def count(self, path: str | None = None) -> int:
        return sum(1 for r in self.requests if path is None or r.path == path)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up on a slow handler are expected in these tests


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
            with server.lock:
                server.requests.append(seen)
                number = len(server.requests)
            reply = server.route(number, seen)
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.status != 304 and reply.send_length:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.status != 304:
                body = reply.body if reply.truncate is None else reply.body[: reply.truncate]
                if reply.trickle:
                    _trickle(self.wfile, body, reply.trickle)
                else:
                    self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _trickle(out: Any, body: bytes, interval: float) -> None:
    try:
        for byte in body:
            out.write(bytes([byte]))
            out.flush()
            time.sleep(interval)
    except OSError:
        pass  # the client gave up, as it should


@contextmanager
def serving() -> Iterator[Server]:
    """A real HTTP server on 127.0.0.1 whose replies the test sets through `Server.route`."""
    httpd = _QuietServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    srv = Server(httpd)
    httpd.RequestHandlerClass = _handler(srv)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with serving() as srv:
        yield srv


def _etag_route(body: Callable[[], bytes], etag: Callable[[], str]) -> Route:
    """A server honouring If-None-Match, like a static file host."""

    def route(n: int, seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == etag():
            return Reply(304, headers={"ETag": etag()})
        return Reply(200, body(), {"ETag": etag()})

    return route


def _bundle_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


# --- caching -------------------------------------------------------------------------------------


def test_unchanged_source_is_not_downloaded_again(server: Server, tmp_path: Path) -> None:
    server.route = _etag_route(lambda: ZIP, lambda: '"v1"')
    url = server.url("/bundle.zip")

    first = fetch_bundle(url, tmp_path, **FAST)
    second = fetch_bundle(url, tmp_path, known=first.validators, **FAST)

    assert first == Fetched(first.path, True, url, Validators('"v1"', None))
    assert first.path is not None and first.path.read_bytes() == ZIP
    assert first.path.suffix == ".zip" and first.path.is_relative_to(tmp_path)
    assert "if-none-match" not in server.requests[0].headers
    assert server.requests[1].headers["if-none-match"] == '"v1"'
    assert second == Fetched(None, False, url, Validators('"v1"', None))
    assert server.count() == 2


def test_last_modified_alone_is_sent_back_as_if_modified_since(
    server: Server, tmp_path: Path
) -> None:
    stamp = "Wed, 21 Oct 2025 07:28:00 GMT"

    def route(n: int, seen: Seen) -> Reply:
        if seen.headers.get("if-modified-since") == stamp:
            return Reply(304)
        return Reply(200, ZIP, {"Last-Modified": stamp})

    server.route = route
    url = server.url("/bundle.zip")
    first = fetch_bundle(url, tmp_path, **FAST)
    again = fetch_bundle(url, tmp_path, known=first.validators, **FAST)

    assert server.requests[1].headers["if-modified-since"] == stamp
    assert "if-none-match" not in server.requests[1].headers
    assert again.changed is False and again.path is None


def test_new_etag_on_the_server_downloads_the_new_bytes(server: Server, tmp_path: Path) -> None:
    bodies = {'"v1"': ZIP, '"v2"': b"PK\x03\x04 version two"}
    current = ['"v1"']
    server.route = _etag_route(lambda: bodies[current[0]], lambda: current[0])
    url = server.url("/bundle.zip")
    first = fetch_bundle(url, tmp_path, **FAST)

    current[0] = '"v2"'
    second = fetch_bundle(url, tmp_path, known=first.validators, **FAST)
    third = fetch_bundle(url, tmp_path, known=second.validators, **FAST)

    assert second.changed is True and second.path is not None
    assert second.path.read_bytes() == b"PK\x03\x04 version two"
    assert server.requests[1].headers["if-none-match"] == '"v1"'
    assert server.requests[2].headers["if-none-match"] == '"v2"'
    assert third.changed is False


def test_without_known_validators_the_body_is_fetched_unconditionally(
    server: Server, tmp_path: Path
) -> None:
    server.route = _etag_route(lambda: ZIP, lambda: '"v1"')
    url = server.url("/bundle.zip")
    fetch_bundle(url, tmp_path, **FAST)
    again = fetch_bundle(url, tmp_path, **FAST)  # nothing was imported: ask for the body again

    assert "if-none-match" not in server.requests[1].headers
    assert again.changed is True and again.path is not None and again.path.read_bytes() == ZIP


def test_each_url_has_its_own_cache_folder(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(200, seen.path.encode(), {"ETag": '"same"'})
    a = fetch_bundle(server.url("/a.zip"), tmp_path, **FAST)
    b = fetch_bundle(server.url("/b.zip"), tmp_path, **FAST)

    assert a.path is not None and b.path is not None
    assert a.path.parent != b.path.parent
    assert a.path.read_bytes() == b"/a.zip" and b.path.read_bytes() == b"/b.zip"
    assert "if-none-match" not in server.requests[1].headers


# --- retries -------------------------------------------------------------------------------------


def test_503_twice_then_200_succeeds_on_the_third_request(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(503) if n <= 2 else Reply(200, ZIP)
    got = fetch_bundle(server.url("/bundle.zip"), tmp_path, retries=3, **FAST)

    assert server.count() == 3
    assert got.changed is True and got.path.read_bytes() == ZIP


def test_429_with_retry_after_zero_is_retried(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: (
        Reply(429, headers={"Retry-After": "0"}) if n == 1 else Reply(200, ZIP)
    )
    started = time.monotonic()
    got = fetch_bundle(server.url("/bundle.zip"), tmp_path, backoff=5.0, timeout=2.0)

    # Retry-After: 0 replaces the 5 s backoff.
    assert time.monotonic() - started < 2.0
    assert server.count() == 2 and got.path.read_bytes() == ZIP


def test_backoff_doubles_and_retry_after_is_honoured_up_to_30s(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)  # record the waits instead of waiting
    replies = [
        Reply(500),
        Reply(502),
        Reply(503, headers={"Retry-After": "7"}),
        Reply(429, headers={"Retry-After": "3600"}),
        Reply(503, headers={"Retry-After": "Wed, 21 Oct 2025 07:28:00 GMT"}),
        Reply(200, ZIP),
    ]
    server.route = lambda n, seen: replies[n - 1]

    fetch_bundle(server.url("/bundle.zip"), tmp_path, retries=5, backoff=0.5, timeout=2.0)

    assert slept == [0.5, 1.0, 7.0, 30.0, 8.0]


def test_persistent_500_gives_up_after_retries_plus_one(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(500, b"oops")
    url = server.url("/bundle.zip")
    with pytest.raises(SourceUnavailable) as caught:
        fetch_bundle(url, tmp_path, retries=2, **FAST)

    assert server.count() == 3
    message = str(caught.value)
    assert url in message and "HTTP 500" in message and "3" in message
    chinese, english = message.splitlines()
    assert "无法下载" in chinese and "3 次" in chinese
    assert "3 attempt(s)" in english


def test_404_fails_at_once(server: Server, tmp_path: Path) -> None:
    url = server.url("/missing.zip")
    with pytest.raises(SourceUnavailable, match="HTTP 404") as caught:
        fetch_bundle(url, tmp_path, retries=3, **FAST)

    assert server.count() == 1
    assert "1 attempt(s)" in str(caught.value) and url in str(caught.value)


def test_slow_server_is_retried_then_reported(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(200, ZIP, delay=1.0)
    with pytest.raises(SourceUnavailable, match="Timeout") as caught:
        fetch_bundle(server.url("/bundle.zip"), tmp_path, retries=1, backoff=0.01, timeout=0.2)

    assert server.count() == 2
    assert "2 attempt(s)" in str(caught.value)


def test_refused_connection_is_retried_then_reported(tmp_path: Path) -> None:
    # Bind and close a socket to get a port nothing listens on.
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = httpd.server_address[1]
    httpd.server_close()
    with pytest.raises(SourceUnavailable, match="ConnectError") as caught:
        fetch_bundle(f"http://127.0.0.1:{port}/b.zip", tmp_path, retries=2, **FAST)
    assert "3 attempt(s)" in str(caught.value)


# --- body type -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers", "suffix"),
    [
        ("/download", {"Content-Disposition": 'attachment; filename="registry.xlsx"'}, ".xlsx"),
        (
            "/download",
            {"Content-Disposition": "attachment; filename*=UTF-8''%E7%99%BB.XLSX"},
            ".xlsx",
        ),
        ("/download?id=7", {"Content-Type": XLSX_MIME}, ".xlsx"),
        ("/download", {"Content-Type": "application/zip"}, ".zip"),
        ("/files/Registry.ZIP", {"Content-Type": "application/octet-stream"}, ".zip"),
    ],
)
def test_bundle_type_from_url_filename_or_content_type(
    server: Server, tmp_path: Path, path: str, headers: dict[str, str], suffix: str
) -> None:
    server.route = lambda n, seen: Reply(200, b"bytes", headers)
    got = fetch_bundle(server.url(path), tmp_path, **FAST)
    assert got.path.suffix == suffix and got.path.read_bytes() == b"bytes"


def test_redirect_is_followed_and_user_agent_sent(server: Server, tmp_path: Path) -> None:
    def route(n: int, seen: Seen) -> Reply:
        if seen.path == "/latest":
            return Reply(302, headers={"Location": "/2025/bundle.xlsx"})
        return Reply(200, b"xlsx bytes")

    server.route = route
    got = fetch_bundle(server.url("/latest"), tmp_path, **FAST)

    assert [r.path for r in server.requests] == ["/latest", "/2025/bundle.xlsx"]
    assert {r.headers["user-agent"] for r in server.requests} == {f"lantian/{__version__}"}
    assert got.path.suffix == ".xlsx" and got.url == server.url("/latest")


def test_html_page_is_not_a_bundle(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(200, b"<html>login</html>", {"Content-Type": "text/html"})
    with pytest.raises(BundleUnreadable) as caught:
        fetch_bundle(server.url("/download"), tmp_path, **FAST)

    chinese, english = str(caught.value).splitlines()
    assert ".zip" in chinese and "数据包" in chinese
    assert "A URL must serve a .zip or .xlsx bundle" in english and "text/html" in english
    assert server.count() == 1  # not retried
    assert not [p for p in _bundle_files(tmp_path) if p.startswith("bundle")]


# --- streaming -----------------------------------------------------------------------------------


def test_progress_counts_rise_to_the_body_size(server: Server, tmp_path: Path) -> None:
    body = bytes(range(256)) * 1200  # ~300 KB: several chunks
    server.route = lambda n, seen: Reply(200, body)
    calls: list[tuple[int, int | None]] = []

    got = fetch_bundle(
        server.url("/big.zip"), tmp_path, progress=lambda d, t: calls.append((d, t)), **FAST
    )

    counts = [done for done, _ in calls]
    assert len(calls) > 2
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    assert counts[-1] == len(body)
    assert {total for _, total in calls} == {len(body)}
    assert got.path.read_bytes() == body


def test_progress_total_is_none_without_content_length(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(200, ZIP, send_length=False)
    calls: list[tuple[int, int | None]] = []
    got = fetch_bundle(
        server.url("/b.zip"), tmp_path, progress=lambda d, t: calls.append((d, t)), **FAST
    )
    assert calls[-1] == (len(ZIP), None) and got.path.read_bytes() == ZIP


def test_compressed_transfer_is_stored_decoded(server: Server, tmp_path: Path) -> None:
    body = ZIP * 500
    server.route = lambda n, seen: Reply(200, gzip.compress(body), {"Content-Encoding": "gzip"})
    calls: list[tuple[int, int | None]] = []
    got = fetch_bundle(
        server.url("/b.zip"), tmp_path, progress=lambda d, t: calls.append((d, t)), **FAST
    )
    # The compressed Content-Length would mislead a progress bar, so no total is given.
    assert got.path.read_bytes() == body and calls[-1] == (len(body), None)


def test_connection_dying_mid_body_leaves_no_file(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(200, ZIP * 100, {"ETag": '"v1"'}, truncate=50)
    with pytest.raises(SourceUnavailable, match="RemoteProtocolError"):
        fetch_bundle(server.url("/bundle.zip"), tmp_path, retries=1, **FAST)

    assert server.count() == 2
    assert _bundle_files(tmp_path) == []  # no body, no .part, no validators


def test_failed_refresh_leaves_no_partial_file(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(200, ZIP, {"ETag": '"v1"'})
    url = server.url("/bundle.zip")
    first = fetch_bundle(url, tmp_path, **FAST)

    server.route = lambda n, seen: Reply(200, b"PK new" * 100, {"ETag": '"v2"'}, truncate=10)
    with pytest.raises(SourceUnavailable):
        fetch_bundle(url, tmp_path, known=first.validators, retries=0, **FAST)

    assert first.path is not None and first.path.read_bytes() == ZIP
    assert _bundle_files(tmp_path) == ["bundle.zip"]


@pytest.mark.parametrize("send_length", [True, False])
def test_oversized_body_is_refused(server: Server, tmp_path: Path, send_length: bool) -> None:
    server.route = lambda n, seen: Reply(200, b"x" * 5000, send_length=send_length)
    with pytest.raises(BundleUnreadable, match="larger than 1000 B"):
        fetch_bundle(
            server.url("/huge.zip"), tmp_path, limits=ReadLimits(max_download_bytes=1000), **FAST
        )
    assert server.count() == 1
    assert _bundle_files(tmp_path) == []


# --- small things --------------------------------------------------------------------------------


def test_a_callers_client_is_used_and_left_open(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(200, ZIP)
    with httpx.Client(headers={"X-Caller": "yes"}) as client:
        fetch_bundle(server.url("/b.zip"), tmp_path, client=client, **FAST)
        assert not client.is_closed
    assert server.requests[0].headers["x-caller"] == "yes"
    assert server.requests[0].headers["user-agent"] == f"lantian/{__version__}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/b.zip", True),
        ("HTTP://example.org/b.xlsx", True),
        ("ftp://example.org/b.zip", False),
        ("bundle.zip", False),
        ("/data/http/bundle.zip", False),
        ("C:\\bundles\\b.xlsx", False),
    ],
)
def test_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


def test_cache_paths_are_keyed_by_url_hash(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(200, ZIP)
    url = server.url("/b.zip")
    got = fetch_bundle(url, tmp_path, **FAST)
    assert got.path.parent == tmp_path / hashlib.sha256(url.encode()).hexdigest()[:16]
