#!/usr/bin/env bash
# Ledgerline against the PostgreSQL row-lock baseline, side by side, on the stack that dev/up.sh started:
# for each workload (a hot share: 0 = uniform, 80 = 80 % of transfers debit one balance), dev/bench.sh runs
# --runs times, and on while a run is more than --settle percent (default 10) faster than the one before or the JVMs'
# JIT compilers took more than --jit-settle percent (default 15) of their CPU in it, up to --max-runs (the JIT warms
# up over the first runs, for longer than five on two cores; the last run is reported), then dev/bench-baseline.sh runs
# the same transfers three ways: client statements with a durable commit, one PL/pgSQL call per transfer with a
# durable commit, and that call with an asynchronous commit. Prints a Markdown table with the ratios, and last a
# table that judges the run against each floor of the write-path target (met, missed, or not measured when its
# workload did not run; `FloorVerdicts` in benchmarks/ holds the rules). The growth floor compares two runs:
# --save-figures FILE keeps a run's figures (on an empty ledger), --grown-against FILE judges this run (on a ledger
# grown to 10 million entries with dev/grow-ledger.sh) against them.
# With --bulk "100 1000", each size also runs as POST /transactions/bulk (non-atomic, uniform sources,
# --bulk-transfers transfers, 8 requests in flight), compared with the uniform workload's PostgreSQL figures.
# With --open-loop "1000", each rate also runs as an open loop of single POSTs (requests leave at that fixed rate
# for --open-loop-s seconds whatever the answers, after 5 s at the rate that are not measured; latencies count from
# each request's scheduled time; the report has a line per second).
# With --sustained "100:3000", bulk requests of 100 items are offered at 3,000 transfers/s (open loop) for
# --sustained-s seconds (default 60), once: projection lag over the run, and whether it grows.
# "Applied" is readable through the gateway (GET /transactions/reference/<ref>_q answers 200): the driver finds the
# moment the last transfer became readable, and probes a sample of transfers for the projection's lag.
# With --warmup-transfers N (default 0), N transfers go through the stack unmeasured before any measured run: four
# fifths as single POSTs, a fifth as bulk requests of 1,000. On two cores the four JVMs' compilers take about a quarter
# of the machine for a fresh stack's first ~60,000 transfers, and the stopping rule above could end inside that window;
# a warm-up separates the two (docs/benchmarks.md, session 32: 150,000 did not raise the figures). The summary line
# says how many transfers warmed the stack.
#   dev/bench-compare.sh [--warmup-transfers 0] [--runs 5] [--max-runs 12] [--settle 10] [--jit-settle 15] [--hot "0 80"] [--transfers 10000] [--concurrency 64] [--balances 100]
#                        [--bulk "100 1000"] [--bulk-transfers 50000] [--open-loop "1000"] [--open-loop-s 30]
#                        [--sustained "100:3000"] [--sustained-s 60] [--save-figures FILE] [--grown-against FILE]
#                        [--label TEXT (names what runs, default: this checkout's commit)]
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

warmup_transfers=0 runs=5 max_runs=12 settle=10 jit_settle=15 hots="0 80" transfers=10000 concurrency=64 balances=100 label="" bulks="" bulk_transfers=50000
open_rates="" open_seconds=30 sustained="" sustained_seconds=60 save_figures="" grown_against=""
sustained_rows=()
while [ $# -gt 0 ]; do
  case $1 in
    --warmup-transfers) warmup_transfers=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --max-runs) max_runs=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --jit-settle) jit_settle=$2; shift 2 ;;
    --hot) hots=$2; shift 2 ;;
    --transfers) transfers=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --balances) balances=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --bulk) bulks=$2; shift 2 ;;
    --bulk-transfers) bulk_transfers=$2; shift 2 ;;
    --open-loop) open_rates=$2; shift 2 ;;
    --open-loop-s) open_seconds=$2; shift 2 ;;
    --sustained) sustained=$2; shift 2 ;;
    --sustained-s) sustained_seconds=$2; shift 2 ;;
    --save-figures) save_figures=$2; shift 2 ;;
    --grown-against) grown_against=$2; shift 2 ;;
    *) die "unknown option $1 (--warmup-transfers N --runs N --max-runs N --settle PERCENT --jit-settle PERCENT --hot \"0 80\" --transfers N --concurrency N --balances N --bulk \"100 1000\" --bulk-transfers N --open-loop \"1000\" --open-loop-s N --sustained \"100:3000\" --sustained-s N --save-figures FILE --grown-against FILE)" ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] && [[ $max_runs =~ ^[1-9][0-9]*$ ]] && ((max_runs >= runs)) ||
  die "--runs and --max-runs are positive numbers, --max-runs at least --runs"
