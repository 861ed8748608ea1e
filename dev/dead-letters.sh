#!/usr/bin/env bash
# Lists the records the processor and the projection set aside into ledger.dead-letters, and sends chosen ones
# back to the topic they came from once the cause is fixed.
#
#   dev/dead-letters.sh list                          one line per dead letter (PARTITION:OFFSET, when, reason,
#                                                     source topic-partition@offset, consumer, key, size, failure)
#   dev/dead-letters.sh replay 0:12 3:4               send those dead letters back to their source topics
#   dev/dead-letters.sh replay --all                  send every dead letter back
#   dev/dead-letters.sh ... --bootstrap-servers H:P   another broker (default: the local stack's)
#
# Reading moves nothing (no consumer group). A replayed record keeps its key, value and headers and carries
# ledgerline.dead-letter.replayed-from; if it fails again it is set aside again. Exit code 0, or 2 on failure.
# Runs the class dev.ledgerline.projection.deadletters.DeadLetterMain from projection-service's jar.
set -euo pipefail

case ${1:-} in
  -h | --help | "") sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

JAR=$(service_jar projection-service)
if [ ! -f "$JAR" ]; then
  log "building projection-service (./mvnw -q -B -DskipTests package)"
  (cd "$REPO" && "$MVNW" -q -B -ntp -DskipTests package -pl projection-service -am </dev/null >&2) || die "build failed"
fi

export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}

# The Boot jar's own launcher, pointed at another main class.
# shellcheck disable=SC2086  # SERVICE_JAVA_OPTS is a list of options
exec "$JAVA" $SERVICE_JAVA_OPTS -cp "$JAR" -Dloader.main=dev.ledgerline.projection.deadletters.DeadLetterMain \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
