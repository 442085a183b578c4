"""Hostile download servers, on a raw socket on 127.0.0.1: headers dripped a byte at a time
(httpx's timeouts are per read, so only a deadline kept around the whole download stops it)
and a compressed answer that would inflate to gigabytes inside httpx."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.errors import SourceUnavailable
from bot.registry.fetch import DownloadTooSlow, fetch_bundle
from bot.registry.limits import ReadLimits

Answer = Callable[[socket.socket, bytes], None]


@pytest.fixture
def raw_server() -> Iterator[Callable[[Answer], str]]:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def start(answer: Answer) -> str:
        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                with conn:
                    request = conn.recv(65536)
                    with contextlib.suppress(OSError):  # the client gave up: a deadline's point
                        answer(conn, request)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        threads.append(thread)
        return f"http://127.0.0.1:{listener.getsockname()[1]}/bundle.zip"

    yield start
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    listener.close()


def test_headers_dripped_a_byte_at_a_time_are_cut_off_at_the_deadline(
    raw_server: Callable[[Answer], str], tmp_path: Path
) -> None:
    def drip(conn: socket.socket, request: bytes) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 200:
            conn.sendall(bytes([byte]))
            time.sleep(0.1)  # each read arrives well within the read timeout

    url = raw_server(drip)
    started = time.monotonic()
    with pytest.raises(DownloadTooSlow):
        fetch_bundle(url, tmp_path, timeout=5, retries=0, limits=ReadLimits(download_deadline=1.0))
    assert time.monotonic() - started < 4  # not the 20+ s the drip would take
    assert not list(tmp_path.rglob("*.part"))


def test_a_compressed_answer_is_refused_before_it_is_inflated(
    raw_server: Callable[[Answer], str], tmp_path: Path
) -> None:
    asked: list[bytes] = []
    bomb = gzip.compress(gzip.compress(b"\0" * (64 * 1024 * 1024)))  # 64 MiB in a few KB

    def compressed(conn: socket.socket, request: bytes) -> None:
        asked.append(request)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\n"
            b"Content-Encoding: gzip, gzip\r\nContent-Length: "
            + str(len(bomb)).encode()
            + b"\r\n\r\n"
            + bomb
        )

    url = raw_server(compressed)
    with pytest.raises(SourceUnavailable, match="gzip, gzip"):
        fetch_bundle(url, tmp_path, timeout=5, retries=0)
    assert b"accept-encoding: identity" in asked[0].lower()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_gzip_answer_is_inflated_under_the_size_limit(
    raw_server: Callable[[Answer], str], tmp_path: Path
) -> None:
    from bot.registry.fetch import MiB

    bomb = gzip.compress(b"\0" * (64 * MiB))  # 64 MiB in 64 KB

    def compressed(conn: socket.socket, request: bytes) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
            + str(len(bomb)).encode()
            + b"\r\n\r\n"
            + bomb
        )

    url = raw_server(compressed)
    with pytest.raises(Exception, match="larger than 8 MiB"):
        fetch_bundle(url, tmp_path, timeout=5, retries=0,
                     limits=ReadLimits(max_download_bytes=8 * MiB))  # fmt: skip
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
