"""Every `lantian` command the README documents, run on the demo as a newcomer would: each one
answers with something real (the demo carries a year of fictional tickets), none with zeros."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from bot import clock
from bot.cli import cli
from bot.desk.demo_tickets import CITY_STAFF, DEMO_STAFF, SECOND_EDITOR
from bot.registry.database import open_database

README = Path(__file__).resolve().parent.parent / "README.md"
# Servers and the demo itself (the fixture runs it): started elsewhere, not here.
NOT_RUN = {
    "bot", "run", "site serve", "site build", "registry demo", "queue …", "queue contact",
    "queue evidence",  # the demo tickets carry no files; tests/test_desk_evidence.py runs it
    "site publish",  # tests/test_site_publish.py runs it (it builds the whole site)
    "registry refresh",  # tests/test_registry_refresh.py runs it (it needs a URL to fetch)
    "leads scan",  # tests/test_leads_scan.py runs it (it needs a folder of pictures)
}  # fmt: skip
ENV = {"LANTIAN_STAFF": DEMO_STAFF}
STAFF = ["--staff-id", str(CITY_STAFF.user_id)]


def documented() -> list[str]:
    """The commands of the README, as `group command` (or `command`) keys."""
    found = set()
    for usage in re.findall(r"`lantian ([^`]*)`", README.read_text(encoding="utf-8")):
        words = [w for w in usage.split() if re.fullmatch(r"[a-z…]+", w)]
        groups = ("queue", "registry", "report", "case", "site", "inspect", "leads")
        grouped = words[0] in groups and len(words) > 1
        found.add(" ".join(words[:2]) if grouped else words[0])
    return sorted(found)


def complete_examples() -> list[str]:
    """The README's examples written in full: options given, no placeholder (QUERY, ID, …) and
    no optional part in brackets. A newcomer copies these as they are."""
    found = []
    text = README.read_text(encoding="utf-8")
    for usage in re.findall(r"`(?:LANTIAN_STAFF=\S+ )?lantian ([^`]*)`", text):
        words = usage.split()
        placeholder = any(re.fullmatch(r"[A-Z_]+", w) for w in words)
        if placeholder or re.search(r"[\[…|@<]", usage) or not usage.count("--"):
            continue
        found.append(usage)
    return sorted(set(found))


class Demo:
    def __init__(self, folder: Path) -> None:
        self.folder, self.db_path = folder, folder / "demo.db"
        self.taken: set[str] = set()

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, [*args, "--db", str(self.db_path)], env=ENV)

    def ticket(self, where: str, *params: object) -> str:
        """A ticket in the state a step needs, not used by another step of the test."""
        db: sqlite_utils.Database = open_database(self.db_path)
        try:
            rows = db.execute(f"SELECT number FROM tickets WHERE {where} ORDER BY id", params)
            number = next(str(n) for (n,) in rows if str(n) not in self.taken)
        finally:
            db.close()
        self.taken.add(number)
        return number

    def plan(self) -> str:
        """A random-inspection plan drawn by the demo's city staff (at a share of 1)."""
        from bot.desk.demo_tickets import DEMO_STAFF as STAFF_LIST
        from bot.desk.staff import StaffDirectory, parse_staff
        from bot.inspections.draw import Rates
        from bot.inspections.plans import make_plan

        db: sqlite_utils.Database = open_database(self.db_path)
        try:
            made = make_plan(
                db, CITY_STAFF, StaffDirectory(parse_staff(STAFF_LIST)),
                planned_on=date(2023, 9, 1), district=None, item_codes=["licence"],
                rates=Rates(1.0), seed=f"demo-{len(self.taken)}",
                now=clock.noon_of(date(2023, 9, 1)),
            )  # fmt: skip
        finally:
            db.close()
        self.taken.add(made.id)
        return made.id

    def target(self, plan_id: str) -> tuple[str, str]:
        """A target of the plan and the staff id of one of its inspectors."""
        from bot.inspections.plans import targets

        db: sqlite_utils.Database = open_database(self.db_path)
        try:
            first = targets(db, plan_id)[0]
        finally:
            db.close()
        return first.subject_id, str(first.inspectors[0])

    def recorded(self) -> list[str]:
        """`inspect close` of a target whose one item has its result."""
        from bot.desk.staff import StaffMember
        from bot.inspections.plans import record

        plan_id = self.plan()
        subject, inspector = self.target(plan_id)
        db: sqlite_utils.Database = open_database(self.db_path)
        try:
            record(db, StaffMember(int(inspector), "city"), plan_id, subject, "licence", "pass",
                   now=clock.noon_of(date(2023, 9, 2)), today=date(2023, 9, 2))  # fmt: skip
        finally:
            db.close()
        return ["inspect", "close", plan_id, subject, "--staff-id", inspector]

    def photo(self) -> Path:
        from tests.bot_harness import png

        path = self.folder / "inspection.png"
        path.write_bytes(png())
        return path

    def rectify(self) -> list[str]:
        """`inspect rectified` of an item ordered to be rectified."""
        from bot.desk.staff import StaffMember
        from bot.inspections.plans import record

        plan_id = self.plan()
        subject, inspector = self.target(plan_id)
        db: sqlite_utils.Database = open_database(self.db_path)
        try:
            staff, day = StaffMember(int(inspector), "city"), date(2023, 9, 2)
            record(db, staff, plan_id, subject, "licence", "rectify", rectify_days=5,
                   now=clock.noon_of(day), today=day)  # fmt: skip
        finally:
            db.close()
        return ["inspect", "rectified", plan_id, subject, "licence", "--staff-id", inspector]

    def case(self, *, complete: bool) -> str:
        """A typical case written by the demo's city editor (every field filled, if asked)."""
        from bot.desk import case_book

        db: sqlite_utils.Database = open_database(self.db_path)
        try:
            made = case_book.create(db, CITY_STAFF, now=clock.noon_of(date(2023, 11, 1)))
            values = {"title": "示例案例", "summary": "摘要。", "body": "正文。",
                      "categories": "impersonation", "authority": "某区市场监督管理局",
                      "decision_no": "示例〔2023〕1号", "publish_on": "2023-11-20"}  # fmt: skip
            for name, typed in values.items() if complete else ():
                value = case_book.parse_value(name, typed)
                case_book.edit(
                    db, CITY_STAFF, made.id, name, value, now=clock.noon_of(date(2023, 11, 1))
                )
        finally:
            db.close()
        return str(made.id)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = tmp_path_factory.mktemp("readme")
    made = Demo(folder)
    result = made.run("registry", "demo", "--out", str(folder / "bundle"))
    assert result.exit_code == 0, result.output
    (folder / "content" / "cases" / "posts").mkdir(parents=True)
    return made


