"""The reports queue's tables, changed only through this migration set."""

from __future__ import annotations

import sqlite_utils
from sqlite_utils import Migrations

reports_migrations = Migrations("lantian.reports")  # each one also named in bot/registry/ready.py


@reports_migrations()
def m001_tickets(db: sqlite_utils.Database) -> None:
    # One statement per execute: executescript() would commit the migration's transaction
    # before running, and a failed migration would then leave half a schema behind.
    for statement in _M001:
        db.execute(statement)


_M001 = (
    """
    CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,          -- LT-YYYYMMDD-NNNN, the day in Shanghai
        kind TEXT NOT NULL CHECK (kind IN ('report', 'complaint')),
        category TEXT NOT NULL,               -- a code of VIOLATIONS
        subject_uscc TEXT,                    -- a registered agency, when the reporter chose one
        subject_text TEXT NOT NULL,           -- what the reporter typed
        happened_on TEXT,                     -- YYYY-MM-DD
        description TEXT NOT NULL,
        reporter_user_id INTEGER NOT NULL,    -- Telegram user id: confidential
        reporter_lang TEXT NOT NULL,
        anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
        contact_name TEXT,                    -- confidential
        contact_phone TEXT,                   -- confidential
        state TEXT NOT NULL DEFAULT 'received',
        created_at TEXT NOT NULL,             -- ISO 8601, UTC
        received_on TEXT NOT NULL,            -- YYYY-MM-DD in Shanghai: deadlines and limits
        reply_due_on TEXT,                    -- NULL: no answer promised (an anonymous report)
        source_key TEXT NOT NULL UNIQUE,      -- idempotency: one submission, one ticket
        -- The domain rules again, so no other writer can break them.
        CHECK (kind = 'report' OR (contact_name IS NOT NULL AND contact_phone IS NOT NULL)),
        CHECK (anonymous = 0 OR (contact_name IS NULL AND contact_phone IS NULL))
    )
    """,
    "CREATE INDEX tickets_reporter_day ON tickets(reporter_user_id, received_on)",
    "CREATE INDEX tickets_received_on ON tickets(received_on)",
    """
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        file_name TEXT NOT NULL,              -- as sent: may name the reporter, confidential
        mime_type TEXT NOT NULL,
        stored_path TEXT NOT NULL,            -- relative to the data folder
        received_at TEXT NOT NULL,            -- ISO 8601, UTC
        UNIQUE (ticket_id, sha256)
    )
    """,
)


def apply(db: sqlite_utils.Database) -> None:
    """Bring the reports tables up to date; running it again changes nothing."""
    reports_migrations.apply(db)


@reports_migrations()
def m002_staff_desk(db: sqlite_utils.Database) -> None:
    for statement in _M002:
        db.execute(statement)


_M002 = (
    # Where a ticket stands in the staff desk (bot/desk): who handles it and how it ended.
    "ALTER TABLE tickets ADD COLUMN district TEXT",  # the district office assigned, if any
    "ALTER TABLE tickets ADD COLUMN destination TEXT",  # where it was transferred, if it was
    "ALTER TABLE tickets ADD COLUMN refusal_ground TEXT",  # why it was not accepted
    "ALTER TABLE tickets ADD COLUMN outcome TEXT",  # how it was closed
    "ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets(id)",
    "ALTER TABLE tickets ADD COLUMN first_response_on TEXT",  # first decision told, Shanghai day
    "ALTER TABLE tickets ADD COLUMN closed_on TEXT",
    "ALTER TABLE tickets ADD COLUMN updated_at TEXT",
    "CREATE INDEX tickets_state ON tickets(state)",
    # Every staff action, append-only: the triggers refuse any change to a written line.
    """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,                     -- ISO 8601, UTC
        staff_user_id INTEGER NOT NULL,
        staff_role TEXT NOT NULL,             -- city | a district
        action TEXT NOT NULL,
        ticket_id INTEGER REFERENCES tickets(id),  -- NULL for an action on the whole queue
        before TEXT,                          -- JSON of the fields the action changed
        after TEXT,
        note TEXT
    )
    """,
    "CREATE INDEX audit_log_ticket ON audit_log(ticket_id)",
    """
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
    """,
    """
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
    """,
    # What the reporter is to be told, written in the same transaction as the change and sent
    # by the bot afterwards: a change is never lost for want of a message, nor told twice.
    """
    CREATE TABLE notices (
        id INTEGER PRIMARY KEY,
        ticket_id INTEGER NOT NULL REFERENCES tickets(id),
        audit_id INTEGER NOT NULL UNIQUE REFERENCES audit_log(id),
        user_id INTEGER NOT NULL,             -- the reporter's Telegram id: confidential
        text TEXT NOT NULL,                   -- in the reporter's language
        created_at TEXT NOT NULL,
        sent_at TEXT
    )
    """,
    "CREATE INDEX notices_pending ON notices(sent_at) WHERE sent_at IS NULL",
)


