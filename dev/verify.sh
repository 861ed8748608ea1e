#!/usr/bin/env bash
# Verifies the local stack's event log and projection (docs/EVENTS.md, "Verifying"): re-reads
# ledger.entries, ledger.seals and ledger.transactions (from the last valid run's checkpoint, or from offset zero),
# recomputes every hash, seal and balance and compares them with PostgreSQL. Prints the JSON report (and, on stderr, the time taken and the peak heap); exit 0
# when valid, 1 when broken, 2 on error (or when another verification is running).
#   dev/verify.sh                 # everything, from where the last valid whole-log run ended (its checkpoint)
#   dev/verify.sh --full          # everything, from offset zero
#   dev/verify.sh bln_...         # one balance (always from offset zero)
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

jar=$(service_jar projection-service)
[ -f "$jar" ] || die "$jar is missing; build it with: $MVNW -q -B -DskipTests package -pl projection-service -am"
args=(--bootstrap-servers "127.0.0.1:$KAFKA_PORT" --r2dbc-url "r2dbc:postgresql://postgres@127.0.0.1:$PG_PORT/$PG_DB")
for arg in "$@"; do
  case $arg in
    --full) args+=(--full) ;;
    bln_*) args+=(--balance-id "$arg") ;;
    *) die "unknown argument: $arg (dev/verify.sh [--full] [bln_...])" ;;
  esac
done
exec "$JAVA" $SERVICE_JAVA_OPTS -cp "$jar" -Dloader.main=dev.ledgerline.projection.integrity.VerifyCommand \
  org.springframework.boot.loader.launch.PropertiesLauncher "${args[@]}"
