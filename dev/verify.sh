#!/usr/bin/env bash
# Verifies the local stack's event log and projection (docs/EVENTS.md, "Verifying"): re-reads
# ledger.entries and ledger.seals from offset zero, recomputes every hash, seal and balance and
# compares them with PostgreSQL. Prints the JSON report; exit 0 when valid, 1 when broken, 2 on error (or when
# another verification is running).
#   dev/verify.sh                 # everything (from the beginning: the command always reads the whole log)
#   dev/verify.sh bln_...         # one balance
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

jar=$(service_jar projection-service)
[ -f "$jar" ] || die "$jar is missing; build it with: $MVNW -q -B -DskipTests package -pl projection-service -am"
args=(--bootstrap-servers "127.0.0.1:$KAFKA_PORT" --r2dbc-url "r2dbc:postgresql://postgres@127.0.0.1:$PG_PORT/$PG_DB")
[ $# -ge 1 ] && args+=(--balance-id "$1")
exec "$JAVA" $SERVICE_JAVA_OPTS -cp "$jar" -Dloader.main=dev.ledgerline.projection.integrity.VerifyCommand \
  org.springframework.boot.loader.launch.PropertiesLauncher "${args[@]}"
