#!/usr/bin/env bash
# Runs the transfer benchmark (benchmarks/, dev.ledgerline.bench.TransferBenchmark) against the stack that
# dev/up.sh started. Gateway and bootstrap default to this stack's ports; any flag can be given:
#   dev/bench.sh --transfers 10000 --concurrency 64 --balances 100 --timeout-s 120
# See docs/benchmarks.md. Exit code 0 only when every transfer was accepted and reached its final record.
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

cd "$REPO"
# LEDGERLINE_BENCH_BUILT=1 skips the build (dev/profile.sh and dev/bench-compare.sh build once, before measuring).
if [ "${LEDGERLINE_BENCH_BUILT:-0}" != 1 ] || [ ! -f "$REPO/benchmarks/target/classpath.txt" ]; then
  log "building benchmarks (./mvnw -q -B -pl benchmarks -am -DskipTests package)"
  "$MVNW" -q -B -ntp -pl benchmarks -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime </dev/null >&2
fi
CP="$REPO/benchmarks/target/classes:$(cat "$REPO/benchmarks/target/classpath.txt")"

code=$(http_code "http://127.0.0.1:$GATEWAY_PORT/health")
[ "$code" = 200 ] || log "warning: gateway health on :$GATEWAY_PORT answered $code (is the stack up? dev/up.sh)"

# CPU of each process while the driver runs (setup included), from /proc: the stack's JVMs, the broker, PostgreSQL
# (postmaster and backends, gone ones included) and the driver itself; printed as a BENCHCPU line in milliseconds
# per accepted transfer (an open loop's warm-up transfers counted with the measured ones), and jit_share, the part of
# the JVMs' (broker and services) CPU that their JIT compiler threads used: high while a fresh stack warms up.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local master t p
  master=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$master/stat" 2>/dev/null || echo 0)
  for p in $(pgrep -P "$master"); do t=$((t + $(ticks "$p"))); done
  echo "$t"
}
# CPU of the JIT compiler threads of the given JVMs: while they still compile, a run measures part of the warm-up
# (docs/benchmarks.md, session 31: a quarter of the machine for a fresh stack's first minutes).
jit_ticks() {
  local pid t=0 task
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      case $(cat "$task/comm" 2>/dev/null) in
        # the thread's name holds a space, so the times are counted from the end of "(name)" on
        C1\ CompilerThre* | C2\ CompilerThre*)
          t=$((t + $(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{ print $12 + $13 } END { if (NR == 0) print 0 }'))) ;;
      esac
    done
  done
  echo "$t"
}
declare -A PID_OF T0
for c in kafka "${SERVICES[@]}"; do PID_OF[$c]=$(alive_pid "$c" 2>/dev/null || echo 0); T0[$c]=$(ticks "${PID_OF[$c]}"); done
pg0=$(pg_ticks)
jit0=$(jit_ticks "${PID_OF[@]}")

# The driver shares the machine with the stack it measures. A fresh JVM per run spent about a core on its own C2
# compiler during the run (15 s of CPU for 10,000 single POSTs); C1 only and the serial collector halve its CPU.
# LEDGERLINE_BENCH_JAVA_OPTS replaces these settings.
out=$(mktemp)
trap 'rm -f "$out" "$out.t0" "$out.t1"' EXIT
rc=0
# `times` (run in this shell, not in a subshell) gives the CPU of the children this shell has waited for.
children_cpu_ms() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }' "$1"; }
times >"$out.t0"
# shellcheck disable=SC2086
"$JAVA" ${LEDGERLINE_BENCH_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} \
  -cp "$CP" dev.ledgerline.bench.TransferBenchmark \
  --gateway "http://127.0.0.1:$GATEWAY_PORT" --bootstrap "127.0.0.1:$KAFKA_PORT" "$@" | tee "$out" || rc=$?

accepted=$(sed -n 's/^BENCH .* http_201=\([0-9]*\).*/\1/p' "$out")
# An open loop's warm-up transfers (--warmup-s) used CPU in the window too: divide by every transfer sent.
warmup=$(sed -n 's/^BENCH .* warmup_transfers=\([0-9]*\).*/\1/p' "$out")
[ -z "$accepted" ] || accepted=$((accepted + ${warmup:-0}))
if [ -n "$accepted" ] && [ "$accepted" -gt 0 ]; then
  hz=$(getconf CLK_TCK)
  line="BENCHCPU transfers=$accepted"
  jvms=0 # the JVMs' ticks in the window, for jit_share below
  for c in kafka "${SERVICES[@]}"; do
    d=$(($(ticks "${PID_OF[$c]}") - T0[$c]))
    jvms=$((jvms + d))
    line+=" $c=$(awk -v d="$d" -v hz="$hz" -v n="$accepted" 'BEGIN { printf "%.3f", d * 1000 / hz / n }')"
  done
  line+=" postgres=$(awk -v d=$(($(pg_ticks) - pg0)) -v hz="$hz" -v n="$accepted" 'BEGIN { printf "%.3f", d * 1000 / hz / n }')"
  times >"$out.t1"
  line+=" driver=$(awk -v d=$(($(children_cpu_ms "$out.t1") - $(children_cpu_ms "$out.t0"))) -v n="$accepted" 'BEGIN { printf "%.3f", d / n }')"
  # The compilers' share of the stack's JVMs' CPU during the run (dev/bench-compare.sh waits for it to fall).
  line+=" jit_share=$(awk -v j=$(($(jit_ticks "${PID_OF[@]}") - jit0)) -v t="$jvms" 'BEGIN { printf "%.1f", (t > 0 && j > 0 ? 100 * j / t : 0) }')"
  echo "$line (CPU ms per transfer accepted, an open loop's warm-up included; setup included; jit_share: % of the JVMs' CPU spent compiling)"
fi
exit "$rc"
