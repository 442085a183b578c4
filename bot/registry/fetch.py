"""Fetch a registry bundle from an http(s) URL into a local cache, re-downloading only on change."""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from email.message import Message
from pathlib import Path

import httpx
import sqlite_utils

from bot import __version__
from bot.registry.importer import ImportSummary, import_path
from bot.registry.limits import DEFAULT_LIMITS, MiB, ReadLimits
from bot.registry.reader import registry_info
from bot.registry.refusals import (
    DownloadTooLarge,
    DownloadTooSlow,
    NotABundleType,
    SourceUnreachable,
)
from bot.registry.staging import ProgressFn
from bot.words import Words
from bot.words import registry as words
from bot.words.registry import filled

RETRY_AFTER_CAP = 30.0
USER_AGENT = f"lantian/{__version__}"
_SUFFIXES = (".zip", ".xlsx")
_MIME_SUFFIX = {
    "application/zip": ".zip",
    "application/x-zip-compressed": ".zip",
    "application/x-zip": ".zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
# Network hiccups worth another try; other request errors (bad scheme, redirect loop) are not.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)

DownloadProgress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class Validators:
    """What the server said identifies the body: sent back to ask "has it changed?"."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True)
class Fetched:
    path: Path | None  # the downloaded bundle (.zip or .xlsx) in cache_dir; None when unchanged
    changed: bool  # False when the server answered 304 Not Modified to our validators
    url: str
    validators: Validators = Validators()


def is_url(text: str) -> bool:
    """True for an http:// or https:// address (anything else is a local path)."""
    return text.strip().lower().startswith(("http://", "https://"))


def fetch_bundle(
    url: str,
    cache_dir: Path,
    *,
    known: Validators | None = None,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    client: httpx.Client | None = None,
    progress: DownloadProgress | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Fetched:
    """Download `url` into `cache_dir`; with `known` validators, a 304 means "unchanged".

    The whole download, retries included, must end within `limits.download_deadline` seconds
    and `limits.max_download_bytes` bytes. `progress(bytes_so_far, total_or_None)` starts at 0
    on each attempt: a retry restarts the bar. On any failure no file is left behind.
    """
    http = client if client is not None else httpx.Client()
    job = _Download(url, cache_dir, limits, progress)
    outcome: list[Fetched | BaseException] = []

    def download() -> None:
        try:
            outcome.append(job.run(http, known or Validators(), timeout, retries, backoff))
        except BaseException as error:  # handed to the caller's thread below
            outcome.append(error)

    # httpx's timeouts are per read: a server that drips its headers a byte at a time never
    # trips one. The deadline is kept here, around the whole download, in the caller's thread;
    # a download still hanging then is abandoned (its thread is a daemon) and its file removed.
    worker = threading.Thread(target=download, name="lantian-download", daemon=True)
    worker.start()
    worker.join(limits.download_deadline + 1.0)
    try:
        if worker.is_alive():
            _remove_leftovers(job.folder)
            raise DownloadTooSlow(url=url, seconds=limits.download_deadline)
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result
    finally:
        if client is None:  # only close what we opened; a caller's client stays theirs
            http.close()


def import_url(
    db: sqlite_utils.Database,
    url: str,
    cache_dir: Path,
    *,
    today: date,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    download_progress: DownloadProgress | None = None,
    progress: ProgressFn | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    allow_shrink: bool = False,
    client: httpx.Client | None = None,
) -> ImportSummary | None:
    """Fetch and import a bundle URL; None when the server says the registry already holds it.

    The validators that let the next run skip the download are saved in the import's own
    transaction: a bundle that fails to import (invalid, refused, database locked) is
    downloaded again next time.
    """
    info = registry_info(db)
    known = (
        Validators(info.get("etag"), info.get("last_modified"))
        if info.get("fetched_url") == url
        else None
    )
    fetched = fetch_bundle(
        url,
        cache_dir,
        known=known,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        client=client,
        progress=download_progress,
        limits=limits,
    )
    if fetched.path is None:
        return None
    try:
        validators = {
            "fetched_url": url,
            "etag": fetched.validators.etag,
            "last_modified": fetched.validators.last_modified,
        }
        return import_path(
            db,
            fetched.path,
            today=today,
            limits=limits,
            validators=validators,
            allow_shrink=allow_shrink,
            progress=progress,
        )
    finally:
        fetched.path.unlink(missing_ok=True)  # the registry holds it now, or it was refused


class _Download:
    """One download, with its deadline, retries and temporary file."""

    def __init__(
        self, url: str, cache_dir: Path, limits: ReadLimits, progress: DownloadProgress | None
    ) -> None:
        self.url, self.limits, self.progress = url, limits, progress
        self.folder = cache_dir / hashlib.sha256(url.encode()).hexdigest()[:16]
        self.ends = time.monotonic() + limits.download_deadline

    def left(self) -> float:
        """Seconds left before the deadline; raises once it has passed."""
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise DownloadTooSlow(url=self.url, seconds=self.limits.download_deadline)
        return remaining

    def run(
        self, http: httpx.Client, known: Validators, timeout: float, retries: int, backoff: float
    ) -> Fetched:
        self.folder.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(self.folder)
        # Uncompressed, please; a gzip answer anyway is inflated under the size limit.
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        attempts = max(retries, 0) + 1
        last = ""
        for attempt in range(1, attempts + 1):
            delay = backoff * 2 ** (attempt - 1)
            try:
                # Per-request settings so a caller's client behaves the same as our own; no read
                # may wait past the deadline.
                with http.stream(
                    "GET",
                    self.url,
                    headers=headers,
                    timeout=min(timeout, self.left()),
                    follow_redirects=True,
                ) as response:
                    status = response.status_code
                    if status == 304 and known:
                        return Fetched(None, False, self.url, known)
                    if status == 200:
                        return Fetched(self.save(response), True, self.url, _validators(response))
                    last = f"HTTP {status} {response.reason_phrase}".rstrip()
                    if status != 429 and status < 500:
                        raise _unavailable(self.url, last, attempt)
                    if status in (429, 503):
                        delay = _retry_after(response, delay)
            except _TRANSIENT as exc:
                last = _describe(exc)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise _unavailable(self.url, _describe(exc), attempt) from exc
            if attempt < attempts:
                time.sleep(min(delay, self.left()))
        raise _unavailable(self.url, last, attempts)

    def save(self, response: httpx.Response) -> Path:
        """Stream the body to a temporary file, renamed into place only once it is complete."""
        limit = self.limits.max_download_bytes
        suffix = _bundle_suffix(self.url, response)
        total = _content_length(response)
        if total is not None and total > limit:
            raise _too_large(self.url, limit)
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity", "gzip", "x-gzip"):
            raise _unavailable(self.url, filled(words.COMPRESSED_AS, encoding=encoding), 1)
        if encoding not in ("", "identity"):
            total = None  # Content-Length counts compressed bytes; progress counts bytes written
        target = self.folder / f"bundle{suffix}"
        fd, tmp_name = tempfile.mkstemp(dir=self.folder, prefix=".bundle-", suffix=".part")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                if self.progress is not None:
                    self.progress(0, total)
                written = 0
                # No chunk size: a chunk is whatever arrived, so a trickle still meets the clock.
                for chunk in _inflated(response.iter_raw(), encoding):
                    self.left()
                    written += len(chunk)
                    if written > limit:  # Content-Length may be absent or lie
                        raise _too_large(self.url, limit)
                    out.write(chunk)
                    if self.progress is not None:
                        self.progress(written, total)
                out.flush()
                os.fsync(out.fileno())
            tmp.replace(target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        for other in _SUFFIXES:  # the source switched between .zip and .xlsx
            if other != suffix:
                (self.folder / f"bundle{other}").unlink(missing_ok=True)
        return target


def _inflated(chunks: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """The body as sent, or gunzipped a megabyte at a time: httpx would inflate a whole chunk
    at once, before any limit could count it (a 7 KB answer became 4 GB)."""
    if encoding in ("", "identity"):
        yield from chunks
        return
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # the gzip wrapper
    for chunk in chunks:
        data = chunk
        while data:
            yield inflater.decompress(data, MiB)
            data = inflater.unconsumed_tail
    yield inflater.flush()


def _validators(response: httpx.Response) -> Validators:
    return Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))


def _remove_leftovers(folder: Path) -> None:
    """Partial files of an earlier run that was killed mid-download (nothing else removes them),
    and the validators file older versions kept beside the body."""
    for stale in folder.glob(".bundle-*.part"):
        stale.unlink(missing_ok=True)
    (folder / "validators.json").unlink(missing_ok=True)


def _bundle_suffix(url: str, response: httpx.Response) -> str:
    """.zip or .xlsx from the URL path (as asked, then as redirected), filename, or Content-Type."""
    for address in (httpx.URL(url), response.url):
        suffix = Path(address.path).suffix.lower()
        if suffix in _SUFFIXES:
            return suffix
    disposition = response.headers.get("Content-Disposition")
    if disposition:
        message = Message()
        message["Content-Disposition"] = disposition
        filename = message.get_filename()  # handles quoting and RFC 2231 filename*=
        if filename:
            suffix = Path(filename).suffix.lower()
            if suffix in _SUFFIXES:
                return suffix
    content_type = response.headers.get("Content-Type", "")
    mime = content_type.split(";")[0].strip().lower()
    if mime in _MIME_SUFFIX:
        return _MIME_SUFFIX[mime]
    raise NotABundleType(url=url, served=mime or words.UNKNOWN_TYPE)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def _retry_after(response: httpx.Response, default: float) -> float:
    """Seconds from a Retry-After header, capped; the usual backoff when absent or a date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        return default
    if seconds != seconds:  # NaN
        return default
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def _describe(exc: Exception) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _unavailable(url: str, last: str | Words, attempts: int) -> SourceUnreachable:
    """`last`: the server's own answer or the error as Python names it, else words of ours."""
    return SourceUnreachable(url=url, reason=last, attempts=attempts)


def _too_large(url: str, limit: int) -> DownloadTooLarge:
    size = f"{limit / MiB:g} MiB" if limit >= MiB else f"{limit} B"
    return DownloadTooLarge(url=url, size=size)
