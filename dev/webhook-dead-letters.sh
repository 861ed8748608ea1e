#!/usr/bin/env bash
# Lists the webhooks and hook calls that exhausted their retries (ledger.webhook-dead-letters), sends chosen ones again.
#
#   dev/webhook-dead-letters.sh list                       one line per dead letter (PARTITION:OFFSET, when, event,
#                                                          event id, attempts, last result, subscription=/hook=)
#   dev/webhook-dead-letters.sh redeliver 0:12 3:4         deliver those again, each to the endpoint it failed for
#   dev/webhook-dead-letters.sh redeliver --all            deliver every dead letter again
#   dev/webhook-dead-letters.sh ... --bootstrap-servers H:P  another broker (default: the local stack's)
#
# Reading moves nothing (no consumer group). A redelivery goes through ledger.webhook-redeliveries to the running
# projection-service, whose lane of that endpoint (global URL, subscription or hook) alone sends it: same body,
# X-Ledgerline-Event-Id and traceparent, signed afresh, with the usual retries. Exit code 0, or 2.
# Runs the class dev.ledgerline.projection.webhooks.WebhookDeadLetterMain from projection-service's jar.
set -euo pipefail

case ${1:-} in
  -h | --help | "") sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
exec "$JAVA" $SERVICE_JAVA_OPTS -cp "$JAR" -Dloader.main=dev.ledgerline.projection.webhooks.WebhookDeadLetterMain \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