RECEIVED = "state = 'received' AND subject_uscc IS NOT NULL"
COMMANDS: dict[str, Callable[[Demo], list[str]]] = {
    "check": lambda d: ["check", "示例", "--json"],
    "registry import": lambda d: ["registry", "import", str(d.folder / "bundle")],
    "registry stats": lambda d: ["registry", "stats"],
    "queue list": lambda d: ["queue", "list", "--state", "closed", *STAFF],
    "queue show": lambda d: ["queue", "show", d.ticket("state = 'closed'"), *STAFF],
    "queue accept": lambda d: ["queue", "accept", d.ticket(RECEIVED), *STAFF],
    "queue refuse": lambda d: ["queue", "refuse", d.ticket(RECEIVED), "no_facts", *STAFF],
    "queue assign": lambda d: ["queue", "assign", d.ticket(RECEIVED), "静安", *STAFF],
    "queue investigate": lambda d: ["queue", "investigate", d.ticket("state = 'accepted'"), *STAFF],
    "queue transfer": lambda d: ["queue", "transfer", d.ticket(RECEIVED), "cnipa", *STAFF],
    "queue close": lambda d: [
        "queue",
        "close",
        d.ticket("state = 'investigating'"),
        "substantiated",
        *STAFF,
    ],
    "queue merge": lambda d: [
        "queue",
        "merge",
        d.ticket(RECEIVED),
        d.ticket("state = 'accepted'"),
        *STAFF,
    ],
    "queue note": lambda d: ["queue", "note", d.ticket("1"), "已电话核实", *STAFF],
    "queue digest": lambda d: ["queue", "digest", *STAFF],
    "queue export": lambda d: ["queue", "export", str(d.folder / "queue.xlsx"), *STAFF],
    "report stage": lambda d: [
        "report",
        "stage",
        "--until",
        "2023-07-14",
        "--out",
        str(d.folder / "r"),
        *STAFF,
    ],
    "report annual": lambda d: [
        "report",
        "annual",
        "--until",
        "2023-11-15",
        "--out",
        str(d.folder / "r"),
        *STAFF,
    ],
    "case list": lambda d: [d.case(complete=False) and "case", "list", *STAFF],
    "case new": lambda d: [
        "case",
        "new",
        "--ticket",
        d.ticket("outcome = 'substantiated'"),
        *STAFF,
    ],
    "case preview": lambda d: [
        "case",
        "preview",
        d.case(complete=True),
        "--out",
        str(d.folder / "preview.html"),
        *STAFF,
    ],
    "case show": lambda d: ["case", "show", d.case(complete=False), *STAFF],
    "case set": lambda d: ["case", "set", d.case(complete=False), "标题", "新的标题", *STAFF],
    "case approve": lambda d: [
        "case",
        "approve",
        d.case(complete=True),
        "--staff-id",
        str(SECOND_EDITOR.user_id),
    ],
    "case withdraw": lambda d: ["case", "withdraw", d.case(complete=True), "示例撤回", *STAFF],
    "inspect plan": lambda d: ["inspect", "plan", "--share", "0.2", "--seed", "readme", *STAFF],
    "inspect verify": lambda d: ["inspect", "verify", d.plan()],  # public: no staff id
    "inspect list": lambda d: ["inspect", "list", "--staff-id", d.target(d.plan())[1]],
    "inspect record": lambda d: [
        "inspect",
        "record",
        (p := d.plan()),
        (t := d.target(p))[0],
        "licence",
        "rectify",
        "--days",
        "5",
        "--staff-id",
        t[1],
    ],
    "inspect close": lambda d: d.recorded(),
    "inspect rectified": lambda d: d.rectify(),
    "inspect evidence": lambda d: [
        "inspect",
        "evidence",
        (p := d.plan()),
        (t := d.target(p))[0],
        str(d.photo()),
        "--staff-id",
        t[1],
    ],
    "inspect conflict": lambda d: ["inspect", "conflict", "10002", "91310000MA1FL0001X", *STAFF],
    "inspect redraw": lambda d: [
        "inspect",
        "redraw",
        d.plan(),
        "--seed",
        "again",
        "--reason",
        "演示",
        *STAFF,
    ],
    "case draft": lambda d: [
        "case",
        "draft",
        d.ticket("outcome = 'substantiated'"),
        "--content",
        str(d.folder / "content"),
        *STAFF,
    ],
}


