#!/usr/bin/env bash
# Scanner throughput against a range of emulated Ollama hosts, with wrk's one-connection-per-
# request rate against one of those hosts as the reference, in the same run.
#
# Usage: bench/scan-load.sh [-r RANGE] [-p PASSES] [-c CONCURRENCY] [-m MAX_REQUESTS] [-d WRK_DURATION]
#   -r  loopback range the lab serves and the scanner checks (default 127.0.32.0/20: 4,096 hosts)
#   -p  scan passes in one JVM; the first ones warm the JIT (default 10)
#   -c  hosts checked at once (default 1024)
#   -m  requests per host (default 16, the scanner's default: a full check takes 8 here;
#       4 = the identification round only, i.e. verification without the inventory)
#   -d  wrk duration for the reference (default 10s)
#
# Every host is an emulated Ollama 0.32.15 with three models: by default each check is the full
# fingerprint (identify + inventory, 8 requests on one connection). Everything stays on loopback.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
range=127.0.32.0/20
passes=10
concurrency=1024
max_requests=16
duration=10s
while getopts "r:p:c:m:d:h" opt; do
  case "$opt" in
    r) range="$OPTARG" ;;
    p) passes="$OPTARG" ;;
    c) concurrency="$OPTARG" ;;
    m) max_requests="$OPTARG" ;;
    d) duration="$OPTARG" ;;
    *) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
die() { echo "scan-load: $*" >&2; exit 1; }
[[ "$range" == 127.* ]] || die "the range must be loopback (127.0.0.0/8), not $range"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"

if [[ -z "${JAVA_HOME:-}" ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
jar="$root/corral-bench/target/benchmarks.jar"
[[ -f "$jar" && -f "$root/corral-cli/target/corral.jar" ]] ||
  (cd "$root" && ./mvnw -B -q -DskipTests package)

work="$(mktemp -d -t scan-load.XXXXXX)"
lab_pid=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [[ -n "$lab_pid" ]] && kill "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT

cat >"$work/lab.yaml" <<YAML
defaults:
  ollama_host: 0.0.0.0:11434
  token_interval: 0
hosts:
  - range: $range
YAML
"$root/bin/corral" lab --config "$work/lab.yaml" >"$work/lab.log" 2>&1 &
lab_pid=$!
first="${range%/*}"
for _ in $(seq 1 300); do
  kill -0 "$lab_pid" 2>/dev/null || die "corral lab exited: $(tail -3 "$work/lab.log")"
  curl -fsS -o /dev/null --max-time 1 "http://$first:11434/" 2>/dev/null && break
  sleep 0.2
done

# Warm the lab's JIT on every route a check uses, so neither measurement sees it cold.
for path in / /api/version /api/tags /api/ps /v1/models; do
  wrk -t1 -c32 -d3s "http://$first:11434$path" >/dev/null
done
echo "machine: $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "lab: $(head -1 "$work/lab.log")"
echo "reference: wrk -t1 -c64 -d$duration -H 'Connection: close' http://$first:11434/"
wrk -t1 -c64 -d"$duration" -H "Connection: close" "http://$first:11434/" | grep -E "Requests/sec|Socket errors|Non-2xx" || true
echo "scanner: $passes passes over $range, concurrency $concurrency, at most $max_requests requests per host"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.corral.bench.ScanThroughput \
  "$range" 11434 "$passes" "$concurrency" "$max_requests" 2>/dev/null
