"""`lantian queue …` takes every choice as its code or its Chinese words (`--state 已受理`,
`--kind 投诉`, `transfer N 国家知识产权局`), and refuses anything else with every choice listed
in both forms: one resolver (bot/desk/choices.py) for them all."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.desk.choices import CATEGORY, DESTINATION, GROUND, KIND, OUTCOME, STATE, ChoiceSet
from bot.desk.errors import UnknownChoice
from bot.registry.database import open_database
from bot.reports.tickets import get
from tests.desk_queue import STAFF_TEXT, KnownQueue
from tests.desk_queue import file as file_ticket


def run(path: Path, *args: str) -> Result:
    command = [*args, "--staff-id", "7001", "--db", str(path), "--today", "2023-07-14"]
    return CliRunner().invoke(cli, command, env={"LANTIAN_STAFF": STAFF_TEXT})


@pytest.mark.parametrize(
    ("option", "value", "keys"),
    [
        ("--state", "已受理", set()),
        ("--state", "调查中", {"t3"}),
        ("--state", "under investigation", {"t3"}),
        ("--state", "已移送", {"t4", "t5"}),
        ("--state", "全部", {f"t{i}" for i in range(1, 11)}),
        ("--kind", "投诉", {"t10"}),
        ("--kind", "complaint", {"t10"}),
        ("--category", "代理非正常专利申请", {"t3"}),  # its aside left out
        ("--category", "abnormal_patent", {"t3"}),
    ],
)
def test_queue_list_takes_a_code_or_its_chinese_words(
    known_path: tuple[Path, KnownQueue], option: str, value: str, keys: set[str]
) -> None:
    path, known = known_path
    result = run(path, "queue", "list", option, value)
    assert result.exit_code == 0, result.output
    assert {key for key in known.tickets if known.number(key) in result.output} == keys


def test_the_ticket_steps_take_chinese_words(known_path: tuple[Path, KnownQueue]) -> None:
    path, known = known_path
    db = open_database(path)
    fresh = [
        file_ticket(db, key, kind="report", category="online", uscc=None, on="2023-07-13").number
        for key in ("x", "y", "z")
    ]
    db.close()
    t8 = known.number("t8")
    assert run(path, "queue", "transfer", fresh[0], "国家知识产权局").exit_code == 0
    assert run(path, "queue", "transfer", fresh[1], "公安机关").exit_code == 0  # aside left out
    assert run(path, "queue", "refuse", fresh[2], "没有具体事实或线索").exit_code == 0
    assert run(path, "queue", "accept", t8).exit_code == 0
    assert run(path, "queue", "close", t8, "部分属实").exit_code == 0
    db = open_database(path)
    found = {n: get(db, n) for n in (*fresh, t8)}
    assert [found[n].destination for n in fresh[:2]] == ["cnipa", "police"]  # type: ignore[union-attr]
    assert found[fresh[2]].refusal_ground == "no_facts"  # type: ignore[union-attr]
    assert found[t8].outcome == "partly"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (["queue", "list", "--category", "nonsense"], ["solicitation", "代理非正常专利申请"]),
        (["queue", "list", "--state", "finished"], ["accepted（已受理）", "all（全部）"]),
        (["queue", "list", "--kind", "信访"], ["report（举报）", "complaint（投诉）"]),
        (["queue", "transfer", "1", "火星"], ["cnipa（国家知识产权局）"]),
        (["queue", "close", "1", "重复举报"], ["partly（部分属实）"]),
        (["queue", "refuse", "1", "看心情"], ["too_old（超过三年）"]),
        (["queue", "export", "x.csv", "--state", "finished"], ["closed（已办结）"]),
    ],
    ids=["category", "state", "kind", "destination", "outcome", "ground", "export-state"],
)
def test_an_unknown_choice_is_a_usage_error_listing_both_forms(
    known_path: tuple[Path, KnownQueue], args: list[str], listed: list[str]
) -> None:
    path, _ = known_path
    result = run(path, *args)
    assert result.exit_code == 2, result.output
    for choice in listed:
        assert choice in result.output


CHOICE_SETS = [STATE, KIND, DESTINATION, GROUND, OUTCOME, CATEGORY]


@pytest.mark.parametrize("choices", CHOICE_SETS, ids=lambda c: c.what[1])
def test_every_choice_is_found_by_its_code_and_by_its_words_in_either_language(
    choices: ChoiceSet,
) -> None:
    for code, (zh, en) in choices.words.items():
        assert {choices.resolve(typed) for typed in (code, zh, en, en.upper(), f" {zh} ")} == {code}
    with pytest.raises(UnknownChoice):
        choices.resolve("nothing like it")
