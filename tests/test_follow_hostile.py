"""Following an agency, attacked (issue 14): forged updates and buttons, personal data where staff,
logs, the site or a group could see it, hostile names in Telegram HTML, notices that must fit a
message, imports that race a fan-out, and the day an import is noted on.

A test that passes shows a property holds; one that fails shows a defect (its docstring says
what is wrong and where).
"""

from __future__ import annotations

import csv
import logging
import math
import shutil
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
import time_machine
from click.testing import CliRunner
from stdnum.cn import uscc as uscc_rules

from bot.check import check
from bot.cli import cli
from bot.follows import fanout, outbox
from bot.follows.fanout import fan_out, fanned_mark
from bot.follows.store import Followed, follow, following, forget_user
from bot.localapi.entities import TEXT_LIMIT, utf16_len
from bot.localapi.server import LocalBotApi
from bot.localapi.state import Chat, User
from bot.registry.database import open_database, registry_path, transaction
from bot.registry.importer import import_path
from bot.registry.reader import import_seq, load_agency, registry_changes
from bot.registry.subjects import Subject
from bot.site import build_site
from bot.telegram import follow_handlers
from bot.telegram.app import CHECK_BURST
from bot.telegram.runner import LOCAL_TOKEN
from bot.words import follows as follow_words
from bot.words import say
from bot.words.chat import TEXTS
from tests.bot_harness import (
    BOT_TODAY,
    BUNDLE,
    DEFAULT_LIMITS,
    bot_settings,
    eventually,
    person,
    running_tracked,
    settled,
)
from tests.bundles import USCC_A, USCC_B, USCC_C, agency, write_bundle
from tests.desk_queue import STAFF_TEXT
from tests.desk_queue import queue_db as make_queue_db

DAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 4, tzinfo=UTC)
APOLOGY = TEXTS["error"][0]

# The fixture registry (tests/fixtures/check_bundle), as the bot tests load it.
HUAYUE = "91310106MA1FL3R23H"
HUAYUE_NAME = "上海华岳知识产权代理有限公司"
PATENT = "91310104MA1G2C8K1P"
HOSTILE_NAME = "上海<b>华岳</code>&amp; & </a><i>知识产权代理有限公司"


# --- a registry built from small bundles (domain tests) ---------------------------------------


class Registry:
    """A database on disk and the bundles imported into it, one after another."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / "l.db"
        self.db = open_database(self.path)
        self.imports = 0

    def load(self, agencies: list[dict[str, Any]], **tables: Any) -> None:
        self.imports += 1
        folder = write_bundle(self.root / f"b{self.imports}", agencies, **tables)
        import_path(self.db, folder, today=DAY, allow_shrink=True)

    def subject(self, subject_id: str) -> Subject:
        match = check(self.db, subject_id, today=DAY).match
        assert match is not None and match.id == subject_id
        return match

    def follow(self, user: int, subject_id: str, lang: str = "zh") -> Followed:
        return follow(self.db, user, self.subject(subject_id), lang=lang, now=NOW)  # type: ignore[arg-type]

    def fan_out(self) -> dict[int, str]:
        fan_out(self.db, today=DAY, now=NOW)
        return self.told()

    def told(self) -> dict[int, str]:
        rows = self.db.execute("SELECT user_id, text FROM follow_notices ORDER BY id").fetchall()
        told: dict[int, str] = {}
        for user, text in rows:
            told[user] = told.get(user, "") + text
        return told


PERSON = {"cert_no": "3100012345", "name": "王示例", "agency_uscc": USCC_A, "status": "practising"}


def firms(a: dict[str, Any] | None = None, c: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Three agencies; C is a branch of A."""
    return [
        agency(**(a or {})),
        agency(uscc=USCC_B, name="上海乙示例知识产权代理有限公司", phones="021-62222222"),
        agency(
            uscc=USCC_C, name="上海丙示例专利代理事务所", phones="021-63333333",
            parent_uscc=USCC_A, **(c or {}),
        ),
    ]  # fmt: skip


def registry(tmp_path: Path) -> Registry:
    reg = Registry(tmp_path)
    reg.load(firms(), practitioners=[PERSON])
    return reg


def valid_usccs(count: int) -> list[str]:
    return [
        body + uscc_rules.calc_check_digit(body)
        for body in (f"91310115MA1K{n:05d}" for n in range(count))
    ]


REPEAT_SUFFIX = max(
    utf16_len("\n\n" + say(follow_words.NOTICE_REPEAT, lang)) for lang in ("zh", "en")
)


