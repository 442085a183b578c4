"""Following, over the real importer and database: who is told of what an import changed, in
their language, once; nothing for subjects that did not change; personal data only while
followed."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.check import check
from bot.follows import outbox
from bot.follows.fanout import fan_out, pending_fan_out
from bot.follows.notice_text import PART_UNITS, units
from bot.follows.store import Followed, follow, following, forget_user, unfollow
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.registry.subjects import Subject
from tests.bundles import USCC_A, USCC_B, USCC_C, agency, write_bundle

DAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 4, tzinfo=UTC)
NAME_B = "上海乙示例知识产权代理有限公司"


def firms(a: dict[str, Any] | None = None, b: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [
        agency(**(a or {})),
        agency(**{"uscc": USCC_B, "name": NAME_B, "phones": "021-62222222", **(b or {})}),
        agency(uscc=USCC_C, name="上海丙示例专利代理事务所", phones="021-63333333"),
    ]


class Registry:
    """A database and the bundles imported into it, one after another."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db = open_database(root / "l.db")
        self.imports = 0

    def load(self, agencies: list[dict[str, Any]], **tables: Any) -> None:
        self.imports += 1
        folder = write_bundle(self.root / f"b{self.imports}", agencies, **tables)
        import_path(self.db, folder, today=DAY, allow_shrink=True)

    def subject(self, uscc: str) -> Subject:
        match = check(self.db, uscc, today=DAY).match
        assert match is not None
        return match

    def follow(self, user: int, uscc: str, lang: str = "zh") -> Followed:
        return follow(self.db, user, self.subject(uscc), lang=lang, now=NOW)  # type: ignore[arg-type]

    def fan_out(self) -> dict[int, str]:
        fan_out(self.db, today=DAY, now=NOW)
        rows = self.db.execute("SELECT user_id, text FROM follow_notices ORDER BY id").fetchall()
        told: dict[int, str] = {}
        for user, text in rows:
            told[user] = told.get(user, "") + text
        return told


def registry(tmp_path: Path) -> Registry:
    reg = Registry(tmp_path)
    reg.load(firms())
    return reg


def test_a_follower_of_a_changed_agency_is_told_what_changed_and_the_verdict_now(
    tmp_path: Path,
) -> None:
    reg = registry(tmp_path)
    assert reg.follow(1, USCC_A) is Followed.ADDED
    assert reg.follow(2, USCC_A, "en") is Followed.ADDED
    reg.load(firms({"status": "revoked", "status_since": "2026-05-30"}))
    told = reg.fan_out()
    assert set(told) == {1, 2}
    assert "执业许可证已吊销" in told[1] and "2026-05-30" in told[1]
    assert "正常 → 执业许可证已吊销" in told[1]
    assert "现在的结论" in told[1] and "⛔" in told[1]
    assert "来源：测试" in told[1]
    assert "active → licence revoked" in told[2] and "Verdict now" in told[2]
    assert not any(
        "\u4e00" <= ch <= "\u9fff"
        for ch in told[2].replace("测试", "").replace("上海青禾示例知识产权代理有限公司", "")
    )


