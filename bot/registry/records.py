"""The registry's vocabulary: the values a bundle may use, and a validated dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AGENCY_KINDS = ("patent", "trademark", "both")
AGENCY_STATUSES = ("active", "suspended", "revoked", "cancelled", "filing_expired")
PRACTITIONER_STATUSES = ("practising", "not_practising", "revoked")
GRADES = ("A+", "A", "B", "C", "D")
LISTS = ("serious_dishonest", "abnormal_operation", "key_monitoring")
SANCTIONS = (
    "warning",
    "fine",
    "confiscation",
    "suspend_new_business",
    "revoke_licence",
    "criticism",
)
VIOLATIONS = (
    "tm_squat",
    "tm_hoard",
    "tm_harmful",
    "tm_collusion",
    "online",
    "impersonation",
    "forgery",
    "conflict",
    "unlicensed",
    "abnormal_patent",
    "licence_renting",
    "identity_misuse",
    "not_in_agency_name",
    "false_filing",
    "solicitation",
    "fee_no_service",
    "other",
)

Row = dict[str, Any]


@dataclass
class Dataset:
    """A validated bundle, in the shape of the database tables."""

    source: str
    as_of: str
    fictional: bool
    agencies: dict[str, Row] = field(default_factory=dict)
    practitioners: dict[str, Row] = field(default_factory=dict)
    listings: list[Row] = field(default_factory=list)
    sanctions: list[Row] = field(default_factory=list)