def fits_a_message(text: str) -> bool:
    """Telegram's limit, counted as Telegram counts it (UTF-16 units of the text after its
    HTML is parsed), with room for the 'may be a repeat' line a resent part gets."""
    return utf16_len(text) + REPEAT_SUFFIX <= TEXT_LIMIT


# --- fan-out correctness -----------------------------------------------------------------------


def test_two_imports_between_fan_outs_are_both_told_in_one_notice_once(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    reg.load(firms({"credit_grade": "C"}), practitioners=[PERSON])
    reg.load(firms({"credit_grade": "C", "status": "suspended"}), practitioners=[PERSON])
    told = reg.fan_out()
    assert list(told) == [1]
    assert "信用等级：A → C" in told[1] and "正常 → " in told[1]
    assert reg.db.execute("SELECT count(*) FROM follow_notices").fetchone()[0] == 1
    reg.load(firms({"credit_grade": "C", "status": "suspended"}), practitioners=[PERSON])
    assert reg.fan_out() == told  # an unchanged import adds nothing, nothing is told again


def test_a_subject_removed_and_back_before_the_fan_out_is_still_followed(tmp_path: Path) -> None:
    """Fixed defect (
    bot/follows/fanout.py:82, 92): `gone` is every subject any import since the last
    fan-out removed, so a record removed by one import and back in the next (a partial export
    fixed the next day) loses all its followers, silently: the notice says "removed" and then
    "✅" (the verdict now, line 215 finds it), never that following stopped. Only subjects
    absent from the live registry should lose their follows."""
    reg = registry(tmp_path)
    reg.follow(1, USCC_B)
    reg.load(firms()[::2], practitioners=[PERSON])  # B removed
    reg.load(firms(), practitioners=[PERSON])  # and back
    told = reg.fan_out()
    assert check(reg.db, USCC_B, today=DAY).match is not None
    assert [f.subject_id for f in following(reg.db, 1)] == [USCC_B], told


def test_a_follower_of_a_practitioner_hears_when_their_agency_is_revoked(tmp_path: Path) -> None:
    """Fixed defect (
    bot/follows/fanout.py:79-81): the verdict on a practitioner follows their agency
    (✅ → ⚠ here), but the change log has a row only for the agency, and the fan-out adds to
    the subjects with a row only branches of a changed head office (`branch_heads`), not
    practitioners of a changed agency: their follower is told nothing while the verdict they
    followed changed."""
    reg = registry(tmp_path)
    assert check(reg.db, PERSON["cert_no"], today=DAY).level == "ok"
    reg.follow(1, PERSON["cert_no"])
    reg.load(firms({"status": "revoked", "status_since": "2026-05-30"}), practitioners=[PERSON])
    assert check(reg.db, PERSON["cert_no"], today=DAY).level != "ok"
    assert 1 in reg.fan_out()


def test_a_follower_of_a_branch_hears_when_its_head_office_is_revoked(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_C)
    reg.load(firms({"status": "revoked", "status_since": "2026-05-30"}), practitioners=[PERSON])
    assert check(reg.db, USCC_C, today=DAY).level == "danger"
    assert "执业许可证已吊销" in reg.fan_out()[1]


def test_a_registry_set_aside_as_damaged_and_imported_again_still_tells(tmp_path: Path) -> None:
    """Fixed defect (
    bot/registry/change_log.py:63-66 with bot/follows/fanout.py:72-74): import
    numbers live in the registry file, the fan-out mark in the main database. When the
    registry file is unreadable, open_database sets it aside for an empty one and says
    "import the registry again": the numbers restart at 1 while `follow_fanout.seq` stays at
    the old number, so every import until the count catches up is never fanned out (here a
    revocation is lost), and follows keep a `since_seq` from the old numbering."""
    reg = registry(tmp_path)
    reg.load(firms({"credit_grade": "B"}), practitioners=[PERSON])
    reg.load(firms({"credit_grade": "C"}), practitioners=[PERSON])
    reg.fan_out()
    reg.follow(1, USCC_A)
    assert fanned_mark(reg.db)[1] == import_seq(reg.db) == 3
    damaged = registry_path(reg.db)
    reg.db.close()
    damaged.write_bytes(b"not a registry" * 64)
    reg.db = open_database(reg.path)  # set aside: an empty registry takes its place
    reg.load(firms({"credit_grade": "C"}), practitioners=[PERSON])
    reg.load(firms({"credit_grade": "C", "status": "revoked"}), practitioners=[PERSON])
    assert "执业许可证已吊销" in reg.fan_out().get(1, "")


def test_unfollow_all_while_a_fan_out_runs_leaves_no_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fixed defect (
    bot/follows/fanout.py:75-90): the fan-out reads the follows, writes the notices
    (in a worker thread, on its own connection: bot/telegram/follow_jobs.py:78-93), then
    inserts them without looking again. A user who sends /unfollow all (or blocks the bot)
    meanwhile has every row deleted, and then a notice is written for them: personal data
    kept, and a message sent, after they asked for neither. The insert should keep only users
    who still follow the subject (e.g. INSERT … SELECT … WHERE EXISTS (SELECT 1 FROM follows …))."""
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    reg.follow(2, USCC_A)
    reg.load(firms({"credit_grade": "D"}), practitioners=[PERSON])
    bot_connection = open_database(reg.path)
    real = fanout._by_user

    def and_meanwhile_user_1_leaves(follows: list[Any]) -> dict[int, list[Any]]:
        users = real(follows)
        forget_user(bot_connection, 1)  # /unfollow all, handled on the bot's connection
        return users

    monkeypatch.setattr(fanout, "_by_user", and_meanwhile_user_1_leaves)
    told = reg.fan_out()
    bot_connection.close()
    assert 2 in told
    assert 1 not in told


def test_the_same_follow_from_two_connections_at_once_is_one_row(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    subject = reg.subject(USCC_A)
    outcomes = _at_once(reg.path, [(7, subject), (7, subject), (7, subject)], limit=20)
    assert sorted(o.value for o in outcomes) == ["already", "already", "followed"]
    assert reg.db.execute("SELECT count(*) FROM follows WHERE user_id = 7").fetchone()[0] == 1


def test_the_follow_limit_holds_against_follows_at_the_same_moment(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    subjects = [reg.subject(s) for s in (USCC_A, USCC_B, USCC_C)]
    outcomes = _at_once(reg.path, [(8, s) for s in subjects], limit=1)
    assert sorted(o.value for o in outcomes) == ["followed", "limit", "limit"]
    assert reg.db.execute("SELECT count(*) FROM follows WHERE user_id = 8").fetchone()[0] == 1


def _at_once(path: Path, follows: list[tuple[int, Subject]], *, limit: int) -> list[Followed]:
    """Each follow on its own connection in its own thread, released together."""
    start = threading.Barrier(len(follows))
    outcomes: list[Followed] = []

    def one(user: int, subject: Subject) -> None:
        db = open_database(path)
        try:
            start.wait()
            outcomes.append(follow(db, user, subject, lang="zh", now=NOW, limit=limit))
        finally:
            db.close()

    threads = [threading.Thread(target=one, args=pair) for pair in follows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == len(follows)  # no thread failed (e.g. 'database is locked')
    return outcomes


# --- notices that fit a message ----------------------------------------------------------------


def test_twenty_changed_subjects_with_long_names_split_into_parts_telegram_takes(
    tmp_path: Path,
) -> None:
    """Fixed defect (
    bot/follows/fanout.py:33, 159-168): parts are cut at PART_CHARS = 3000 Python
    characters, but Telegram's 4096 counts UTF-16 units (bot/localapi/messages.py:67 models
    it). Names in CJK Extension B (𠮷, real in Chinese company names) take two units each:
    20 subjects with 140-character names make parts of ~5,600 units, refused as "message is
    too long" — and then the follower is forgotten (see the bot test below)."""
    reg = Registry(tmp_path)
    usccs = valid_usccs(20)
    names = [f"上海{'𠮷' * 140}{n:02d}知识产权代理有限公司" for n in range(20)]
    rows = [agency(uscc=u, name=name) for u, name in zip(usccs, names, strict=True)]
    reg.load(rows)
    for u in usccs:
        assert reg.follow(1, u) is Followed.ADDED
    reg.load([{**row, "credit_grade": "D", "status": "suspended"} for row in rows])
    fan_out(reg.db, today=DAY, now=NOW)
    parts = outbox.claim_next_user(reg.db, NOW)
    joined = "".join(p.text for p in parts)
    assert all(name in joined for name in names)  # every subject told, none cut
    assert joined.count("登记数据") == 1  # one footer
    assert [utf16_len(p.text) for p in parts if not fits_a_message(p.text)] == []


