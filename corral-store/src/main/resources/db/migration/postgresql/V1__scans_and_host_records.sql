-- One row per scan. The counters are raised by the writer in the same transaction as each batch
-- of records, so they always agree with the stored records, even for an interrupted scan.
CREATE TABLE scan (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status      TEXT        NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
    description TEXT        NOT NULL,
    targets     BIGINT      NOT NULL DEFAULT 0,
    open        BIGINT      NOT NULL DEFAULT 0,
    ollama      BIGINT      NOT NULL DEFAULT 0,
    exposed     BIGINT      NOT NULL DEFAULT 0
);

-- One row per host record. The key columns are copies of record fields for queries; `record` is
-- the whole record as its JSON line, the source of truth when reading back, so fields added to
-- the contract later are kept without a migration.
-- host_key sorts bytewise (COLLATE "C"), as in SQLite, so that comparing two scans can walk both
-- in the same order whatever the database's locale.
CREATE TABLE host_record (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scan_id       BIGINT      NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    host_key      TEXT        COLLATE "C" NOT NULL,
    ip            TEXT        NOT NULL,
    port          INTEGER     NOT NULL,
    scheme        TEXT        NOT NULL,
    state         TEXT,
    product       TEXT,
    ollama        BOOLEAN     NOT NULL,
    exposed       BOOLEAN     NOT NULL,
    auth          TEXT,
    version       TEXT,
    version_range TEXT,
    risk          TEXT,
    country       TEXT,
    asn           BIGINT,
    org           TEXT,
    scanned_at    TIMESTAMPTZ,
    record        TEXT        NOT NULL
);

-- Reading a scan back, and comparing two scans, walks one scan's records in host key order.
CREATE INDEX host_record_by_scan ON host_record (scan_id, host_key, id);
