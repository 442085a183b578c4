"""The shrink guard: an import that would drop more than SHRINK_SHARE of the registry is refused
(unless allowed), changes nothing, and says what it would have changed."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import cli
from bot.registry.database import open_database
from bot.registry.importer import import_path
from bot.registry.limits import SHRINK_SHARE
from bot.registry.refusals import RegistryWouldShrink
from tests.bundles import agency, write_bundle
from tests.hostile.bundles.make_bundles import uscc

TODAY = date(2026, 6, 1)


def agencies(serials: range | list[int]) -> list[dict[str, Any]]:
    return [agency(uscc=uscc(n), name=f"上海示例{n}号知识产权代理有限公司") for n in serials]


def people(serials: range | list[int]) -> list[dict[str, Any]]:
    return [
        {"cert_no": f"31000{n:05d}", "name": f"示例{n}", "agency_uscc": uscc(1),
         "status": "practising"}
        for n in serials
    ]  # fmt: skip


def table(db: sqlite_utils.Database) -> list[tuple[Any, ...]]:
    return db.execute("SELECT uscc, name FROM agencies ORDER BY uscc").fetchall()


@settings(max_examples=25, deadline=None)
@given(before=st.integers(0, 12), kept_share=st.floats(0, 1), added=st.integers(0, 3))
def test_an_import_dropping_more_than_the_share_is_refused_unless_allowed(
    before: int, kept_share: float, added: int
) -> None:
    kept = round(before * kept_share)
    if kept + added == 0:
        return  # an empty bundle is refused for another reason
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_database(":memory:")
        if before:
            import_path(
                db, write_bundle(folder / "one", agencies(range(1, before + 1))), today=TODAY
            )
        old = table(db)
        new_rows = agencies([*range(1, kept + 1), *range(100, 100 + added)])
        bundle = write_bundle(folder / "two", new_rows)
        removed = before - kept
        if before and removed / before > SHRINK_SHARE:
            with pytest.raises(RegistryWouldShrink) as raised:
                import_path(db, bundle, today=TODAY)
            said = str(raised.value)  # the change line in Chinese, then in English
            assert f"移除 {removed}" in said and f"removed {removed}" in said
            assert f"新增 {added}" in said and f"added {added}" in said
            assert table(db) == old
            summary = import_path(db, bundle, today=TODAY, allow_shrink=True)
        else:
            summary = import_path(db, bundle, today=TODAY)
        assert summary.changes["removed"] == removed and summary.changes["added"] == added
        assert len(table(db)) == kept + added


def test_dropping_most_practitioners_is_a_shrink_too(
    fresh_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    rows = agencies(range(1, 3))
    import_path(fresh_db, write_bundle(tmp_path / "a", rows, practitioners=people(range(10))),
                today=TODAY)  # fmt: skip
    with pytest.raises(RegistryWouldShrink, match="practitioners"):
        import_path(
            fresh_db,
            write_bundle(tmp_path / "b", rows, practitioners=people(range(7))),
            today=TODAY,
        )
    assert fresh_db.execute("SELECT count(*) FROM practitioners").fetchone()[0] == 10


def test_the_cli_prints_what_would_change_and_imports_with_allow_shrink(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "x.db")]
    first = write_bundle(tmp_path / "a", agencies(range(1, 11)))
    assert CliRunner().invoke(cli, ["registry", "import", str(first), *db]).exit_code == 0
    shrunk = write_bundle(tmp_path / "b", agencies([*range(1, 7), 50]))

    refused = CliRunner().invoke(cli, ["registry", "import", str(shrunk), *db])
    allowed = CliRunner().invoke(cli, ["registry", "import", str(shrunk), "--allow-shrink", *db])

    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "4 / 10" in refused.output and "--allow-shrink" in refused.output
    for output in (refused.output, allowed.output):
        assert "新增 1 · 移除 4" in output and "added 1 · removed 4" in output
    assert allowed.exit_code == 0, allowed.output


def listed(serials: range) -> list[dict[str, Any]]:
    return [
        {"subject_id": uscc(n), "list": "serious_dishonest", "reason": "r", "authority": "a",
         "decision_no": f"d{n}", "listed_on": "2026-01-02", "removed_on": ""}
        for n in serials
    ]  # fmt: skip


def fined(serials: range) -> list[dict[str, Any]]:
    return [
        {"subject_id": uscc(n), "decided_on": "2026-01-02", "authority": "a",
         "decision_no": f"f{n}", "violation": "other", "sanction": "fine",
         "amount_yuan": "1000", "suspend_months": "", "summary": "s"}
        for n in serials
    ]  # fmt: skip


@pytest.mark.parametrize(
    "second",
    [
        {"listings": None, "sanctions": fined(range(1, 6))},  # listings.csv left out
        {"listings": listed(range(1, 6)), "sanctions": None},  # sanctions.csv left out
        {"listings": listed(range(1, 2)), "sanctions": fined(range(1, 6))},  # 4 of 5 delisted
    ],
    ids=["no listings file", "no sanctions file", "most listings gone"],
)
def test_a_bundle_that_drops_what_is_held_against_agencies_is_a_shrink(
    tmp_path: Path, second: dict[str, Any]
) -> None:
    db = open_database(tmp_path / "r.db")
    rows = agencies(range(1, 11))
    import_path(
        db,
        write_bundle(
            tmp_path / "one", rows, listings=listed(range(1, 6)), sanctions=fined(range(1, 6))
        ),
        today=TODAY,
    )
    before = (
        db.execute("SELECT count(*) FROM listings").fetchone(),
        db.execute("SELECT count(*) FROM sanctions").fetchone(),
    )
    with pytest.raises(RegistryWouldShrink):
        import_path(db, write_bundle(tmp_path / "two", rows, **second), today=TODAY)
    after = (
        db.execute("SELECT count(*) FROM listings").fetchone(),
        db.execute("SELECT count(*) FROM sanctions").fetchone(),
    )
    assert after == before


def test_lifting_most_revocations_at_once_is_refused_unless_allowed(tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.db")
    revoked = [agency(uscc=uscc(n), name=f"上海示例{n}号知识产权代理有限公司", status="revoked",
                      status_since="2025-01-02") for n in range(1, 6)]  # fmt: skip
    import_path(db, write_bundle(tmp_path / "one", revoked + agencies(range(6, 11))), today=TODAY)
    whitewashed = write_bundle(tmp_path / "two", agencies(range(1, 11)))
    with pytest.raises(RegistryWouldShrink) as refused:
        import_path(db, whitewashed, today=TODAY)
    assert "revoked" in str(refused.value)
    assert db.execute("SELECT count(*) FROM agencies WHERE status = 'revoked'").fetchone()[0] == 5
    import_path(db, whitewashed, today=TODAY, allow_shrink=True)
    assert db.execute("SELECT count(*) FROM agencies WHERE status = 'revoked'").fetchone()[0] == 0