def test_one_subject_whose_changes_outgrow_a_message_is_still_split(tmp_path: Path) -> None:
    """Fixed defect (
    bot/follows/fanout.py:159-168): `_parts` never splits a block; a subject's
    block is as long as its lines make it. A rename of a long name (names may be 2000
    characters: bot/registry/validate.py:42) writes the name three times (heading, old → new,
    the verdict's headline): one part of 6000+ characters, which Telegram refuses."""
    long_old, long_new = "甲" * 1990 + "代理有限公司", "乙" * 1990 + "代理有限公司"
    reg = Registry(tmp_path)
    reg.load(firms({"name": long_old}))
    reg.follow(1, USCC_A)
    reg.load(firms({"name": long_new}))
    fan_out(reg.db, today=DAY, now=NOW)
    parts = outbox.claim_next_user(reg.db, NOW)
    assert parts, "the rename was not told"
    assert [utf16_len(p.text) for p in parts if not fits_a_message(p.text)] == []


# --- the day an import is noted on --------------------------------------------------------------


def test_an_import_at_2330_utc_is_noted_on_the_shanghai_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANTIAN_TODAY", raising=False)
    db_path = tmp_path / "l.db"
    first = write_bundle(tmp_path / "b1", firms())
    second = write_bundle(tmp_path / "b2", firms({"credit_grade": "D"}))
    with time_machine.travel(datetime(2026, 6, 1, 23, 30, tzinfo=UTC), tick=False):
        for bundle in (first, second):
            result = CliRunner().invoke(
                cli, ["registry", "import", str(bundle), "--db", str(db_path)]
            )
            assert result.exit_code == 0, result.output
    db = open_database(db_path)
    try:
        follow(db, 1, load_agency(db, USCC_A), lang="zh", now=NOW)  # type: ignore[arg-type]
        db.execute("UPDATE follows SET since_seq = 1")  # followed before the second import
        assert [c.noted_on for c in registry_changes(db)] == ["2026-06-02"]
        fan_out(db, today=date(2026, 6, 2), now=NOW)
        [notice] = db.execute("SELECT text FROM follow_notices").fetchone()
        assert "登记数据 2026-06-02 更新" in notice
    finally:
        db.close()


