#!/usr/bin/env bash
# Starts the whole local stack: Kafka (KRaft, one JVM), PostgreSQL, ledger-processor, projection-service,
# api-gateway. Idempotent: a component whose PID file names a live process is left alone.
#
#   dev/up.sh                 start in the background and return once every /health answers 200
#   dev/up.sh --foreground    same, then stay attached (logs to the terminal); Ctrl-C stops everything
#   dev/up.sh --infra-only    only Kafka and PostgreSQL
#
# Everything lives under $LEDGERLINE_HOME (default <repo>/.run): kafka/data, postgres/data, streams-state,
# logs/, pids/. dev/down.sh stops the stack and keeps the data.
# Environment: LEDGERLINE_HOME, LEDGERLINE_KAFKA_PORT (19092), LEDGERLINE_KAFKA_CONTROLLER_PORT (19093),
#   LEDGERLINE_PG_PORT (55432), LEDGERLINE_GATEWAY_PORT (5001), LEDGERLINE_PROCESSOR_PORT (5004),
#   LEDGERLINE_PROJECTION_PORT (5005), LEDGERLINE_JAVA_OPTS (-Xmx384m), LEDGERLINE_KAFKA_HEAP,
#   LEDGERLINE_HEALTH_TIMEOUT (180 s per stage), LEDGERLINE_SKIP_BUILD=1, LEDGERLINE_PG_OPTS (extra server -c options),
#   LEDGERLINE_GATEWAY_BIND_ADDRESS (127.0.0.1 here; 0.0.0.0 to let other hosts in: then run secure),
#   LEDGERLINE_INTERNAL_BIND_ADDRESS (127.0.0.1: processor and projection are never public doors),
#   LEDGERLINE_PARTITIONS (one per core, at least 2; used only when the topics are created).
#   Secure mode: BLNK_SERVER_SECURE=true BLNK_SERVER_SECRET_KEY=<master key> dev/up.sh (passed to all three).
set -euo pipefail

FOREGROUND=0
INFRA_ONLY=${LEDGERLINE_INFRA_ONLY:-0}
for arg in "$@"; do
  case $arg in
    --foreground | -f) FOREGROUND=1 ;;
    --infra-only) INFRA_ONLY=1 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=dev/lib.sh
. "$(dirname "$0")/lib.sh"

HEALTH_TIMEOUT=${LEDGERLINE_HEALTH_TIMEOUT:-180}

# Partitions of the topics a fresh stack creates: one per core here (at least 2, so that two processor instances
# both have work), unless LEDGERLINE_PARTITIONS says otherwise; the processor's own default (6) is for deployments
# that plan to scale out. On one machine every extra partition costs the broker and the processor per request and
# per commit (each exactly-once commit writes a marker to every partition it touched): on 2 cores, 2 partitions
# against 6 cut the broker's CPU per transfer by about a third (docs/benchmarks.md, session 19). A stack that
# already has topics keeps their count.
PARTITIONS=${LEDGERLINE_PARTITIONS:-$(($(nproc) < 2 ? 2 : $(nproc)))}
[[ $PARTITIONS =~ ^[1-9][0-9]*$ ]] || die "LEDGERLINE_PARTITIONS must be a positive number"

# The services refuse to start in secure mode without a master key; say so before building anything.
if [ "${BLNK_SERVER_SECURE:-false}" = true ] && [ -z "${BLNK_SERVER_SECRET_KEY:-}" ] && [ -z "${BLNK_CONFIG_FILE:-}" ]; then
  die "BLNK_SERVER_SECURE=true needs a master key: set BLNK_SERVER_SECRET_KEY (e.g. \$(openssl rand -base64 32))"
fi
T_START=$(now_ms)

mkdir -p "$LOGS" "$PIDS" "$KAFKA_DIR" "$STATE_DIR"
chmod 755 "$RUN"

