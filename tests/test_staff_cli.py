"""`lantian queue …` as staff use it: the same desk as the bot, from a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from bot.cli import cli
from tests.desk_queue import REPORTER_NAME, REPORTER_PHONE, STAFF_TEXT, KnownQueue, known_queue
from tests.desk_queue import queue_db as make_queue_db

ENV = {"LANTIAN_STAFF": STAFF_TEXT}


@pytest.fixture
def queue_db(tmp_path: Path) -> tuple[Path, KnownQueue]:
    path = tmp_path / "lantian.db"
    db = make_queue_db(path)
    known = known_queue(db)
    db.close()
    return path, known


def run(
    db: Path,
    *args: str,
    staff: int | None = 7001,
    today: str = "2023-07-14",
    group: str = "queue",
) -> Result:
    who = [] if staff is None else ["--staff-id", str(staff)]
    command = [*group.split(), *args, *who, "--db", str(db), "--today", today]
    return CliRunner().invoke(cli, command, env=ENV)


def test_queue_list_shows_overdue_first_and_counts(queue_db: tuple[Path, KnownQueue]) -> None:
    db, known = queue_db
    result = run(db, "list", "--state", "open")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(known.number("t8")) and "超期" in lines[0]
    assert "共 5 件" in result.output  # t3, t4, t5, t8, t10


def test_queue_list_as_json_holds_no_reporter_identity(queue_db: tuple[Path, KnownQueue]) -> None:
    db, _ = queue_db
    result = run(db, "list", "--json", "--state", "all")
    rows = json.loads(result.output)
    assert len(rows) == 10
    assert REPORTER_NAME not in result.output and REPORTER_PHONE not in result.output


def test_a_district_lists_only_its_own(queue_db: tuple[Path, KnownQueue]) -> None:
    db, known = queue_db
    result = run(db, "list", "--state", "all", staff=7003)  # 浦东新区
    assert result.exit_code == 0
    assert known.number("t2") in result.output and known.number("t1") not in result.output


def test_someone_not_on_the_staff_list_is_refused(queue_db: tuple[Path, KnownQueue]) -> None:
    db, _ = queue_db
    result = run(db, "list", staff=4242)
    assert result.exit_code == 1 and "仅限工作人员" in result.output


def test_a_ticket_is_taken_through_its_life_from_the_command_line(
    queue_db: tuple[Path, KnownQueue],
) -> None:
    db, known = queue_db
    number = known.number("t8")
    assert run(db, "accept", number, "--note", "电话核实").exit_code == 0
    assert "调查中" in run(db, "investigate", number).output
    result = run(db, "close", number, "substantiated")
    assert result.exit_code == 0 and "已办结" in result.output
    shown = run(db, "show", number)
    assert "属实" in shown.output and "电话核实" in shown.output
    assert REPORTER_PHONE not in shown.output  # the card never shows the reporter


def test_an_impossible_transition_is_refused_with_the_reason(
    queue_db: tuple[Path, KnownQueue],
) -> None:
    db, known = queue_db
    result = run(db, "accept", known.number("t1"))
    assert result.exit_code == 1 and "已办结" in result.output


def test_a_bad_choice_is_a_usage_error(queue_db: tuple[Path, KnownQueue]) -> None:
    db, known = queue_db
    result = run(db, "transfer", known.number("t8"), "mars")
    assert result.exit_code == 2 and "cnipa" in result.output


def test_revealing_the_contact_is_logged(queue_db: tuple[Path, KnownQueue]) -> None:
    db, known = queue_db
    result = run(db, "contact", known.number("t8"))
    assert REPORTER_NAME in result.output and REPORTER_PHONE in result.output
    shown = run(db, "show", known.number("t8"))
    assert "查看联系方式" in shown.output


def test_the_digest_is_for_city_staff(queue_db: tuple[Path, KnownQueue]) -> None:
    db, known = queue_db
    result = run(db, "digest")
    assert result.exit_code == 0 and known.number("t8") in result.output
    assert "浦东新区：待办 1 件，超期 1 件" in result.output
    assert run(db, "digest", staff=7002).exit_code == 1


def test_the_stage_report_is_written_as_markdown_and_a_workbook(
    queue_db: tuple[Path, KnownQueue], tmp_path: Path
) -> None:
    db, _ = queue_db
    out = tmp_path / "reports"
    result = run(db, "--until", "2023-07-14", "--out", str(out), group="report stage")
    assert result.exit_code == 0, result.output
    assert "共 8 件" in result.output
    markdown = (out / "stage-全市-2023-07-14.md").read_text(encoding="utf-8")
    assert "阶段性情况报告" in markdown and REPORTER_NAME not in markdown
    assert (out / "stage-全市-2023-07-14.xlsx").stat().st_size > 0


def test_a_district_reports_only_on_itself(
    queue_db: tuple[Path, KnownQueue], tmp_path: Path
) -> None:
    db, _ = queue_db
    out = tmp_path / "r"
    args = ["--until", "2023-11-15", "--out", str(out)]
    result = run(db, *args, group="report annual", staff=7002)
    assert result.exit_code == 0 and (out / "annual-静安-2023-11-15.md").is_file()
    refused = run(db, *args, "--district", "浦东新区", group="report annual", staff=7002)
    assert refused.exit_code == 1 and "市局" in refused.output


def test_a_case_draft_is_written_from_a_substantiated_ticket(
    queue_db: tuple[Path, KnownQueue], tmp_path: Path
) -> None:
    db, known = queue_db
    (tmp_path / "content" / "cases" / "posts").mkdir(parents=True)
    content = ["--content", str(tmp_path / "content")]
    result = run(db, known.number("t1"), *content, group="case draft")
    assert result.exit_code == 0, result.output
    [draft] = (tmp_path / "content" / "cases" / "posts").glob("*.md")
    text = draft.read_text(encoding="utf-8")
    assert "draft: true" in text and REPORTER_NAME not in text and REPORTER_PHONE not in text
    assert run(db, known.number("t9"), *content, group="case draft").exit_code == 1


def test_an_export_with_contacts_is_logged(
    queue_db: tuple[Path, KnownQueue], tmp_path: Path
) -> None:
    db, _ = queue_db
    plain, full = tmp_path / "queue.csv", tmp_path / "queue-contacts.xlsx"
    assert "已导出 10 件" in run(db, "export", str(plain)).output
    assert REPORTER_PHONE not in plain.read_text(encoding="utf-8-sig")
    result = run(db, "export", str(full), "--with-contacts")
    assert "审计日志" in result.output and full.stat().st_size > 0
    lines = sqlite_utils.Database(db).execute(
        "SELECT action FROM audit_log WHERE ticket_id IS NULL ORDER BY id"
    )
    actions = [row[0] for row in lines.fetchall()]
    assert actions == ["export", "export_contacts"]