# --- personal data: staff, the site -----------------------------------------------------------

FOLLOWER = 8_675_309_123  # an id no fixture holds


def test_staff_commands_show_nothing_of_who_follows_what(tmp_path: Path) -> None:
    path = tmp_path / "lantian.db"
    db = make_queue_db(path)
    db.execute(
        "INSERT INTO follows (user_id, subject_kind, subject_id, name, lang, since_seq, "
        "created_at) VALUES (?, 'agency', ?, '关注者关注的机构', 'zh', 0, '2023-07-01')",
        [FOLLOWER, USCC_A],
    )
    db.conn.commit()
    db.close()
    out = tmp_path / "queue.csv"
    said = []
    for args in (
        ["queue", "list", "--json"], ["queue", "list"], ["queue", "digest"],
        ["queue", "export", str(out), "--with-contacts"],
    ):  # fmt: skip
        command = [*args, "--staff-id", "7001", "--db", str(path), "--today", "2023-07-14"]
        result = CliRunner().invoke(cli, command, env={"LANTIAN_STAFF": STAFF_TEXT})
        assert result.exit_code == 0, result.output
        said.append(result.output)
    said.append(out.read_text(encoding="utf-8-sig"))
    for text in said:
        assert str(FOLLOWER) not in text and "关注者关注的机构" not in text


def test_the_site_shows_nothing_of_who_follows_what(tmp_path: Path) -> None:
    reg = Registry(tmp_path)
    reg.load(firms())
    follow(reg.db, FOLLOWER, reg.subject(USCC_A), lang="zh", now=NOW)
    reg.load(firms({"credit_grade": "D"}))
    reg.fan_out()  # a notice waiting too
    build_site(reg.db, tmp_path / "site", today=DAY)
    leaked = [
        path
        for path in (tmp_path / "site").rglob("*")
        if path.is_file() and str(FOLLOWER).encode() in path.read_bytes()
    ]
    assert leaked == []


# --- the real bot against the local Bot API ----------------------------------------------------


def bundle_with(
    folder: Path,
    agencies: dict[str, dict[str, str]] | None = None,
    sanctions: list[dict[str, str]] | None = None,
) -> Path:
    """The fixture bundle with some agencies' rows changed and sanctions added."""
    shutil.copytree(BUNDLE, folder)
    _edit_csv(
        folder / "agencies.csv",
        lambda rows: [{**r, **(agencies or {}).get(r["uscc"], {})} for r in rows],
    )
    _edit_csv(folder / "sanctions.csv", lambda rows: [*rows, *(sanctions or [])])
    return folder


