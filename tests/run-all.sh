#!/usr/bin/env bash
# Every test of the repository, from a fresh machine: installs what the integration tests need, then runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need_apt+=(mosquitto)
# The Mosquitto harness compiles the methane-gate plugin (src/Methane.Broker/mosquitto-plugin) with gcc against these headers.
command -v gcc >/dev/null 2>&1 || need_apt+=(gcc)
[ -f /usr/include/mosquitto_broker.h ] || need_apt+=(mosquitto-dev)
[ -f /usr/include/mosquitto.h ] || need_apt+=(libmosquitto-dev)
[ -f /usr/include/openssl/x509v3.h ] || need_apt+=(libssl-dev)
# The dashboard's browser tests drive Debian's Chromium through Playwright (no browser download).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# The cloud inversion job's InfluxQL query and line protocol are checked against a real InfluxDB 1.x (Debian's influxdb),
# started by the tests on a free loopback port with a throwaway data folder.
[ -x /usr/bin/influxd ] || need_apt+=(influxdb)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "run-all: missing Debian packages: ${need_apt[*]} (run as root, or: sudo apt-get install ${need_apt[*]})" >&2
    exit 2
  fi
  echo "run-all: installing ${need_apt[*]} from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# Installing the packages may start a system broker on 1883 or InfluxDB on 8086. The tests never touch it: each starts its own broker on a
# free loopback port and stops only that one, by PID.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The nanoFramework project lists the core's files explicitly (no wildcards in .nfproj): fail if the list is stale.
python3 src/Methane.Firmware.Device/tools/gen-core-items.py --check
python3 src/Methane.Firmware.Device/tools/packages.py --check
# The device's board constants are generated from boards/*.json: fail if they are stale.
python3 src/Methane.Firmware.Device/tools/gen-board-sources.py --check
dotnet build Firmware.sln -c Release -nologo -v q

figures=$(mktemp)
export METHANE_FIGURES_FILE="$figures"
status=0
dotnet test Firmware.sln -c Release --no-build -nologo "$@" || status=$?
if [ -s "$figures" ]; then
  echo
  echo "== Figures measured by this run (reported, not asserted)"
  sort "$figures"
fi
rm -f "$figures"
exit $status
