-- Read model of the public event topics. Idempotent: run at every start.
-- Money is NUMERIC without a declared precision (arbitrary size, exact); never a float.

CREATE TABLE IF NOT EXISTS ledgers (
    ledger_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    meta_data  JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMPTZ NOT NULL
);

-- Blnk seeds the General Ledger that holds every @indicator balance.
INSERT INTO ledgers (ledger_id, name, meta_data, created_at)
VALUES ('general_ledger_id', 'General Ledger', '{}'::jsonb, TIMESTAMPTZ '1970-01-01 00:00:00+00')
ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS balances (
    balance_id              TEXT PRIMARY KEY,
    ledger_id               TEXT NOT NULL,
    identity_id             TEXT NOT NULL DEFAULT '',
    indicator               TEXT NULL,
    currency                TEXT NOT NULL,
    balance                 NUMERIC NOT NULL,
    credit_balance          NUMERIC NOT NULL,
    debit_balance           NUMERIC NOT NULL,
    inflight_balance        NUMERIC NOT NULL,
    inflight_credit_balance NUMERIC NOT NULL,
    inflight_debit_balance  NUMERIC NOT NULL,
    version                 BIGINT NOT NULL,
    head_hash               TEXT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL,
    meta_data               JSONB NOT NULL DEFAULT '{}'::jsonb,
    updated_at              TIMESTAMPTZ NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS balances_indicator_currency
    ON balances (indicator, currency) WHERE indicator IS NOT NULL;
CREATE INDEX IF NOT EXISTS balances_created_at ON balances (created_at);
-- FIFO, LIFO or PROPORTIONAL when the balance tracks fund lineage (track_fund_lineage); NULL when it does not.
ALTER TABLE balances ADD COLUMN IF NOT EXISTS allocation_strategy TEXT NULL;

CREATE TABLE IF NOT EXISTS balance_entries (
    balance_id              TEXT NOT NULL,
    version                 BIGINT NOT NULL,
    kind                    TEXT NOT NULL,
    transaction_id          TEXT NULL,
    amount                  NUMERIC NOT NULL,
    balance                 NUMERIC NOT NULL,
    credit_balance          NUMERIC NOT NULL,
    debit_balance           NUMERIC NOT NULL,
    inflight_balance        NUMERIC NOT NULL,
    inflight_credit_balance NUMERIC NOT NULL,
    inflight_debit_balance  NUMERIC NOT NULL,
    prev_hash               TEXT NOT NULL,
    hash                    TEXT NOT NULL,
    recorded_at             TIMESTAMPTZ NOT NULL,
    effective_at            TIMESTAMPTZ NOT NULL,
    topic_partition         INTEGER NOT NULL,
    topic_offset            BIGINT NOT NULL,
    PRIMARY KEY (balance_id, version)
);

CREATE TABLE IF NOT EXISTS transactions (
    transaction_id     TEXT PRIMARY KEY,
    parent_transaction TEXT NOT NULL DEFAULT '',
    reference          TEXT NOT NULL UNIQUE,
    source             TEXT NOT NULL,
    destination        TEXT NOT NULL,
    precise_amount     NUMERIC NOT NULL,
    precision          BIGINT NOT NULL,
    currency           TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    rejection_code     TEXT NULL,
    rejection_message  TEXT NULL,
    allow_overdraft    BOOLEAN NOT NULL DEFAULT FALSE,
    inflight           BOOLEAN NOT NULL DEFAULT FALSE,
    overdraft_limit    NUMERIC NOT NULL DEFAULT 0,
    meta_data          JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at         TIMESTAMPTZ NOT NULL,
    effective_date     TIMESTAMPTZ NULL,
    hash               TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS transactions_created_at ON transactions (created_at);
CREATE INDEX IF NOT EXISTS transactions_parent ON transactions (parent_transaction);

-- v2 (transactions-v2.md): resolved balance ids, skip_queue and the deadlines of the record.
-- ADD COLUMN IF NOT EXISTS keeps this idempotent on databases created by the v1 script.
ALTER TABLE transactions ADD COLUMN IF NOT EXISTS source_balance_id TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN IF NOT EXISTS destination_balance_id TEXT NOT NULL DEFAULT '';
ALTER TABLE transactions ADD COLUMN IF NOT EXISTS skip_queue BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE transactions ADD COLUMN IF NOT EXISTS scheduled_for TIMESTAMPTZ NULL;
ALTER TABLE transactions ADD COLUMN IF NOT EXISTS inflight_expiry_date TIMESTAMPTZ NULL;
ALTER TABLE transactions ADD COLUMN IF NOT EXISTS inflight_commit_date TIMESTAMPTZ NULL;

-- "transactions of balance X" (filters) and the queued sums of GET /balances/{id}?with_queued=true;
-- the latter only reads QUEUED rows still waiting for their outcome, hence the partial indexes below.
CREATE INDEX IF NOT EXISTS transactions_source_balance ON transactions (source_balance_id, created_at);
CREATE INDEX IF NOT EXISTS transactions_destination_balance ON transactions (destination_balance_id, created_at);

-- v4: the QUEUED records still waiting for their outcome (a child record of any status) are rows of their own small
-- table: the writer adds one with its QUEUED record and deletes it with the outcome, so "still waiting" (the queued
-- sums of GET /balances/{id}?with_queued=true, the queue views) reads only what is waiting, never the ledger.
-- v3 marked the wide transactions row instead (has_outcome); a column in an index predicate rules out a HOT
-- update, so each mark rewrote the row with all of its index entries.
CREATE TABLE IF NOT EXISTS waiting_transactions (
    transaction_id         TEXT PRIMARY KEY,
    source_balance_id      TEXT NOT NULL,
    destination_balance_id TEXT NOT NULL,
    precise_amount         NUMERIC NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS waiting_transactions_source ON waiting_transactions (source_balance_id) INCLUDE (precise_amount);
CREATE INDEX IF NOT EXISTS waiting_transactions_destination
    ON waiting_transactions (destination_balance_id) INCLUDE (precise_amount);
CREATE INDEX IF NOT EXISTS waiting_transactions_created ON waiting_transactions (created_at);
-- Rows come and go (a backlog drained is inserted and deleted again): vacuum it after every few thousand dead rows,
-- without throttling, rather than after a fifth of the table, so lookups do not wade through dead index entries.
-- Measured on a bulk load: the delete by outcome went from 29 to 11 ms per poll.
ALTER TABLE waiting_transactions SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
    autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 2000,
    autovacuum_vacuum_cost_delay = 0);
CREATE TABLE IF NOT EXISTS projection_schema_version (version INTEGER PRIMARY KEY);
-- Once, on a database from before v4: what is waiting, by the anti-join (the version check is evaluated once, so a
-- v4 database skips the scan).
INSERT INTO waiting_transactions (transaction_id, source_balance_id, destination_balance_id, precise_amount, created_at)
SELECT t.transaction_id, t.source_balance_id, t.destination_balance_id, t.precise_amount, t.created_at
FROM transactions t
WHERE NOT EXISTS (SELECT 1 FROM projection_schema_version v WHERE v.version >= 4)
  AND t.status = 'QUEUED'
  AND NOT EXISTS (SELECT 1 FROM transactions c WHERE c.parent_transaction = t.transaction_id)
ON CONFLICT DO NOTHING;
INSERT INTO projection_schema_version (version) VALUES (4) ON CONFLICT DO NOTHING;
DROP INDEX IF EXISTS transactions_waiting;
DROP INDEX IF EXISTS transactions_waiting_source;
DROP INDEX IF EXISTS transactions_waiting_destination;
DROP INDEX IF EXISTS transactions_queued_source;
DROP INDEX IF EXISTS transactions_queued_destination;
ALTER TABLE transactions DROP COLUMN IF EXISTS has_outcome;

-- GET /balances/{id}/at sums a balance's entries up to a point in effective time.
CREATE INDEX IF NOT EXISTS balance_entries_effective ON balance_entries (balance_id, effective_at);

-- Seals from ledger.seals (docs/EVENTS.md): one row per seal, chained per partition by prev_seal_hash.
CREATE TABLE IF NOT EXISTS seals (
    partition               INTEGER NOT NULL,
    seq                     BIGINT NOT NULL,
    heads                   JSONB NOT NULL,
    prev_seal_hash          TEXT NOT NULL,
    seal_hash               TEXT NOT NULL,
    sealed_at               TIMESTAMPTZ NOT NULL,
    topic_offset            BIGINT NOT NULL,
    PRIMARY KEY (partition, seq)
);

-- Integrity verification's checkpoint (docs/EVENTS.md, "Verifying"): where the last valid run over the whole log
-- ended, so that the next run reads only what came after. Not part of the read model (replay does not compare it).
CREATE TABLE IF NOT EXISTS verify_checkpoint (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    state       JSONB NOT NULL,
    verified_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS verify_heads (
    balance_id TEXT PRIMARY KEY,
    head       JSONB NOT NULL
);

-- Balance monitors from ledger.balance-monitors (docs/EVENTS.md): the latest version of each monitor. A deleted
-- monitor keeps its row (deleted = true, not served), so that an older record delivered again cannot revive it.
CREATE TABLE IF NOT EXISTS balance_monitors (
    monitor_id           TEXT PRIMARY KEY,
    balance_id           TEXT NOT NULL,
    field                TEXT NOT NULL,
    operator             TEXT NOT NULL,
    value                NUMERIC NOT NULL,
    precision            BIGINT NOT NULL,
    precise_value        NUMERIC NOT NULL,
    fire_on_every_update BOOLEAN NOT NULL,
    description          TEXT NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    version              BIGINT NOT NULL,
    deleted              BOOLEAN NOT NULL
);
CREATE INDEX IF NOT EXISTS balance_monitors_balance ON balance_monitors (balance_id);

-- Transaction hooks' last call (README, "Hooks"): written by the hook delivery after each attempt, shown as
-- last_run / last_success on GET /hooks. The hooks themselves are read from ledger.hooks; a row whose hook was deleted
-- is never shown. Not part of the read model (replay does not compare it).
CREATE TABLE IF NOT EXISTS hook_runs (
    hook_id      TEXT PRIMARY KEY,
    last_run     TIMESTAMPTZ NOT NULL,
    last_success BOOLEAN NOT NULL
);

-- Balance snapshots (POST /balances-snapshots): a balance's settled totals summed from its hash-chained entries up to
-- snapshot_at, anchored to the chain head they were summed through (through_version, through_hash). An entry recorded
-- later with an earlier effective time has a version above through_version, so a historical read adds it to the
-- snapshot instead of missing it. Derived from balance_entries: not part of the compared read model (replay does not
-- compare it); a replayed schema has none until the next snapshot run.
CREATE TABLE IF NOT EXISTS balance_snapshots (
    balance_id              TEXT NOT NULL,
    snapshot_at             TIMESTAMPTZ NOT NULL,
    currency                TEXT NOT NULL,
    credit_balance          NUMERIC NOT NULL,
    debit_balance           NUMERIC NOT NULL,
    entries                 BIGINT NOT NULL,
    through_version         BIGINT NOT NULL,
    through_hash            TEXT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (balance_id, snapshot_at)
);

-- Identities from ledger.identities (docs/EVENTS.md): the latest version of each identity. Personal fields
-- (first_name, last_name, other_names, email_address, phone_number, street, post_code) hold what the topic holds:
-- seal:<key id>:<AES-256-GCM> (or plain:<value> when no tokenization secret is configured); the query API opens them.
-- A deleted identity keeps its row without any field (deleted = true, not served), so that an older record
-- delivered again cannot revive it.
CREATE TABLE IF NOT EXISTS identities (
    identity_id       TEXT PRIMARY KEY,
    identity_type     TEXT NOT NULL DEFAULT '',
    organization_name TEXT NOT NULL DEFAULT '',
    category          TEXT NOT NULL DEFAULT '',
    first_name        TEXT NOT NULL DEFAULT '',
    last_name         TEXT NOT NULL DEFAULT '',
    other_names       TEXT NOT NULL DEFAULT '',
    gender            TEXT NOT NULL DEFAULT '',
    email_address     TEXT NOT NULL DEFAULT '',
    phone_number      TEXT NOT NULL DEFAULT '',
    nationality       TEXT NOT NULL DEFAULT '',
    street            TEXT NOT NULL DEFAULT '',
    country           TEXT NOT NULL DEFAULT '',
    state             TEXT NOT NULL DEFAULT '',
    post_code         TEXT NOT NULL DEFAULT '',
    city              TEXT NOT NULL DEFAULT '',
    dob               TIMESTAMPTZ NULL,
    meta_data         JSONB NOT NULL DEFAULT '{}'::jsonb,
    tokenized_fields  JSONB NOT NULL DEFAULT '[]'::jsonb,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    version           BIGINT NOT NULL,
    deleted           BOOLEAN NOT NULL
);
CREATE INDEX IF NOT EXISTS identities_created_at ON identities (created_at);

-- A ledger can be renamed and its meta_data patched (PUT /ledgers/{id}, POST /{id}/metadata): each change is a new
-- LedgerRecord with the next version, and the row keeps the newest.
ALTER TABLE ledgers ADD COLUMN IF NOT EXISTS version BIGINT NOT NULL DEFAULT 0;

-- Accounts from ledger.accounts (docs/EVENTS.md): written once each, never changed. An empty name means the
-- identity's name, which reads derive (personal fields are never stored here in clear).
CREATE TABLE IF NOT EXISTS accounts (
    account_id  TEXT PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    number      TEXT NOT NULL UNIQUE,
    bank_name   TEXT NOT NULL DEFAULT '',
    currency    TEXT NOT NULL,
    ledger_id   TEXT NOT NULL,
    identity_id TEXT NOT NULL,
    balance_id  TEXT NOT NULL,
    meta_data   JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_created_at ON accounts (created_at);

-- Metadata patches of transactions from ledger.transaction-metadata (docs/EVENTS.md): for each patched id (a
-- transaction's or a split's / bulk batch's), every patch it received, merged by its coordinator; the highest version
-- is kept. A patch reaches the record with that id and every record whose parent_transaction is that id (Blnk's
-- reach), so transaction rows are never rewritten: reads go through transaction_reads, which shows a record's own
-- meta_data, then its parent's patches, then its own patches on top. The result does not depend on the order in
-- which a record and a patch arrive, so a replay builds the same thing.
CREATE TABLE IF NOT EXISTS transaction_metadata (
    target_id  TEXT PRIMARY KEY,
    patch      JSONB NOT NULL,
    version    BIGINT NOT NULL,
    patched_at TIMESTAMPTZ NOT NULL
);

CREATE OR REPLACE VIEW transaction_reads AS
SELECT t.transaction_id, t.parent_transaction, t.reference, t.source, t.destination, t.precise_amount, t.precision,
       t.currency, t.description, t.status, t.rejection_code, t.rejection_message, t.allow_overdraft, t.inflight,
       t.overdraft_limit,
       t.meta_data || COALESCE(parent_patch.patch, '{}'::jsonb) || COALESCE(own_patch.patch, '{}'::jsonb) AS meta_data,
       t.created_at, t.effective_date, t.hash, t.source_balance_id, t.destination_balance_id, t.skip_queue,
       t.scheduled_for, t.inflight_expiry_date, t.inflight_commit_date
FROM transactions t
LEFT JOIN transaction_metadata parent_patch ON parent_patch.target_id = t.parent_transaction
LEFT JOIN transaction_metadata own_patch ON own_patch.target_id = t.transaction_id;

-- Fund lineage (GET /balances/{id}/lineage, GET /transactions/{id}/lineage): Blnk's shadow transactions name the
-- transaction they shadow and the tracked balance in their meta_data; only they carry these keys.
CREATE INDEX IF NOT EXISTS transactions_shadow_for
    ON transactions ((meta_data->>'_shadow_for')) WHERE meta_data ? '_shadow_for';
CREATE INDEX IF NOT EXISTS transactions_lineage_main_balance
    ON transactions ((meta_data->>'_main_balance')) WHERE meta_data ? '_main_balance';
