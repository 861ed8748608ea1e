#!/usr/bin/env bash
# The crash matrix (docs/chaos.md): under a bounded transfer load, kills each component with SIGKILL, restarts it,
# and at quiescence checks that no acknowledged transfer was lost or applied twice.
#
#   dev/chaos.sh                          3 cycles of each component (the full matrix, about 15 minutes on 2 cores)
#   dev/chaos.sh --cycles 1 --one-load    the short version (the test run's ChaosMatrixIT)
#   dev/chaos.sh --components "broker postgres" --cycles 2 --rate 30
#
# Options: --cycles N (3), --components "LIST" (gateway processor projection broker postgres processor-2),
#   --rate R transfers/s (20), --settle S seconds of load before each kill and after each recovery (10),
#   --downtime S seconds a killed component stays dead (3), --wait S limit for quiescence per segment (300),
#   --keep-up (leave the stack running afterwards; by default dev/down.sh stops it, also on failure),
#   --one-load (one load and one audit across all components, row "all": faster, but not per component).
# One segment per component: a fresh load (ledger, balances in USD and EUR) starts, the component is killed and
# restarted N times with the load running, the load stops, and ChaosCheck waits for quiescence and audits the
# segment (every acknowledged transfer exactly one outcome, the predicted one; one DEBIT and one CREDIT per applied
# transfer in ledger.entries and in PostgreSQL; balances equal their entries and sum to zero per currency). After
# the last segment: dev/verify.sh (hash chains, seals, projection vs log) and dev/replay.sh (projection = replay).
# "processor" kills the only processor; "processor-2" starts a second one first and kills it (one of two); any
# processor segment after that one runs with both. Stack ports and home: dev/lib.sh's LEDGERLINE_* variables.
# Results under $LEDGERLINE_HOME/chaos/<UTC time>/ (report.txt, cycles.tsv, per segment load and check logs).
# Exit 0 only when every segment and both final checks pass.
set -euo pipefail

CYCLES=3
COMPONENTS="gateway processor projection broker postgres processor-2"
RATE=20
SETTLE=10
DOWNTIME=3
WAIT=300
KEEP_UP=0
ONE_LOAD=0
while [ $# -gt 0 ]; do
  case $1 in
    --cycles) CYCLES=$2; shift 2 ;;
    --components) COMPONENTS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --settle) SETTLE=$2; shift 2 ;;
    --downtime) DOWNTIME=$2; shift 2 ;;
    --wait) WAIT=$2; shift 2 ;;
    --keep-up) KEEP_UP=1; shift ;;
    --one-load) ONE_LOAD=1; shift ;;
    -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ $CYCLES =~ ^[1-9][0-9]*$ ]] || { echo "--cycles must be a positive number" >&2; exit 2; }
for c in $COMPONENTS; do
  case $c in
    gateway | processor | projection | broker | postgres | processor-2) ;;
    *) echo "unknown component: $c (gateway processor projection broker postgres processor-2)" >&2; exit 2 ;;
  esac
done

# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

OUT=$RUN/chaos/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
REPORT=$OUT/report.txt
CYCLE_LOG=$OUT/cycles.tsv
printf 'component\tcycle\tpid\trecovered_s\tcollateral\n' >"$CYCLE_LOG"
export LEDGERLINE_PROCESSORS=1
LOAD_PID=""
FAILED=0

say() { log "$*"; printf '%s\n' "$*" >>"$REPORT"; }

# ---------------------------------------------------------------- the Java side (benchmarks module)
chaos_classpath() {
  if [ -n "${LEDGERLINE_CHAOS_CLASSPATH:-}" ]; then echo "$LEDGERLINE_CHAOS_CLASSPATH"; return; fi
  if [ ! -f "$REPO/benchmarks/target/classpath.txt" ] || [ ! -d "$REPO/benchmarks/target/classes/dev/ledgerline/bench/chaos" ]; then
    log "building benchmarks (./mvnw -q -B -pl benchmarks -am -DskipTests package)"
    "$MVNW" -q -B -ntp -pl benchmarks -am -DskipTests package </dev/null >&2 || die "build of benchmarks failed"
  fi
  echo "$REPO/benchmarks/target/classes:$(cat "$REPO/benchmarks/target/classpath.txt")"
}

# ---------------------------------------------------------------- the stack
stack_up() { "$REPO/dev/up.sh" >>"$OUT/stack.log" 2>&1; }

all_healthy() {
  local m
  alive_pid kafka >/dev/null && pg_running || return 1
  for m in "${SERVICES[@]}"; do
    [ "$(http_code "http://127.0.0.1:$(service_port "$m")/health")" = 200 ] || return 1
  done
}

# Components (by dev/lib.sh name) that are not running, other than $1.
dead_besides() {
  local except=$1 dead=() m
  [ "$except" = kafka ] || alive_pid kafka >/dev/null || dead+=(kafka)
  [ "$except" = postgres ] || pg_running || dead+=(postgres)
  for m in "${SERVICES[@]}"; do
    [ "$m" = "$except" ] || alive_pid "$m" >/dev/null || dead+=("$m")
  done
  echo "${dead[*]-}"
}

stack_name() {
  case $1 in
    gateway) echo api-gateway ;;
    processor) echo ledger-processor ;;
    processor-2) echo ledger-processor-2 ;;
    projection) echo projection-service ;;
    broker) echo kafka ;;
    postgres) echo postgres ;;
  esac
}

