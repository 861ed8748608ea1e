# shellcheck shell=bash disable=SC2034  # settings are used by the scripts that source this file
# Shared settings and helpers for dev/up.sh, dev/down.sh, dev/status.sh, dev/kafka-tool.sh, dev/bench.sh.
# Sourced, never run. Every setting can be overridden from the environment.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# One directory holds everything the local stack writes: data, logs, PID files.
RUN=${LEDGERLINE_HOME:-$REPO/.run}
mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)

KAFKA_PORT=${LEDGERLINE_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${LEDGERLINE_KAFKA_CONTROLLER_PORT:-19093}
PG_PORT=${LEDGERLINE_PG_PORT:-55432}
GATEWAY_PORT=${LEDGERLINE_GATEWAY_PORT:-5001}
PROCESSOR_PORT=${LEDGERLINE_PROCESSOR_PORT:-5004}
PROJECTION_PORT=${LEDGERLINE_PROJECTION_PORT:-5005}

# Fixed KRaft cluster id: formatting is idempotent with it (a random id per run breaks --ignore-formatted).
KAFKA_CLUSTER_ID=${LEDGERLINE_KAFKA_CLUSTER_ID:-W8rJ6SS9Q6ih8d3QquYUzg}
KAFKA_HEAP=${LEDGERLINE_KAFKA_HEAP:--Xms256m -Xmx512m}
SERVICE_JAVA_OPTS=${LEDGERLINE_JAVA_OPTS:--Xmx384m}
PG_DB=ledgerline
# The JVM for the broker and the services: $JAVA_HOME's when set (as ./mvnw does), else java on PATH.
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# LEDGERLINE_PROCESSORS=N (default 1) runs N ledger-processor instances side by side: ledger-processor, then
# ledger-processor-2 ... (instance id = that name, port 5004 + 10 per instance, state under .run/streams-state-<name>).
PROCESSORS=${LEDGERLINE_PROCESSORS:-1}
[[ $PROCESSORS =~ ^[1-9][0-9]*$ ]] || { printf 'LEDGERLINE_PROCESSORS must be a positive number\n' >&2; exit 1; }
EXTRA_PROCESSORS=()
for ((n = 2; n <= PROCESSORS; n++)); do EXTRA_PROCESSORS+=("ledger-processor-$n"); done
# Start order; down.sh stops them in reverse.
SERVICES=(ledger-processor "${EXTRA_PROCESSORS[@]}" projection-service api-gateway)
# The Maven modules behind them.
MODULES=(ledger-processor projection-service api-gateway)

# The module a service runs (every processor instance runs ledger-processor).
module_of() {
  case $1 in
    ledger-processor-*) echo ledger-processor ;;
    *) echo "$1" ;;
  esac
}

KAFKA_DIR=$RUN/kafka
PG_DATA=$RUN/postgres/data
LOGS=$RUN/logs
PIDS=$RUN/pids
STATE_DIR=$RUN/streams-state

MVNW=$REPO/mvnw

log() { printf '%s [ledgerline] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Seconds since the epoch with milliseconds, for timings.
now_ms() { date +%s%3N; }
since() { local t0=$1; local t1; t1=$(now_ms); printf '%d.%01ds' $(((t1 - t0) / 1000)) $((((t1 - t0) % 1000) / 100)); }

service_port() {
  case $1 in
    api-gateway) echo "$GATEWAY_PORT" ;;
    ledger-processor) echo "$PROCESSOR_PORT" ;;
    ledger-processor-*) echo $((PROCESSOR_PORT + 10 * (${1##*-} - 1))) ;;
    projection-service) echo "$PROJECTION_PORT" ;;
    *) return 1 ;;
  esac
}

# The runnable jar of a service module (the Boot plugin repackages with classifier "exec").
service_jar() {
  local m j
  m=$(module_of "$1")
  for j in "$REPO/$m/target/$m"-*-exec.jar; do
    [ -f "$j" ] && { echo "$j"; return 0; }
  done
  echo "$REPO/$m/target/$m-0.1.0-SNAPSHOT-exec.jar"
}

# A marker that must appear in the command line of the process behind a PID file, so that a
# recycled PID of an unrelated process is never taken for ours.
pid_marker() {
  case $1 in
    kafka) echo "kafka.Kafka" ;;
    *) echo "$(module_of "$1")-" ;;   # the jar name: <module>-<version>-exec.jar
  esac
}

# Class-data sharing (CDS): a service started from its jar's extracted layout with an archive of the classes its last
# cleanly stopped run loaded starts in about half the time (docs/ARCHITECTURE.md, "The local stack"). A run without an
# archive records one, written by the JVM when it exits on SIGTERM (a few seconds more at that stop) under a temporary
# name that dev/down.sh keeps only after a clean stop; a kill -9 writes none. LEDGERLINE_CDS=0 runs the plain jar.
CDS=${LEDGERLINE_CDS:-1}

