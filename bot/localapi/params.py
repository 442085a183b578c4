"""Request parameters as the Bot API receives them, with Telegram's complaints when wrong.

Clients send query strings, urlencoded forms (PTB: strings as is, everything else
JSON-encoded) or a JSON body; the accessors here read a value whichever way it came. Files
come in multipart/form-data, each in a part of its own (see `file`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.localapi.state import JSON, bad_request

ATTACH = "attach://"


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    file_name: str | None
    content_type: str | None
    data: bytes


class Params:
    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "")

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def required_text(self, name: str, missing: str) -> str:
        value = self.text(name)
        if not value:
            raise bad_request(missing)
        return value

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def number(self, name: str, default: float) -> float:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def boolean(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def json(self, name: str, what: str) -> Any:
        """A JSON-valued parameter; `what` names it in Telegram's "can't parse" message."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what} JSON object") from None

    def chat_id(self) -> int:
        """A numeric chat id (the bot never addresses a chat by @username)."""
        value = self.values.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def file(self, name: str) -> Upload | str | None:
        """A file parameter: the upload in the part `name` (or in the part an "attach://<part>"
        value names), else the string given (a file_id or a URL), else None."""
        value = self.text(name)
        if value is not None and value.startswith(ATTACH):
            return self.uploads.get(value[len(ATTACH) :])
        return self.uploads.get(name) or value or None

    def public(self) -> JSON:
        """The parameters, JSON values decoded, for the sent log."""
        return {name: _maybe_json(value) for name, value in self.values.items()}


def _maybe_json(value: Any) -> Any:
    # PTB JSON-encodes objects and lists but sends strings raw; only decode containers, so a
    # text that happens to be "123" stays a string.
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
