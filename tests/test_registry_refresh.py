"""The registry refreshes itself from LANTIAN_REGISTRY_URL: over the real importer and a real HTTP
server on 127.0.0.1, `refresh_registry`, `lantian registry refresh`, and the bot's daily job
(its child process, the maintainers' chat on the local Bot API server)."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner, Result
from telegram.ext import Application

from bot.cli import cli
from bot.localapi.server import LocalBotApi
from bot.registry.database import open_database, registry_path
from bot.registry.refresh import RefreshOutcome, outcome_from_json, outcome_json, refresh_registry
from bot.reports.deadlines import SHANGHAI
from bot.settings import Settings
from bot.telegram.context import LantianContext
from bot.telegram.desk_jobs import refresh_in_child, refresh_registry_daily
from bot.telegram.runner import LOCAL_TOKEN
from tests.bot_harness import BUNDLE, eventually, person, settled
from tests.bundles import agency, write_bundle
from tests.hostile.bundles.make_bundles import LEGIT, uscc
from tests.test_fetch import FAST, Reply, Server, serving
from tests.test_import_url import Source, zipped

TODAY = date(2026, 6, 1)
ADMIN = 9101
# Ten agencies: a bundle that keeps two of them would remove 80%.
TEN = [
    *LEGIT,
    *(
        agency(uscc=uscc(n), name=f"上海示例第{n}号知识产权代理有限公司", patent_agency_code="")
        for n in range(1, 9)
    ),
]


@pytest.fixture
def server() -> Iterator[Server]:
    with serving() as srv:
        yield srv


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "lantian.db")
    yield database
    database.close()


def bundle(tmp_path: Path, name: str, agencies: list[dict[str, Any]]) -> bytes:
    return zipped(write_bundle(tmp_path / name, agencies))


def refresh(db: sqlite_utils.Database, server: Server, tmp_path: Path) -> RefreshOutcome:
    url = server.url("/bundle.zip")
    return refresh_registry(db, url, tmp_path / "downloads", today=TODAY, retries=0, **FAST)


def agencies(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    return db.execute("SELECT uscc, name, status FROM agencies ORDER BY uscc").fetchall()


def registry_file(db: sqlite_utils.Database) -> tuple[int, int]:
    """The live registry file's identity: an import switches in another file."""
    found = registry_path(db).stat()
    return found.st_ino, found.st_mtime_ns


# --- refresh_registry ----------------------------------------------------------------------