def test_every_documented_command_is_run_here() -> None:
    assert sorted(set(documented()) - NOT_RUN) == sorted(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_readme_command_shows_something_real_on_the_demo(demo: Demo, command: str) -> None:
    result = demo.run(*COMMANDS[command](demo))
    assert result.exit_code == 0, result.output
    assert result.output.strip(), command
    totals = r"(^|\n)共 0 件|(?<![\d,])0 ticket\(s\)"  # a report or list of nothing
    assert not re.search(totals, result.output), result.output


def test_the_readme_has_complete_examples() -> None:
    assert any(e.startswith("report stage") for e in complete_examples())


@pytest.mark.parametrize("example", complete_examples())
def test_a_complete_readme_example_runs_as_written(
    demo: Demo, example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a report's default folder (data/reports) is made here
    result = CliRunner().invoke(cli, [*shlex.split(example), "--db", str(demo.db_path)], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.output.strip(), example


def test_the_demo_carries_tickets_in_every_state_of_the_year(demo: Demo) -> None:
    db = open_database(demo.db_path)
    try:
        states = {s for (s,) in db.execute("SELECT DISTINCT state FROM tickets")}
        months = {
            m for (m,) in db.execute("SELECT DISTINCT substr(received_on, 1, 7) FROM tickets")
        }
    finally:
        db.close()
    assert {"received", "accepted", "investigating", "closed", "not_accepted"} <= states
    assert {"2023-04", "2023-07", "2023-11"} <= months


def test_the_demo_tickets_are_filed_once(demo: Demo) -> None:
    result = demo.run("registry", "demo", "--out", str(demo.folder / "bundle"))
    assert result.exit_code == 0 and "示例工单" not in result.output