# The directory of service $1's CDS files for the current jar and JVM: <module>/target/cds/<jar and JVM stamp>.
cds_dir() {
  local jar java_bin
  jar=$(service_jar "$1")
  java_bin=$(readlink -f "$(command -v "$JAVA")")
  echo "$(dirname "$jar")/cds/$(stat -c '%s-%Y' "$jar")-$(stat -c '%Y' "$java_bin")-$(printf '%s' "$java_bin" | cksum | cut -d' ' -f1)"
}

# Sets CDS_LAUNCH to the java arguments that start service $1 from the extracted layout: with its archive when one
# was kept, else recording one. Fails when the jar cannot be extracted (the caller then runs the plain jar).
cds_launch() {
  local m=$1 jar dir layout
  jar=$(service_jar "$m")
  dir=$(cds_dir "$m")
  layout=$dir/layout/$(basename "$jar")
  if [ ! -f "$layout" ]; then
    cds_forget_old "$(dirname "$dir")" "$dir"
    mkdir -p "$dir"
    "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$dir/layout.tmp" >/dev/null 2>&1 \
      && mv "$dir/layout.tmp" "$dir/layout" || { rm -rf "$dir/layout.tmp"; return 1; }
  fi
  # one archive per module: every processor instance loads the same classes
  if [ -s "$dir/$(module_of "$m").jsa" ]; then
    CDS_LAUNCH=(-XX:SharedArchiveFile="$dir/$(module_of "$m").jsa" -jar "$layout")
  else
    rm -f "$dir/$m.jsa.part"
    # the dump lists every class it leaves out as a warning: not for the service's log
    CDS_LAUNCH=(-XX:ArchiveClassesAtExit="$dir/$m.jsa.part" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$layout")
  fi
}

# Removes the CDS directories under $1 other than $2 (a rebuilt jar gets a new stamp) that no running process uses: a
# JVM opens a classpath jar only when it first needs a class from it.
cds_forget_old() {
  local d
  for d in "$1"/*/; do
    d=${d%/}
    [ -d "$d" ] && [ "$d" != "$2" ] || continue
    grep -qsF "$d/" /proc/[0-9]*/cmdline || rm -rf "$d"
  done
}

# After service $1 stopped cleanly (it exited on SIGTERM, so its JVM finished writing), keeps the archive it recorded.
cds_keep() {
  local dir
  [ "$CDS" = 1 ] || return 0
  dir=$(cds_dir "$1")
  if [ -s "$dir/$1.jsa.part" ]; then mv -f "$dir/$1.jsa.part" "$dir/$(module_of "$1").jsa"; fi
  return 0
}

# Prints the PID recorded for a component if that process is alive and is ours; fails otherwise.
alive_pid() {
  local name=$1 f="$PIDS/$1.pid" pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(pid_marker "$name")" || return 1
  echo "$pid"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# HTTP status of GET url ("000" when nothing answers).
http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }

pg_bin() {
  local d
  # shellcheck disable=SC2012  # version directories have plain names
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

# The balance entries the read model holds (what dev/grow-ledger.sh grows to and dev/bench-compare.sh reports as the
# ledger's size); fails when PostgreSQL does not answer.
projected_entries() {
  "$(pg_bin)/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -tA \
    -c "select count(*) from balance_entries"
}

# Runs a PostgreSQL server binary as the postgres user when we are root (postgres refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_running() {
  local bin
  bin=$(pg_bin) || return 1
  [ -f "$PG_DATA/PG_VERSION" ] || return 1
  as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

# SIGTERM, wait up to $2 seconds, then SIGKILL. Returns when the process is gone; STOP_KILLED=1 when it came to SIGKILL.
stop_pid() {
  local name=$1 timeout=$2 pid=$3 i
  STOP_KILLED=0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { log "$name stopped (pid $pid)"; return 0; }
    sleep 0.1
  done
  log "$name did not stop within ${timeout}s: SIGKILL (pid $pid)"
  STOP_KILLED=1
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

# Broker classpath: resolved once with Maven and cached until the broker pom changes.
kafka_classpath() {
  local cp=$KAFKA_DIR/classpath.txt pom=$REPO/infra/kafka-broker/pom.xml ok=1 jar
  mkdir -p "$KAFKA_DIR"
  if [ -s "$cp" ] && [ "$cp" -nt "$pom" ]; then
    IFS=: read -r -a jars <"$cp"
    for jar in "${jars[@]}"; do [ -f "$jar" ] || { ok=0; break; }; done
  else
    ok=0
  fi
  if [ $ok -eq 0 ]; then
    log "resolving the Kafka broker classpath (infra/kafka-broker/pom.xml)"
    "$MVNW" -q -B -ntp -f "$pom" dependency:build-classpath \
      -Dmdep.outputFile="$cp.tmp" -DincludeScope=runtime </dev/null >&2
    mv "$cp.tmp" "$cp"
  fi
  cat "$cp"
}