def test_followers_of_unchanged_subjects_hear_nothing(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    reg.follow(2, USCC_C)
    reg.load(firms(b={"credit_grade": "D"}))
    assert reg.fan_out() == {}
    assert not pending_fan_out(reg.db)


def test_several_changed_subjects_come_in_one_notice(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    reg.follow(1, USCC_B)
    reg.load(
        firms({"credit_grade": "C"}),
        listings=[{"subject_id": USCC_B, "list": "serious_dishonest", "listed_on": "2026-05-20",
                   "authority": "市场监督管理局"}],
    )  # fmt: skip
    rows = reg.db.execute("SELECT user_id FROM follow_notices").fetchall()
    assert rows == []
    told = reg.fan_out()
    assert list(told) == [1]
    assert reg.db.execute("SELECT count(*) FROM follow_notices").fetchone()[0] == 1
    assert "信用等级：A → C" in told[1]
    assert "列入严重违法失信名单（2026-05-20），市场监督管理局" in told[1]


def test_each_import_is_told_once_however_often_fan_out_runs(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    reg.load(firms({"credit_grade": "B"}))
    first = reg.fan_out()
    again = reg.fan_out()
    assert first == again  # nothing added
    assert reg.db.execute("SELECT count(*) FROM follow_notices").fetchone()[0] == 1


def test_a_follower_is_not_told_of_changes_made_before_they_followed(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    reg.load(firms({"credit_grade": "B"}))  # not yet fanned out when user 2 follows
    reg.follow(2, USCC_A)
    assert set(reg.fan_out()) == {1}


def test_a_record_that_leaves_the_registry_is_told_and_no_longer_followed(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_C)
    reg.load(firms()[:2])
    told = reg.fan_out()
    assert "已从登记册中移除" in told[1] and "关注已停止" in told[1]
    assert following(reg.db, 1) == []


def test_a_user_may_follow_up_to_the_limit(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    subject = reg.subject(USCC_A)
    assert follow(reg.db, 1, subject, lang="zh", now=NOW, limit=1) is Followed.ADDED
    assert follow(reg.db, 1, subject, lang="zh", now=NOW, limit=1) is Followed.ALREADY
    other = reg.subject(USCC_B)
    assert follow(reg.db, 1, other, lang="zh", now=NOW, limit=1) is Followed.LIMIT
    assert [f.subject_id for f in following(reg.db, 1)] == [USCC_A]


def test_unfollowing_and_blocking_leave_nothing_of_the_user(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    reg.follow(1, USCC_B)
    reg.load(firms({"credit_grade": "B"}))
    reg.fan_out()
    assert unfollow(reg.db, 1, USCC_B) is not None
    assert unfollow(reg.db, 1, USCC_B) is None
    assert forget_user(reg.db, 1) == 1
    for table in ("follows", "follow_notices"):
        assert reg.db.execute(f"SELECT count(*) FROM {table} WHERE user_id = 1").fetchone()[0] == 0


def test_a_notice_claimed_when_the_run_stopped_is_sent_again_marked(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    reg.load(firms({"credit_grade": "B"}))
    reg.fan_out()
    [claimed] = outbox.claim_next_user(reg.db, NOW)
    assert outbox.claim_next_user(reg.db, NOW) == []  # claimed: not handed out twice
    assert outbox.settle_interrupted(reg.db) == 1
    [again] = outbox.claim_next_user(reg.db, NOW)
    assert again.id == claimed.id and again.repeat and not claimed.repeat
    outbox.delivered(reg.db, again.id)
    assert outbox.waiting(reg.db) == 0


def test_a_long_notice_is_split_into_parts_that_fit_a_message(tmp_path: Path) -> None:
    reg = Registry(tmp_path)
    many = [agency(uscc=u, name=f"{'很长的名字' * 30}{n}") for n, u in enumerate(USCCS)]
    reg.load(many)
    for uscc in USCCS:
        follow(reg.db, 1, reg.subject(uscc), lang="zh", now=NOW)
    reg.load([{**row, "credit_grade": "D", "status": "suspended"} for row in many])
    fan_out(reg.db, today=DAY, now=NOW)
    parts = outbox.claim_next_user(reg.db, NOW)
    assert len(parts) > 1
    assert all(units(p.text) <= PART_UNITS for p in parts)
    joined = "".join(p.text for p in parts)
    assert all(f"{'很长的名字' * 30}{n}" in joined for n in range(len(USCCS)))
    assert joined.count("【") == len(USCCS)


# Valid USCCs for the long notice (the check character computed by python-stdnum).
def _usccs(count: int) -> list[str]:
    from stdnum.cn import uscc

    return [
        body + uscc.calc_check_digit(body)
        for body in (f"91310115MA1K{n:05d}" for n in range(count))
    ]


USCCS = _usccs(20)


@settings(max_examples=15, deadline=None)
@given(
    plan=st.lists(
        st.tuples(st.sampled_from([USCC_A, USCC_B, USCC_C]), st.integers(1, 4),
                  st.sampled_from(["A", "B", "C"])),
        min_size=1, max_size=6,
    )
)  # fmt: skip
def test_each_follower_hears_of_each_import_that_changed_what_they_follow_once(
    plan: list[tuple[str, int, str]],
) -> None:
    """Follow, import a grade for that subject, fan out; repeat. Each user's notices are
    exactly the imports, after their follow, that changed one of their subjects."""
    with tempfile.TemporaryDirectory() as folder:
        reg = Registry(Path(folder))
        grades = {USCC_A: "A", USCC_B: "A", USCC_C: "A"}
        reg.load(firms())
        expected: dict[int, int] = {}
        followed: dict[int, set[str]] = {}
        for uscc_, user, grade in plan:
            reg.follow(user, uscc_)
            followed.setdefault(user, set()).add(uscc_)
            changed = grades[uscc_] != grade
            grades[uscc_] = grade
            reg.load(_with_grades(grades))
            if changed:
                for who, theirs in followed.items():
                    if uscc_ in theirs:
                        expected[who] = expected.get(who, 0) + 1
            fan_out(reg.db, today=DAY, now=NOW)
        counts = dict(
            reg.db.execute("SELECT user_id, count(*) FROM follow_notices GROUP BY user_id")
        )
        assert counts == expected
        reg.db.close()


def _with_grades(grades: dict[str, str]) -> list[dict[str, Any]]:
    rows = firms()
    return [{**row, "credit_grade": grades[row["uscc"]]} for row in rows]


def test_the_database_keeps_no_follow_of_a_user_who_follows_nothing(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(7, USCC_A)
    unfollow(reg.db, 7, USCC_A)
    db: sqlite_utils.Database = reg.db
    assert db.execute("SELECT count(*) FROM follows").fetchone()[0] == 0


def test_an_import_that_changes_nothing_tells_nobody(tmp_path: Path) -> None:
    reg = registry(tmp_path)
    reg.follow(1, USCC_A)
    assert reg.fan_out() == {}  # the first import: nothing to tell
    import_path(reg.db, reg.root / "b1", today=DAY)  # the very same bytes
    reg.load(firms())  # the same rows in new bytes
    assert not pending_fan_out(reg.db)
    assert reg.fan_out() == {}


def test_a_branch_follower_hears_when_the_head_office_is_revoked(tmp_path: Path) -> None:
    reg = Registry(tmp_path)
    branch = {"parent_uscc": USCC_A, "name": f"{NAME_B}浦东分公司", "credit_grade": ""}
    reg.load(firms(b=branch))
    reg.follow(1, USCC_B)
    reg.load(firms({"status": "revoked", "status_since": "2026-05-30", "credit_grade": "D"},
                   b=branch))  # fmt: skip
    told = reg.fan_out()[1]
    assert "总机构 上海青禾示例知识产权代理有限公司：状态：正常 → 执业许可证已吊销" in told
    assert "信用等级" not in told  # the head office's grade is its own
    assert f"【{NAME_B}浦东分公司】" in told and "⛔" in told
