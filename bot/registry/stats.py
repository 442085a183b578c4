"""Counts over the registry, for `lantian registry stats` and (later) the site's charts."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from bot.registry.importer import registry_info


def registry_stats(db: sqlite_utils.Database, *, today: str) -> dict[str, Any]:
    def counts(sql: str, params: tuple[Any, ...] = ()) -> dict[str, int]:
        return {str(key or "—"): n for key, n in db.execute(sql, list(params)).fetchall()}

    info = registry_info(db)
    return {
        "source": info.get("source"),
        "as_of": info.get("as_of"),
        "fictional": info.get("fictional") == "true",
        "agencies": db.execute("SELECT count(*) FROM agencies").fetchone()[0],
        "branches": db.execute(
            "SELECT count(*) FROM agencies WHERE parent_uscc IS NOT NULL"
        ).fetchone()[0],
        "practitioners": db.execute("SELECT count(*) FROM practitioners").fetchone()[0],
        "by_kind": counts("SELECT kind, count(*) FROM agencies GROUP BY 1 ORDER BY 2 DESC"),
        "by_status": counts("SELECT status, count(*) FROM agencies GROUP BY 1 ORDER BY 2 DESC"),
        "by_grade": counts("SELECT credit_grade, count(*) FROM agencies GROUP BY 1 ORDER BY 1"),
        "by_district": counts(
            "SELECT district, count(*) FROM agencies WHERE province LIKE '上海%' "
            "GROUP BY 1 ORDER BY 2 DESC"
        ),
        "listed_now": counts(
            "SELECT list, count(*) FROM listings WHERE removed_on IS NULL OR removed_on > ? "
            "GROUP BY 1 ORDER BY 2 DESC",
            (today,),
        ),
        "sanctions": counts("SELECT sanction, count(*) FROM sanctions GROUP BY 1 ORDER BY 2 DESC"),
        "practitioners_by_status": counts(
            "SELECT status, count(*) FROM practitioners GROUP BY 1 ORDER BY 2 DESC"
        ),
    }
