"""Walk the catalogue: every (zh, en) entry of every module of a package, wherever it sits (a
table, a nested table, a list, a record with `zh` and `en` fields)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType


def catalogue_modules(package: ModuleType) -> list[ModuleType]:
    found = [package]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        found.append(importlib.import_module(info.name))
    return found


def entries(module: ModuleType) -> Iterator[tuple[str, str, str]]:
    """(where, zh, en) for each entry among the module's UPPER_CASE names."""
    for name, value in vars(module).items():
        if name.isupper():
            yield from _walk(f"{module.__name__}.{name}", value)


def _walk(where: str, value: object) -> Iterator[tuple[str, str, str]]:
    if isinstance(value, tuple) and len(value) >= 2 and all(isinstance(v, str) for v in value):
        yield where, value[-2], value[-1]  # LEVELS: (symbol, zh, en); COMMANDS: (name, zh, en)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(f"{where}[{key!r}]", item)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(f"{where}[{index}]", item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        for field, zh in fields.items():
            en_field = field[:-2] + "en" if field.endswith("zh") else None
            if en_field in fields and isinstance(zh, str):
                yield f"{where}.{field}", zh, str(fields[en_field])
