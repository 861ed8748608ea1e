-- One transfer of the PostgreSQL row-lock baseline, run by pgbench once per transaction.
-- Pairs follow the benchmark driver's rule (TransferPairs): with probability :hot percent the source is
-- balance 1 (the hot balance), else uniform; the destination is uniform over the other balances.
\set r random(0, 99)
\set src random(1, :balances)
\if :r < :hot
\set src 1
\endif
\set dst random(1, :balances - 1)
\if :dst >= :src
\set dst :dst + 1
\endif
\set amt random(1, 1000)
\set neg -1 * :amt
BEGIN;
SELECT id FROM bl_balance WHERE id IN (:src, :dst) ORDER BY id FOR UPDATE;
SELECT (balance >= :amt)::int AS funded, nextval('bl_transfer_seq') AS transfer_id FROM bl_balance WHERE id = :src \gset
\if :funded
UPDATE bl_balance SET balance = balance - :amt, version = version + 1 WHERE id = :src;
UPDATE bl_balance SET balance = balance + :amt, version = version + 1 WHERE id = :dst;
INSERT INTO bl_entry (transfer_id, balance_id, amount) VALUES (:transfer_id, :src, :neg), (:transfer_id, :dst, :amt);
\endif
COMMIT;
