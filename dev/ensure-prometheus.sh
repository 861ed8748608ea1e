#!/usr/bin/env bash
# Prints the path of a Prometheus server binary, installing Debian's package when none is found
# (apt-get install -y prometheus; needs root, as on CI and this project's machines). Used by the
# dashboard test (integration-tests GrafanaDashboardsIT) and usable by hand:
#   PROM=$(dev/ensure-prometheus.sh) && "$PROM" --version
# Installing does not start a Prometheus service here (no init system); callers run their own process.
set -euo pipefail

find_prometheus() {
  command -v prometheus 2>/dev/null && return 0
  [ -x /usr/bin/prometheus ] && { echo /usr/bin/prometheus; return 0; }
  return 1
}

if find_prometheus; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "prometheus is not installed and apt-get is not available; install Prometheus 2.x and put it on PATH" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "prometheus is not installed; run as root or: sudo apt-get install -y prometheus" >&2
  exit 1
fi
echo "installing prometheus with apt-get (one time)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends prometheus >&2
find_prometheus || { echo "prometheus still not found after apt-get install" >&2; exit 1; }
