-- The hand-written PostgreSQL row-lock ledger that Ledgerline is measured against (dev/bench-baseline.sh).
-- One row per balance; a transfer locks both rows in id order, checks funds, updates both and appends two
-- entries, in one SQL transaction. This is the design most payments teams start from.
SET client_min_messages = warning;
DROP TABLE IF EXISTS bl_entry;
DROP TABLE IF EXISTS bl_balance;

CREATE TABLE bl_balance (
    id       integer PRIMARY KEY,
    currency text    NOT NULL,
    balance  numeric NOT NULL,           -- minor units, any size (as Ledgerline's)
    version  bigint  NOT NULL DEFAULT 0
);

CREATE TABLE bl_entry (
    id          bigserial   PRIMARY KEY,
    transfer_id bigint      NOT NULL,
    balance_id  integer     NOT NULL REFERENCES bl_balance (id),
    amount      numeric     NOT NULL,    -- signed: negative debits the balance
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bl_entry_balance ON bl_entry (balance_id);
CREATE SEQUENCE IF NOT EXISTS bl_transfer_seq;

-- :balances balances, each funded with :funding minor units (the same funding as Ledgerline's benchmark).
INSERT INTO bl_balance (id, currency, balance)
SELECT g, 'USD', :funding FROM generate_series(1, :balances) AS g;
ANALYZE bl_balance;

-- The same transfer as one server-side function: one round trip per transfer instead of seven
-- (dev/bench-baseline.sh --style function). Locks, checks, updates and entries exactly as transfer.sql.
CREATE OR REPLACE FUNCTION bl_transfer(src integer, dst integer, amt numeric) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    funded boolean;
    tid bigint;
BEGIN
    PERFORM id FROM bl_balance WHERE id IN (src, dst) ORDER BY id FOR UPDATE;
    SELECT balance >= amt INTO funded FROM bl_balance WHERE id = src;
    IF NOT funded THEN
        RETURN false;
    END IF;
    tid := nextval('bl_transfer_seq');
    UPDATE bl_balance SET balance = balance - amt, version = version + 1 WHERE id = src;
    UPDATE bl_balance SET balance = balance + amt, version = version + 1 WHERE id = dst;
    INSERT INTO bl_entry (transfer_id, balance_id, amount) VALUES (tid, src, -amt), (tid, dst, amt);
    RETURN true;
END;
$$;
