#!/usr/bin/env bash
# Two settings of one service measured on ONE running stack (dev/up.sh), in interleaved rounds, because this
# machine's run-to-run spread (up to 2x between runs minutes apart) hides effects that two stacks measured one after
# the other would claim. Each round restarts only --service with setting A, then with B (the order alternates per
# round), warms the restarted JVM with --warmup transfers and measures --transfers with dev/bench.sh. Prints one line
# per run and the mean readable/s of each side; compare the rounds, not just the means.
#   dev/bench-ab.sh --service api-gateway --a "LEDGERLINE_GATEWAY_COALESCE_COMMANDS=true" \
#                   --b "LEDGERLINE_GATEWAY_COALESCE_COMMANDS=false" [--rounds 4] [--warmup 5000]
#                   [--transfers 10000] [--concurrency 64] [--hot-percent 0] [--bulk-size 1]
# --bulk-size N > 1 sends warm-up and measured transfers as POST /transactions/bulk requests of N items (use a
# --concurrency of about 8 then).
# Settings are environment assignments (several separated by spaces) that the service reads at start; a new one
# begins at each word of the form NAME=, so a value may hold spaces ("JAVA_TOOL_OPTIONS=-Xmx1g -XX:+UseSerialGC"). The service is
# left running with the setting of the last run; stop it and run dev/up.sh again to restore the defaults.
# Two builds instead of two settings: --a-jar and --b-jar name copies of the service's -exec.jar (e.g. one built
# before a change, one after); each side's jar is copied over the service's own before it restarts, and the last
# side's jar stays there (rebuild to restore).
#   dev/bench-ab.sh --service projection-service --a-jar /tmp/before.jar --b-jar /tmp/after.jar --rounds 2
# With --rate R the measured run is an open loop instead: --transfers single POSTs leave at R per second whatever the
# answers (latencies count from each request's scheduled time), and each line adds send->final and send->readable
# p50/p99 in ms.
# --bench-args "..." passes more dev/bench.sh options to the warm-up and the measured run (e.g. "--balances 1000
# --readable-samples 0 --timeout-s 400"). Before each measured run the script waits (up to 4 min) until the gateway
# accepts writes again, since a run must not start against a gate a previous run closed. With --readable-samples 0
# (nothing probed through the gateway) each line shows decided/s (final records) and the wait from 201 to the final
# record instead. A bulk burst of two gateway builds, as in docs/benchmarks.md:
#   dev/bench-ab.sh --service api-gateway --a-jar old.jar --b-jar new.jar --rounds 2 --warmup 20000 \
#     --transfers 500000 --concurrency 8 --bulk-size 1000 --bench-args "--balances 1000 --readable-samples 0 --timeout-s 400"
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

service="" a="" b="" a_jar="" b_jar="" rounds=4 warmup=5000 transfers=10000 concurrency=64 hot=0 rate=0 bulk=1
bench_args=
while [ $# -gt 0 ]; do
  case $1 in
    --service) service=$2; shift 2 ;;
    --a) a=$2; shift 2 ;;
    --b) b=$2; shift 2 ;;
    --a-jar) a_jar=$2; shift 2 ;;
    --b-jar) b_jar=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --transfers) transfers=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --hot-percent) hot=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --bulk-size) bulk=$2; shift 2 ;;
    --bench-args) bench_args=$2; shift 2 ;;
    *) die "unknown option $1 (see the header of $0)" ;;
  esac
done
case $service in
  api-gateway | ledger-processor | projection-service) ;;
  *) die "--service must be api-gateway, ledger-processor or projection-service" ;;
esac
if [ -n "$a_jar$b_jar" ]; then
  [ -f "$a_jar" ] && [ -f "$b_jar" ] || die "--a-jar and --b-jar must both name existing jars"
else
  [ -n "$a" ] && [ -n "$b" ] || die "--a and --b name the two settings (environment assignments)"
fi
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number"
[[ $rate =~ ^[0-9]+$ ]] || die "--rate must be a number of transfers per second"
[[ $bulk =~ ^[1-9][0-9]*$ ]] || die "--bulk-size must be a positive number"
[ "$bulk" = 1 ] || [ "$rate" = 0 ] || die "--bulk-size and --rate do not go together"
measured=(--transfers "$transfers" --concurrency "$concurrency")
# In an open loop the in-flight cap sits far above what the rate needs, so the schedule sets the pace.
# As in dev/bench-compare.sh, 5 s at the rate go first and are not measured.
[ "$rate" = 0 ] || measured=(--transfers "$transfers" --rate "$rate" --warmup-s 5 --concurrency $((rate * 5))
  --timeout-s $((transfers / rate * 4 + 60)))
alive_pid "$service" >/dev/null || die "$service is not running (dev/up.sh first)"

OUT=$RUN/bench-ab/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

