"""Lantian's own source, parsed once, for the tests that check rules on the code itself."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
# The local Bot API server is a fenced test double of Telegram's, not Lantian's domain.
SOURCES = sorted(path for path in BOT.rglob("*.py") if "localapi" not in path.parts)


def module(path: Path) -> str:
    """A module as the tests name it: its path below bot/, e.g. `desk/queue.py`."""
    return path.relative_to(BOT).as_posix()


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def nodes(path: Path) -> Iterator[ast.AST]:
    return ast.walk(tree(path))


def places(found: Callable[[ast.AST], bool]) -> list[str]:
    """`module:line` of every node of every module for which `found` is true."""
    return [
        f"{module(path)}:{getattr(node, 'lineno', 0)}"
        for path in SOURCES
        for node in nodes(path)
        if found(node)
    ]


def modules_of(where: list[str]) -> list[str]:
    return [place.split(":")[0] for place in where]


def strings(path: Path) -> Iterator[tuple[int, str]]:
    """Every string literal of a module (f-strings with their holes as `{}`), with its line."""
    for node in nodes(path):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
            yield node.lineno, "".join(str(part) for part in parts)
