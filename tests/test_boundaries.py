"""Architecture rules a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
DOMAIN = [
    path
    for path in sorted(BOT.rglob("*.py"))
    if "telegram" not in path.relative_to(BOT).parts and not path.name.endswith("cli.py")
]
FRONT_ENDS = {"telegram", "mkdocs", "click"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(BOT)))
def test_domain_code_never_imports_a_front_end(path: Path) -> None:
    assert not imported_roots(path) & FRONT_ENDS


def cli_commands(group: click.Group, prefix: str = "lantian") -> list[str]:
    """Every leaf command of the CLI, as a person types it: `lantian registry import`."""
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found.extend(cli_commands(command, f"{prefix} {name}"))
        else:
            found.append(f"{prefix} {name}")
    return found


def test_the_readme_documents_every_cli_command() -> None:
    from bot.cli import cli

    readme = (BOT.parent / "README.md").read_text(encoding="utf-8")
    commands = cli_commands(cli)
    assert "lantian site build" in commands  # the walk reaches nested groups
    missing = [command for command in commands if f"`{command}" not in readme]
    assert missing == [], f"README.md does not document {missing}"


def test_the_readme_documents_every_bot_command() -> None:
    from bot.words.chat import COMMANDS

    readme = (BOT.parent / "README.md").read_text(encoding="utf-8")
    for command, _zh, _en in COMMANDS:
        assert f"| `/{command}` |" in readme, command


def test_the_readme_documents_every_staff_command() -> None:
    from bot.words.desk import STAFF_COMMANDS

    readme = (BOT.parent / "README.md").read_text(encoding="utf-8")
    for command, _zh, _en in STAFF_COMMANDS:
        assert f"| `/{command}` |" in readme, command
