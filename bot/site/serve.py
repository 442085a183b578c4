"""Serve a built site on 127.0.0.1 from a daemon thread (stdlib only).

Used by `lantian run` (the site beside the bot), `lantian site serve`, the browser tests and
the Lighthouse benchmark. For publishing, the folder is plain static files: any web server does.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from bot.errors import Refusal
from bot.words import site as site_words


class SitePortBusy(Refusal):
    """The port asked for is taken by another program."""

    words = site_words.PORT_BUSY


# Text a phone downloads on every visit: sent gzipped, as any production web server would.
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
URL_LIMIT = 2048  # longer than any link of the site; a longer one is refused with 414


def refusal(target: str) -> int | None:
    """The 4xx status for a request target that is not a path of a static site, else None.

    http.server's own checks leave some through: a NUL or an undecodable %-escape makes
    the file system raise ValueError or UnicodeError and the connection drops unanswered.
    """
    if len(target) > URL_LIMIT:
        return 414
    try:
        path = unquote(urlsplit(target).path, errors="strict")
    except (ValueError, UnicodeError):
        return 400
    if not path.startswith("/") or any(ord(ch) < 0x20 or ch in "\x7f\\" for ch in path):
        return 400
    if ".." in path.split("/"):
        return 400
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it; no log line per request."""

    # An error is answered with a status line even to a request line without a version (which
    # http.server would take for HTTP/0.9 and answer with a bare page).
    default_request_version = "HTTP/1.0"
    # Seconds a connection may sit idle: a slow or silent client does not hold a thread forever.
    timeout = 20

    def do_GET(self) -> None:
        self._answer(self._get)

    def do_HEAD(self) -> None:
        self._answer(super().do_HEAD)

    def _answer(self, serve: Any) -> None:
        status = refusal(self.path) or self._outside_root()
        if status is not None:
            self.send_error(status)
            return
        try:
            serve()
        except (ValueError, UnicodeError):  # a name the file system cannot take
            self.send_error(400)
        except OSError:  # a name too long for the file system, a file that went away
            self.send_error(404)

    def _outside_root(self) -> int | None:
        """404 for a path that resolves outside the served folder (through a symlink)."""
        root = Path(self.directory).resolve()
        try:
            target = Path(self.translate_path(self.path)).resolve()
        except (OSError, RuntimeError, ValueError):
            return 404
        return None if target == root or target.is_relative_to(root) else 404

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A 404 is the site's own page (mkdocs writes 404.html, its links from the root), as a
        web server set up for the site sends it; any other error is http.server's."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No directory listings: a static site has an index.html where a listing is meant."""
        self.send_error(404)
        return None

    def _get(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or path.suffix not in COMPRESSED or not path.is_file():
            super().do_GET()
            return
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@functools.lru_cache(maxsize=4096)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    """A file's gzip, kept while it is unchanged (the modification time is part of the key)."""
    return gzip.compress(path.read_bytes(), compresslevel=6)


class SiteServer:
    """A folder served at http://HOST:PORT/ (port 0: a free one) while the `with` block runs."""

    def __init__(self, root: Path, *, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.root = root
        try:
            self.httpd = http.server.ThreadingHTTPServer((host, port), handler)
        except OSError as error:
            raise SitePortBusy(host=host, port=port, reason=error.strerror) from None
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.base_url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str = "/") -> str:
        return self.base_url + quote(path, safe="/?=&#%:")

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)