@reports_migrations()
def m003_typical_cases(db: sqlite_utils.Database) -> None:
    db.execute(_M003)


# Typical cases written in the bot (bot/desk/case_book.py): the working copy editors change,
# and the approved copy the site shows from its date. Who did what is in audit_log.
_M003 = """
CREATE TABLE typical_cases (
    id INTEGER PRIMARY KEY,
    author_user_id INTEGER NOT NULL,
    ticket_id INTEGER REFERENCES tickets(id),  -- the ticket it was made from, if any
    draft TEXT NOT NULL,                  -- JSON: the working copy's fields
    editors TEXT NOT NULL,                -- JSON: who changed the working copy since approval
    approved TEXT,                        -- JSON: the fields as last approved
    approved_by INTEGER,
    approved_at TEXT,
    corrected_on TEXT,                    -- Shanghai day of the last correction once shown
    withdrawn_on TEXT,
    withdrawn_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


@reports_migrations()
def m004_inspections(db: sqlite_utils.Database) -> None:
    for statement in _M004:
        db.execute(statement)


# Random inspections (bot/inspections/plans.py): a plan keeps its public inputs (candidates
# with their strata, rates, seed) as drawn, so it can be verified later.
_M004 = (
    """
    CREATE TABLE inspection_plans (
        id TEXT PRIMARY KEY,                  -- <planned_on>-<serial>
        district TEXT,                        -- NULL: the whole city
        items TEXT NOT NULL,                  -- JSON: item codes
        share REAL NOT NULL,
        raised_factor REAL NOT NULL,
        seed TEXT NOT NULL,                   -- public
        planned_on TEXT NOT NULL,
        candidates TEXT NOT NULL,             -- JSON: [subject_id, district, stratum], public
        redraws INTEGER NOT NULL DEFAULT 0,
        created_by INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE inspection_targets (
        plan_id TEXT NOT NULL REFERENCES inspection_plans(id),
        subject_id TEXT NOT NULL,
        district TEXT,
        stratum TEXT NOT NULL,
        ticket TEXT NOT NULL,                 -- the draw's number, hexadecimal: the draw order
        inspectors TEXT NOT NULL,             -- JSON: staff user ids (never published)
        offices TEXT NOT NULL,                -- JSON: their districts (NULL: the city's office)
        closed_on TEXT,
        published_on TEXT,                    -- the day its result goes on the site
        PRIMARY KEY (plan_id, subject_id)
    )
    """,
    """
    CREATE TABLE inspection_results (
        plan_id TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        item TEXT NOT NULL,
        result TEXT NOT NULL,
        due_on TEXT,                          -- a rectification's deadline
        rectified_on TEXT,
        note TEXT,
        recorded_by INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (plan_id, subject_id, item)
    )
    """,
    """
    CREATE TABLE inspection_conflicts (
        inspector_id INTEGER NOT NULL,
        subject_id TEXT NOT NULL,
        declared_at TEXT NOT NULL,
        PRIMARY KEY (inspector_id, subject_id)
    )
    """,
    "CREATE INDEX inspection_targets_subject ON inspection_targets(subject_id)",
    # An inspector's evidence: files stored by hash as a report's are (bot/reports/evidence.py).
    """
    CREATE TABLE inspection_evidence (
        id INTEGER PRIMARY KEY,
        plan_id TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        relative_path TEXT NOT NULL,
        file_name TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        recorded_by INTEGER NOT NULL,
        recorded_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX inspection_evidence_sha ON inspection_evidence(sha256)",
)


@reports_migrations()
def m005_follows(db: sqlite_utils.Database) -> None:
    for statement in _M005:
        db.execute(statement)


# Following a registered subject (bot/follows): personal data, kept only while followed, and
# never shown to staff. A notice is deleted once delivered.
_M005 = (
    """
    CREATE TABLE follows (
        user_id INTEGER NOT NULL,
        subject_kind TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        name TEXT NOT NULL,                   -- as registered when followed
        lang TEXT NOT NULL,                   -- the follower's language for notices
        since_seq INTEGER NOT NULL,           -- the registry import it was followed at
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_id, subject_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX follows_subject ON follows(subject_id)",
    # The last registry import whose changes were turned into notices: each import once.
    # `epoch` names the registry's numbering of imports (a fresh one after a damaged file).
    """
    CREATE TABLE follow_fanout (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        epoch TEXT NOT NULL,
        seq INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE follow_notices (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,                 -- the import it tells of
        part INTEGER NOT NULL,                -- a notice too long for one message is split
        text TEXT NOT NULL,                   -- plain text, in the follower's language
        lang TEXT NOT NULL,
        created_at TEXT NOT NULL,
        claimed_at TEXT,                      -- set just before sending (bot/follows/outbox.py)
        interrupted INTEGER NOT NULL DEFAULT 0,  -- in flight when a run was killed
        UNIQUE (user_id, seq, part)
    )
    """,
)