# SIGKILL, as a crash would: no shutdown hook, no flush, no goodbye to the group. PostgreSQL: the postmaster and
# its backends at once (a machine-level crash; a lone dead postmaster would leave backends holding its memory).
kill_component() {
  local name=$1 pid children
  if [ "$name" = postgres ]; then
    pid=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 1
    children=$(ps -o pid= --ppid "$pid" | tr '\n' ' ')
    # shellcheck disable=SC2086  # a list of PIDs
    kill -KILL "$pid" $children
  else
    pid=$(alive_pid "$name") || return 1
    kill -KILL "$pid"
  fi
  echo "$pid"
}

# Restarts whatever is missing (dev/up.sh is idempotent) and waits until every component answers /health 200.
recover() {
  local deadline=$(($(date +%s) + ${LEDGERLINE_HEALTH_TIMEOUT:-180})) attempt
  for attempt in 1 2 3; do
    stack_up && break
    log "dev/up.sh failed (attempt $attempt); see $OUT/stack.log"
    [ "$attempt" -lt 3 ] || return 1
    sleep 3
  done
  until all_healthy; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

# ---------------------------------------------------------------- the load
start_load() {
  local dir=$1
  mkdir -p "$dir"
  local key=()
  [ "${BLNK_SERVER_SECURE:-false}" = true ] && key=(--api-key "${BLNK_SERVER_SECRET_KEY:-}")
  # Bound: every cycle could take a health timeout; the load stops by itself at the latest then.
  local bound=$(((CYCLES + 1) * (${LEDGERLINE_HEALTH_TIMEOUT:-180} + DOWNTIME + 2 * SETTLE) + 120))
  "$JAVA" -Xmx256m -cp "$CP" dev.ledgerline.bench.chaos.ChaosLoad --gateway "http://127.0.0.1:$GATEWAY_PORT" \
    --out-dir "$dir" --stop-file "$dir/stop" --rate "$RATE" --max-seconds "$bound" "${key[@]}" \
    </dev/null >"$dir/load.log" 2>&1 &
  LOAD_PID=$!
  local i
  for ((i = 0; i < 1200; i++)); do
    [ -f "$dir/run.properties" ] && return 0
    kill -0 "$LOAD_PID" 2>/dev/null || { cat "$dir/load.log" >&2; die "the load driver failed during setup"; }
    sleep 0.1
  done
  die "the load driver did not finish its setup within 120 s; see $dir/load.log"
}

stop_load() {
  local dir=$1 i
  touch "$dir/stop"
  for ((i = 0; i < 600; i++)); do
    kill -0 "$LOAD_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$LOAD_PID" 2>/dev/null; then
    log "the load driver did not stop within 60 s: SIGKILL (pid $LOAD_PID)"
    kill -KILL "$LOAD_PID" 2>/dev/null || true
  fi
  wait "$LOAD_PID" 2>/dev/null || true
  LOAD_PID=""
  grep '^CHAOSLOAD' "$dir/load.log" || log "no summary from the load driver; see $dir/load.log"
}

check_segment() {
  local dir=$1
  "$JAVA" -Xmx384m -cp "$CP" dev.ledgerline.bench.chaos.ChaosCheck --bootstrap "127.0.0.1:$KAFKA_PORT" \
    --jdbc-url "jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB?user=postgres" --run-dir "$dir" --wait-s "$WAIT" \
    </dev/null >"$dir/check.log" 2>&1
}

# key=value from the CHAOSCHECK line of a check log (0 when absent).
check_value() { sed -n "s/^CHAOSCHECK.* $2=\([^ ]*\).*/\1/p" "$1" | head -1 | grep . || echo "?"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$LOAD_PID" ] && kill -0 "$LOAD_PID" 2>/dev/null; then kill -KILL "$LOAD_PID" 2>/dev/null || true; fi
  if [ "$KEEP_UP" -eq 0 ]; then
    log "stopping the stack (dev/down.sh; --keep-up leaves it running)"
    "$REPO/dev/down.sh" >>"$OUT/stack.log" 2>&1 || log "dev/down.sh failed; see $OUT/stack.log"
  fi
  log "results: $OUT"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- the matrix
CP=$(chaos_classpath)
say "crash matrix $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'),"
say "  cycles $CYCLES, components: $COMPONENTS; rate $RATE/s, settle ${SETTLE}s, downtime ${DOWNTIME}s; home $RUN"
log "starting the stack (dev/up.sh; log: $OUT/stack.log)"
stack_up || { tail -n 30 "$OUT/stack.log" >&2; die "dev/up.sh failed"; }
export LEDGERLINE_SKIP_BUILD=1   # the jars stay as they are for the whole matrix

# Kills one component $CYCLES times with the load running, restarting it each time; appends to RECOVERED and
# COLLATERAL. "processor-2" first starts the second processor (one of two from then on).
crash_cycles() {
  local component=$1 name cycle t0 pid collateral secs
  name=$(stack_name "$component")
  if [ "$component" = processor-2 ] && [ "$LEDGERLINE_PROCESSORS" -lt 2 ]; then
    log "starting a second processor (LEDGERLINE_PROCESSORS=2)"
    export LEDGERLINE_PROCESSORS=2
    # shellcheck source=dev/lib.sh
    . "$REPO/dev/lib.sh"   # SERVICES now lists ledger-processor-2
    recover || die "the second processor did not start; see $OUT/stack.log"
    sleep "$SETTLE"
  fi
  for ((cycle = 1; cycle <= CYCLES; cycle++)); do
    t0=$(now_ms)
    pid=$(kill_component "$name") || die "$name is not running before cycle $cycle"
    sleep "$DOWNTIME"
    collateral=$(dead_besides "$name")
    [ -z "$collateral" ] || log "WARN: after killing $name, also down: $collateral"
    recover || { tail -n 30 "$OUT/stack.log" >&2; die "the stack did not recover after killing $name (cycle $cycle)"; }
    secs=$(awk -v ms=$(($(now_ms) - t0)) 'BEGIN { printf "%.1f", ms / 1000 }')
    RECOVERED+=("$secs")
    COLLATERAL+="${collateral:+$collateral;}"
    printf '%s\t%d\t%s\t%s\t%s\n' "$component" "$cycle" "$pid" "$secs" "${collateral:--}" >>"$CYCLE_LOG"
    log "  $component cycle $cycle: killed $name (pid $pid), all healthy again ${secs}s after the kill"
    sleep "$SETTLE"
  done
}

# One load, the crash cycles of the given components, then the audit at quiescence; adds a row to ROWS.
run_segment() {
  local label=$1 seg=$OUT/$1 component verdict
  shift
  RECOVERED=()
  COLLATERAL=""
  log "segment $label: load at $RATE/s, $CYCLES cycle(s) of kill -9 + restart of: $*"
  start_load "$seg"
  sleep "$SETTLE"
  for component in "$@"; do crash_cycles "$component"; done
  stop_load "$seg"
  log "segment $label: load stopped; waiting for quiescence and auditing (log: $seg/check.log)"
  if check_segment "$seg"; then verdict=PASS; else verdict=FAIL; FAILED=1; fi
  grep -E '^(quiescence|acknowledged|lost|  VIOLATION|  \.\.\.)' "$seg/check.log" >&2 || true
  ROWS+=("$(printf '%-12s %6s %8s %7s/%-7s %7s %8s %4s %10s  %-16s %-12s %s' "$label" "$CYCLES" \
    "$(check_value "$seg/check.log" acknowledged)" "$(check_value "$seg/check.log" unanswered)" \
    "$(check_value "$seg/check.log" unanswered_landed)" "$(check_value "$seg/check.log" applied)" \
    "$(check_value "$seg/check.log" rejected)" "$(check_value "$seg/check.log" lost)" \
    "$(check_value "$seg/check.log" duplicated)/$(check_value "$seg/check.log" applied_twice)" \
    "$(IFS=/; echo "${RECOVERED[*]}")" "${COLLATERAL:--}" "$verdict")")
}

ROWS=()
if [ "$ONE_LOAD" -eq 1 ]; then
  # shellcheck disable=SC2086  # a list of components
  run_segment all $COMPONENTS
else
  for component in $COMPONENTS; do run_segment "$component" "$component"; done
fi

log "final checks: dev/verify.sh (chains, seals, projection vs log) and dev/replay.sh (projection = replay)"
if "$REPO/dev/verify.sh" >"$OUT/verify.json" 2>"$OUT/verify.log"; then verify=PASS; else verify="FAIL (exit $?)"; FAILED=1; fi
if "$REPO/dev/replay.sh" >"$OUT/replay.log" 2>&1; then replay=PASS; else replay="FAIL (exit $?)"; FAILED=1; fi

say ""
say "$(printf '%-12s %6s %8s %15s %7s %8s %4s %10s  %-16s %-12s %s' component cycles acked unanswered/landed applied \
  rejected lost dup/twice recovered_s collateral verdict)"
for row in "${ROWS[@]}"; do say "$row"; done
say "verify.sh: $verify   replay.sh: $replay   ($(grep -o '"entries_checked" *: *[0-9]*' "$OUT/verify.json" | head -1))"
if [ "$FAILED" -eq 0 ]; then say "CRASH MATRIX PASSED"; else say "CRASH MATRIX FAILED (details: $OUT)"; fi
exit "$FAILED"
