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

# The driver shares the machine with the stack it measures. A fresh JVM per run spent about a core on its own C2
# compiler during the run (15 s of CPU for 10,000 single POSTs); C1 only and the serial collector halve its CPU.
# LEDGERLINE_BENCH_JAVA_OPTS replaces these settings.
# shellcheck disable=SC2086
exec "$JAVA" ${LEDGERLINE_BENCH_JAVA_OPTS:--Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -cp "$CP" \
  dev.ledgerline.bench.TransferBenchmark \
  --gateway "http://127.0.0.1:$GATEWAY_PORT" --bootstrap "127.0.0.1:$KAFKA_PORT" "$@"
