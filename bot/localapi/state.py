"""What one bot token owns on the local server: chats, updates, files, sent messages."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

# Telegram's default when allowed_updates was never given (or given as []).
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)


class ApiError(Exception):
    """A Bot API failure, answered as {"ok": false, "error_code": ..., "description": ...}."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


class Unsupported(ApiError):
    """A method or a parameter value Telegram accepts but this server does not model (see
    README.md): answered 400 and noted in LocalBotApi.unsupported, so a test sees it."""

    def __init__(self, what: str) -> None:
        super().__init__(400, f"Bad Request: not supported by the local Bot API server: {what}")
        self.what = what


@dataclass(frozen=True)
class User:
    """A person talking to the bot; their private chat with it has the same id."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    last_name: str | None = None

    def to_api(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for name in ("last_name", "username", "language_code"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data

    def chat(self) -> JSON:
        data: JSON = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name is not None:
            data["last_name"] = self.last_name
        if self.username is not None:
            data["username"] = self.username
        return data

    @classmethod
    def from_api(cls, data: JSON) -> User:
        return cls(
            id=int(data["id"]),
            first_name=str(data.get("first_name", "")),
            username=data.get("username"),
            language_code=data.get("language_code"),
            last_name=data.get("last_name"),
        )


class Signal:
    """Wakes every coroutine waiting right now; unlike a bare Event, nobody has to clear it."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, timeout: float) -> None:
        """Returns on the next notify() or after `timeout` seconds, whichever comes first."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), max(timeout, 0.0))


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    mime_type: str | None = None
    file_name: str | None = None

    def to_api(self) -> JSON:
        """The File that getFile answers."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }

    def to_document(self) -> JSON:
        """The Document a message carries."""
        data: JSON = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data


@dataclass(frozen=True)
class SentDocument:
    """A document the bot sent, as the chat received it."""

    message_id: int
    file_name: str | None
    data: bytes
    caption: str | None
    mime_type: str | None


@dataclass
class Chat:
    """A private chat; `messages` holds every message as it is now (edits applied)."""

    user: User
    messages: dict[int, JSON] = field(default_factory=dict)
    last_message_id: int = 0
    blocked: bool = False  # the user blocked the bot: sends to the chat are refused

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class PendingUpdate:
    update: JSON
    handed_out: bool = False  # returned by getUpdates at least once


@dataclass
class Webhook:
    url: str
    secret_token: str | None


@dataclass
class CallbackQuery:
    query: JSON
    answered: bool = False


class Cursor:
    """A read position in one bot's sent log, optionally for one chat.

    `wait()` returns the next records after the position and moves it past them, so two
    cursors read the same log independently (a test and the terminal chat, say).
    """

    def __init__(self, bot: BotState, chat_id: int | None, position: int) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.position = position

    def _matching(self) -> list[JSON]:
        return [
            record
            for record in self.bot.sent[self.position :]
            if self.chat_id is None or record["chat_id"] == self.chat_id
        ]

    def read(self) -> list[JSON]:
        """Everything new, without waiting."""
        records = self._matching()
        self.position = len(self.bot.sent)
        return records

    async def wait(self, count: int = 1, timeout: float = 5.0) -> list[JSON]:
        """The next `count` records; TimeoutError (listing what did come) if they don't."""
        if count <= 0:
            return []
        deadline = time.monotonic() + timeout
        while len(records := self._matching()) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    f"expected {count} message(s) to chat {self.chat_id} within {timeout}s, "
                    f"got {len(records)}: {[r.get('text') for r in records]}"
                )
            await self.bot.sent_signal.wait(remaining)
        taken = records[:count]
        self.position = taken[-1]["seq"] + 1
        return taken