# Splits $1 into environment assignments (into the array settings): a word that starts with NAME= begins one, any
# other word belongs to the value before it (so JVM options with spaces stay in one JAVA_TOOL_OPTIONS).
assignments() {
  local word words
  settings=()
  read -r -a words <<<"$1"
  for word in "${words[@]}"; do
    if [[ $word =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || [ ${#settings[@]} -eq 0 ]; then
      settings+=("$word")
    else
      settings[-1]+=" $word"
    fi
  done
}

# Restarts $service with the environment assignments in $1 and, when $2 names one, that jar (the rest of the stack
# keeps running).
restart_with() {
  local pid
  pid=$(alive_pid "$service") && stop_pid "$service" 30 "$pid" && { [ "$STOP_KILLED" = 1 ] || cds_keep "$service"; }
  [ -z "${2:-}" ] || cp "$2" "$(service_jar "$service")"
  assignments "$1"
  env "${settings[@]}" "$REPO/dev/up.sh" >>"$OUT/up.log" 2>&1 || die "$service did not restart with $1 ($OUT/up.log)"
}

# Prints the field $2 (default readable_per_s) of the BENCH line of a dev/bench.sh output file.
readable_of() { grep '^BENCH ' "$1" | tr ' ' '\n' | sed -n "s/^${2:-readable_per_s}=//p"; }

# Waits until the gateway's log no longer ends in "backpressure on" (at most 4 min), then 5 s more.
gate_open() {
  local last i
  for ((i = 0; i < 120; i++)); do
    last=$(grep -o 'backpressure o[nf]*' "$RUN/logs/api-gateway.log" 2>/dev/null | tail -1 || true)
    [ "$last" = "backpressure on" ] || break
    sleep 2
  done
  sleep 5
}

read -r -a extra <<<"$bench_args"

declare -A sum=([A]=0 [B]=0)
for ((round = 1; round <= rounds; round++)); do
  order="A B"
  ((round % 2 == 0)) && order="B A"
  for side in $order; do
    setting=$a jar=$a_jar
    [ "$side" = B ] && setting=$b jar=$b_jar
    restart_with "$setting" "$jar"
    "$REPO/dev/bench.sh" --transfers "$warmup" --concurrency "$concurrency" --hot-percent "$hot" --bulk-size "$bulk" \
      "${extra[@]}" >"$OUT/warmup-$round-$side.txt" 2>&1
    gate_open
    "$REPO/dev/bench.sh" "${measured[@]}" --hot-percent "$hot" --bulk-size "$bulk" "${extra[@]}" \
      >"$OUT/run-$round-$side.txt" 2>&1 || true
    readable=$(readable_of "$OUT/run-$round-$side.txt")
    [ -n "$readable" ] || die "round $round side $side produced no BENCH line ($OUT/run-$round-$side.txt)"
    if [ "$readable" = n/a ] && [ "$(readable_of "$OUT/run-$round-$side.txt" readable_samples)" != 0 ]; then
      die "round $round side $side: not every transfer became readable in time ($OUT/run-$round-$side.txt)"
    fi
    if [ "$readable" = n/a ]; then # nothing probed through the gateway: decided/s and the wait from 201 to decision
      readable=$(readable_of "$OUT/run-$round-$side.txt" applied_per_s)
      f=$OUT/run-$round-$side.txt
      echo "round $round  $side ($setting${jar:+ $jar}): decided/s $readable, accepted/s $(readable_of "$f" accepted_per_s), 201->final p50/p90/p99/max $(readable_of "$f" applied_p50_ms)/$(readable_of "$f" applied_p90_ms)/$(readable_of "$f" applied_p99_ms)/$(readable_of "$f" applied_max_ms) ms, 503s sent again $(readable_of "$f" backpressure_retries), undecided $(readable_of "$f" missing)"
      sum[$side]=$(awk -v s="${sum[$side]}" -v r="$readable" 'BEGIN { print s + r }')
      continue
    fi
    sum[$side]=$(awk -v s="${sum[$side]}" -v r="$readable" 'BEGIN { print s + r }')
    latency=""
    [ "$rate" = 0 ] || latency=" send->final p50/p99 $(readable_of "$OUT/run-$round-$side.txt" send_applied_p50_ms)/$(
      readable_of "$OUT/run-$round-$side.txt" send_applied_p99_ms) ms, send->readable p50/p99 $(
      readable_of "$OUT/run-$round-$side.txt" send_readable_p50_ms)/$(
      readable_of "$OUT/run-$round-$side.txt" send_readable_p99_ms) ms"
    echo "round $round  $side ($setting${jar:+ $jar}): readable/s $readable$latency  $(grep '^BENCHCPU' "$OUT/run-$round-$side.txt" | cut -d' ' -f3-8)"
  done
done
awk -v a="${sum[A]}" -v b="${sum[B]}" -v n="$rounds" \
  'BEGIN { printf "mean readable/s (decided/s when not probed)  A %.1f  B %.1f  (B/A %.2f over %d rounds)\n", a / n, b / n, b / a, n }'
log "outputs in $OUT"
