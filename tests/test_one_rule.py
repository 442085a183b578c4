"""One rule, one place: every reader of a rule gives the answer of its one definition.

The overdue rule and the home district were each written twice (Python, and SQL filters in the
queue and the statistics) and had drifted: a ticket whose district was stored as '' belonged to
'' in the queue's SQL but to its agency's district in Python, and an agency registered in
`徐汇区` was in no district for the desk while the site listed it under 徐汇. Here random
tickets, around deadlines and the National Day holidays, go through every reader at once.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.desk.queue import QueueFilter, QueueItem, digest, is_overdue, list_queue
from bot.desk.routing import home_district, shanghai_district
from bot.desk.staff import StaffMember
from bot.desk.stats import period_tickets, queue_stats
from bot.desk.vocabulary import DISTRICTS, STATES
from bot.districts import SHANGHAI_LIKE, canonical_district, registered_in_shanghai
from bot.registry.database import open_database
from bot.reports import tickets
from bot.reports.errors import HappenedOnInvalid
from bot.site.agencies import in_shanghai, load_registry
from tests.registry_edit import registry_writer
from tests.sources import SOURCES, module, modules_of, places, tree

CITY = StaffMember(1, "city")
# 2023: 29 Sep - 6 Oct off, Sat 7 and Sun 8 Oct worked.
HOLIDAY = date(2023, 9, 29)
RECEIVED = date(2023, 9, 20)
FIXTURE = HealthCheck.function_scoped_fixture
HOSTILE = json.loads(
    (Path(__file__).parent / "hostile" / "text" / "places_and_days.json").read_text("utf-8")
)
# A registered agency at each place of the corpus; the corpus says which district it is in.
AGENCIES = {f"91310000MA1F{n:06d}": place for n, place in enumerate(HOSTILE["places"])}
SUBJECTS = [*AGENCIES, "91310000MA1FNOTREG", None]

days = st.integers(-12, 12).map(lambda n: HOLIDAY + timedelta(days=n))
ticket_rows = st.fixed_dictionaries(
    {
        "district": st.one_of(st.none(), st.just(""), st.sampled_from(DISTRICTS)),
        "subject_uscc": st.sampled_from(SUBJECTS),
        "state": st.sampled_from(list(STATES)),
        "reply_due_on": st.one_of(st.none(), days),
        "first_response_on": st.one_of(st.none(), days),
    }
)


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite_utils.Database]:
    db = open_database(":memory:")
    with registry_writer(db) as registry:
        meta = {"source": "test", "as_of": RECEIVED.isoformat(), "fictional": "true"}
        registry.executemany("INSERT INTO dataset VALUES (?, ?)", meta.items())
        for uscc, place in AGENCIES.items():
            registry.execute(
                "INSERT INTO agencies (uscc, name, kind, status, province, district) "
                "VALUES (?, ?, 'patent', 'active', ?, ?)",
                [uscc, f"机构{uscc[-4:]}", place["province"], place["district"]],
            )
    yield db
    db.close()


def put_tickets(db: sqlite_utils.Database, rows: list[dict[str, object]]) -> None:
    """The tickets, all received on RECEIVED, numbered in order; any earlier ones removed."""
    with db.conn:
        db.execute("DELETE FROM tickets")
        for n, row in enumerate(rows, 1):
            values = {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
            db.execute(
                "INSERT INTO tickets (number, source_key, kind, category, subject_text, "
                "description, reporter_user_id, reporter_lang, anonymous, created_at, received_on, "
                "district, subject_uscc, state, reply_due_on, first_response_on) VALUES (:number, "
                ":number, 'report', 'other', 'x', 'x', 1, 'zh', 1, :received, :received, "
                ":district, :subject_uscc, :state, :reply_due_on, :first_response_on)",
                {**values, "number": number(n), "received": RECEIVED.isoformat()},
            )


def number(n: int) -> str:
    return f"LT-{RECEIVED:%Y%m%d}-{n:04d}"


def test_the_desk_and_the_site_put_each_place_in_the_corpus_district(
    db: sqlite_utils.Database,
) -> None:
    registry = load_registry(db, today=HOLIDAY)
    for entry in registry.agencies:
        place = AGENCIES[entry.subject.id]
        site = canonical_district(entry.subject.district) if in_shanghai(entry.subject) else None
        assert shanghai_district(place["province"], place["district"]) == site == place["home"]


@settings(max_examples=150, deadline=None, suppress_health_check=[FIXTURE])
@given(rows=st.lists(ticket_rows, min_size=1, max_size=12), today=days)
def test_every_reader_of_the_queue_agrees_on_home_district_and_overdue(
    db: sqlite_utils.Database, rows: list[dict[str, object]], today: date
) -> None:
    put_tickets(db, rows)
    everything = tickets.by_numbers(db, [number(n) for n in range(1, len(rows) + 1)])
    home = {n: home_district(db, ticket) for n, ticket in everything.items()}
    overdue = {n for n, ticket in everything.items() if is_overdue(ticket, today)}
    for n, ticket in everything.items():  # the desk's district is the site's district
        place = AGENCIES.get(ticket.subject_uscc or "", {"home": None})
        assert home[n] == (ticket.district or place["home"])

    def listed(**where: object) -> list[QueueItem]:
        return list_queue(db, CITY, today=today, where=QueueFilter(**where), limit=1000)  # type: ignore[arg-type]

    items = listed()
    assert {item.ticket.number: item.district for item in items} == home
    assert {item.ticket.number for item in items if item.overdue} == overdue
    assert {item.ticket.number for item in listed(overdue=True)} == overdue
    for district in DISTRICTS:
        mine = {item.ticket.number for item in listed(district=district)}
        assert mine == {n for n, d in home.items() if d == district}
    late = {item.ticket.number for line in digest(db, CITY, today=today) for item in line.overdue}
    assert late == overdue

    facts = period_tickets(db, since=RECEIVED, until=RECEIVED)
    assert {f.number: f.district for f in facts} == home
    until = max(today, RECEIVED)
    counted = queue_stats(db, since=RECEIVED, until=until).first_response.overdue
    assert counted == sum(1 for ticket in everything.values() if is_overdue(ticket, until))


provinces = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.builds("".join, st.lists(st.sampled_from(["上", "海", "市", "%", "_", "\\", "沪", " "]))),
    st.text(max_size=4).map(lambda rest: "上海" + rest),
)


@given(province=provinces)
def test_the_sql_and_the_python_form_of_in_shanghai_agree(
    db: sqlite_utils.Database, province: str | None
) -> None:
    # Where SQL must filter (a listing joined to its practitioner's agency, counts by district),
    # it uses SHANGHAI_LIKE, made from the same prefix as registered_in_shanghai.
    [(matched,)] = db.execute("SELECT ? LIKE ?", [province, SHANGHAI_LIKE]).fetchall()
    assert bool(matched) == registered_in_shanghai(province)


# --- dates people type ------------------------------------------------------------------------

typed_days = st.dates(date(1990, 1, 1), date(2099, 12, 31))


@given(
    day=typed_days,
    style=st.sampled_from(
        ["{y}-{m}-{d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日", "{y} 年 {m} 月 {d} 日"]
    ),
    width=st.sampled_from(["half", "full"]),
)
def test_every_way_people_write_a_day_reads_as_that_day(day: date, style: str, width: str) -> None:
    text = style.format(y=day.year, m=day.month, d=day.day)
    if width == "full":  # a Chinese keyboard in full-width mode types ２０２３
        text = text.translate({c: c + 0xFEE0 for c in range(ord("0"), ord("9") + 1)})
    assert tickets.parse_day(text) == day
    assert tickets.read_day(text) == day


@pytest.mark.parametrize("case", HOSTILE["days"], ids=lambda case: repr(case["text"]))
def test_a_typed_day_reads_as_the_corpus_says(case: dict[str, str | None]) -> None:
    expected = None if case["day"] is None else date.fromisoformat(case["day"])
    assert tickets.read_day(str(case["text"])) == expected


@given(st.text(max_size=20))
def test_read_day_is_parse_day_without_the_refusal(text: str) -> None:
    try:
        expected = tickets.parse_day(text)
    except HappenedOnInvalid:
        expected = None
    assert tickets.read_day(text) == expected


# --- one definition each ----------------------------------------------------------------------

# The modules of the rules this file pins: a function body written again in any of them (or
# copied from them) is a second definition of a rule.
RULE_MODULES = {
    "desk/queue.py", "desk/stats.py", "desk/routing.py", "desk/actions.py", "desk/notices.py",
    "desk/digest.py", "reports/tickets.py", "reports/deadlines.py", "registry/database.py",
    "registry/reader.py", "registry/subjects.py", "registry/stats.py", "lookup.py",
    "site/agencies.py", "site/context.py", "verdict.py", "settings.py",
    "districts.py", "clock.py",
}  # fmt: skip


class _Anonymous(ast.NodeTransformer):
    """Names and arguments erased: two bodies alike but for names are one definition."""

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id="_", ctx=node.ctx)

    def visit_arg(self, node: ast.arg) -> ast.arg:
        return ast.arg(arg="_")


def body_shape(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    copy = ast.parse(ast.unparse(ast.Module(body=body, type_ignores=[])))
    return ast.dump(_Anonymous().visit(copy), annotate_fields=False)


def functions() -> Iterator[tuple[str, str]]:
    """(where, shape) of every function of a few statements or more."""
    for path in SOURCES:
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                shape = body_shape(node)
                if shape.count("(") >= 12 and "Ellipsis" not in shape:
                    yield f"{module(path)}:{node.name}", shape


def test_no_rule_is_written_twice() -> None:
    # Found before: _utc three times, years_before twice, is_overdue as TicketFacts.overdue_on.
    places: dict[str, list[str]] = {}
    for where, shape in functions():
        places.setdefault(shape, []).append(where)
    twice = [
        found
        for found in places.values()
        if len(found) > 1 and any(where.split(":")[0] in RULE_MODULES for where in found)
    ]
    assert twice == []


def module_constants(path: Path) -> list[tuple[str, str]]:
    """(name, value) of each module-level assignment, in order."""
    found = []
    for node in tree(path).body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.extend((t.id, ast.dump(node.value)) for t in targets if isinstance(t, ast.Name))
    return found


def test_no_module_assigns_a_name_twice() -> None:
    # LOOKALIKE was set twice in bot/lookup.py: the second silently won.
    twice = {}
    for path in SOURCES:
        names = [name for name, _ in module_constants(path) if name != "__all__"]
        repeated = {name for name in names if names.count(name) > 1}
        if repeated:
            twice[module(path)] = repeated
    assert twice == {}


def test_no_public_constant_or_alias_is_defined_in_two_modules() -> None:
    # Lang was Literal["zh", "en"] in bot/messages.py and again in bot/settings.py.
    seen: dict[tuple[str, str], list[str]] = {}
    for path in SOURCES:
        for name, value in module_constants(path):
            if not name.startswith("_") and name != "log" and "TypeVar" not in value:
                seen.setdefault((name, value), []).append(module(path))
    assert [(name, where) for (name, _), where in seen.items() if len(where) > 1] == []


def test_one_pattern_reads_a_typed_date() -> None:
    # The bot's report handler had its own pattern, stricter than the domain's parse_day.
    patterns = places(
        lambda node: (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and all(part in node.value for part in ("\\d", "年", "月"))
        )
    )
    assert modules_of(patterns) == ["clock.py"]


def test_the_demo_names_only_the_categories_violations() -> None:
    from bot.registry import demo
    from bot.reports.categories import CATEGORIES

    codes = {category.code for category in CATEGORIES}
    assert tuple(category.code for category in CATEGORIES) == demo._ALL_VIOLATIONS
    used = {
        *demo._DETAILS,
        *demo._PATENT_VIOLATIONS,
        *demo._TRADEMARK_VIOLATIONS,
        *demo._REVOKE_VIOLATIONS,
        *demo._PERSON_VIOLATIONS,
    }
    assert used <= codes