def _edit_csv(path: Path, edit: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> None:
    with path.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames or []), list(reader)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(edit(rows))


def import_elsewhere(db_path: Path, folder: Path) -> None:
    """An import through a connection of its own, as `lantian registry import` makes it."""
    other = open_database(db_path)
    try:
        import_path(other, folder, today=BOT_TODAY, allow_shrink=True)
    finally:
        other.close()


async def after_import(api: LocalBotApi, db: sqlite_utils.Database) -> None:
    """Any update makes the bot notice the new registry file; wait for the fan-out and for
    every notice to leave the outbox (sent, or dropped)."""
    await person(api, 699).says("/help")
    await eventually(lambda: fanned_mark(db)[1] == import_seq(db) and import_seq(db) > 1)
    await eventually(lambda: outbox.waiting(db) == 0)
    await settled(api)


def texts_to(api: LocalBotApi, user_id: int) -> list[str]:
    return [record.get("text") or "" for record in api.sent_messages(LOCAL_TOKEN, user_id)]


def follows_of(db: sqlite_utils.Database, user_id: int) -> int:
    return int(
        db.execute("SELECT count(*) FROM follows WHERE user_id = ?", [user_id]).fetchone()[0]
    )


def deliver(api: LocalBotApi, kind: str, body: dict[str, Any]) -> None:
    state = api.bot(LOCAL_TOKEN)
    state.last_update_id += 1
    state.allowed_updates = state.allowed_updates | {kind}
    api.deliver_raw_update(LOCAL_TOKEN, {"update_id": state.last_update_id, kind: body})


VICTIM, ATTACKER = 651, 652


@pytest.mark.asyncio
async def test_a_forged_block_in_someone_elses_chat_deletes_nothing(
    running: LocalBotApi, db: sqlite_utils.Database, caplog: pytest.LogCaptureFixture
) -> None:
    victim = person(running, VICTIM)
    await victim.says(f"/follow {HUAYUE}")
    me = running.bot(LOCAL_TOKEN).me()
    kicked = {
        "date": int(time.time()),
        "old_chat_member": {"user": me, "status": "member"},
        "new_chat_member": {"user": me, "status": "kicked", "until_date": 0},
    }
    attacker = {"id": ATTACKER, "is_bot": False, "first_name": "a"}
    victim_chat = {"id": VICTIM, "type": "private", "first_name": "v"}
    deliver(running, "my_chat_member", {**kicked, "chat": victim_chat, "from": attacker})
    # The victim "kicking" the bot from a group is no block of the private chat.
    group = {"id": -100555, "type": "group", "title": "g"}
    victim_user = {"id": VICTIM, "is_bot": False, "first_name": "v"}
    deliver(running, "my_chat_member", {**kicked, "chat": group, "from": victim_user})
    await settled(running)
    assert follows_of(db, VICTIM) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


FORGED = [
    "follow:agency:91310000000000000X",  # a USCC-shaped id no record has
    f"follow:practitioner:{HUAYUE}",  # an agency's id as a practitioner
    "follow:agency:'OR'1'='1'--",
    "follow:agency:%",
    "follow:agency:../../../etc/passwd",
    "follow:agency:<b>x</code>&",
    "follow:agency:" + "9" * 41,  # beyond the pattern: a stale button
    "follow:group:" + HUAYUE,
    f"unfollow:{HUAYUE}",  # the victim's subject, pressed by the attacker
    "unfollow:%",
    "unfollow:*",
    "unfollow:\u202eevil",
    "unfollow:\x00nul",
    "unfollow:" + "𠮷" * 15,  # 64 bytes of data, all of it 4-byte characters
]


