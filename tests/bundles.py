"""Small registry bundles written by the tests that need them."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

AGENCY_HEADER = [
    "uscc", "name", "former_names", "kind", "patent_agency_code", "trademark_filed_until",
    "status", "status_since", "suspended_until", "province", "city", "district", "address",
    "phones", "websites", "parent_uscc", "credit_grade", "credit_score", "credit_as_of",
]  # fmt: skip

# Valid USCCs (GB 32100-2015 check characters), for bundles written in tests.
USCC_A = "91310115MA1K4ABC2B"
USCC_B = "91310104MA1FX7Y80G"
USCC_C = "91310106MA1G0CP69M"


def agency(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "uscc": USCC_A,
        "name": "上海青禾示例知识产权代理有限公司",
        "kind": "both",
        "patent_agency_code": "31001",
        "trademark_filed_until": "2029-12-31",
        "status": "active",
        "province": "上海市",
        "city": "上海市",
        "district": "浦东新区",
        "phones": "021-61234567",
        "websites": "www.qinghe-ip.example",
        "credit_grade": "A",
    }
    row.update(fields)
    return row


def write_bundle(
    folder: Path,
    agencies: list[dict[str, Any]],
    *,
    practitioners: list[dict[str, Any]] | None = None,
    listings: list[dict[str, Any]] | None = None,
    sanctions: list[dict[str, Any]] | None = None,
    meta: dict[str, Any] | None = None,
    bom: bool = False,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "agencies": (AGENCY_HEADER, agencies),
        "practitioners": (
            ["cert_no", "name", "agency_uscc", "status", "credit_grade"], practitioners
        ),
        "listings": (
            ["subject_id", "list", "reason", "authority", "decision_no", "listed_on", "removed_on"],
            listings,
        ),
        "sanctions": (
            ["subject_id", "decided_on", "authority", "decision_no", "violation", "sanction",
             "amount_yuan", "suspend_months", "summary"],
            sanctions,
        ),
    }  # fmt: skip
    for name, (header, rows) in tables.items():
        if rows is None:
            continue
        with (folder / f"{name}.csv").open(
            "w", encoding="utf-8-sig" if bom else "utf-8", newline=""
        ) as f:
            writer = csv.DictWriter(f, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    (folder / "meta.json").write_text(
        json.dumps(meta or {"source": "测试", "as_of": "2026-06-01", "fictional": True}),
        encoding="utf-8",
    )
    return folder
