#!/usr/bin/env bash
# The PostgreSQL row-lock baseline: a hand-written ledger (benchmarks/pg-baseline/) driven by pgbench against the
# PostgreSQL of the stack that dev/up.sh started, in its own database, so that Ledgerline and the baseline run on
# the same machine in the same session. Same workload knobs as dev/bench.sh:
#   dev/bench-baseline.sh --transfers 10000 --concurrency 64 --balances 100 --hot-percent 0 --commit durable|async
#                         --style statements|function
# statements (default): the client sends BEGIN, the locking SELECT, the funds check, two UPDATEs, the INSERT and
# COMMIT, as an application would; function: one call of a PL/pgSQL function doing the same (one round trip).
# Prints one machine-readable line starting with "BASELINE ". Exit code 0 only when every transfer committed and
# the ledger's invariants hold afterwards (money conserved; every balance equals its funding plus its entries).
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

transfers=10000 concurrency=64 balances=100 hot=0 commit=durable style=statements
while [ $# -gt 0 ]; do
  case $1 in
    --transfers) transfers=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --balances) balances=$2; shift 2 ;;
    --hot-percent) hot=$2; shift 2 ;;
    --commit) commit=$2; shift 2 ;;
    --style) style=$2; shift 2 ;;
    *) die "unknown option $1 (--transfers N --concurrency N --balances N --hot-percent P --commit durable|async --style statements|function)" ;;
  esac
done
for v in "$transfers" "$concurrency" "$balances" "$hot"; do [[ $v =~ ^[0-9]+$ ]] || die "not a number: $v"; done
[ "$balances" -ge 2 ] || die "--balances must be at least 2"
[ "$hot" -le 100 ] || die "--hot-percent must be 0..100"
case $commit in
  durable) sync=on ;;      # what a ledger must use: the commit waits for the WAL flush
  async) sync=off ;;       # the fastest PostgreSQL can go, losing the last commits on a crash
  *) die "--commit must be durable or async" ;;
esac

case $style in
  statements) script=$REPO/benchmarks/pg-baseline/transfer.sql ;;
  function) script=$REPO/benchmarks/pg-baseline/transfer-function.sql ;;
  *) die "--style must be statements or function" ;;
esac

PGBIN=$(pg_bin) || die "PostgreSQL binaries not found (dev/up.sh installs them)"
pg_running || die "PostgreSQL of the stack is not running (dev/up.sh)"
DB=ledgerline_baseline
PSQL=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1)
FUNDING=100000000   # per balance, as the Ledgerline benchmark funds its balances

"${PSQL[@]}" -d postgres -c "drop database if exists $DB" -c "create database $DB" >/dev/null
"${PSQL[@]}" -d "$DB" -v balances="$balances" -v funding="$FUNDING" -f "$REPO/benchmarks/pg-baseline/schema.sql" >/dev/null

# Whole transfers per client; pgbench runs -t transactions on each of -c clients.
per_client=$(((transfers + concurrency - 1) / concurrency))
total=$((per_client * concurrency))
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
log "baseline: $total transfers ($concurrency clients x $per_client), $balances balances, hot share $hot %, commit $commit, $style"
out=$(cd "$logdir" && PGOPTIONS="-c synchronous_commit=$sync" "$PGBIN/pgbench" -n -M prepared -h 127.0.0.1 \
  -p "$PG_PORT" -U postgres -c "$concurrency" -j 2 -t "$per_client" -D balances="$balances" -D hot="$hot" \
  -l --log-prefix=tx -f "$script" "$DB" 2>&1) || { echo "$out" >&2; die "pgbench failed"; }
echo "$out" | grep -E "^(tps|latency|number of (transactions|failed))" >&2 || true

tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
failed=$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' | head -1)
# Per-transaction log: client_id transaction_no time_us script_no epoch epoch_us; nearest-rank percentiles.
read -r p50 p99 max n < <(cat "$logdir"/tx.* | awk '{print $3}' | sort -n | awk '
  { v[NR] = $1 }
  END { r50 = int((NR * 50 + 99) / 100); r99 = int((NR * 99 + 99) / 100);
        printf "%.1f %.1f %.1f %d\n", v[r50] / 1000, v[r99] / 1000, v[NR] / 1000, NR }')

# Invariants: money is conserved and every balance equals its funding plus its entries.
conserved=$("${PSQL[@]}" -d "$DB" -tAc "select sum(balance) = $FUNDING::numeric * $balances from bl_balance")
mismatched=$("${PSQL[@]}" -d "$DB" -tAc "select count(*) from bl_balance b left join
  (select balance_id, sum(amount) s from bl_entry group by balance_id) e on e.balance_id = b.id
  where b.balance <> $FUNDING + coalesce(e.s, 0)")
entries=$("${PSQL[@]}" -d "$DB" -tAc "select count(*) from bl_entry")

echo "BASELINE commit=$commit style=$style transfers=$n entries=$entries failed=${failed:-0} tps=$tps latency_p50_ms=$p50 latency_p99_ms=$p99 latency_max_ms=$max concurrency=$concurrency balances=$balances hot_percent=$hot conserved=$conserved mismatched_balances=$mismatched"
[ "$conserved" = t ] && [ "$mismatched" = 0 ] && [ "$n" = "$total" ] && [ "${failed:-0}" = 0 ]