class BotState:
    """Everything the server knows about one token; each token is a separate bot."""

    def __init__(self, token: str, clock: Callable[[], float] = time.time) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.clock = clock
        self.first_name = f"Local Bot {self.bot_id}"
        self.username = f"local_{self.bot_id}_bot"
        self.last_update_id = 0
        self.pending: list[PendingUpdate] = []
        self.updates_signal = Signal()
        self.poll_generation = 0  # bumped by each getUpdates; older waiters answer 409
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.webhook: Webhook | None = None
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.sent: list[JSON] = []
        self.sent_by_chat: dict[int, list[JSON]] = {}  # the same records, by chat
        self.sent_signal = Signal()
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.inline_queries: dict[str, JSON] = {}
        self.callback_answers: list[JSON] = []
        self.inline_answers: list[JSON] = []
        self.commands: dict[str, list[JSON]] = {}  # language_code ("": all) -> commands
        self._counter = 0

    # Identity -----------------------------------------------------------------

    def me(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def now(self) -> int:
        return int(self.clock())

    def next_id(self) -> int:
        """A bot-wide counter for query ids and file ids: unique, increasing, readable."""
        self._counter += 1
        return self._counter

    # Chats --------------------------------------------------------------------

    def chat_for(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = Chat(user)
        else:
            chat.user = user  # names and language can change between messages
        return chat

    def find_chat(self, chat_id: int) -> Chat:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def new_message(self, chat: Chat, sender: JSON, **content: Any) -> JSON:
        message: JSON = {
            "message_id": chat.next_message_id(),
            "from": sender,
            "chat": chat.user.chat(),
            "date": self.now(),
            **{key: value for key, value in content.items() if value is not None},
        }
        chat.messages[message["message_id"]] = message
        return message

    # Updates ------------------------------------------------------------------

    def enqueue(self, kind: str, payload: JSON) -> JSON:
        """Builds the next update of `kind` and queues it; returns it even when filtered out."""
        self.last_update_id += 1
        update = {"update_id": self.last_update_id, kind: payload}
        self.deliver(update)
        return update

    def deliver(self, update: JSON) -> None:
        """Queues `update` as is (a repeat of an old one is handed out again)."""
        if not self.allowed_updates & set(update):
            return  # Telegram never stores update types the bot did not ask for
        self._register_queries(update)
        self.pending.append(PendingUpdate(update))
        self.updates_signal.notify()

    def _register_queries(self, update: JSON) -> None:
        # A hand-made update's queries must be answerable like those of user actions.
        callback = update.get("callback_query")
        if isinstance(callback, dict) and str(callback.get("id")) not in self.callback_queries:
            self.callback_queries[str(callback.get("id"))] = CallbackQuery(callback)
        inline = update.get("inline_query")
        if isinstance(inline, dict):
            self.inline_queries.setdefault(str(inline.get("id")), inline)

    def confirm(self, offset: int) -> None:
        """Forgets updates the bot confirmed; a negative offset keeps only the last -offset."""
        if offset < 0:
            del self.pending[: max(len(self.pending) + offset, 0)]
            return
        self.pending = [
            p for p in self.pending if not (p.handed_out and p.update["update_id"] < offset)
        ]

    def take(self, limit: int) -> list[JSON]:
        batch = self.pending[:limit]
        for pending in batch:
            pending.handed_out = True
        return [p.update for p in batch]

    def drop_pending(self) -> None:
        self.pending.clear()

    # Files --------------------------------------------------------------------

    def store_file(
        self,
        data: bytes,
        folder: str,
        extension: str,
        *,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> StoredFile:
        number = self.next_id()
        stored = StoredFile(
            file_id=f"{folder[:3].upper()}{self.bot_id}_{number:06d}",
            file_unique_id=f"u{self.bot_id}_{number:06d}",
            file_path=f"{folder}/file_{number}{extension}",
            data=data,
            mime_type=mime_type,
            file_name=file_name,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        stored = self.files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        return stored

    # What the bot did ---------------------------------------------------------

    def record(self, method: str, chat_id: int, message: JSON, params: JSON) -> JSON:
        """Appends to the sent log and wakes waiters; `seq` is the record's index."""
        entry: JSON = {
            "seq": len(self.sent),
            "method": method,
            "chat_id": chat_id,
            "message_id": message["message_id"],
            "text": message.get("text"),
            "caption": message.get("caption"),
            "message": message,
            "params": params,
        }
        self.sent.append(entry)
        self.sent_by_chat.setdefault(chat_id, []).append(entry)
        self.sent_signal.notify()
        return entry

    def cursor(self, chat_id: int | None) -> Cursor:
        return Cursor(self, chat_id, len(self.sent))

    def sent_documents(self, chat_id: int) -> list[SentDocument]:
        """The documents sent to `chat_id`, oldest first, with the bytes the server holds."""
        found = []
        for record in self.sent_by_chat.get(chat_id, ()):
            document = record["message"].get("document")
            if record["method"] != "sendDocument" or document is None:
                continue
            stored = self.files[document["file_id"]]
            caption = record["message"].get("caption")
            found.append(
                SentDocument(
                    record["message_id"], stored.file_name, stored.data, caption, stored.mime_type
                )
            )
        return found