@pytest.mark.asyncio
async def test_forged_follow_buttons_follow_nothing_and_touch_no_one_else(
    running: LocalBotApi, db: sqlite_utils.Database, caplog: pytest.LogCaptureFixture
) -> None:
    victim, attacker = person(running, VICTIM), person(running, ATTACKER)
    await victim.says(f"/follow {HUAYUE}")
    await attacker.says("/help")
    message_id = attacker.last[-1]["message_id"]
    for data in FORGED:
        running.user_presses_button(LOCAL_TOKEN, attacker.user, message_id, data, forged=True)
    await settled(running)
    rows = db.execute("SELECT user_id, subject_id FROM follows").fetchall()
    assert rows == [(VICTIM, HUAYUE)]
    said = "\n".join(texts_to(running, ATTACKER))
    assert APOLOGY not in said and HUAYUE_NAME not in said
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.asyncio
async def test_a_follow_button_on_an_inline_message_follows_for_no_one(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    deliver(
        running,
        "callback_query",
        {
            "id": "inline-follow",
            "chat_instance": "1",
            "data": f"follow:agency:{HUAYUE}",
            "from": {"id": ATTACKER, "is_bot": False, "first_name": "a"},
            "inline_message_id": "AAAA",
        },
    )
    await settled(running)
    assert follows_of(db, ATTACKER) == 0


GROUP, MEMBER = -100778, 5066


@pytest.mark.asyncio
async def test_following_asked_in_a_group_does_not_show_the_list_there(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    """Fixed defect (
    bot/telegram/gate.py:78): /following, /follow and /unfollow are not among the
    PRIVATE_ONLY commands, so `/following` in a group posts to the whole group which
    agencies the member follows, with unfollow buttons (follow_handlers.py:78-110) —
    personal data the issue says is never shown to anyone but the user."""
    member = person(running, MEMBER)
    await member.says(f"/follow {HUAYUE}")
    state = running.bot(LOCAL_TOKEN)
    state.chats.setdefault(GROUP, Chat(User(id=GROUP, first_name="group")))
    deliver(
        running,
        "message",
        {
            "message_id": state.next_id(),
            "date": int(time.time()),
            "from": {"id": MEMBER, "is_bot": False, "first_name": "m", "language_code": "zh"},
            "chat": {"id": GROUP, "type": "group", "title": "a public group"},
            "text": "/following",
            "entities": [{"type": "bot_command", "offset": 0, "length": 10}],
        },
    )
    await settled(running)
    in_group = "\n".join(texts_to(running, GROUP))
    assert HUAYUE_NAME not in in_group


@pytest.mark.asyncio
async def test_hostile_markup_in_a_name_reaches_the_follower_as_text(
    running: LocalBotApi, db_path: Path, db: sqlite_utils.Database, tmp_path: Path
) -> None:
    alice = person(running, 661)
    await alice.says(f"/follow {HUAYUE}")
    import_elsewhere(db_path, bundle_with(tmp_path / "b2", {HUAYUE: {"name": HOSTILE_NAME}}))
    await after_import(running, db)
    notices = [t for t in texts_to(running, 661) if t.startswith("🔔")]
    assert len(notices) == 1 and f"→ {HOSTILE_NAME}" in notices[0]
    await alice.replies()  # the notice
    await alice.says("/following")
    assert HOSTILE_NAME in alice.text()
    assert follows_of(db, 661) == 1


@pytest.mark.asyncio
async def test_a_notice_too_long_for_one_message_does_not_forget_the_follower(
    running: LocalBotApi, db_path: Path, db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """Fixed defect (
    bot/telegram/follow_jobs.py:131-133, with fanout.py:159-168): three new
    sanctions whose authority is long (a cell may hold 2000 characters) make one block of
    ~6,000 characters; Telegram answers 400 "message is too long", and every BadRequest is
    taken for a chat that is gone: the follower's follows are all deleted and the notice
    lost. A BadRequest about the message (too long, can't parse entities) is not the user's
    doing; only 'chat not found' / 'user is deactivated' mean they cannot be reached."""
    alice = person(running, 671)
    await alice.says(f"/follow {HUAYUE}")
    sanctions = [
        {"subject_id": HUAYUE, "decided_on": f"2026-05-2{n}", "authority": "上海市" + "局" * 1900,
         "decision_no": f"沪{n}", "violation": "solicitation", "sanction": "warning"}
        for n in range(3)
    ]  # fmt: skip
    import_elsewhere(db_path, bundle_with(tmp_path / "b2", sanctions=sanctions))
    await after_import(running, db)
    assert follows_of(db, 671) == 1
    assert any("行政处罚" in t for t in texts_to(running, 671))


@pytest.mark.asyncio
async def test_a_follower_who_switches_to_english_is_told_in_english(
    running: LocalBotApi, db_path: Path, db: sqlite_utils.Database, tmp_path: Path
) -> None:
    alice = person(running, 681)
    await alice.says(f"/follow {HUAYUE}")
    await alice.says("/lang en")
    import_elsewhere(db_path, bundle_with(tmp_path / "b2", {HUAYUE: {"credit_grade": "C"}}))
    await after_import(running, db)
    [notice] = [t for t in texts_to(running, 681) if t.startswith("🔔")]
    assert "Credit grade: A → C" in notice and "Verdict now" in notice
    assert "信用等级" not in notice


@pytest.mark.asyncio
async def test_unfollow_by_the_name_on_its_own_button_works_after_a_rename(
    running: LocalBotApi, db_path: Path, db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """Fixed defect (
    bot/follows/store.py: `follows.name` is never updated; follow_handlers.py:99-108,
    126-127): after a rename /following lists the new name but its button still says
    "取消关注 <old name>", and `/unfollow <old name>` answers "您没有关注 <old name>" — the
    old name no longer finds the record, and the user's own follows are not searched."""
    alice = person(running, 691)
    await alice.says(f"/follow {HUAYUE}")
    renamed = "上海华岳新名知识产权代理有限公司"
    import_elsewhere(db_path, bundle_with(tmp_path / "b2", {HUAYUE: {"name": renamed}}))
    await after_import(running, db)
    await alice.replies()  # the notice
    await alice.says("/following")
    buttons = str(alice.last[-1]["message"].get("reply_markup"))
    assert renamed in alice.text() and renamed in buttons
    await alice.says(f"/unfollow {HUAYUE_NAME}")
    assert "已取消关注" in alice.text(), alice.text()
    assert follows_of(db, 691) == 0


@pytest.mark.asyncio
async def test_following_from_a_card_an_import_has_since_changed_tells_the_change(
    running: LocalBotApi, db_path: Path, db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """Fixed defect (
    bot/follows/store.py:56 with follow_handlers.py:31-41): 🔔 follows from the
    import live when pressed, not the one the card showed. A user reads ✅ on a card, the
    daily refresh revokes the agency, the user presses 🔔 under that card: "已关注…" and never
    a word of the revocation (since_seq is already the revoking import). The button could
    carry the card's import number, or the reply give the verdict now."""
    alice = person(running, 695)
    await alice.says(HUAYUE_NAME)
    assert "✅" in alice.text()
    import_elsewhere(
        db_path,
        bundle_with(tmp_path / "b2", {HUAYUE: {"status": "revoked", "status_since": "2026-05-30"}}),
    )
    await person(running, 699).says("/help")  # the bot takes up the new registry file
    await eventually(lambda: fanned_mark(db)[1] == import_seq(db) == 2)
    await alice.presses("关注")
    await settled(running)
    after_press = "\n".join(texts_to(running, 695)[1:])  # after the card
    assert "吊销" in after_press, after_press


@pytest.mark.asyncio
async def test_following_twenty_lists_them_all_quickly(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    usccs = [row[0] for row in db.execute("SELECT uscc FROM agencies ORDER BY uscc LIMIT 20")]
    for uscc in usccs:
        subject = load_agency(db, uscc)
        assert subject is not None
        assert follow(db, 701, subject, lang="zh", now=NOW) is Followed.ADDED
    alice = person(running, 701)
    await alice.says("/help")
    started = time.monotonic()
    await alice.says("/following")
    took = time.monotonic() - started
    rows = alice.last[-1]["message"]["reply_markup"]["inline_keyboard"]
    assert len(rows) == 20 and "您关注的 20 个" in alice.text()
    assert took < 1.0, f"/following with 20 took {took:.2f} s"


@pytest.mark.asyncio
async def test_follow_commands_look_up_no_more_than_the_check_limit_allows(
    api: LocalBotApi,
    tmp_path: Path,
    db_path: Path,
    db: sqlite_utils.Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fixed defect (
    bot/telegram/follow_handlers.py:70 and :126): `/follow QUERY` and
    `/unfollow QUERY` run a full check of any text without `deps.checks.allow()` (which
    answer_check asks, check_handlers.py:123-127): the per-user limit on lookups
    (checks_per_minute, 5 at once) is bypassed by writing /unfollow before each query, up to
    the message limit (12 at once, 30 a minute) — and /following runs one per followed
    subject each time it is sent."""
    looked_up: list[str] = []

    def counted(db_: sqlite_utils.Database, query: str, **options: Any) -> Any:
        looked_up.append(query)
        return check(db_, query, **options)

    monkeypatch.setattr(follow_handlers, "check", counted)
    settings = bot_settings(tmp_path, db_path, **DEFAULT_LIMITS)
    async with running_tracked(settings, db, api):
        alice = person(api, 751)
        for n in range(12):
            api.user_sends_text(LOCAL_TOKEN, alice.user, f"/unfollow 华岳示例{n}")
        await settled(api)
    burst = math.ceil(settings.checks_per_minute * CHECK_BURST)
    assert len(looked_up) <= burst, f"{len(looked_up)} lookups; plain checks stop at {burst}"


INLINE_KEYBOARD_BUTTONS = 100  # Telegram refuses more (tginfo/Telegram-Limits#228)


@pytest.mark.asyncio
async def test_following_at_the_highest_follow_limit_sends_a_keyboard_telegram_takes(
    api: LocalBotApi, tmp_path: Path, db_path: Path, db: sqlite_utils.Database
) -> None:
    """Fixed defect (
    bot/settings.py:325-330 bounds follow_limit at 200; follow_handlers.py:99-108
    puts one unfollow button per follow in one keyboard): an operator may allow 200 follows,
    but Telegram takes at most 100 inline buttons on a message ("reply markup is too long"),
    so /following fails for anyone following more than 100. The local Bot API does not model
    that limit, so this test counts the buttons sent."""
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO follows (user_id, subject_kind, subject_id, name, lang, since_seq, "
            "created_at) VALUES (741, 'agency', ?, ?, 'zh', 1, '2026-06-01')",
            [(f"9131000000000{n:05d}", f"上海示例{n:03d}知识产权代理有限公司") for n in range(150)],
        )
    # The limit lowered below what some users already follow.
    settings = bot_settings(tmp_path, db_path, follow_limit=100)
    async with running_tracked(settings, db, api):
        alice = person(api, 741)
        await alice.says("/help")
        api.user_sends_text(LOCAL_TOKEN, alice.user, "/following")
        await settled(api)
    keyboards = [
        (record.get("message") or {}).get("reply_markup") or {}
        for record in api.sent_messages(LOCAL_TOKEN, 741)
    ]
    buttons = [sum(len(row) for row in k.get("inline_keyboard", [])) for k in keyboards]
    assert 0 < max(buttons) <= INLINE_KEYBOARD_BUTTONS, buttons


@pytest.mark.asyncio
async def test_pressing_follow_hundreds_of_times_makes_one_follow(
    api: LocalBotApi, tmp_path: Path, db_path: Path, db: sqlite_utils.Database
) -> None:
    settings = bot_settings(tmp_path, db_path, **DEFAULT_LIMITS)
    async with running_tracked(settings, db, api):
        alice = person(api, 711)
        await alice.says(HUAYUE_NAME)
        card = alice.last[-1]["message_id"]
        rows = alice.last[-1]["message"]["reply_markup"]["inline_keyboard"]
        [data] = [b["callback_data"] for row in rows for b in row if "关注" in b["text"]]
        assert data.startswith(f"follow:agency:{HUAYUE}")
        for _ in range(300):
            api.user_presses_button(LOCAL_TOKEN, alice.user, card, data)
        await settled(api)
        assert follows_of(db, 711) == 1
        said = texts_to(api, 711)
        assert APOLOGY not in "\n".join(said)
        assert len(said) < 30  # the flood gate held most presses back


@pytest.mark.asyncio
async def test_logs_never_put_a_follower_beside_what_they_follow(
    running: LocalBotApi,
    db_path: Path,
    db: sqlite_utils.Database,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    alice, bob = person(running, 72_345_678), person(running, 72_345_679)
    await alice.says(f"/follow {HUAYUE}")
    await bob.says(f"/follow {HUAYUE}")
    await alice.says("/following")
    running.bot(LOCAL_TOKEN).chat_for(bob.user).blocked = True  # refuses the notice: forgotten
    import_elsewhere(db_path, bundle_with(tmp_path / "b2", {HUAYUE: {"credit_grade": "C"}}))
    await after_import(running, db)
    running.user_blocks_bot(LOCAL_TOKEN, alice.user)
    await eventually(lambda: follows_of(db, 72_345_678) == 0)
    assert follows_of(db, 72_345_679) == 0
    for record in caplog.records:
        line = record.getMessage()
        assert "72345678" not in line and "72345679" not in line, line
        assert HUAYUE not in line and HUAYUE_NAME not in line, line


@pytest.mark.asyncio
async def test_blocking_deletes_a_notice_still_waiting(
    running: LocalBotApi, db: sqlite_utils.Database
) -> None:
    alice = person(running, 731)
    await alice.says(f"/follow {HUAYUE}")
    with transaction(db):
        db.execute(
            "INSERT INTO follow_notices (user_id, seq, part, text, lang, created_at, claimed_at) "
            "VALUES (731, 99, 0, '🔔 x', 'zh', '2026-06-01', '2026-06-01')"
        )  # claimed: the sender will not take it meanwhile
    running.user_blocks_bot(LOCAL_TOKEN, alice.user)
    await eventually(lambda: follows_of(db, 731) == 0)
    assert db.execute("SELECT count(*) FROM follow_notices WHERE user_id = 731").fetchone()[0] == 0