[[ $settle =~ ^[0-9]+$ ]] || die "--settle is a whole percentage"
[[ $jit_settle =~ ^[0-9]+$ ]] || die "--jit-settle is a whole percentage (100 = ignore the JIT)"
[[ $warmup_transfers =~ ^[0-9]+$ ]] || die "--warmup-transfers is a whole number (0 = no warm-up)"
[ -z "$grown_against" ] || [ -r "$grown_against" ] || die "--grown-against: cannot read $grown_against"
log "building benchmarks (./mvnw -q -B -pl benchmarks -am -DskipTests package)"
"$MVNW" -q -B -ntp -pl benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime </dev/null >&2
export LEDGERLINE_BENCH_BUILT=1

common=(--transfers "$transfers" --concurrency "$concurrency" --balances "$balances")
# Value of key=value in a BENCH/BASELINE line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
# Sum of the values of ledger-processor=… and ledger-processor-N=… (every processor instance of LEDGERLINE_PROCESSORS).
processors_field() { grep -o ' ledger-processor\(-[0-9]*\)\?=[0-9.]*' <<<"$1" | awk -F= '{ s += $2 } END { printf "%.3f", s }'; }

rows=()
# name=value figures for the floors verdict at the end (FloorVerdicts); a figure a run did not report is left out.
floor_figures=()
figure() { [[ $2 =~ ^[0-9]+(\.[0-9]+)?$ ]] && floor_figures+=("$1=$2") || true; }
bulk_rows=()
cpu_rows=()
open_rows=()
# One row of the CPU table from the last run's BENCHCPU line (ms per transfer → CPU seconds per 1,000 transfers).
cpu_row() {
  local cpu; cpu=$(grep '^BENCHCPU ' "$report") || return 0
  cpu_rows+=("$(awk -v w="$1" -v g="$(field "$cpu" api-gateway)" -v p="$(processors_field "$cpu")" \
    -v j="$(field "$cpu" projection-service)" -v k="$(field "$cpu" kafka)" -v q="$(field "$cpu" postgres)" \
    -v d="$(field "$cpu" driver)" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", w, g, p, j, k, q, d, g + p + j + k + q }')")
}
uniform_stmts="" uniform_func=""
report=$(mktemp)
trap 'rm -f "$report"' EXIT
settled=()
# Sends --warmup-transfers through the stack, unmeasured (see the header): single POSTs in runs of at most 30,000
# (each run's BENCH line goes to stderr, so the warm-up can be watched), then bulk requests of 1,000 items.
warm_up() {
  local single=$((warmup_transfers * 4 / 5 / 1000 * 1000)) bulk=$((warmup_transfers / 5 / 1000 * 1000)) chunk
  while ((single > 0)); do
    chunk=$((single < 30000 ? single : 30000))
    log "warm-up: $chunk single POSTs ($single left), not measured"
    "$REPO/dev/bench.sh" --transfers "$chunk" --concurrency "$concurrency" --balances "$balances" >"$report" ||
      { cat "$report" >&2; die "warm-up run failed"; }
    grep '^BENCH ' "$report" >&2 || true
    single=$((single - chunk))
  done
  if ((bulk > 0)); then
    log "warm-up: $bulk transfers as bulk requests of 1,000, not measured"
    "$REPO/dev/bench.sh" --transfers "$bulk" --concurrency 8 --balances "$balances" --bulk-size 1000 --timeout-s 600 \
      >"$report" || { cat "$report" >&2; die "warm-up bulk run failed"; }
    grep '^BENCH ' "$report" >&2 || true
  fi
}
((warmup_transfers == 0)) || warm_up
# How big the ledger is before the measured runs add to it: the growth floor is about a ledger of 10 million entries.
figure ledger.entries "$(projected_entries 2>/dev/null || true)"
# Runs a Ledgerline workload (the dev/bench.sh command in "$@") at least --runs times and on while the last run was
# more than --settle percent faster (readable/s) than the one before, or its JIT share (dev/bench.sh's jit_share: the
# compiler threads' part of the JVMs' CPU) was above --jit-settle percent, at most --max-runs times: on two cores the
# JVMs are still compiling after five runs of 10,000 transfers (a fresh stack's fifth uniform run: 28 %, slower than
# its fourth, which ended the runs before this gate), and the last run is the one reported. Warm stacks stay at 7-15 %
# (C2 still compiles methods for the first time after hundreds of thousands of transfers: docs/benchmarks.md,
# session 35), so the gate is not lower. Sets $bench to the last run's BENCH line. The driver's report goes to stderr
# as it comes (not through /dev/stderr, which would reopen and truncate a redirected log file).
run_until_settled() {
  local name=$1 r=0 now previous="" jit=""
  shift
  bench=""
  while :; do
    r=$((r + 1))
    log "workload $name: Ledgerline run $r (at least $runs, at most $max_runs)"
    "$@" >"$report" || { cat "$report" >&2; die "Ledgerline run failed ($name)"; }
    cat "$report" >&2
    bench=$(grep '^BENCH ' "$report")
    now=$(field "$bench" readable_per_s)
    jit=$(field "$(grep '^BENCHCPU ' "$report" || true)" jit_share)
    ((r >= max_runs)) && break
    if ((r >= runs)) && [ -n "$previous" ] &&
      awk -v now="$now" -v before="$previous" -v p="$settle" -v jit="${jit:-0}" -v jp="$jit_settle" \
        'BEGIN { exit !(now <= before * (1 + p / 100) && jit <= jp) }'; then
      break
    fi
    previous=$now
  done
  settled+=("$name: $r runs (the last one's JIT compilers: ${jit:-?} % of the JVMs' CPU)")
}
for hot in $hots; do
  run_until_settled "hot=$hot %" "$REPO/dev/bench.sh" "${common[@]}" --hot-percent "$hot"
  cpu_row "single POST, $hot % hot"
  log "workload hot=$hot %: PostgreSQL baseline: statements durable, function durable, function async"
  base=("$REPO/dev/bench-baseline.sh" "${common[@]}" --hot-percent "$hot")
  stmts=$("${base[@]}" --commit durable --style statements | grep '^BASELINE ') || die "baseline (statements) failed"
  func=$("${base[@]}" --commit durable --style function | grep '^BASELINE ') || die "baseline (function) failed"
  async=$("${base[@]}" --commit async --style function | grep '^BASELINE ') || die "baseline (async) failed"
  echo "$bench"; echo "$stmts"; echo "$func"; echo "$async"
  if [ "$hot" = 0 ]; then uniform_stmts=$(field "$stmts" tps); uniform_func=$(field "$func" tps); fi
  if [ "$hot" = 0 ] || [ "$hot" = 80 ]; then
    workload=$([ "$hot" = 0 ] && echo uniform || echo hot80)
    figure "$workload.readable" "$(field "$bench" readable_per_s)"; figure "$workload.pg" "$(field "$stmts" tps)"
  fi
  rows+=("$(awk -v hot="$hot" -v lr="$(field "$bench" readable_per_s)" -v la="$(field "$bench" applied_per_s)" \
    -v lacc="$(field "$bench" accepted_per_s)" -v lh50="$(field "$bench" http_p50_ms)" -v lh99="$(field "$bench" http_p99_ms)" \
    -v lr99="$(field "$bench" send_readable_p99_ms)" -v lag99="$(field "$bench" lag_p99_ms)" \
    -v st="$(field "$stmts" tps)" -v s50="$(field "$stmts" latency_p50_ms)" -v s99="$(field "$stmts" latency_p99_ms)" \
    -v ft="$(field "$func" tps)" -v f50="$(field "$func" latency_p50_ms)" -v f99="$(field "$func" latency_p99_ms)" \
    -v at="$(field "$async" tps)" \
    'BEGIN { printf "| %s %% | %.0f | %.0f | %.0f | %s / %s | %s | %s | %.0f | %s / %s | %.0f | %s / %s | %.0f | %.2f | %.2f |",
             hot, lr, la, lacc, lh50, lh99, lr99, lag99, st, s50, s99, ft, f50, f99, at, lr / st, lr / ft }')")
