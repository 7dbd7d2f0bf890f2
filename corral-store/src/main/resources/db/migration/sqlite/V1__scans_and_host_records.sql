-- One row per scan. The counters are raised by the writer in the same transaction as each batch
-- of records, so they always agree with the stored records, even for an interrupted scan.
-- AUTOINCREMENT: a deleted scan's id is never handed out again.
CREATE TABLE scan (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT    NOT NULL,
    finished_at TEXT,
    status      TEXT    NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
    description TEXT    NOT NULL,
    targets     INTEGER NOT NULL DEFAULT 0,
    open        INTEGER NOT NULL DEFAULT 0,
    ollama      INTEGER NOT NULL DEFAULT 0,
    exposed     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- One row per host record. The key columns are copies of record fields for queries; `record` is
-- the whole record as its JSON line, the source of truth when reading back, so fields added to
-- the contract later are kept without a migration.
CREATE TABLE host_record (
    id            INTEGER PRIMARY KEY,
    scan_id       INTEGER NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    host_key      TEXT    NOT NULL,
    ip            TEXT    NOT NULL,
    port          INTEGER NOT NULL,
    scheme        TEXT    NOT NULL,
    state         TEXT,
    product       TEXT,
    ollama        INTEGER NOT NULL,
    exposed       INTEGER NOT NULL,
    auth          TEXT,
    version       TEXT,
    version_range TEXT,
    risk          TEXT,
    country       TEXT,
    asn           INTEGER,
    org           TEXT,
    scanned_at    TEXT,
    record        TEXT    NOT NULL
) STRICT;

-- Reading a scan back, and comparing two scans, walks one scan's records in host key order.
CREATE INDEX host_record_by_scan ON host_record (scan_id, host_key, id);
