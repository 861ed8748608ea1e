#!/usr/bin/env bash
# Shows which parts of the local stack run, with PIDs, ports and /health answers. Exit 0 when all run.
set -uo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

rc=0
row() { printf '  %-19s %-9s %-8s %s\n' "$@"; }
row component state pid where
if pid=$(alive_pid kafka); then
  state=running; port_open "$KAFKA_PORT" || state=starting
  row kafka "$state" "$pid" "127.0.0.1:$KAFKA_PORT"
else
  row kafka stopped - "127.0.0.1:$KAFKA_PORT"; rc=1
fi
if pg_running; then
  row postgres running "$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null)" "127.0.0.1:$PG_PORT/$PG_DB"
else
  row postgres stopped - "127.0.0.1:$PG_PORT/$PG_DB"; rc=1
fi
for m in "${SERVICES[@]}"; do
  url="http://127.0.0.1:$(service_port "$m")/health"
  if pid=$(alive_pid "$m"); then
    row "$m" running "$pid" "$url -> $(http_code "$url")"
  else
    row "$m" stopped - "$url"; rc=1
  fi
done
echo "  data, logs, PID files: $RUN"
exit $rc
