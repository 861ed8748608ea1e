#!/usr/bin/env bash
# Rebuilds the PostgreSQL projection from offset zero into a fresh schema of the local stack's database and
# proves it identical to the live one: prints, per table, rows and an md5 digest of both, IDENTICAL/DIFFERENT.
#
#   dev/replay.sh                      replay into replay_<UTC timestamp>; drop it when identical, keep it otherwise
#   dev/replay.sh --schema NAME        replay into NAME (must not exist yet)
#   dev/replay.sh --keep | --drop      always keep / always drop the replay schema
#   dev/replay.sh --help               all options (--live-schema, --timeout, --bootstrap-servers, --db-url, ...)
#
# Exit code 0 only when every table is IDENTICAL (1: some differ, 2: usage error or failure).
# Needs the stack (dev/up.sh): it reads ledger.ledgers, ledger.entries and ledger.transactions up to the end
# offsets captured at start, then waits until the live projection (group ledgerline-projection) has committed
# past them, so run it when no writes arrive; records written meanwhile show up as DIFFERENT.
# Runs the class dev.ledgerline.projection.replay.ReplayMain from projection-service's jar.
set -euo pipefail

case ${1:-} in
  -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' ;;
esac

# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

JAR=$(service_jar projection-service)
if [ ! -f "$JAR" ]; then
  alive_pid projection-service >/dev/null && die "$JAR is missing while projection-service runs; build it first"
  log "building projection-service (./mvnw -q -B -DskipTests package)"
  (cd "$REPO" && "$MVNW" -q -B -ntp -DskipTests package -pl projection-service -am </dev/null >&2) || die "build failed"
fi

export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}
export PROJECTION_DB_URL=${PROJECTION_DB_URL:-r2dbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB}

# The Boot jar's own launcher, pointed at another main class.
# shellcheck disable=SC2086  # SERVICE_JAVA_OPTS is a list of options
exec "$JAVA" $SERVICE_JAVA_OPTS -cp "$JAR" -Dloader.main=dev.ledgerline.projection.replay.ReplayMain \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
