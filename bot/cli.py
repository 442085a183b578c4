"""The `lantian` command: a thin shell over the library. Errors become plain messages here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from bot import __version__
from bot.common_cli import common_options, opened, reading, settings_from
from bot.errors import LantianError
from bot.settings import Settings
from bot.words import Lang
from bot.words import refresh as refresh_words
from bot.words.cli import BOTH, HELP, LABELS, MESSAGES, STEPS, UNITS, both, both_lines, tag

if TYPE_CHECKING:
    import sqlite_utils

    from bot.registry.refresh import RefreshOutcome

F = TypeVar("F", bound=Callable[..., Any])
LARGE_BUNDLE = 5_000  # rows; a bundle at least this large gets a progress bar


class LantianGroup(click.Group):
    """Turns every expected error into its message and exit status 1, without a traceback.

    The staff's commands (queue, report, case, inspect) are loaded only when named or listed:
    they bring the desk, and `lantian check` starts without them (issue 11: under 200 ms)."""

    STAFF = ("queue", "report", "case", "inspect")

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.STAFF and name not in self.commands:
            _add_staff_commands(self)
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _add_staff_commands(self)
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LantianError as error:
            click.echo(str(error), err=True)
            ctx.exit(1)


@click.group(cls=LantianGroup, help=both(HELP["lantian"]))
@click.version_option(__version__, prog_name="lantian")
def cli() -> None:
    """The `lantian` command."""


@cli.command(help=both(HELP["check"]))
@click.argument("query", nargs=-1)
@click.option(
    "--file",
    "list_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=both(HELP["check_file"]),
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help=both(HELP["check_out"])
)
@click.option(
    "--image",
    "image_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=both(HELP["check_image"]),
)
@click.option("--json", "as_json", is_flag=True, help=both(HELP["check_json"]))
@common_options
def check(
    query: tuple[str, ...],
    list_path: Path | None,
    out: Path | None,
    image_path: Path | None,
    as_json: bool,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """The verdict on a query, as text or as data-format.md's JSON; or on every row of a list."""
    from bot.check import check as run_check
    from bot.render import verdict_json, verdict_text
    from bot.safe_text import clean_text

    text = " ".join(query)
    if image_path is not None:
        if text or list_path is not None:
            raise click.UsageError(both(MESSAGES["query_or_file"]))
        _check_image(settings_from(db_path, lang, today), image_path, as_json=as_json)
        return
    if list_path is not None:
        if text:
            raise click.UsageError(both(MESSAGES["query_or_file"]))
        _check_list(settings_from(db_path, lang, today), list_path, out)
        return
    if not clean_text(text).strip():  # blank, or only characters no one can see
        raise click.UsageError(both(MESSAGES["nothing_to_check"]))
    settings = settings_from(db_path, lang, today)
    with reading(settings) as db:
        verdict = run_check(db, text, today=settings.check_date())
    if as_json:
        click.echo(json.dumps(verdict_json(verdict, settings.lang), ensure_ascii=False, indent=2))
    else:
        click.echo(verdict_text(verdict, settings.lang))


def _check_image(settings: Settings, path: Path, *, as_json: bool) -> None:
    """The text in a picture read, every identity in it checked and compared, its red flags."""
    from bot.ocr import read_picture
    from bot.picture_check import check_picture_text
    from bot.render import picture_json, picture_text

    read = read_picture(path.read_bytes())
    with reading(settings) as db:
        picture = check_picture_text(db, read.text, today=settings.check_date())
    if as_json:
        click.echo(json.dumps(picture_json(picture, settings.lang), ensure_ascii=False, indent=2))
    else:
        click.echo(picture_text(picture, settings.lang))


