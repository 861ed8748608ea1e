#!/usr/bin/env bash
# Runs a Kafka CLI tool on the broker's classpath (infra/kafka-broker), against the local broker.
#   dev/kafka-tool.sh topics --list
#   dev/kafka-tool.sh topics --describe --topic ledger.transactions
#   dev/kafka-tool.sh consume --topic ledger.transactions --from-beginning --max-messages 5
#   dev/kafka-tool.sh groups --list
#   dev/kafka-tool.sh org.apache.kafka.tools.SomeTool --bootstrap-server 127.0.0.1:19092 ...   (any main class)
# topics/consume/groups add --bootstrap-server 127.0.0.1:$LEDGERLINE_KAFKA_PORT.
set -euo pipefail
# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
KCP=$(kafka_classpath)
BS=(--bootstrap-server "127.0.0.1:$KAFKA_PORT")
tool=$1; shift
case $tool in
  topics) set -- org.apache.kafka.tools.TopicCommand "${BS[@]}" "$@" ;;
  consume) set -- org.apache.kafka.tools.consumer.ConsoleConsumer "${BS[@]}" "$@" ;;
  groups) set -- org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "${BS[@]}" "$@" ;;
  *) set -- "$tool" "$@" ;;
esac
exec "$JAVA" -Dlog4j2.configurationFile="$REPO/infra/kafka-broker/tools-log4j2.properties" -cp "$KCP" "$@"
