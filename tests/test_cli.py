"""The `lantian` command as a user meets it: demo, stats, run, languages and plain errors."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.registry.database import open_database
from tests.bundles import agency, write_bundle


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Shanghai demo registry, made and imported once through the CLI."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    result = CliRunner().invoke(
        cli, ["registry", "demo", "--db", str(db), "--out", str(folder / "bundle")]
    )
    assert result.exit_code == 0, result.output
    assert "新增 3000" in result.output and "added 3000" in result.output
    return db


def test_stats_count_the_demo_registry(demo_db: Path) -> None:
    result = CliRunner().invoke(cli, ["registry", "stats", "--json", "--db", str(demo_db)])
    stats = json.loads(result.stdout)
    assert stats["agencies"] == 3000 and stats["practitioners"] == 2000
    assert stats["fictional"] is True
    assert set(stats["by_status"]) == {
        "active",
        "suspended",
        "revoked",
        "cancelled",
        "filing_expired",
    }
    assert "临港新片区" in stats["by_district"]
    assert sum(stats["by_grade"].values()) == 3000


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stats_for_a_person_say_words_not_codes(demo_db: Path, lang: str) -> None:
    shown = CliRunner().invoke(cli, ["registry", "stats", "--lang", lang, "--db", str(demo_db)])
    stats = json.loads(
        CliRunner().invoke(cli, ["registry", "stats", "--json", "--db", str(demo_db)]).stdout
    )
    codes = {key for key in stats} | {
        code for value in stats.values() if isinstance(value, dict) for code in value
    }
    codes -= set(stats["by_district"]) | {"A+", "A", "B", "C", "D"}  # names, not codes
    # English words may coincide with a plain code ("cancelled"), never with a snake_case one,
    # and no line is headed by a key.
    suspects = codes if lang == "zh" else {code for code in codes if "_" in code}
    leaked = [code for code in suspects if code in shown.stdout]
    headings = {line.split(":")[0].split("：")[0] for line in shown.stdout.splitlines()}
    assert shown.exit_code == 0 and not leaked and not headings & set(stats), leaked


def test_a_demo_answer_says_the_data_is_fictional(demo_db: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "示例", "--db", str(demo_db)])
    assert result.exit_code == 0
    assert "示例数据（虚构）" in result.output


def test_run_builds_and_serves_the_site_then_chats_in_the_terminal(
    demo_db: Path, tmp_path: Path
) -> None:
    name, uscc = (
        open_database(demo_db)
        .execute(
            "SELECT name, uscc FROM agencies WHERE status = 'active' AND parent_uscc IS NULL "
            "AND credit_grade IN ('A', 'B') LIMIT 1"
        )
        .fetchone()
    )
    typed = f"{name}\n{uscc.lower()}\n/queue\n\n"
    site = tmp_path / "site"
    env = {"LANTIAN_SITE_DIR": str(site), "LANTIAN_SITE_PORT": "0", "LANTIAN_STAFF": ""}
    result = CliRunner().invoke(cli, ["run", "--db", str(demo_db)], input=typed, env=env)
    assert result.exit_code == 0, result.output
    assert result.output.count(name) >= 2  # found by name and by USCC, through the bot
    assert "你>" in result.output and "TELEGRAM_BOT_TOKEN" in result.output
    assert "网站 / site: http://127.0.0.1:" in result.output
    assert (site / "directory" / "index.html").is_file()
    # the person at the terminal is demo staff, and the demo carries the campaign year's tickets
    assert "打开 LT-2023" in result.output


def test_english_is_one_option_away(demo_db: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", "上海某某不存在知识产权代理有限公司", "--lang", "en", "--db", str(demo_db)]
    )
    assert "Not confirmed" in result.output and "Nothing registered matches" in result.output
    assert "Patent Agency Regulations art. 27" in result.output


def test_an_empty_query_is_a_usage_error(demo_db: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "  ", "--db", str(demo_db)])
    assert result.exit_code == 2


def test_checking_an_empty_registry_says_how_to_fill_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "华诚", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 1
    assert "lantian registry demo" in result.output
    assert "Traceback" not in result.output


def test_a_bad_setting_stops_with_a_hint(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["check", "华诚", "--db", str(tmp_path / "x.db")],
        env={"LANTIAN_FETCH_RETRIES": "many"},
    )
    assert result.exit_code == 1
    assert "LANTIAN_FETCH_RETRIES:" in result.output and "0 到 10" in result.output


class _BundleServer(BaseHTTPRequestHandler):
    body = b""
    requests: list[str] = []  # noqa: RUF012  (one server per test module run)

    def do_GET(self) -> None:
        self.requests.append(self.headers.get("If-None-Match") or "")
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def bundle_url(tmp_path: Path) -> Iterator[str]:
    import shutil

    folder = write_bundle(tmp_path / "remote", [agency()])
    archive = shutil.make_archive(str(tmp_path / "remote"), "zip", folder)
    _BundleServer.body = Path(archive).read_bytes()
    _BundleServer.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BundleServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/bundle.zip"
    server.shutdown()


def test_a_bundle_url_is_fetched_once_and_not_again_while_unchanged(
    bundle_url: str, tmp_path: Path
) -> None:
    args = ["registry", "import", bundle_url, "--db", str(tmp_path / "x.db")]
    env = {"LANTIAN_DATA_DIR": str(tmp_path / "data")}
    first = CliRunner().invoke(cli, args, env=env)
    assert first.exit_code == 0, first.output
    assert "新增 1" in first.output and "added 1" in first.output
    second = CliRunner().invoke(cli, args, env=env)
    assert second.exit_code == 0
    assert "未变化" in second.output
    assert _BundleServer.requests == ["", '"v1"']


CJK = re.compile(r"[\u3400-\u9fff]")
OWN_COMMANDS = [
    ["check"], ["registry"], ["registry", "import"], ["registry", "demo"], ["registry", "stats"],
    ["site"], ["site", "build"], ["site", "serve"], ["run"], ["bot"], ["leads"],
    ["leads", "scan"],
]  # fmt: skip


@pytest.mark.parametrize("path", OWN_COMMANDS, ids=" ".join)
def test_every_help_says_it_in_chinese_then_english(path: list[str]) -> None:
    """Help is read before any --lang: each command's and option's help is both, Chinese first."""
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    texts = [command.help or ""] + [
        p.help or "" for p in command.params if isinstance(p, click.Option)
    ]
    for text in texts:
        zh, _, en = text.partition(" / ")
        assert CJK.search(zh) and en and not CJK.search(en), (path, text)


def test_a_bad_setting_is_explained_in_both_languages(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", "华诚", "--db", str(tmp_path / "x.db")], env={"LANTIAN_LANG": "fr"}
    )
    assert result.exit_code == 1
    assert "设置有误" in result.output and "Invalid settings" in result.output
    assert "只能是 zh 或 en" in result.output and "must be zh or en" in result.output
