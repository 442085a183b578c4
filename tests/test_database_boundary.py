"""One database boundary: one module opens the database and owns its transactions; the registry
is read through one reader. Checked on the source, as tests/test_boundaries.py checks imports."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bot.registry.reader import REGISTRY_TABLES
from tests.sources import BOT, SOURCES, module, modules_of, places, strings

# The reader reads the registry; the importer (with its staging) and the search index write it;
# the database module creates it.
REGISTRY_MODULES = {
    "registry/reader.py",
    "registry/importer.py",
    "registry/staging.py",
    "registry/search_index.py",
    "registry/database.py",
    "registry/change_log.py",
}
# SQL is written in capitals here, so prose ("read from agencies") is not mistaken for it.
NAMED_IN_SQL = re.compile(
    rf"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:main\.)?({'|'.join(REGISTRY_TABLES)})\b"
)


def registry_sql(path: Path) -> list[str]:
    return [
        f"{module(path)}:{line}: {match.group(0)}"
        for line, text in strings(path)
        for match in NAMED_IN_SQL.finditer(text)
    ]


def test_the_check_finds_registry_sql_where_it_is() -> None:
    # Without this, a pattern that matched nothing would pass every module below.
    assert registry_sql(BOT / "registry" / "reader.py")
    assert registry_sql(BOT / "registry" / "importer.py")


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if module(p) not in REGISTRY_MODULES], ids=module
)
def test_registry_tables_are_read_only_through_the_reader(path: Path) -> None:
    assert registry_sql(path) == [], "read the registry through bot.registry.reader"


def test_one_module_owns_transactions() -> None:
    defined = places(
        lambda node: (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "transaction"
        )
    )
    assert modules_of(defined) == ["registry/database.py"]
    begun = [
        f"{module(path)}:{line}"
        for path in SOURCES
        for line, text in strings(path)
        if "BEGIN IMMEDIATE" in text.upper()
    ]
    assert modules_of(begun) == ["registry/database.py"]


def test_transaction_is_imported_from_the_database_module() -> None:
    imported = places(
        lambda node: (
            isinstance(node, ast.ImportFrom)
            and any(alias.name == "transaction" for alias in node.names)
            and node.module != "bot.registry.database"
        )
    )
    assert imported == []


def test_only_the_database_module_opens_a_database() -> None:
    opened = places(
        lambda node: (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Database"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "sqlite_utils"
        )
    )
    assert modules_of(opened) == ["registry/database.py"]