def _check_list(settings: Settings, path: Path, out: Path | None) -> None:
    from bot.batch_check import check_file
    from bot.words import batch

    with (
        opened(settings) as db,
        click.progressbar(
            length=1, label=both(batch.PROGRESS), file=sys.stderr, show_eta=True
        ) as bar,
    ):

        def moved(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        target, rows = check_file(
            db, path, out, today=settings.check_date(), lang=settings.lang, progress=moved
        )
    click.echo(both(batch.WRITTEN, rows=rows, out=target))


@cli.group(help=both(HELP["registry"]))
def registry() -> None:
    """`lantian registry …`."""


@registry.command("import", help=both(HELP["import"]))
@click.argument("source")
@click.option("--allow-shrink", is_flag=True, help=both(HELP["allow_shrink"]))
@common_options
def import_command(
    source: str, allow_shrink: bool, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """Import a bundle from a path or an http(s) URL."""
    from bot.registry.fetch import is_url

    settings = settings_from(db_path, lang, today)
    if is_url(source):
        _import_url(settings, source, allow_shrink=allow_shrink)
    else:
        _import(settings, Path(source), allow_shrink=allow_shrink)


def _import_url(settings: Settings, url: str, *, allow_shrink: bool) -> None:
    from bot.registry.fetch import import_url

    with opened(settings) as db, _import_progress() as progress:
        summary = import_url(
            db, url, allow_shrink=allow_shrink, **_fetching(settings, url, progress)
        )
    if summary is None:
        click.echo(both(MESSAGES["source_unchanged"]))
    else:
        click.echo(describe_import(summary, settings.lang))


def _fetching(settings: Settings, url: str, progress: Callable[[Any], None]) -> dict[str, Any]:
    """How `registry import URL` and `registry refresh` fetch: the settings' cache, timeout and
    retries, the download shown as the import's first step."""
    return {
        "cache_dir": settings.data_dir / "downloads",
        "today": settings.check_date(),
        "timeout": settings.fetch_timeout,
        "retries": settings.fetch_retries,
        "progress": progress,
        "download_progress": _download_step(progress, url),
    }


def _download_step(progress: Callable[[Any], None], url: str) -> Callable[[int, int | None], None]:
    """One bar for the whole import: the download is its first step."""
    from bot.registry.staging import Progress

    def downloaded(done: int, total: int | None) -> None:
        progress(Progress("download", url, done=done, total=total or 0))

    return downloaded


@registry.command("refresh", help=both(refresh_words.HELP))
@click.option("--json", "as_json", is_flag=True, help=both(refresh_words.HELP_JSON))
@common_options
def refresh_command(as_json: bool, db_path: Path | None, lang: str | None, today: Any) -> None:
    """Import from LANTIAN_REGISTRY_URL once if it has changed; exit 1 if held back or failed."""
    from bot.registry.refresh import NoRegistryUrl, outcome_json, refresh_registry

    settings = settings_from(db_path, lang, today)
    url = settings.registry_url
    if url is None:
        raise NoRegistryUrl()
    with opened(settings) as db, _import_progress() as progress:
        outcome = refresh_registry(db, url, **_fetching(settings, url, progress))
    if as_json:
        click.echo(json.dumps(outcome_json(outcome), ensure_ascii=False))
    else:
        _say_outcome(outcome, settings.lang)
    if not outcome.ok:
        click.get_current_context().exit(1)


def _say_outcome(outcome: RefreshOutcome, lang: Lang) -> None:
    """What changed, as `registry import` says it; why not, on stderr, when held back or failed."""
    if outcome.ok:
        summary = outcome.summary
        unchanged = both(MESSAGES["source_unchanged"])  # the server said so: nothing was read
        click.echo(unchanged if summary is None else describe_import(summary, lang))
        return
    heading = refresh_words.HELD_BACK if outcome.kind == "held_back" else refresh_words.FAILED
    click.echo(both(heading, url=outcome.url), err=True)
    click.echo("\n".join(outcome.why(each) for each in BOTH), err=True)


def _import(settings: Settings, path: Path, *, allow_shrink: bool = False) -> None:
    from bot.registry.importer import import_path

    with opened(settings) as db, _import_progress() as progress:
        summary = import_path(
            db, path, today=settings.check_date(), progress=progress, allow_shrink=allow_shrink
        )
    click.echo(describe_import(summary, settings.lang))


PLAIN_PROGRESS_EVERY = 100_000  # rows between progress lines when stderr is not a terminal


@contextmanager
def _import_progress() -> Iterator[Callable[[Any], None]]:
    """A bar that moves with the bytes and rows read on a terminal; plain lines elsewhere."""
    if not sys.stderr.isatty():
        last = [""]

        def line(event: Any) -> None:
            every = event.rows and event.rows % PLAIN_PROGRESS_EVERY == 0
            if event.step != last[0] or event.finished or every:
                click.echo(_progress_text(event), err=True)
            last[0] = event.step

        yield line
        return
    with click.progressbar(
        length=1,
        label=both(STEPS["importing"]),
        file=sys.stderr,
        show_eta=False,
        item_show_func=lambda text: text or "",
    ) as bar:
        step = [""]

        def update(event: Any) -> None:
            total, done = (
                (event.total, event.done) if event.total else (event.files_total, event.files_done)
            )
            if event.step != step[0] and event.step in ("download", "read"):
                bar.pos, bar.finished = 0, False  # it starts again for the reading
            step[0] = event.step
            bar.length = max(total, 1)
            bar.update(max(done - bar.pos, 0), _progress_text(event))

        yield update


def _progress_text(event: Any) -> str:
    step = both(STEPS[event.step]) if event.step in STEPS else str(event.step)
    if event.step == "download":
        return f"{step} {event.done / 2**20:,.1f} MB"
    if event.step != "read":
        return step
    return (
        f"{step} {event.file}: {event.rows:,} {tag(UNITS['rows'])} "
        f"({tag(UNITS['files'])} {event.files_done}/{event.files_total})"
    )


def describe_import(summary: Any, lang: Lang) -> str:
    """A short account of what an import changed: the counts in both languages, then the
    agencies whose status, grade or listing changed, by name, in `lang`."""
    from bot.registry.importer import changed_names, describe_changes

    if summary.unchanged:
        return both(MESSAGES["already_imported"])
    counts = ", ".join(
        f"{summary.counts[table]} {tag(UNITS[table])}"
        for table in ("agencies", "practitioners", "listings", "sanctions")
    )
    lines = [
        f"{both(LABELS['imported'])}: {counts}",
        f"{both(LABELS['as_of'])}: {summary.as_of} · {summary.source}"
        + (f" · {both(MESSAGES['fictional'])}" if summary.fictional else ""),
        describe_changes(summary),
    ]
    if summary.first:
        return "\n".join(lines)  # everything is new; a list of it would only scroll past
    lines += [f"  {line}" for line in changed_names(summary, lang)]
    return "\n".join(lines)


@registry.command("demo", help=both(HELP["demo"]))
@click.option(
    "--scale",
    type=click.Choice(["shanghai", "national", "national3x"]),
    default="shanghai",
    show_default=True,
    help=both(HELP["demo_scale"]),
)
@click.option("--seed", type=int, default=426, show_default=True, help=both(HELP["demo_seed"]))
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help=both(HELP["demo_out"])
)
@click.option("--update", is_flag=True, help=both(HELP["demo_update"]))
@common_options
def demo_command(
    scale: str,
    seed: int,
    out: Path | None,
    update: bool,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """Generate the fictional demo bundle, import it, and (Shanghai) file its tickets; with
    --update, import the demo a day later (a few agencies changed) to try following."""
    settings = settings_from(db_path, lang, today)
    folder = out or settings.data_dir / f"demo-{scale}-{seed}"
    if update:
        _demo_update(settings, folder, scale, seed)
        return
    summary = make_demo(folder, scale, seed)
    click.echo(f"{both(LABELS['demo_bundle'])}: {folder} ({summary})")
    _import(settings, folder)
    if scale == "shanghai":
        seed_tickets(settings, seed)


def _demo_update(settings: Settings, folder: Path, scale: str, seed: int) -> None:
    from bot.registry.demo_update import write_demo_update

    if not folder.is_dir():
        make_demo(folder, scale, seed)
    changed = write_demo_update(
        folder, folder.with_name(f"{folder.name}-update"), settings.check_date()
    )
    click.echo(f"{both(LABELS['demo_changed'])}: {' · '.join(changed[:3])} …")
    _import(settings, folder.with_name(f"{folder.name}-update"))


def seed_tickets(settings: Settings, seed: int = 426) -> None:
    """The demo's fictional tickets of the campaign year (bot/desk/demo_tickets.py)."""
    from bot.desk.demo_tickets import CITY_STAFF, DEMO_STAFF, seed_demo_tickets

    with opened(settings) as db:
        filed = seed_demo_tickets(db, seed=seed)
    if filed:
        click.echo(f"{both(LABELS['demo_tickets'])}: {filed} · {both(MESSAGES['demo_year'])}")
        click.echo(
            f"{both(LABELS['staff_commands'])}: LANTIAN_STAFF={DEMO_STAFF.split(',')[0]} "
            f"lantian queue list --staff-id {CITY_STAFF.user_id}"
        )


def make_demo(folder: Path, scale: str, seed: int) -> Any:
    from bot.registry.demo import write_demo_bundle

    return write_demo_bundle(folder, scale, seed=seed)  # type: ignore[arg-type,unused-ignore]


@cli.group(help=both(HELP["leads"]))
def leads() -> None:
    """`lantian leads …`."""


@leads.command("scan", help=both(HELP["leads_scan"]))
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help=both(HELP["leads_out"])
)
@common_options
def leads_scan(
    folder: Path, out: Path | None, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """Every picture of FOLDER read and checked, the findings written as a workbook."""
    from bot.leads import pictures_in, scan, write_workbook
    from bot.ocr import SUFFIXES
    from bot.words import leads as words

    settings = settings_from(db_path, lang, today)
    files = pictures_in(folder)
    if not files:
        raise click.UsageError(both(words.NO_PICTURES, folder=folder, suffixes=" ".join(SUFFIXES)))
    target = out or folder / "leads.xlsx"
    with (
        reading(settings) as db,
        click.progressbar(length=len(files), label=both(words.PROGRESS), file=sys.stderr) as bar,
    ):
        found = scan(
            db, files, today=settings.check_date(), lang=settings.lang,
            progress=lambda done: bar.update(done - bar.pos),
        )  # fmt: skip
    write_workbook(found, target, settings.lang)
    flagged = sum(1 for lead in found if lead.picture is None or lead.picture.level != "ok")
    click.echo(both(words.WRITTEN, out=target, pictures=len(found), flagged=flagged))


@registry.command("stats", help=both(HELP["stats"]))
@click.option("--json", "as_json", is_flag=True, help=both(HELP["stats_json"]))
@common_options
def stats_command(as_json: bool, db_path: Path | None, lang: str | None, today: Any) -> None:
    """Counts over the registry, as words for a person or as JSON."""
    from bot.registry.stats import registry_stats

    settings = settings_from(db_path, lang, today)
    with opened(settings) as db:
        stats = registry_stats(db, today=settings.check_date().isoformat())
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    from bot.render import stats_text

    click.echo(stats_text(stats, settings.lang))


@cli.group(help=both(HELP["site"]))
def site() -> None:
    """`lantian site …`."""


@site.command("build", help=both(HELP["site_build"]))
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help=both(HELP["site_out"])
)
@click.option("--drafts", is_flag=True, help=both(HELP["site_drafts"]))
@common_options
def site_build(
    out: Path | None, drafts: bool, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """Build the site into a folder and say what was built."""
    settings = settings_from(db_path, lang, today)
    click.echo(build_site_for(settings, out, drafts=drafts).describe())


@site.command("publish", help=both(HELP["site_publish"]))
@common_options
def site_publish(db_path: Path | None, lang: str | None, today: Any) -> None:
    """Build the site beside the live one and switch to it."""
    settings = settings_from(db_path, lang, today)
    click.echo(publish_site_for(settings).describe())


@site.command("serve", help=both(HELP["site_serve"]))
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help=both(HELP["site_dir"]),
)
@click.option("--port", type=int, help=both(HELP["site_port"]))
@common_options
def site_serve(
    folder: Path | None, port: int | None, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """Serve a built site on 127.0.0.1 until Ctrl-C."""
    import time

    from bot.site.serve import SiteServer

    settings = settings_from(db_path, lang, today)
    root = folder or settings.site_dir
    if not (root / "index.html").is_file():
        raise click.ClickException(both(MESSAGES["no_site"], folder=root))
    with SiteServer(root, port=settings.site_port if port is None else port) as server:
        click.echo(f"{both(LABELS['site'])}: {server.url()} · {both(MESSAGES['ctrl_c'])}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


def build_site_for(settings: Settings, out: Path | None, *, drafts: bool = False) -> Any:
    from bot.site.build import build_site

    with opened(settings) as db:
        return build_site(
            db,
            out or settings.site_dir,
            today=settings.check_date(),
            bot_username=settings.bot_username,
            drafts=drafts,
            site_url=settings.site_url,
        )


def publish_site_for(settings: Settings) -> Any:
    from bot.site.publish import publish_site

    with opened(settings) as db:
        return publish_site(
            db,
            settings.site_dir,
            today=settings.check_date(),
            bot_username=settings.bot_username,
            site_url=settings.site_url,
        )


@cli.command(help=both(HELP["run"]))
@common_options
def run(db_path: Path | None, lang: str | None, today: Any) -> None:
    """The whole thing: the demo registry, the site on 127.0.0.1, and the bot."""
    from bot.site.serve import SiteServer

    settings = settings_from(db_path, lang, today)
    ensure_registry(settings)
    click.echo(both(MESSAGES["building_site"]))
    summary = publish_site_for(settings)
    # The live folder is a link the bot's daily rebuild switches: served as such, per request.
    with SiteServer(settings.site_dir, port=settings.site_port) as server:
        pages = f"{summary.html_pages} {tag(UNITS['pages'])}"
        click.echo(f"{both(LABELS['site'])}: {server.url()} · {pages}")
        start_bot(settings)


@cli.command("bot", help=both(HELP["bot"]))
@common_options
def bot_command(db_path: Path | None, lang: str | None, today: Any) -> None:
    """The bot alone: polling, or a webhook when LANTIAN_WEBHOOK_URL is set."""
    start_bot(settings_from(db_path, lang, today))


def ensure_registry(settings: Settings) -> None:
    """The demo registry on first run, so the bot has something to answer from."""
    from bot.registry.reader import registry_info

    with opened(settings) as db:
        empty = not registry_info(db)
    if empty:
        click.echo(both(MESSAGES["first_run"]))
        folder = settings.data_dir / "demo-shanghai-426"
        make_demo(folder, "shanghai", 426)
        _import(settings, folder)
        seed_tickets(settings)


def start_bot(settings: Settings) -> None:
    """On Telegram when a token is set; else a terminal chat through the same handlers."""
    import asyncio
    import logging

    from bot.telegram.runner import run_on_telegram, terminal_chat

    logging.basicConfig(
        level=logging.INFO if settings.telegram_bot_token else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per Bot API call otherwise
    with opened(settings) as db:
        if settings.telegram_bot_token:
            run_on_telegram(settings, db)
            return
        click.echo(both_lines(MESSAGES["terminal_chat"]))
        if not settings.staff:
            click.echo(both_lines(MESSAGES["terminal_staff"]))
        examples = example_queries(db)
        if examples:
            click.echo(f"{both(LABELS['try'])}: " + "  ·  ".join(examples))
        asyncio.run(terminal_chat(settings, db, input, click.echo))


def example_queries(db: sqlite_utils.Database) -> list[str]:
    """A few queries from the registry itself that show the different verdicts."""
    from bot.query_words import EXAMPLE_IMPOSTOR, EXAMPLE_SWAP
    from bot.registry.reader import showcase

    found = showcase(db)
    if found:
        found.insert(1, found[0].replace(*EXAMPLE_SWAP[0], 1).replace(*EXAMPLE_SWAP[1], 1))
    return [*found, EXAMPLE_IMPOSTOR]


# pypinyin reads its phrase dictionary on import (about 150 ms). A check reads a name's sounds
# one character at a time (normalize.sound_key), for which the characters' own readings suffice
# (tests/test_startup.py holds them equal). Only a `lantian check` process goes without: the
# site reads district names as whole words, and tests call `cli` in one long-lived process.
CHARACTER_READINGS_ONLY = {"PYPINYIN_NO_PHRASES": "1", "PYPINYIN_NO_DICT_COPY": "1"}


def main() -> None:
    if sys.argv[1:2] == ["check"]:
        for name, value in CHARACTER_READINGS_ONLY.items():
            os.environ.setdefault(name, value)
    cli(prog_name="lantian")


def _add_staff_commands(group: click.Group) -> None:
    from bot.inspect_cli import inspect
    from bot.staff_cli import case, queue, report

    for command in (queue, report, case, inspect):
        if command.name not in group.commands:
            group.add_command(command)