def test_the_first_refresh_imports_the_bundle(
    registry: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    Source(server, bundle(tmp_path, "v1", LEGIT), '"v1"')
    outcome = refresh(registry, server, tmp_path)

    assert outcome.kind == "imported" and outcome.ok and outcome.reason is None
    assert outcome.summary is not None and outcome.summary.first
    assert sorted(name for _, name, _ in agencies(registry)) == sorted(r["name"] for r in LEGIT)


def test_an_unchanged_source_costs_one_conditional_request_and_changes_nothing(
    registry: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    Source(server, bundle(tmp_path, "v1", LEGIT), '"v1"')
    refresh(registry, server, tmp_path)
    before, asked = registry_file(registry), len(server.requests)

    outcome = refresh(registry, server, tmp_path)

    assert outcome == RefreshOutcome("unchanged", server.url("/bundle.zip"))
    assert [r.headers.get("if-none-match") for r in server.requests[asked:]] == ['"v1"']
    assert registry_file(registry) == before


def test_a_changed_bundle_imports_and_its_summary_names_the_change(
    registry: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    source = Source(server, bundle(tmp_path, "v1", LEGIT), '"v1"')
    refresh(registry, server, tmp_path)
    revoked = [{**LEGIT[0], "status": "revoked", "status_since": "2026-05-20"}, LEGIT[1]]
    source.body, source.etag = bundle(tmp_path, "v2", revoked), '"v2"'

    outcome = refresh(registry, server, tmp_path)

    assert outcome.kind == "imported" and outcome.summary is not None
    assert outcome.summary.status_changes == [(LEGIT[0]["name"], "active", "revoked")]
    assert outcome.summary.changes["status"] == 1 and outcome.summary.changes["removed"] == 0
    assert (LEGIT[0]["uscc"], LEGIT[0]["name"], "revoked") in agencies(registry)


def test_a_bundle_that_removes_most_agencies_is_held_back_and_the_registry_kept(
    registry: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    source = Source(server, bundle(tmp_path, "ten", TEN), '"v1"')
    refresh(registry, server, tmp_path)
    kept, file = agencies(registry), registry_file(registry)
    source.body, source.etag = bundle(tmp_path, "two", LEGIT), '"v2"'

    outcome = refresh(registry, server, tmp_path)

    assert outcome.kind == "held_back" and not outcome.ok and outcome.summary is None
    assert "移除现有机构 8 / 10（80%）" in outcome.why("zh")
    assert "remove 8 of the 10 agencies (80%)" in outcome.why("en")
    assert "removed 8" in outcome.why("en")  # the change line: what would be removed
    assert agencies(registry) == kept and len(kept) == 10
    assert registry_file(registry) == file


def test_an_unreachable_source_fails_and_changes_nothing(
    registry: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    Source(server, bundle(tmp_path, "v1", LEGIT), '"v1"')
    refresh(registry, server, tmp_path)
    kept = agencies(registry)
    server.route = lambda n, seen: Reply(503)

    outcome = refresh(registry, server, tmp_path)

    assert outcome.kind == "failed" and not outcome.ok
    assert "HTTP 503" in outcome.why("en") and server.url("/bundle.zip") in outcome.why("zh")
    assert agencies(registry) == kept


def test_a_bundle_with_bad_rows_fails_naming_them_in_each_language(
    registry: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    Source(server, bundle(tmp_path, "bad", [*LEGIT, agency(status="sleeping")]), '"v1"')
    outcome = refresh(registry, server, tmp_path)

    assert outcome.kind == "failed" and agencies(registry) == []
    assert "数据包有 1 处错误" in outcome.why("zh") and "sleeping" in outcome.why("zh")
    assert "1 problem(s)" in outcome.why("en") and "数据包有" not in outcome.why("en")


def test_an_outcome_comes_back_whole_from_its_json(
    registry: sqlite_utils.Database, server: Server, tmp_path: Path
) -> None:
    source = Source(server, bundle(tmp_path, "ten", TEN), '"v1"')
    imported = refresh(registry, server, tmp_path)
    source.body, source.etag = bundle(tmp_path, "two", LEGIT), '"v2"'
    held_back = refresh(registry, server, tmp_path)

    for outcome in (imported, held_back):
        text = json.dumps(outcome_json(outcome), ensure_ascii=False)
        assert outcome_from_json(json.loads(text)) == outcome


def test_json_that_is_no_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="not a refresh outcome"):
        outcome_from_json({"outcome": "exploded"})


# --- lantian registry refresh --------------------------------------------------------------


def run_refresh(tmp_path: Path, url: str, *args: str) -> Result:
    env = {"LANTIAN_REGISTRY_URL": url, "LANTIAN_DATA_DIR": str(tmp_path / "data")}
    command = ["registry", "refresh", *args, "--db", str(tmp_path / "cli.db")]
    return CliRunner().invoke(cli, command, env=env)


def test_the_command_imports_then_says_unchanged_then_holds_back_with_exit_1(
    server: Server, tmp_path: Path
) -> None:
    source = Source(server, bundle(tmp_path, "ten", TEN), '"v1"')
    url = server.url("/bundle.zip")

    imported = run_refresh(tmp_path, url)
    unchanged = run_refresh(tmp_path, url)
    source.body, source.etag = bundle(tmp_path, "two", LEGIT), '"v2"'
    held_back = run_refresh(tmp_path, url)

    assert imported.exit_code == 0, imported.output
    assert "新增 10" in imported.stdout and "added 10" in imported.stdout
    assert unchanged.exit_code == 0 and "数据源未变化" in unchanged.stdout
    assert held_back.exit_code == 1
    assert f"已暂缓导入 {url}" in held_back.stderr and "live registry stays" in held_back.stderr
    assert "remove 8 of the 10 agencies" in held_back.stderr
    db = open_database(tmp_path / "cli.db")
    try:
        assert db.execute("SELECT count(*) FROM agencies").fetchone()[0] == 10
    finally:
        db.close()


def test_the_command_prints_the_outcome_as_json(server: Server, tmp_path: Path) -> None:
    server.route = lambda n, seen: Reply(404)
    result = run_refresh(tmp_path, server.url("/bundle.zip"), "--json")

    assert result.exit_code == 1
    printed = json.loads(result.stdout)
    assert printed["outcome"] == "failed" and printed["summary"] is None
    assert "HTTP 404" in printed["reason"]["en"] and "无法下载数据包" in printed["reason"]["zh"]


def test_without_a_url_the_command_says_which_setting_to_set(tmp_path: Path) -> None:
    result = run_refresh(tmp_path, "")

    assert result.exit_code == 1
    assert "未设置登记库的数据源网址" in result.output and "LANTIAN_REGISTRY_URL" in result.output
    assert "Traceback" not in result.output


# --- the bot's daily refresh ---------------------------------------------------------------


@pytest.fixture
def settings_overrides(server: Server, tmp_path: Path) -> dict[str, Any]:
    return {
        "admin_chat_id": ADMIN,
        "registry_url": server.url("/bundle.zip"),
        "site_dir": tmp_path / "www" / "site",
    }


@pytest.mark.asyncio
async def test_the_bot_holds_back_a_shrinking_bundle_and_tells_the_maintainers(
    running: LocalBotApi,
    application: Application,  # type: ignore[type-arg]
    db: sqlite_utils.Database,
    server: Server,
    tmp_path: Path,
) -> None:
    Source(server, bundle(tmp_path, "two", LEGIT), '"v1"')  # the registry holds 34 agencies
    kept = agencies(db)
    await person(running, ADMIN).says("/start")  # the maintainers' chat exists
    maintainers = running.cursor(LOCAL_TOKEN, ADMIN)

    await refresh_registry_daily(LantianContext(application))

    told = (await maintainers.wait(1))[0]["text"]
    assert "登记库每日更新已暂缓" in told and server.url("/bundle.zip") in told
    assert "移除现有机构 34 / 34" in told and "--allow-shrink" in told
    assert server.count() == 1 and agencies(db) == kept
    assert not (tmp_path / "www" / "site").exists()  # no rebuild for a registry that stayed


@pytest.mark.asyncio
async def test_the_bot_imports_a_changed_bundle_and_rebuilds_the_site(
    running: LocalBotApi,
    application: Application,  # type: ignore[type-arg]
    db: sqlite_utils.Database,
    settings: Settings,
    server: Server,
    tmp_path: Path,
) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(BUNDLE, changed)
    rows = (changed / "agencies.csv").read_text(encoding="utf-8").splitlines()
    first = rows[1].split(",")
    rows[1] = ",".join([*first[:6], "revoked", "2026-05-20", *first[8:]])
    (changed / "agencies.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    Source(server, zipped(changed), '"v2"')

    await refresh_registry_daily(LantianContext(application))

    # The bot's own connection reads the new registry at once, with no update in between.
    assert (first[0], first[1], "revoked") in agencies(db)
    site = settings.site_dir
    await eventually(lambda: (site / "index.html").exists(), timeout=120)
    assert site.is_symlink()


@pytest.mark.asyncio
async def test_the_bot_answers_while_it_refreshes_and_an_unchanged_source_is_quiet(
    running: LocalBotApi,
    application: Application,  # type: ignore[type-arg]
    server: Server,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram.desk_jobs")
    body = zipped(BUNDLE)  # what the registry holds already, in other bytes
    server.route = lambda n, seen: (
        Reply(304, headers={"ETag": '"v1"'})
        if seen.headers.get("if-none-match") == '"v1"'
        else Reply(200, body, {"ETag": '"v1"'}, delay=1.0)
    )
    await person(running, ADMIN).says("/start")
    maintainers = running.cursor(LOCAL_TOKEN, ADMIN)
    context = LantianContext(application)

    refreshing = asyncio.create_task(refresh_registry_daily(context))
    await eventually(server.count)  # the child is downloading, slowly
    await person(running, 501).says("/help")  # the bot answers meanwhile
    assert not refreshing.done()
    await refreshing
    await refresh_registry_daily(context)

    assert [r.headers.get("if-none-match") for r in server.requests] == [None, '"v1"']
    outcomes = [r.getMessage().rsplit(": ", 1)[-1] for r in caplog.records if "refresh" in r.msg]
    assert outcomes == ["unchanged", "unchanged"]
    await settled(running)
    assert maintainers.read() == []  # nothing to tell
    assert not (tmp_path / "www" / "site").exists()  # nothing changed: no rebuild


@pytest.mark.asyncio
async def test_a_refresh_process_that_dies_without_an_outcome_is_a_failure_saying_why(
    server: Server, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    url, folder = server.url("/bundle.zip"), tmp_path / "a-file"
    settings = Settings(data_dir=tmp_path, db=folder / "lantian.db", registry_url=url)

    outcome = await refresh_in_child(settings, TODAY)

    assert outcome.kind == "failed" and server.count() == 0
    assert "退出码 1" in outcome.why("zh") and "exit code 1" in outcome.why("en")
    assert "FileExistsError" in outcome.why("en")  # the last line of the traceback


@pytest.mark.asyncio
async def test_the_daily_refresh_is_scheduled_at_its_hour_in_shanghai(
    application: Application,  # type: ignore[type-arg]
) -> None:
    assert application.job_queue is not None
    (job,) = application.job_queue.get_jobs_by_name("registry")
    assert job.next_t is not None
    at = job.next_t.astimezone(SHANGHAI)
    assert (at.hour, at.minute) == (Settings.model_fields["registry_refresh_hour"].default, 0)
