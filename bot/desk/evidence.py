"""A ticket's evidence files, as staff open them: checked against the hash they were received
with, and the look written to the audit log before any file leaves.

Whoever may open the ticket may open its evidence (bot.desk.actions.load). A file is handed out
under a name made of the ticket number and its place (`LT-20230509-0001-2.jpg`), never under the
name the reporter sent, which may name them. A file whose content no longer matches its hash is
not handed out at all: the caller says so.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

import sqlite_utils

from bot.desk import actions
from bot.desk.errors import NoEvidence
from bot.desk.staff import StaffMember
from bot.reports.evidence import StoredEvidence, verify


@dataclass(frozen=True)
class EvidenceFile:
    """One file of a ticket, as stored and verified."""

    index: int  # its place among the ticket's files, from 1
    stored: StoredEvidence
    name: str  # the name it is handed out under

    @property
    def path(self) -> Path:
        return self.stored.path


@dataclass(frozen=True)
class EvidenceLook:
    """What a staff member may take of a ticket's evidence: the sound files, and the places of
    those that no longer match their hash."""

    number: str
    files: list[EvidenceFile]
    damaged: list[int]


def open_evidence(
    db: sqlite_utils.Database,
    staff: StaffMember,
    number: str,
    data_dir: Path,
    *,
    now: datetime,
) -> EvidenceLook:
    """The ticket's evidence, each file re-hashed; the look is logged (who, when, which files)."""
    ticket = actions.load(db, staff, number)
    if not ticket.evidence:
        raise NoEvidence(number=ticket.number)
    files, damaged = [], []
    for index, linked in enumerate(ticket.evidence, start=1):
        stored = StoredEvidence(
            data_dir=data_dir,
            relative_path=linked.stored_path,
            sha256=linked.sha256,
            size=linked.size,
            file_name="",  # the reporter's name for it stays in the database
            mime_type=linked.mime_type,
        )
        if verify(stored):
            suffix = PurePosixPath(linked.stored_path).suffix
            files.append(EvidenceFile(index, stored, f"{ticket.number}-{index}{suffix}"))
        else:
            damaged.append(index)
    detail = {
        "files": [{"index": f.index, "sha256": f.stored.sha256} for f in files],
        "damaged": damaged,
    }
    actions.log_look(db, staff, ticket.number, "view_evidence", detail, now=now)
    return EvidenceLook(ticket.number, files, damaged)


def copy_out(file: EvidenceFile, folder: Path) -> Path | None:
    """Copy a file into `folder` under its handed-out name; the copy is hashed too, and removed
    (None) if it is not the file received."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file.name
    shutil.copyfile(file.path, target)
    copy = StoredEvidence(
        data_dir=folder,
        relative_path=file.name,
        sha256=file.stored.sha256,
        size=file.stored.size,
        file_name="",
        mime_type=file.stored.mime_type,
    )
    if verify(copy):
        return target
    target.unlink(missing_ok=True)
    return None
