"""The streaming importer's own shortcuts agree with the references they replace, and it leaves
nothing behind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from bot.errors import BundleInvalid
from bot.normalize import sound_key
from bot.registry import staging
from bot.registry.importer import import_path
from bot.registry.refusals import TooManyProblems
from bot.registry.search_index import name_sound
from bot.registry.validate import uscc_problem
from tests.bundles import agency, write_bundle
from tests.hostile.bundles.make_bundles import LEGIT, uscc

TODAY = date(2026, 6, 1)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ"


@given(
    st.text(USCC_CHARS, min_size=17, max_size=17).flatmap(
        lambda body: st.sampled_from([body + c for c in "0123456789ABCDEFGHJKLMNPQRTUWXYZ"])
    )
)
def test_the_uscc_check_agrees_with_stdnum(code: str) -> None:
    assert (uscc_problem(code) is None) == stdnum_uscc.is_valid(code)


@given(st.text(max_size=12))
def test_the_cached_name_sound_is_sound_key(key: str) -> None:
    assert name_sound(key) == sound_key(key)


def test_more_bad_rows_than_are_kept_are_counted_all_the_same(
    fresh_db: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging, "KEPT_PROBLEMS", 3)
    rows = [agency(uscc=uscc(n), name=f"示例{n}", status="sleeping") for n in range(10)]
    with pytest.raises(BundleInvalid) as raised:
        import_path(fresh_db, write_bundle(tmp_path / "b", rows), today=TODAY)
    assert isinstance(raised.value, TooManyProblems)
    assert [p.line for p in raised.value.problems] == [2, 3, 4]
    assert "10 problem(s)" in str(raised.value) and "7 more" in str(raised.value)


def test_no_staging_database_outlives_an_import_refused_or_not(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_path(fresh_db, write_bundle(tmp_path / "good", LEGIT), today=TODAY)
    with pytest.raises(BundleInvalid):
        import_path(fresh_db, write_bundle(tmp_path / "bad", [agency(kind="x")]), today=TODAY)
    names = [row[1] for row in fresh_db.execute("PRAGMA database_list").fetchall()]
    assert "staging" not in names
    assert not fresh_db.conn.in_transaction


def test_the_same_bytes_again_are_not_read_at_all(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = write_bundle(tmp_path / "b", LEGIT)
    import_path(fresh_db, folder, today=TODAY)
    events: list[staging.Progress] = []
    again = import_path(fresh_db, folder, today=TODAY, progress=events.append)
    assert again.unchanged and events == []
    assert again.counts["agencies"] == 2 and again.source == "测试"


def test_the_same_rows_in_another_order_change_nothing(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    import_path(fresh_db, write_bundle(tmp_path / "a", LEGIT), today=TODAY)
    reordered = import_path(fresh_db, write_bundle(tmp_path / "b", LEGIT[::-1]), today=TODAY)
    assert reordered.unchanged


def test_without_meta_a_later_import_of_the_same_bytes_moves_the_as_of_date(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = write_bundle(tmp_path / "b", LEGIT)
    (folder / "meta.json").unlink()
    import_path(fresh_db, folder, today=TODAY)
    later = import_path(fresh_db, folder, today=date(2026, 6, 2))
    assert not later.unchanged and later.as_of == "2026-06-02"
