#!/usr/bin/env bash
# Profiles the stack that dev/up.sh started while dev/bench.sh runs: first the idle CPU of each JVM (no traffic,
# LEDGERLINE_PROFILE_IDLE_S seconds, default 20), then CPU seconds per process (broker, the three
# services, PostgreSQL with its backends, everything else = driver and OS) from /proc, and a JFR recording
# (settings=profile) of the broker and of each service, summarised by area of code and by hot method.
#   dev/profile.sh [dev/bench.sh flags, e.g. --transfers 10000 --concurrency 64 --hot-percent 80]
# Recordings stay in .run/profiles/ for JDK Mission Control or `jfr print`.
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
command -v "$JCMD" >/dev/null || JCMD=$(dirname "$(readlink -f "$(command -v java)")")/jcmd
OUT=$RUN/profiles/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

log "building benchmarks (./mvnw -q -B -pl benchmarks -am -DskipTests package)"
"$MVNW" -q -B -ntp -pl benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime </dev/null >&2
export LEDGERLINE_BENCH_BUILT=1

declare -A PID_OF
for c in kafka "${SERVICES[@]}"; do
  PID_OF[$c]=$(alive_pid "$c") || die "$c is not running (dev/up.sh)"
done
pg_master=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || die "PostgreSQL is not running (dev/up.sh)"

# utime + stime in clock ticks of a process (0 when it is gone).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# PostgreSQL: the postmaster and every child (backends come and go; cumulative children time covers the gone ones).
pg_ticks() {
  local t=0 p
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pg_master/stat")
  for p in $(pgrep -P "$pg_master"); do t=$((t + $(ticks "$p"))); done
  echo "$t"
}
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }   # user nice system irq softirq

# End offsets of every topic (data records plus transaction markers, which take offsets too), per topic.
end_offsets() {
  "$REPO/dev/kafka-tool.sh" org.apache.kafka.tools.GetOffsetShell --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
    --time -1 2>/dev/null | awk -F: '{ sum[$1] += $3 } END { for (t in sum) print t, sum[t] }' | sort
}
end_offsets >"$OUT/offsets-before.txt"

# What the stack costs with no traffic at all (fetch long-polls, punctuators, metrics): paid under load as well.
IDLE_S=${LEDGERLINE_PROFILE_IDLE_S:-20}
declare -A I0
for c in "${!PID_OF[@]}"; do I0[$c]=$(ticks "${PID_OF[$c]}"); done
sleep "$IDLE_S"
{
  printf '\nIdle CPU before the run (%d s without traffic), share of one core\n' "$IDLE_S"
  for c in kafka "${SERVICES[@]}"; do
    awk -v c="$c" -v d=$(( $(ticks "${PID_OF[$c]}") - I0[$c] )) -v hz="$(getconf CLK_TCK)" -v s="$IDLE_S" \
      'BEGIN { printf "%-22s %6.1f %%\n", c, 100 * d / hz / s }'
  done
} | tee "$OUT/idle.txt"

declare -A T0
for c in "${!PID_OF[@]}"; do T0[$c]=$(ticks "${PID_OF[$c]}"); done
pg0=$(pg_ticks); m0=$(machine_ticks); wall0=$(now_ms)

for c in "${!PID_OF[@]}"; do
  "$JCMD" "${PID_OF[$c]}" JFR.start name=ledgerline-profile settings=profile >/dev/null \
    || die "could not start JFR in $c (pid ${PID_OF[$c]})"
done
log "JFR recording in ${!PID_OF[*]}; running dev/bench.sh $*"
rc=0
"$REPO/dev/bench.sh" "$@" | tee "$OUT/bench.txt" || rc=$?
for c in "${!PID_OF[@]}"; do
  "$JCMD" "${PID_OF[$c]}" JFR.stop name=ledgerline-profile filename="$OUT/$c.jfr" >/dev/null || log "JFR.stop failed in $c"
done

wall=$(( $(now_ms) - wall0 ))
hz=$(getconf CLK_TCK)
total=$(( $(machine_ticks) - m0 ))
rows=""
known=0
for c in kafka "${SERVICES[@]}"; do
  d=$(( $(ticks "${PID_OF[$c]}") - T0[$c] )); known=$((known + d)); rows+="$c $d"$'\n'
done
d=$(( $(pg_ticks) - pg0 )); known=$((known + d)); rows+="postgres $d"$'\n'
rows+="driver,OS,other $((total - known))"$'\n'
{
  awk -v wall="$wall" -v cores="$(nproc)" -v hz="$hz" -v total="$total" '
    BEGIN { printf "\nCPU during the run (%.1f s wall, %d cores = %.1f core-seconds available)\n", wall / 1000, cores, wall * cores / 1000
            printf "%-22s %12s %8s\n", "process", "cpu-seconds", "share" }
    NF == 2 { printf "%-22s %12.1f %7.1f%%\n", $1, $2 / hz, 100 * $2 / (total > 0 ? total : 1) }
    END { printf "%-22s %12.1f\n", "machine total", total / hz }' <<<"$rows"
} | tee "$OUT/cpu.txt"

end_offsets >"$OUT/offsets-after.txt"
transfers=$(sed -n 's/^BENCH .* http_201=\([0-9]*\).*/\1/p' "$OUT/bench.txt")
{
  echo
  echo "Offsets written per accepted transfer, by topic (records and transaction markers; setup included)"
  join -a 2 -e 0 -o 0,1.2,2.2 "$OUT/offsets-before.txt" "$OUT/offsets-after.txt" | awk -v n="${transfers:-0}" '
    { d = $3 - $2; if (d > 0) { printf "  %-50s %8.2f\n", $1, (n > 0 ? d / n : 0); total += d } }
    END { printf "  %-50s %8.2f\n", "all topics", (n > 0 ? total / n : 0) }'
} | tee "$OUT/offsets.txt"

CP="$REPO/benchmarks/target/classes:$(cat "$REPO/benchmarks/target/classpath.txt")"
for c in kafka "${SERVICES[@]}"; do
  echo
  "$JAVA" -cp "$CP" dev.ledgerline.bench.JfrHotMethods "$OUT/$c.jfr" 12
done | tee "$OUT/hot-methods.txt"
log "recordings and summaries in $OUT"
exit "$rc"
