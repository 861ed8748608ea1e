#!/usr/bin/env bash
# Grows the running stack's ledger through the API, as clients would: rounds of dev/bench.sh sending non-atomic
# POST /transactions/bulk requests (--bulk-size transfers each, 8 in flight) between --balances new balances per
# round, until the projection holds at least --entries balance entries (each transfer adds two: a debit and a
# credit; each new balance adds its funding). Every transfer goes through the gateway, the processor (its state
# stores grow with them) and the projection (its transactions and balance_entries tables grow with them), so the
# grown ledger is one the write path really built, unlike dev/verify-scale.sh's, which writes around it.
# Then waits for the projection to catch up and prints what the ledger holds (entries, transactions, disk).
#
#   dev/grow-ledger.sh                                   # to 10,000,000 entries, rounds of 500,000 transfers
#   dev/grow-ledger.sh --entries 1000000 --round 100000 --bulk-size 1000 --balances 10000
#
# Needs about 9 GB of disk per million transfers (measured: 41 GB for 4.9 million: Kafka, PostgreSQL, processor state). Takes as long as the stack's bulk rate
# allows (about 2,000 transfers/s on two cores: 40 minutes for 10 million entries).
set -euo pipefail

ENTRIES=10000000
ROUND=500000
BULK_SIZE=1000
BALANCES=10000
while [ $# -gt 0 ]; do
  case $1 in
    --entries) ENTRIES=$2; shift 2 ;;
    --round) ROUND=$2; shift 2 ;;
    --bulk-size) BULK_SIZE=$2; shift 2 ;;
    --balances) BALANCES=$2; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$ENTRIES" "$ROUND" "$BULK_SIZE" "$BALANCES"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "counts must be positive whole numbers" >&2; exit 2; }
done
((BULK_SIZE <= 10000)) || { echo "--bulk-size is at most 10000 (the gateway's limit)" >&2; exit 2; }

# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

for service in "${SERVICES[@]}"; do
  alive_pid "$service" >/dev/null || die "$service is not running: start the stack with dev/up.sh first"
done
PGBIN=$(pg_bin) || die "PostgreSQL binaries not found"
PSQL=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -tA)

OUT=$RUN/grow-ledger/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
# Sets $have once the projection's entry count stopped moving for 5 s.
settled() {
  local before=-1
  have=$(projected_entries)
  while [ "$have" != "$before" ]; do
    before=$have
    sleep 5
    have=$(projected_entries)
  done
}

t0=$(now_ms)
settled
log "the projection holds $have entries; growing to $ENTRIES in rounds of at most $ROUND transfers (log: $OUT)"
round=0
while ((have < ENTRIES)); do
  round=$((round + 1))
  # Two entries per transfer; the round's funding adds one per balance, which only overshoots a little.
  transfers=$(((ENTRIES - have + 1) / 2))
  ((transfers <= ROUND)) || transfers=$ROUND
  ((transfers >= BULK_SIZE)) || transfers=$BULK_SIZE
  log "round $round: $transfers transfers in requests of $BULK_SIZE between $BALANCES new balances"
  # The time limit covers the slowest rate seen here (1,000 transfers/s) twice over.
  LEDGERLINE_BENCH_BUILT=${LEDGERLINE_BENCH_BUILT:-0} "$REPO/dev/bench.sh" --transfers "$transfers" \
    --bulk-size "$BULK_SIZE" --concurrency 8 --balances "$BALANCES" --readable-samples 0 \
    --timeout-s $((transfers / 500 + 120)) >"$OUT/round-$round.txt" 2>&1 ||
    { tail -n 20 "$OUT/round-$round.txt" >&2; die "round $round failed (see $OUT/round-$round.txt)"; }
  export LEDGERLINE_BENCH_BUILT=1
  grep '^BENCH ' "$OUT/round-$round.txt" | head -1 >&2 || true
  # The driver waits for the processor's final records; the projection may still be writing the round. Let it finish
  # before the next round, whose set-up would otherwise meet the gateway's backpressure on the projection's lag.
  settled
  log "round $round done: the projection holds $have entries ($(since "$t0") so far)"
done
transactions=$("${PSQL[@]}" -c "select count(*) from transactions")
mb() { du -sm "$1" 2>/dev/null | cut -f1 || echo "?"; }
pg_mb=$("${PSQL[@]}" -c "select pg_database_size('$PG_DB') / 1048576")
echo "GROWN entries=$have transactions=$transactions kafka_mb=$(mb "$KAFKA_DIR/data") postgres_mb=$pg_mb" \
  "processor_state_mb=$(mb "$STATE_DIR") rounds=$round seconds=$((($(now_ms) - t0) / 1000))"
