#!/usr/bin/env bash
# Stops the local stack started by dev/up.sh: services in reverse start order (SIGTERM, SIGKILL after a
# timeout), then the Kafka broker (waiting for its controlled shutdown), then PostgreSQL (pg_ctl -m fast).
# PID files are removed; data under $LEDGERLINE_HOME (default <repo>/.run) stays for the next dev/up.sh.
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

SERVICE_STOP_TIMEOUT=${LEDGERLINE_SERVICE_STOP_TIMEOUT:-20}
KAFKA_STOP_TIMEOUT=${LEDGERLINE_KAFKA_STOP_TIMEOUT:-60}
T0=$(now_ms)

mkdir -p "$PIDS"
exec 9>"$RUN/.lock"
flock -w 30 9 || die "another dev/up.sh or dev/down.sh holds $RUN/.lock"

# Also any processor instance started with a larger LEDGERLINE_PROCESSORS than this shell has.
stopping=("${SERVICES[@]}")
for f in "$PIDS"/ledger-processor-*.pid; do
  [ -f "$f" ] || continue
  m=$(basename "$f" .pid)
  [[ " ${stopping[*]} " == *" $m "* ]] || stopping=(ledger-processor "$m" "${stopping[@]:1}")
done
for ((i = ${#stopping[@]} - 1; i >= 0; i--)); do
  m=${stopping[$i]}
  if pid=$(alive_pid "$m"); then
    log "stopping $m (pid $pid)"
    stop_pid "$m" "$SERVICE_STOP_TIMEOUT" "$pid"
    [ "$STOP_KILLED" = 1 ] || cds_keep "$m"
  fi
  rm -f "$PIDS/$m.pid"
done

if pid=$(alive_pid kafka); then
  log "stopping kafka (pid $pid)"
  stop_pid kafka "$KAFKA_STOP_TIMEOUT" "$pid"
fi
rm -f "$PIDS/kafka.pid"

if pg_running; then
  log "stopping postgres"
  as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
  log "postgres stopped"
fi

log "stack down in $(since "$T0"); data kept in $RUN"
