"""The `lantian` command: a thin shell over the library. Errors become plain messages here."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
import sqlite_utils

from bot import __version__
from bot.common_cli import common_options, opened, settings_from
from bot.errors import LantianError
from bot.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
LARGE_BUNDLE = 5_000  # rows; a bundle at least this large gets a progress bar


class LantianGroup(click.Group):
    """Turns every expected error into its message and exit status 1, without a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LantianError as error:
            click.echo(str(error), err=True)
            ctx.exit(1)


@click.group(cls=LantianGroup)
@click.version_option(__version__, prog_name="lantian")
def cli() -> None:
    """蓝天 Lantian: 核查知识产权代理机构，受理举报，公示“蓝天”专项整治行动。

    Check IP agencies, take reports, publish Shanghai's Blue Sky campaign.
    """


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON contract of data-format.md.")
@common_options
def check(
    query: tuple[str, ...], as_json: bool, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """核查机构、代理师、电话或网址 / Is this agency, attorney, phone or website legitimate?"""
    from bot.check import check as run_check
    from bot.render import verdict_json, verdict_text
    from bot.safe_text import clean_text

    text = " ".join(query)
    if not clean_text(text).strip():  # blank, or only characters no one can see
        raise click.UsageError("请输入要核查的名称、代码、电话或网址 / give something to check")
    settings = settings_from(db_path, lang, today)
    with opened(settings) as db:
        verdict = run_check(db, text, today=settings.check_date())
    if as_json:
        click.echo(json.dumps(verdict_json(verdict, settings.lang), ensure_ascii=False, indent=2))
    else:
        click.echo(verdict_text(verdict, settings.lang))


@cli.group()
def registry() -> None:
    """登记库：导入、示例数据、统计 / The registry: import, demo data, statistics."""


@registry.command("import")
@click.argument("source")
@click.option(
    "--allow-shrink",
    is_flag=True,
    help="Accept a bundle that removes more than 20% of the agencies or practitioners.",
)
@common_options
def import_command(
    source: str, allow_shrink: bool, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """导入数据包（文件夹、.zip、.xlsx 或网址） / Import a bundle (folder, .zip, .xlsx or URL)."""
    from bot.registry.fetch import is_url

    settings = settings_from(db_path, lang, today)
    if is_url(source):
        _import_url(settings, source, allow_shrink=allow_shrink)
    else:
        _import(settings, Path(source), allow_shrink=allow_shrink)


def _import_url(settings: Settings, url: str, *, allow_shrink: bool) -> None:
    from bot.registry.fetch import import_url
    from bot.registry.staging import Progress

    with opened(settings) as db, _import_progress() as progress:

        def downloaded(done: int, total: int | None) -> None:
            # One bar for the whole import: the download is its first step.
            progress(Progress("download", url, done=done, total=total or 0))

        summary = import_url(
            db,
            url,
            settings.data_dir / "downloads",
            today=settings.check_date(),
            timeout=settings.fetch_timeout,
            retries=settings.fetch_retries,
            download_progress=downloaded,
            progress=progress,
            allow_shrink=allow_shrink,
        )
    if summary is None:
        click.echo("数据源未变化，无需导入 / the source has not changed; nothing to import")
    else:
        click.echo(describe_import(summary))


def _import(settings: Settings, path: Path, *, allow_shrink: bool = False) -> None:
    from bot.registry.importer import import_path

    with opened(settings) as db, _import_progress() as progress:
        summary = import_path(
            db, path, today=settings.check_date(), progress=progress, allow_shrink=allow_shrink
        )
    click.echo(describe_import(summary))


PLAIN_PROGRESS_EVERY = 100_000  # rows between progress lines when stderr is not a terminal
_STEPS = {
    "download": "下载 / downloading",
    "read": "读取 / reading",
    "check": "校验 / checking",
    "index": "建索引 / indexing",
    "write": "写入 / writing",
}


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
        label="导入 / importing",
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
    if event.step == "download":
        return f"{_STEPS['download']} {event.done / 2**20:,.1f} MB"
    if event.step != "read":
        return str(_STEPS.get(event.step, event.step))
    return (
        f"{_STEPS['read']} {event.file}: {event.rows:,} 行 rows "
        f"(文件 files {event.files_done}/{event.files_total})"
    )


def describe_import(summary: Any) -> str:
    """A short account of what an import changed, Chinese first."""
    from bot.registry.importer import describe_changes

    if summary.unchanged:
        return "数据与登记库一致，未做任何修改 / the registry already holds this bundle: no change"
    c = summary.counts
    lines = [
        f"已导入 / imported: {c['agencies']} 家机构 agencies, {c['practitioners']} 名代理师 "
        f"practitioners, {c['listings']} 条名单 listings, {c['sanctions']} 项处罚 sanctions",
        f"数据截至 / as of {summary.as_of} · {summary.source}"
        + (" · 示例数据（虚构） / fictional" if summary.fictional else ""),
        describe_changes(summary),
    ]
    if summary.first:
        return "\n".join(lines)  # everything is new; a list of it would only scroll past
    for name, before, after in summary.status_changes[:20]:
        lines.append(f"  状态 status: {name}: {before} → {after}")
    for name, before, after in summary.grade_changes[:20]:
        lines.append(f"  等级 grade: {name}: {before or '—'} → {after or '—'}")
    for name, listed in summary.newly_listed[:20]:
        lines.append(f"  列入 listed: {name}: {listed}")
    return "\n".join(lines)


@registry.command("demo")
@click.option(
    "--scale", type=click.Choice(["shanghai", "national"]), default="shanghai", show_default=True
)
@click.option("--seed", type=int, default=426, show_default=True, help="Same seed, same data.")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Keep the bundle here."
)
@common_options
def demo_command(
    scale: str, seed: int, out: Path | None, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """生成并导入虚构的示例登记库 / Generate and import a fictional demo registry."""
    settings = settings_from(db_path, lang, today)
    folder = out or settings.data_dir / f"demo-{scale}-{seed}"
    summary = make_demo(folder, scale, seed)
    click.echo(f"示例数据包 / demo bundle: {folder} ({summary})")
    _import(settings, folder)
    if scale == "shanghai":
        seed_tickets(settings, seed)


def seed_tickets(settings: Settings, seed: int = 426) -> None:
    """The demo's fictional tickets of the campaign year (bot/desk/demo_tickets.py)."""
    from bot.desk.demo_tickets import CITY_STAFF, DEMO_STAFF, seed_demo_tickets

    with opened(settings) as db:
        filed = seed_demo_tickets(db, seed=seed)
    if filed:
        click.echo(
            f"示例工单 / demo tickets: {filed}（2023 年，虚构 / fictional）。"
            f"工作人员命令 / staff commands: LANTIAN_STAFF={DEMO_STAFF.split(',')[0]} "
            f"lantian queue list --staff-id {CITY_STAFF.user_id}"
        )


def make_demo(folder: Path, scale: str, seed: int) -> Any:
    from bot.registry.demo import write_demo_bundle

    return write_demo_bundle(folder, scale, seed=seed)  # type: ignore[arg-type,unused-ignore]


@registry.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@common_options
def stats_command(as_json: bool, db_path: Path | None, lang: str | None, today: Any) -> None:
    """登记库统计 / Counts over the registry."""
    from bot.registry.stats import registry_stats

    settings = settings_from(db_path, lang, today)
    with opened(settings) as db:
        stats = registry_stats(db, today=settings.check_date().isoformat())
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    from bot.render import stats_text

    click.echo(stats_text(stats, settings.lang))


@cli.group()
def site() -> None:
    """公示网站：生成、预览 / The public-notice site: build and preview."""


@site.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to build into (default: $LANTIAN_SITE_DIR, then build/site); emptied first.",
)
@click.option("--drafts", is_flag=True, help="Include draft and future-dated cases (preview).")
@common_options
def site_build(
    out: Path | None, drafts: bool, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """生成公示网站 / Build the whole static site from content/ and the registry."""
    settings = settings_from(db_path, lang, today)
    click.echo(build_site_for(settings, out, drafts=drafts).describe())


@site.command("serve")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A built site (default: $LANTIAN_SITE_DIR, then build/site).",
)
@click.option("--port", type=int, help="Port on 127.0.0.1 (default: $LANTIAN_SITE_PORT, 8000).")
@common_options
def site_serve(
    folder: Path | None, port: int | None, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """在本机预览已生成的网站 / Serve a built site on 127.0.0.1 until Ctrl-C."""
    import time

    from bot.site.serve import SiteServer

    settings = settings_from(db_path, lang, today)
    root = folder or settings.site_dir
    if not (root / "index.html").is_file():
        raise click.ClickException(f"{root} 中没有网站：请先运行 `lantian site build`。")
    with SiteServer(root, port=settings.site_port if port is None else port) as server:
        click.echo(f"网站 / site: {server.url()}  (Ctrl-C 退出 / to stop)")
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


@cli.command()
@common_options
def run(db_path: Path | None, lang: str | None, today: Any) -> None:
    """运行：示例登记库、网站（本机）、机器人（有令牌连 Telegram，否则终端对话）。

    Run the whole thing: the demo registry, the site on 127.0.0.1, and the bot.
    """
    from bot.site.serve import SiteServer

    settings = settings_from(db_path, lang, today)
    ensure_registry(settings)
    click.echo("生成网站 / building the site …")
    summary = build_site_for(settings, None)
    with SiteServer(summary.out_dir, port=settings.site_port) as server:
        click.echo(f"网站 / site: {server.url()}  ({summary.html_pages} 个页面 pages)")
        start_bot(settings)


@cli.command("bot")
@common_options
def bot_command(db_path: Path | None, lang: str | None, today: Any) -> None:
    """只运行机器人（轮询，或设置 webhook） / Run the bot alone (polling or webhook)."""
    start_bot(settings_from(db_path, lang, today))


def ensure_registry(settings: Settings) -> None:
    """The demo registry on first run, so the bot has something to answer from."""
    from bot.registry.importer import registry_info

    with opened(settings) as db:
        empty = not registry_info(db)
    if empty:
        click.echo("首次运行：生成示例登记库 / first run: making the demo registry")
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
        click.echo(
            "未设置 TELEGRAM_BOT_TOKEN：在终端里与机器人对话（同一套处理程序，经本机 Bot API）。\n"
            "No TELEGRAM_BOT_TOKEN: chatting with the bot here, through the same handlers.\n"
            "输入名称、代码、电话或网址核查；/report 举报；#N 点第 N 个按钮；@文件路径 发送文件；"
            "/quit 退出。\n"
            "Type to check; /report to report; #N presses button N; @PATH sends a file; "
            "/quit leaves."
        )
        if not settings.staff:
            click.echo(
                "未设置 LANTIAN_STAFF：你也是市局工作人员，/queue 查看工单，/ticket 编号 处理。\n"
                "No LANTIAN_STAFF: you are city staff too; /queue lists tickets, /ticket N acts."
            )
        examples = example_queries(db)
        if examples:
            click.echo("试试 / try: " + "  ·  ".join(examples))
        asyncio.run(terminal_chat(settings, db, input, click.echo))


def example_queries(db: sqlite_utils.Database) -> list[str]:
    """A few queries from the registry itself that show the different verdicts."""
    from bot.registry.reader import showcase

    found = showcase(db)
    if found:
        found.insert(1, found[0].replace("知识产权", "专利", 1).replace("商标", "知识产权", 1))
    return [*found, "国家知识产权局商标局受理窗口"]


def main() -> None:
    cli(prog_name="lantian")


def _add_staff_commands() -> None:
    from bot.staff_cli import case, queue, report

    for group in (queue, report, case):
        cli.add_command(group)


_add_staff_commands()
