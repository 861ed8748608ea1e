#!/usr/bin/env bash
# Verification at scale (docs/benchmarks.md, "Verification at scale"): grows the local stack's ledger by --entries
# correct, chained and sealed entries written straight into Kafka and PostgreSQL (ScaleLedgerLoader: far faster than
# the API), then times both verifiers on it with the services' default heap: dev/verify.sh --full (its peak heap
# from the JVM) and GET /integrity/verify?full=true on projection-service (its heap sampled every second with jstat).
# Then it adds --more entries and runs both again from the checkpoint the full runs left, which must read only the
# new ones.
#
#   dev/verify-scale.sh                                  # 10,000,000 entries over 10,000 balances, then 100,000 more
#   dev/verify-scale.sh --entries 1000000 --more 20000 --balances 2000 --seal-every 1000
#   dev/verify-scale.sh --entries 0                      # no load: time both verifiers again on the ledger as it is
#   dev/verify-scale.sh --entries 0 --skip-full          # only the incremental part
#
# USE A THROWAWAY STACK (rm -rf .run; dev/up.sh): the loader stops the processor and the projection while it writes,
# and the processor's own record of each partition's last seal does not know the loader's seals, so once the
# processor seals again (after any new transfer) the seal chains no longer verify. Needs about 1 GB of disk per
# million entries (Kafka and PostgreSQL). Prints one SCALE line per run; exit 0 when every run is valid.
set -euo pipefail

ENTRIES=10000000
MORE=100000
BALANCES=10000
SEAL_EVERY=1000
SKIP_FULL=0
while [ $# -gt 0 ]; do
  case $1 in
    --entries) ENTRIES=$2; shift 2 ;;
    --more) MORE=$2; shift 2 ;;
    --balances) BALANCES=$2; shift 2 ;;
    --seal-every) SEAL_EVERY=$2; shift 2 ;;
    --skip-full) SKIP_FULL=1; shift ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
for n in "$ENTRIES" "$MORE" "$BALANCES" "$SEAL_EVERY"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "counts must be whole numbers" >&2; exit 2; }
done

# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

for service in ledger-processor projection-service; do
  alive_pid "$service" >/dev/null || die "$service is not running: start the stack with dev/up.sh first"
done
JSTAT=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jstat
[ -x "$JSTAT" ] || die "jstat not found next to $JAVA"

if [ ! -f "$REPO/benchmarks/target/classpath.txt" ] || [ ! -d "$REPO/benchmarks/target/classes/dev/ledgerline/bench/scale" ]; then
  log "building benchmarks (./mvnw -q -B -pl benchmarks -am -DskipTests package)"
  "$MVNW" -q -B -ntp -pl benchmarks -am -DskipTests package </dev/null >&2 || die "build of benchmarks failed"
fi
CP="$REPO/benchmarks/target/classes:$(cat "$REPO/benchmarks/target/classpath.txt")"
OUT=$RUN/verify-scale/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
FAILED=0
LOADS=0

# Stops the processor and the projection, writes $1 entries, starts them again.
load() {
  local entries=$1 pid t0
  LOADS=$((LOADS + 1))
  for service in ledger-processor projection-service; do
    pid=$(alive_pid "$service") && stop_pid "$service" 30 "$pid"
  done
  t0=$(now_ms)
  log "loading $entries entries over $BALANCES balances (log: $OUT/load-$LOADS.log)"
  "$JAVA" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$CP" dev.ledgerline.bench.scale.ScaleLedgerLoader --bootstrap "127.0.0.1:$KAFKA_PORT" \
    --jdbc-url "jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB?user=postgres" --entries "$entries" \
    --balances "$BALANCES" --seal-every "$SEAL_EVERY" --seed "$LOADS" </dev/null | tee "$OUT/load-$LOADS.log" >&2 \
    || { "$REPO/dev/up.sh" >>"$OUT/stack.log" 2>&1; die "the load failed; see $OUT/load-$LOADS.log"; }
  log "loaded in $(since "$t0"); restarting the services"
  "$REPO/dev/up.sh" >>"$OUT/stack.log" 2>&1 || die "dev/up.sh failed; see $OUT/stack.log"
}

# dev/verify.sh [--full]: prints a SCALE line with its time and peak heap.
verify_command() {
  local label=$1; shift
  local t0 rc=0
  t0=$(now_ms)
  "$REPO/dev/verify.sh" "$@" >"$OUT/$label.json" 2>"$OUT/$label.err" || rc=$?
  printf 'SCALE run=%s rc=%s wall=%s %s report=%s\n' "$label" "$rc" "$(since "$t0")" \
    "$(grep -o 'max heap.*' "$OUT/$label.err" | tr ' ' '_')" "$(tr -d ' \n' <"$OUT/$label.json" | cut -c1-200)"
  [ "$rc" = 0 ] || FAILED=1
}

# GET /integrity/verify on projection-service, its heap sampled every second with jstat: the most used at once
# (survivors + eden + old) and the old generation's peak.
verify_service() {
  local label=$1 query=$2 pid t0 sampler code
  pid=$(alive_pid projection-service)
  "$JSTAT" -gc "$pid" 1000 >"$OUT/$label.jstat" 2>/dev/null &
  sampler=$!
  t0=$(now_ms)
  code=$(curl -s -m 7200 -o "$OUT/$label.json" -w '%{http_code}' "http://127.0.0.1:$PROJECTION_PORT/integrity/verify$query" || true)
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  local peak
  peak=$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ { used = $3 + $4 + $6 + $8; if (used > max) max = used; if ($8 > old) old = $8 }
    END { printf "sampled_peak_heap_MB=%.0f sampled_peak_old_MB=%.0f", max / 1024, old / 1024 }' "$OUT/$label.jstat")
  printf 'SCALE run=%s http=%s wall=%s %s report=%s\n' "$label" "$code" "$(since "$t0")" "$peak" \
    "$(tr -d ' \n' <"$OUT/$label.json" | cut -c1-200)"
  [ "$code" = 200 ] && grep -q '"valid":true' "$OUT/$label.json" || FAILED=1
}

[ "$ENTRIES" -gt 0 ] && load "$ENTRIES"
if [ "$SKIP_FULL" = 0 ]; then
  verify_command command-full --full
  verify_service service-full '?full=true'
fi
if [ "$MORE" -gt 0 ]; then
  load "$MORE"
  verify_command command-incremental
  load "$MORE"
  verify_service service-incremental ''
fi
log "results in $OUT"
exit $FAILED
