-- The gateway's API keys. The key itself is never stored: key_hash is HMAC-SHA-256(pepper, key) in
-- lower-case hex (see docs/keys.md for where the pepper lives). A revoked key stays, so that the
-- gateway can say "revoked" rather than "unknown" and the audit log's key ids keep their names.
-- models holds the model globs joined by commas (a glob never contains one).
CREATE TABLE api_keys (
    id             TEXT    PRIMARY KEY,
    name           TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('user', 'admin')),
    models         TEXT    NOT NULL,
    rpm            INTEGER NOT NULL CHECK (rpm >= 0),
    tokens_per_day INTEGER NOT NULL CHECK (tokens_per_day >= 0),
    key_hash       TEXT    NOT NULL UNIQUE,
    created_at     TEXT    NOT NULL,
    expires_at     TEXT,
    revoked_at     TEXT,
    rotated_from   TEXT
) STRICT;

-- One row, raised in the same transaction as every change to api_keys: a running gateway reads
-- this one number twice a second and reloads the keys only when it moved.
CREATE TABLE key_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    counter INTEGER NOT NULL
) STRICT;
INSERT INTO key_changes (id, counter) VALUES (1, 0);

-- Server-side secrets shared by every gateway on this store, created on first use (the key
-- pepper, or the fingerprint of a pepper given in the environment).
CREATE TABLE gateway_secret (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- One row per gateway decision. Never a key, a prompt or a completion.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    time           TEXT    NOT NULL,
    key_id         TEXT,
    client         TEXT    NOT NULL,
    method         TEXT    NOT NULL,
    route          TEXT    NOT NULL,
    model          TEXT,
    allowed        INTEGER NOT NULL,
    rule           TEXT    NOT NULL,
    status         INTEGER NOT NULL,
    prompt_tokens  INTEGER NOT NULL,
    eval_tokens    INTEGER NOT NULL,
    latency_micros INTEGER NOT NULL
) STRICT;

-- The newest decisions, and one key's decisions over time.
CREATE INDEX audit_log_by_time ON audit_log (time);
CREATE INDEX audit_log_by_key ON audit_log (key_id, time);
