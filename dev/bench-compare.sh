#!/usr/bin/env bash
# Ledgerline against the PostgreSQL row-lock baseline, side by side, on the stack that dev/up.sh started:
# for each workload (a hot share: 0 = uniform, 80 = 80 % of transfers debit one balance), dev/bench.sh runs
# --runs times (the JIT warms up over the first runs; the last run is reported), then dev/bench-baseline.sh runs
# the same transfers with a durable and with an asynchronous commit. Prints a Markdown table with the ratios.
#   dev/bench-compare.sh [--runs 3] [--hot "0 80"] [--transfers 10000] [--concurrency 64] [--balances 100]
#                        [--label TEXT (names what runs, default: this checkout's commit)]
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

runs=3 hots="0 80" transfers=10000 concurrency=64 balances=100 label=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --hot) hots=$2; shift 2 ;;
    --transfers) transfers=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --balances) balances=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    *) die "unknown option $1 (--runs N --hot \"0 80\" --transfers N --concurrency N --balances N)" ;;
  esac
done
log "building benchmarks (./mvnw -q -B -pl benchmarks -am -DskipTests package)"
"$MVNW" -q -B -ntp -pl benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime </dev/null >&2
export LEDGERLINE_BENCH_BUILT=1

common=(--transfers "$transfers" --concurrency "$concurrency" --balances "$balances")
# Value of key=value in a BENCH/BASELINE line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

rows=()
report=$(mktemp)
trap 'rm -f "$report"' EXIT
for hot in $hots; do
  bench=""
  for ((r = 1; r <= runs; r++)); do
    log "workload hot=$hot %: Ledgerline run $r of $runs"
    # The driver's report goes to stderr as it comes (not through /dev/stderr, which would reopen and truncate
    # a redirected log file); the BENCH line is kept from the last run.
    "$REPO/dev/bench.sh" "${common[@]}" --hot-percent "$hot" >"$report" || { cat "$report" >&2; die "Ledgerline run failed"; }
    cat "$report" >&2
    bench=$(grep '^BENCH ' "$report")
  done
  log "workload hot=$hot %: PostgreSQL baseline, durable then async commit"
  durable=$("$REPO/dev/bench-baseline.sh" "${common[@]}" --hot-percent "$hot" --commit durable | grep '^BASELINE ') \
    || die "baseline (durable) failed"
  async=$("$REPO/dev/bench-baseline.sh" "${common[@]}" --hot-percent "$hot" --commit async | grep '^BASELINE ') \
    || die "baseline (async) failed"
  echo "$bench"; echo "$durable"; echo "$async"
  rows+=("$(awk -v hot="$hot" -v la="$(field "$bench" applied_per_s)" -v lacc="$(field "$bench" accepted_per_s)" \
    -v lh50="$(field "$bench" http_p50_ms)" -v lh99="$(field "$bench" http_p99_ms)" \
    -v la99="$(field "$bench" applied_p99_ms)" \
    -v dt="$(field "$durable" tps)" -v d50="$(field "$durable" latency_p50_ms)" -v d99="$(field "$durable" latency_p99_ms)" \
    -v at="$(field "$async" tps)" -v a50="$(field "$async" latency_p50_ms)" -v a99="$(field "$async" latency_p99_ms)" \
    'BEGIN { printf "| %s %% | %.0f | %.0f | %s / %s | %s | %.0f | %s / %s | %.0f | %s / %s | %.2f | %.2f |",
             hot, la, lacc, lh50, lh99, la99, dt, d50, d99, at, a50, a99, la / dt, la / at }')")
done

label=${label:-commit $(git -C "$REPO" rev-parse --short HEAD)}
echo
echo "$(date +%F) · $label · $transfers transfers, $concurrency concurrent, $balances balances, Ledgerline run $runs of $runs"
echo
echo "| hot share | Ledgerline applied/s | accepted/s | HTTP p50 / p99 ms | accept→applied p99 ms | PG durable tps | p50 / p99 ms | PG async tps | p50 / p99 ms | Ledgerline ÷ PG durable | ÷ PG async |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
