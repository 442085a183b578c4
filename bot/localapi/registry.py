"""The table of Bot API methods, filled by the modules that implement them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from bot.localapi.params import Params
from bot.localapi.state import BotState

Method = Callable[[BotState, Params], Any]
M = TypeVar("M", bound=Method)
METHODS: dict[str, Method] = {}  # keyed by lower-case name: Telegram ignores the case


def method(name: str) -> Callable[[M], M]:
    """Registers the decorated function as the Bot API method `name`."""

    def register(function: M) -> M:
        METHODS[name.lower()] = function
        return function

    return register