done

for size in $bulks; do
  [ -n "$uniform_func" ] || die "--bulk needs the uniform workload (--hot with 0) for its PostgreSQL figures"
  run_until_settled "bulk $size" "$REPO/dev/bench.sh" --transfers "$bulk_transfers" --concurrency 8 \
    --balances "$balances" --bulk-size "$size" --timeout-s 600
  cpu_row "bulk, $size items per request"
  echo "$bench"
  figure "bulk.$size.readable" "$(field "$bench" readable_per_s)"
  bulk_rows+=("$(awk -v size="$size" -v lr="$(field "$bench" readable_per_s)" -v la="$(field "$bench" applied_per_s)" \
    -v lacc="$(field "$bench" accepted_per_s)" -v lr50="$(field "$bench" send_readable_p50_ms)" \
    -v lr99="$(field "$bench" send_readable_p99_ms)" -v lag99="$(field "$bench" lag_p99_ms)" \
    -v st="$uniform_stmts" -v ft="$uniform_func" \
    'BEGIN { printf "| %s | %.0f | %.0f | %.0f | %s / %s | %s | %.0f | %.0f | %.2f | %.2f |", size, lr, la, lacc, lr50, lr99, lag99, st, ft, lr / st, lr / ft }')")
done

for rate in $open_rates; do
  # In flight is capped far above what the rate needs, so the schedule, not the cap, sets the pace. Each run first
  # sends 5 s at the rate that no figure counts: the driver's JVM and connections and the run's new balances are
  # cold when it starts, and their first seconds otherwise set the run's p99 (docs/benchmarks.md, session 23).
  run_until_settled "open loop $rate/s" "$REPO/dev/bench.sh" --transfers $((rate * open_seconds)) --rate "$rate" \
    --warmup-s 5 --concurrency $((rate * 5)) --balances "$balances" --timeout-s $((open_seconds * 4 + 60)) --timeline
  cpu_row "open loop, $rate/s single POSTs"
  echo "$bench"
  figure "open.$rate.send_readable_p99_ms" "$(field "$bench" send_readable_p99_ms)"
  open_rows+=("$(awk -v rate="$rate" -v s="$open_seconds" -v lr="$(field "$bench" readable_per_s)" \
    -v lh99="$(field "$bench" http_p99_ms)" \
    -v e50="$(field "$bench" send_applied_p50_ms)" -v e99="$(field "$bench" send_applied_p99_ms)" \
    -v r50="$(field "$bench" send_readable_p50_ms)" -v r99="$(field "$bench" send_readable_p99_ms)" \
    -v lag99="$(field "$bench" lag_p99_ms)" -v late="$(field "$bench" late_requests)" -v miss="$(field "$bench" missing)" \
    'BEGIN { printf "| %s | %s | %.0f | %s | %s / %s | %s / %s | %s | %s | %s |", rate, s, lr, lh99, e50, e99, r50, r99, lag99, late, miss }')")
