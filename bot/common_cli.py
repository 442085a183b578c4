"""What every `lantian` command shares: --db, --lang, --today, the settings, the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from bot.settings import Settings, load_settings
from bot.words.cli import HELP, both

if TYPE_CHECKING:
    import sqlite_utils

    from bot.registry.ready import Readable

F = TypeVar("F", bound=Callable[..., Any])


def common_options(func: F) -> F:
    """--db, --lang and --today, which every command takes (data-format.md §2)."""
    func = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help=both(HELP["today"]))(
        func
    )
    func = click.option("--lang", type=click.Choice(["zh", "en"]), help=both(HELP["lang"]))(func)
    func = click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help=both(HELP["db"]),
    )(func)
    return func


def settings_from(db_path: Path | None, lang: str | None, today: Any) -> Settings:
    return load_settings(db=db_path, lang=lang, today=today.date() if today else None)


@contextmanager
def opened(settings: Settings) -> Iterator[sqlite_utils.Database]:
    from bot.registry.database import open_database

    db = open_database(settings.db_path)
    try:
        yield db
    finally:
        db.close()


@contextmanager
def reading(settings: Settings) -> Iterator[Readable]:
    """The database to read from, as `opened` opens it; when it needs nothing done to it, a
    plain connection, which spares a check the import of sqlite-utils (bot/registry/ready.py)."""
    from bot.registry.ready import open_ready

    conn = open_ready(settings.db_path)
    if conn is None:
        with opened(settings) as db:
            yield db
        return
    try:
        yield conn
    finally:
        conn.close()
