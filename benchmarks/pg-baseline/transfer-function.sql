-- One transfer of the PostgreSQL row-lock baseline as a single call of bl_transfer (schema.sql): the same pairs
-- and amounts as transfer.sql, one round trip (pgbench wraps each call in its own transaction).
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
SELECT bl_transfer(:src, :dst, :amt);
