"""Fetch a registry bundle from an http(s) URL into a local cache, re-downloading only on change."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import httpx

from bot import __version__
from bot.errors import BundleUnreadable, SourceUnavailable

MAX_BODY_BYTES = 512 * 1024 * 1024
RETRY_AFTER_CAP = 30.0
USER_AGENT = f"lantian/{__version__}"
VALIDATORS = "validators.json"
_CHUNK = 64 * 1024
_SUFFIXES = (".zip", ".xlsx")
_MIME_SUFFIX = {
    "application/zip": ".zip",
    "application/x-zip-compressed": ".zip",
    "application/x-zip": ".zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
# Network hiccups worth another try; other request errors (bad scheme, redirect loop) are not.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class Fetched:
    path: Path  # local file holding the bundle (.zip or .xlsx), inside cache_dir
    changed: bool  # False when the server answered 304 Not Modified to our validators
    url: str


@dataclass(frozen=True)
class _Cached:
    path: Path
    etag: str | None
    last_modified: str | None


def is_url(text: str) -> bool:
    """True for an http:// or https:// address (anything else is a local path)."""
    return text.strip().lower().startswith(("http://", "https://"))


def fetch_bundle(
    url: str,
    cache_dir: Path,
    *,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
) -> Fetched:
    """Download `url` into `cache_dir`, or reuse the cached copy when the server says 304.

    `progress(bytes_so_far, total_or_None)` starts at 0 on each attempt: a retry restarts the bar.
    """
    http = client if client is not None else httpx.Client()
    try:
        return _fetch(http, url, cache_dir, timeout, retries, backoff, progress)
    finally:
        if client is None:  # only close what we opened; a caller's client stays theirs
            http.close()


def _fetch(
    http: httpx.Client,
    url: str,
    cache_dir: Path,
    timeout: float,
    retries: int,
    backoff: float,
    progress: Progress | None,
) -> Fetched:
    folder = cache_dir / hashlib.sha256(url.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    cached = _load_cached(folder)
    headers = {"User-Agent": USER_AGENT}
    if cached is not None:
        if cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified

    attempts = max(retries, 0) + 1
    last = ""
    for attempt in range(1, attempts + 1):
        delay = backoff * 2 ** (attempt - 1)
        try:
            # Per-request settings so a caller's client behaves the same as our own.
            with http.stream(
                "GET", url, headers=headers, timeout=timeout, follow_redirects=True
            ) as response:
                status = response.status_code
                if status == 304 and cached is not None:
                    return Fetched(cached.path, False, url)
                if status == 200:
                    return Fetched(_save(response, folder, url, cached, progress), True, url)
                last = f"HTTP {status} {response.reason_phrase}".rstrip()
                if status != 429 and status < 500:
                    raise _unavailable(url, last, attempt)
                if status in (429, 503):
                    delay = _retry_after(response, delay)
        except _TRANSIENT as exc:
            last = _describe(exc)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise _unavailable(url, _describe(exc), attempt) from exc
        if attempt < attempts:
            time.sleep(delay)
    raise _unavailable(url, last, attempts)


def _save(
    response: httpx.Response,
    folder: Path,
    url: str,
    old: _Cached | None,
    progress: Progress | None,
) -> Path:
    """Stream the body to a temporary file and rename it into place only once it is complete."""
    suffix = _bundle_suffix(url, response)
    total = _content_length(response)
    if total is not None and total > MAX_BODY_BYTES:
        raise _too_large(url)
    if response.headers.get("Content-Encoding", "identity").strip().lower() != "identity":
        total = None  # Content-Length counts compressed bytes; progress counts bytes written
    target = folder / f"bundle{suffix}"
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".bundle-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            if progress is not None:
                progress(0, total)
            written = 0
            for chunk in response.iter_bytes(_CHUNK):
                written += len(chunk)
                if written > MAX_BODY_BYTES:  # Content-Length may be absent or lie
                    raise _too_large(url)
                out.write(chunk)
                if progress is not None:
                    progress(written, total)
            out.flush()
            os.fsync(out.fileno())
        # Drop the old validators first: a crash before the new ones land means a plain re-download,
        # never old validators vouching for a new body.
        (folder / VALIDATORS).unlink(missing_ok=True)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    record = {
        "etag": response.headers.get("ETag"),
        "last_modified": response.headers.get("Last-Modified"),
        "file": target.name,
    }
    _write_atomic(folder / VALIDATORS, json.dumps(record, ensure_ascii=False, indent=2))
    if old is not None and old.path != target:
        old.path.unlink(missing_ok=True)  # the source switched between .zip and .xlsx
    return target


def _load_cached(folder: Path) -> _Cached | None:
    """The cached body and its validators, or None when either is missing or unusable."""
    try:
        data = json.loads((folder / VALIDATORS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    name = data.get("file")
    # Only a bare file name we would have written ourselves; never a path out of the folder.
    if not isinstance(name, str) or Path(name).name != name or Path(name).suffix not in _SUFFIXES:
        return None
    path = folder / name
    if not path.is_file():
        return None
    etag = data.get("etag")
    modified = data.get("last_modified")
    etag = etag if isinstance(etag, str) and etag else None
    modified = modified if isinstance(modified, str) and modified else None
    if etag is None and modified is None:
        return None
    return _Cached(path, etag, modified)


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
    served = mime or "未知类型 / unknown type"
    raise BundleUnreadable(
        f"网址必须提供 .zip 或 .xlsx 格式的数据包，但 {url} 返回的是 {served}。\n"
        f"A URL must serve a .zip or .xlsx bundle, but {url} served {served}."
    )


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


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _describe(exc: Exception) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _unavailable(url: str, last: str, attempts: int) -> SourceUnavailable:
    return SourceUnavailable(
        f"无法下载数据包 {url}：{last}（共尝试 {attempts} 次）。\n"
        f"Could not fetch the bundle {url}: {last} (after {attempts} attempt(s))."
    )


def _too_large(url: str) -> BundleUnreadable:
    limit = MAX_BODY_BYTES // (1024 * 1024)
    return BundleUnreadable(
        f"{url} 的数据包超过 {limit} MiB，已拒绝下载。\n"
        f"The bundle at {url} is larger than {limit} MiB; refused."
    )