# One up/down at a time. fd 9 must be closed (9>&-) for every long-lived child we start (JVMs, postmaster),
# or the child would hold the lock after this script ends.
exec 9>"$RUN/.lock"
flock -n 9 || die "another dev/up.sh or dev/down.sh is running on $RUN"

# ---------------------------------------------------------------- failure handling
STARTED=()   # components this invocation started, in start order
SUCCESS=0

cleanup_on_failure() {
  local rc=$? i c pid
  [ "$SUCCESS" -eq 1 ] && return 0
  trap - EXIT INT TERM
  [ "$rc" -eq 0 ] && rc=1
  if [ ${#STARTED[@]} -gt 0 ]; then
    log "start failed (exit $rc): stopping what this run started: ${STARTED[*]}"
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
      c=${STARTED[$i]}
      if [ "$c" = postgres ]; then
        as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
        log "postgres stopped"
      elif pid=$(alive_pid "$c"); then
        stop_pid "$c" 30 "$pid"
        rm -f "$PIDS/$c.pid"
      else
        rm -f "$PIDS/$c.pid"
      fi
    done
  fi
  log "logs: $LOGS"
  exit "$rc"
}
trap cleanup_on_failure EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Refuses to start on a port that someone else holds (our own live processes were skipped before).
require_free_port() {
  if port_open "$1"; then die "port $1 ($2) is already in use by another process; set $3 to another port"; fi
}

# Starts "$@" detached (own session, stdin from /dev/null, output to $log), recording its PID.
spawn() {
  local name=$1 logfile=$2; shift 2
  # The child writes its own PID before exec'ing, so the PID file names the JVM itself.
  # shellcheck disable=SC2016  # $$ and $@ belong to the child shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PIDS/$name.pid" "$@" \
    </dev/null >>"$logfile" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do [ -s "$PIDS/$name.pid" ] && break; sleep 0.05; done
  STARTED+=("$name")
}

# ---------------------------------------------------------------- 1. prerequisites
need_install=()
command -v javac >/dev/null 2>&1 || need_install+=(openjdk-17-jdk-headless)
command -v curl >/dev/null 2>&1 || need_install+=(curl)
pg_bin >/dev/null || need_install+=(postgresql)
if [ ${#need_install[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "missing: ${need_install[*]}; install them (apt-get install -y ${need_install[*]}) and retry"
  log "installing ${need_install[*]} (apt-get)"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_install[@]}" >&2
fi
PGBIN=$(pg_bin) || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin"
command -v "$JAVA" >/dev/null 2>&1 || die "java not found ($JAVA)"
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is needed (found ${java_major:-none})"

# ---------------------------------------------------------------- 2. build the services if needed
if [ "$INFRA_ONLY" -ne 1 ] && [ "${LEDGERLINE_SKIP_BUILD:-0}" -ne 1 ]; then
  stale=()
  for m in "${MODULES[@]}"; do
    jar=$(service_jar "$m")
    if [ ! -f "$jar" ]; then
      stale+=("$m")
    elif [ -n "$(find "$REPO/pom.xml" "$REPO/schemas" "$REPO/ledger-core" "$REPO/observability" "$REPO/$m" \
                  -name target -prune -o -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
      stale+=("$m")
    fi
  done
  running=()
  for m in "${SERVICES[@]}"; do alive_pid "$m" >/dev/null && running+=("$m"); done
  if [ ${#stale[@]} -gt 0 ] && [ ${#running[@]} -gt 0 ]; then
    # Rebuilding would rewrite the jars under running JVMs; leave them alone.
    log "note: ${stale[*]} changed since the last build, but ${running[*]} still run: not rebuilding;"
    log "      dev/down.sh && dev/up.sh picks up the changes"
    stale=()
  fi
  if [ ${#stale[@]} -gt 0 ]; then
    log "building ${stale[*]} (./mvnw -q -B -DskipTests package); first time takes a few minutes"
    t=$(now_ms)
    (cd "$REPO" && "$MVNW" -q -B -ntp -DskipTests package \
        -pl "$(IFS=,; echo "${MODULES[*]}")" -am </dev/null >&2) \
      || die "build failed"
    log "build done in $(since "$t")"
  fi
  for m in "${MODULES[@]}"; do
    [ -f "$(service_jar "$m")" ] || die "$(service_jar "$m") is missing"
  done
fi

# ---------------------------------------------------------------- 3. Kafka
if pid=$(alive_pid kafka); then
  log "kafka already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
else
  rm -f "$PIDS/kafka.pid"
  require_free_port "$KAFKA_PORT" kafka LEDGERLINE_KAFKA_PORT
  require_free_port "$KAFKA_CONTROLLER_PORT" "kafka controller" LEDGERLINE_KAFKA_CONTROLLER_PORT
  KCP=$(kafka_classpath)
  mkdir -p "$KAFKA_DIR/data"
  sed -e "s#@RUN@#$RUN#g" -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
    "$REPO/infra/kafka-broker/server.properties" >"$KAFKA_DIR/server.properties"
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    log "formatting KRaft storage (cluster id $KAFKA_CLUSTER_ID)"
    "$JAVA" -cp "$KCP" -Dlog4j2.configurationFile="$REPO/infra/kafka-broker/tools-log4j2.properties" \
      kafka.tools.StorageTool format --standalone --ignore-formatted \
      -t "$KAFKA_CLUSTER_ID" -c "$KAFKA_DIR/server.properties" >>"$LOGS/kafka.log" 2>&1 \
      || die "kafka storage format failed; see $LOGS/kafka.log"
  fi
  t_kafka=$(now_ms)
  log "starting kafka on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
  # shellcheck disable=SC2086  # KAFKA_HEAP holds several JVM options
  spawn kafka "$LOGS/kafka.log" "$JAVA" $KAFKA_HEAP -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$REPO/infra/kafka-broker/log4j2.properties" \
    -cp "$KCP" kafka.Kafka "$KAFKA_DIR/server.properties"
fi

# ---------------------------------------------------------------- 4. PostgreSQL (starts while Kafka boots)
if pg_running; then
  log "postgres already running on 127.0.0.1:$PG_PORT"
else
  require_free_port "$PG_PORT" postgres LEDGERLINE_PG_PORT
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initdb $PG_DATA"
    mkdir -p "$RUN/postgres"
    chmod 755 "$RUN/postgres"
    if [ "$(id -u)" -eq 0 ]; then
      install -d -o postgres -g postgres -m 700 "$PG_DATA"
      runuser -u postgres -- test -x "$RUN/postgres" \
        || die "user postgres cannot reach $RUN (a parent directory is not world-executable); set LEDGERLINE_HOME elsewhere"
    else
      install -d -m 700 "$PG_DATA"
    fi
    as_pg "$PGBIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >>"$LOGS/postgres-initdb.log" 2>&1 \
      || die "initdb failed; see $LOGS/postgres-initdb.log"
  fi
  touch "$LOGS/postgres.log"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$LOGS/postgres.log"
  t_pg=$(now_ms)
  STARTED+=(postgres)
  # shellcheck disable=SC2086  # LEDGERLINE_PG_OPTS holds several server options
  as_pg "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$LOGS/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 ${LEDGERLINE_PG_OPTS:-}" start >/dev/null 9>&- \
    || die "postgres did not start; see $LOGS/postgres.log"
  log "postgres up on 127.0.0.1:$PG_PORT in $(since "$t_pg")"
fi
PSQL=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
if [ "$("${PSQL[@]}" -tAc "select 1 from pg_database where datname = '$PG_DB'")" != 1 ]; then
  "${PSQL[@]}" -c "create database $PG_DB" || die "could not create database $PG_DB"
  log "created database $PG_DB"
fi

# ---------------------------------------------------------------- 5. wait for Kafka
if [ -n "${t_kafka:-}" ]; then
  for ((i = 0; ; i++)); do
    port_open "$KAFKA_PORT" && break
    alive_pid kafka >/dev/null || { tail -n 30 "$LOGS/kafka.log" >&2; die "kafka exited during start; see $LOGS/kafka.log"; }
    [ "$i" -lt 1200 ] || die "kafka did not open port $KAFKA_PORT within 60s; see $LOGS/kafka.log"
    sleep 0.05
  done
  log "kafka up on 127.0.0.1:$KAFKA_PORT in $(since "$t_kafka")"
fi

# ---------------------------------------------------------------- 6. services
start_service() {
  local m=$1 port pid jar
  port=$(service_port "$m")
  if pid=$(alive_pid "$m"); then
    log "$m already running (pid $pid) on :$port"
    return 0
  fi
  rm -f "$PIDS/$m.pid"
  local var
  case $m in
    api-gateway) var=LEDGERLINE_GATEWAY_PORT ;;
    ledger-processor|ledger-processor-*) var=LEDGERLINE_PROCESSOR_PORT ;;
    projection-service) var=LEDGERLINE_PROJECTION_PORT ;;
  esac
  require_free_port "$port" "$m" "$var"
  jar=$(service_jar "$m")
  local envs=(SERVER_PORT="$port" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT")
  case $m in
    ledger-processor) envs+=(LEDGERLINE_STATE_DIR="$STATE_DIR" LEDGERLINE_PARTITIONS="$PARTITIONS"
      LEDGERLINE_BIND_ADDRESS="${LEDGERLINE_INTERNAL_BIND_ADDRESS:-127.0.0.1}") ;;
    ledger-processor-*) envs+=(LEDGERLINE_STATE_DIR="$STATE_DIR-$m" LEDGERLINE_PROCESSOR_INSTANCE_ID="$m"
      LEDGERLINE_PARTITIONS="$PARTITIONS" LEDGERLINE_BIND_ADDRESS="${LEDGERLINE_INTERNAL_BIND_ADDRESS:-127.0.0.1}") ;;
    projection-service) envs+=(PROJECTION_DB_URL="r2dbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB"
      LEDGERLINE_BIND_ADDRESS="${LEDGERLINE_INTERNAL_BIND_ADDRESS:-127.0.0.1}") ;;
    api-gateway) envs+=(PROJECTION_URL="http://127.0.0.1:$PROJECTION_PORT"
      LEDGERLINE_BIND_ADDRESS="${LEDGERLINE_GATEWAY_BIND_ADDRESS:-127.0.0.1}") ;;
  esac
  local launch=(-jar "$jar")
  if [ "$CDS" = 1 ]; then
    if cds_launch "$m"; then launch=("${CDS_LAUNCH[@]}"); else log "could not extract $jar for CDS; starting the jar"; fi
  fi
  log "starting $m on :$port"
  printf '\n===== %s start %s: %s java %s %s\n' "$(date -Is)" "$m" "${envs[*]}" "$SERVICE_JAVA_OPTS" "${launch[*]}" >>"$LOGS/$m.log"
  # shellcheck disable=SC2086  # SERVICE_JAVA_OPTS holds several JVM options
  spawn "$m" "$LOGS/$m.log" env "${envs[@]}" "$JAVA" $SERVICE_JAVA_OPTS "${launch[@]}"
}

# Waits until GET /health of every named service answers 200, printing progress.
wait_healthy() {
  local t0 deadline pending m code line n=0
  t0=$(now_ms)
  deadline=$(($(date +%s) + HEALTH_TIMEOUT))
  pending=("$@")
  while [ ${#pending[@]} -gt 0 ]; do
    local still=()
    line=""
    for m in "${pending[@]}"; do
      alive_pid "$m" >/dev/null || { tail -n 40 "$LOGS/$m.log" >&2; die "$m exited during start; see $LOGS/$m.log"; }
      code=$(http_code "http://127.0.0.1:$(service_port "$m")/health")
      if [ "$code" = 200 ]; then
        log "$m healthy after $(since "$t0")"
      else
        still+=("$m")
        line+=" $m=$code"
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    [ "$(date +%s)" -lt "$deadline" ] || die "not healthy within ${HEALTH_TIMEOUT}s:$line (LEDGERLINE_HEALTH_TIMEOUT raises the limit)"
    # polled every half second: a service started from its CDS archive is healthy within a few seconds
    if [ -t 2 ]; then
      printf '\r  waiting for /health (%s):%s   ' "$(since "$t0")" "$line" >&2
      sleep 0.5
      printf '\r\033[K' >&2
    else
      [ $((n++ % 20)) -eq 0 ] && log "waiting for /health ($(since "$t0")):$line"
      sleep 0.5
    fi
  done
}

if [ "$INFRA_ONLY" -ne 1 ]; then
  # The processor goes first and must be healthy (it owns the topics) before the readers start.
  start_service ledger-processor
  wait_healthy ledger-processor
  # More instances (LEDGERLINE_PROCESSORS) join the same consumer group and take over some partitions.
  for m in "${EXTRA_PROCESSORS[@]}"; do start_service "$m"; done
  [ ${#EXTRA_PROCESSORS[@]} -eq 0 ] || wait_healthy "${EXTRA_PROCESSORS[@]}"
  start_service projection-service
  start_service api-gateway
  wait_healthy projection-service api-gateway
fi

SUCCESS=1
trap - EXIT INT TERM

# ---------------------------------------------------------------- 7. report
cat >&2 <<EOF

Ledgerline is up ($(since "$T_START")).  Data, logs and PID files: $RUN
  Kafka               127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)   log: $LOGS/kafka.log
  PostgreSQL          127.0.0.1:$PG_PORT  db=$PG_DB user=postgres        log: $LOGS/postgres.log
EOF
if [ "$INFRA_ONLY" -ne 1 ]; then
  cat >&2 <<EOF
  api-gateway         http://127.0.0.1:$GATEWAY_PORT/health        log: $LOGS/api-gateway.log
  ledger-processor    http://127.0.0.1:$PROCESSOR_PORT/health        log: $LOGS/ledger-processor.log
  projection-service  http://127.0.0.1:$PROJECTION_PORT/health        log: $LOGS/projection-service.log
EOF
fi
cat >&2 <<EOF
Stop: dev/down.sh   Status: dev/status.sh   Kafka CLI: dev/kafka-tool.sh topics --list
EOF
if [ "${BLNK_SERVER_SECURE:-false}" = true ]; then
  log "secure mode: every route but /, /health and /metrics needs X-Blnk-Key (the master key or an API key)"
else
  log "INSECURE mode: no authentication on any route (local trial only; BLNK_SERVER_SECURE=true BLNK_SERVER_SECRET_KEY=... to secure)"
fi

[ "$FOREGROUND" -eq 1 ] || exit 0

# ---------------------------------------------------------------- 8. --foreground: stay attached
exec 9>&-   # release the lock: down.sh takes it
TAIL_PID=""
stop_all() {
  trap - INT TERM EXIT
  [ -n "$TAIL_PID" ] && kill "$TAIL_PID" 2>/dev/null
  echo >&2
  log "stopping the stack"
  "$REPO/dev/down.sh"
  exit "${1:-0}"
}
trap 'stop_all 0' INT TERM
trap 'stop_all $?' EXIT
log "attached: Ctrl-C stops everything"
tail -n 0 -F "$LOGS"/*.log &
TAIL_PID=$!
watched=(kafka)
[ "$INFRA_ONLY" -eq 1 ] || watched+=("${SERVICES[@]}")
while true; do
  for c in "${watched[@]}"; do
    alive_pid "$c" >/dev/null || { log "$c exited; see $LOGS/$c.log"; stop_all 1; }
  done
  pg_running || { log "postgres exited; see $LOGS/postgres.log"; stop_all 1; }
  sleep 2
done