done

for spec in $sustained; do
  size=${spec%%:*} per_s=${spec##*:}
  requests_per_s=$(( (per_s + size - 1) / size ))
  log "workload sustained: bulk $size items, $per_s transfers/s offered for $sustained_seconds s"
  "$REPO/dev/bench.sh" --transfers $((requests_per_s * size * sustained_seconds)) --bulk-size "$size" \
    --rate "$requests_per_s" --concurrency $((requests_per_s * 10)) --balances "$balances" \
    --timeout-s $((sustained_seconds * 4 + 120)) >"$report" || { cat "$report" >&2; die "Ledgerline sustained run failed"; }
  cat "$report" >&2
  bench=$(grep '^BENCH ' "$report")
  cpu_row "sustained bulk $size, $per_s/s for $sustained_seconds s"
  echo "$bench"
  offered=$((requests_per_s * size))
  figure "sustained.$offered.seconds" "$sustained_seconds"
  for f in lag_p99_ms lag_p99_first_ms lag_p99_last_ms; do figure "sustained.$offered.$f" "$(field "$bench" "$f")"; done
  sustained_rows+=("$(awk -v size="$size" -v offered="$((requests_per_s * size))" -v s="$sustained_seconds" \
    -v lr="$(field "$bench" readable_per_s)" -v la="$(field "$bench" applied_per_s)" \
    -v l50="$(field "$bench" lag_p50_ms)" -v l99="$(field "$bench" lag_p99_ms)" -v lmax="$(field "$bench" lag_max_ms)" \
    -v lf="$(field "$bench" lag_p99_first_ms)" -v ll="$(field "$bench" lag_p99_last_ms)" \
    -v http="$(field "$bench" http_errors)" -v bp="$(field "$bench" backpressure_retries)" -v miss="$(field "$bench" missing)" \
    'BEGIN { printf "| %s | %s | %s | %.0f | %.0f | %s / %s / %s | %s / %s | %s | %s | %s |", size, offered, s, lr, la, l50, l99, lmax, lf, ll, bp, http, miss }')")
done

label=${label:-commit $(git -C "$REPO" rev-parse --short HEAD)}
echo
runs_note=""
[ ${#settled[@]} -eq 0 ] || runs_note="; Ledgerline's last run reported ($(IFS=,; echo "${settled[*]}" | sed 's/,/, /g'))"
warm_note=""
((warmup_transfers == 0)) || warm_note="; $warmup_transfers transfers of unmeasured warm-up first"
echo "$(date +%F) · $label · $transfers transfers, $concurrency concurrent, $balances balances$warm_note$runs_note"
if [ ${#rows[@]} -gt 0 ]; then
  echo
  echo "| hot share | Ledgerline applied/s (readable) | final records/s | accepted/s | HTTP p50 / p99 ms | send→readable p99 ms | projection lag p99 ms | PG statements, durable tps | p50 / p99 ms | PG function, durable tps | p50 / p99 ms | PG function, async tps | Ledgerline ÷ PG statements | ÷ PG function |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
fi
if [ ${#bulk_rows[@]} -gt 0 ]; then
  echo
  echo "Bulk requests ($bulk_transfers transfers, 8 requests in flight, uniform sources) against the uniform workload's PostgreSQL figures:"
  echo
  echo "| items per request | Ledgerline applied/s (readable) | final records/s | accepted/s | send→readable p50 / p99 ms | projection lag p99 ms | PG statements, durable tps | PG function, durable tps | Ledgerline ÷ PG statements | ÷ PG function |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${bulk_rows[@]}"
fi
if [ ${#open_rows[@]} -gt 0 ]; then
  echo
  echo "Open loop (single POSTs at a fixed rate, uniform; latencies from each request's scheduled time for send→applied):"
  echo
  echo "| requests/s | seconds | Ledgerline applied/s (readable) | HTTP p99 ms | send→final record p50 / p99 ms | send→readable p50 / p99 ms | projection lag p99 ms | sent > 10 ms late | missing |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${open_rows[@]}"
fi
if [ ${#sustained_rows[@]} -gt 0 ]; then
  echo
  echo "| items per request | offered transfers/s | seconds | applied/s (readable) | final records/s | projection lag p50 / p99 / max ms | lag p99, first / last third of the run | 503 QUEUE_BACKPRESSURE (sent again) | HTTP errors | missing |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${sustained_rows[@]}"
fi
if [ ${#cpu_rows[@]} -gt 0 ]; then
  echo
  echo "CPU seconds per 1,000 accepted transfers, by process (reported run, setup of its balances included; the driver is"
  echo "the load generator, outside Ledgerline):"
  echo
  echo "| workload | api-gateway | ledger-processor (all instances) | projection-service | Kafka broker | PostgreSQL | driver | Ledgerline + broker + PostgreSQL |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${cpu_rows[@]}"
fi
echo
echo "Floors of the write-path target, judged on this run (a floor whose workload did not run is not measured):"
echo
# A run on a grown ledger is judged against the figures a run on an empty one saved (prefixed "empty.").
empty_figures=()
if [ -n "$grown_against" ]; then
  while IFS= read -r line; do
    [[ $line =~ ^[a-z0-9._]+=[0-9]+(\.[0-9]+)?$ ]] && empty_figures+=("empty.$line")
  done <"$grown_against"
fi
"$JAVA" -cp "$REPO/benchmarks/target/classes:$(cat "$REPO/benchmarks/target/classpath.txt")" \
  dev.ledgerline.bench.FloorVerdicts "${floor_figures[@]}" "${empty_figures[@]}"
if [ -n "$save_figures" ]; then
  printf '%s\n' "${floor_figures[@]}" >"$save_figures"
  echo
  echo "Figures saved to $save_figures (judge a grown ledger's run against them with --grown-against $save_figures)."
fi
