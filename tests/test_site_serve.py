"""`lantian site serve` under hostile requests, over a real socket: a 4xx, and it keeps serving."""

from __future__ import annotations

import socket
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.site.serve import SiteServer

HOME = b"<!doctype html><title>home</title>"
NOT_FOUND = "<!doctype html><title>页面不存在 · Page not found</title>".encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> SiteServer:
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_bytes(HOME)
    (root / "404.html").write_bytes(NOT_FOUND)
    (root / "a").mkdir()
    (root / "a" / "index.html").write_bytes(b"a")
    (root.parent / "secret.txt").write_text("outside the site")
    (root / "outside").symlink_to(root.parent, target_is_directory=True)
    (root / "listing").mkdir()
    (root / "listing" / "x.txt").write_text("x")
    with SiteServer(root) as running:
        yield running


def exchange(server: SiteServer, request: bytes) -> bytes:
    """Send raw bytes, read the whole answer (the server closes after an error)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    return answer


def status(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/"), f"no HTTP answer: {answer[:80]!r}"
    return int(answer.split(b" ", 2)[1])


def home_still_served(server: SiteServer) -> None:
    with urllib.request.urlopen(server.url("/"), timeout=5) as response:
        assert response.read() == HOME


@pytest.mark.parametrize(
    "target",
    [
        b"/%00",
        b"/index.html%00.txt",
        b"/a/%00/index.html",
        b"/%ed%a0%80",  # a lone surrogate, which the file system cannot take
        b"/%ff%fe",
        b"/../secret.txt",
        b"/a/../../secret.txt",
        b"/%2e%2e/secret.txt",
        b"/a%5c..%5c..%5csecret.txt",
        b"/" + b"a" * 5000,
    ],
)
def test_a_hostile_path_gets_a_4xx_and_the_server_keeps_serving(
    server: SiteServer, target: bytes
) -> None:
    answer = exchange(server, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert 400 <= status(answer) < 500
    assert b"outside the site" not in answer
    home_still_served(server)


@pytest.mark.parametrize(
    "line",
    [
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"\x00\x01\x02 / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1 extra\r\n\r\n",
        b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
    ],
)
def test_a_malformed_request_line_gets_a_4xx(server: SiteServer, line: bytes) -> None:
    answer = exchange(server, line)
    assert 400 <= status(answer) < 600 and status(answer) != 500
    home_still_served(server)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(min_size=1, max_size=60).filter(lambda b: not any(c in b for c in b" \r\n")))
def test_no_request_path_makes_the_server_drop_the_connection(
    server: SiteServer, raw: bytes
) -> None:
    answer = exchange(server, b"GET /" + raw + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status(answer) in (200, 301, 400, 404, 414)


@pytest.mark.parametrize(
    "target",
    [
        b"/" + b"x" * 300,  # one name longer than the file system takes (ENAMETOOLONG)
        b"/a/" + b"y" * 1000 + b"/index.html",
        b"/outside/secret.txt",  # a symlink out of the served folder
        b"/outside/",
        b"/listing/",  # a folder without index.html: no listing of what is there
    ],
)
@pytest.mark.parametrize("method", [b"GET", b"HEAD"])
def test_a_path_that_fails_or_leaves_the_folder_gets_404(
    server: SiteServer, method: bytes, target: bytes
) -> None:
    answer = exchange(server, method + b" " + target + b" HTTP/1.0\r\n\r\n")
    assert status(answer) == 404
    assert b"outside the site" not in answer and b"x.txt" not in answer
    home_still_served(server)


def test_an_idle_connection_is_closed(server: SiteServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.site import serve

    monkeypatch.setattr(serve._QuietHandler, "timeout", 0.5)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        assert conn.recv(65536) in (b"", b"HTTP/1.0 408 Request Timeout\r\n")  # closed
    home_still_served(server)


@pytest.mark.parametrize("target", ["/no-such-page/", "/a/missing.html", "/listing/"])
def test_a_missing_page_is_the_sites_own_404_page(server: SiteServer, target: str) -> None:
    answer = exchange(server, f"GET {target} HTTP/1.0\r\n\r\n".encode())
    assert status(answer) == 404
    assert answer.endswith(NOT_FOUND) and b"text/html; charset=utf-8" in answer
    head = exchange(server, f"HEAD {target} HTTP/1.0\r\n\r\n".encode())
    assert status(head) == 404 and not head.endswith(NOT_FOUND)


def test_a_request_refused_for_its_shape_is_not_dressed_as_a_missing_page(
    server: SiteServer,
) -> None:
    answer = exchange(server, b"GET /%00 HTTP/1.0\r\n\r\n")
    assert status(answer) == 400 and NOT_FOUND not in answer
