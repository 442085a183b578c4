"""The demo registry a day later: a few agencies suspended, downgraded or listed, so that
following can be tried in `make run` (`lantian registry demo --update`). Fictional, like the
demo itself, and the same every time."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

DOWNGRADES = {"A+": "A", "A": "B", "B": "C", "C": "D"}
SUSPEND_MONTHS = 6


def write_demo_update(bundle: Path, out: Path, today: date) -> list[str]:
    """A copy of the demo `bundle` in `out` with changes dated `today`: the first active A-grade
    head office (the demo's first showcase query) suspended, the next ten downgraded, five more
    put on the abnormal operation list. Returns the names changed."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(bundle, out)
    with (bundle / "agencies.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    active = sorted(
        (r for r in rows if r["status"] == "active" and not r["parent_uscc"]),
        key=lambda r: r["uscc"],
    )
    first = next(r for r in active if r["credit_grade"] == "A")
    graded = [r for r in active if r is not first and r["credit_grade"] in DOWNGRADES][:10]
    listed = [r for r in active if r is not first and r not in graded][:5]
    first.update(status="suspended", status_since=today.isoformat(),
                 suspended_until=_months_later(today, SUSPEND_MONTHS).isoformat())  # fmt: skip
    for row in graded:
        row.update(credit_grade=DOWNGRADES[row["credit_grade"]], credit_as_of=today.isoformat())
    _write(out / "agencies.csv", rows)
    _append_listings(out / "listings.csv", [r["uscc"] for r in listed], today)
    return [r["name"] for r in (first, *graded, *listed)]


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=min(day.day, 28))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _append_listings(path: Path, usccs: list[str], today: date) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = list(reader.fieldnames or []), list(reader)
    rows += [
        {**dict.fromkeys(header, ""), "subject_id": uscc, "list": "abnormal_operation",
         "listed_on": today.isoformat(), "authority": _AUTHORITY, "reason": _REASON}
        for uscc in usccs
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


# Data, not user-facing words: the demo's fictional record of who listed them and why.
_AUTHORITY = "上海市市场监督管理局（示例）"
_REASON = "通过登记的住所或者经营场所无法联系（示例）"
