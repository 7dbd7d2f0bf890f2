#!/usr/bin/env bash
# Load test of the emulated Ollama server: wrk against `corral lab` on four routes, and against a
# static nginx serving the same bytes as the reference, in the same run with the same settings.
#
# Usage: bench/lab-load.sh [-d DURATION] [-w WARMUP] [-c CONNECTIONS] [-t THREADS] [-o DIR]
#   -d  measured time per route and server (wrk duration; default 10s)
#   -w  unmeasured warm-up before each measurement (default 5s; lets the lab's JIT compile)
#   -c  open connections (default 16)
#   -t  wrk threads (default 1)
#   -o  keep every raw wrk output and the server logs in DIR
#
# Builds corral if its jar is missing; installs Debian's wrk, nginx and curl if missing (as root,
# with apt-get, saying so). Every server listens on 127.0.0.1 and all traffic stays on loopback.
# Both servers, wrk and this script share the machine's cores: the numbers are for that set-up.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"

duration=10s
warmup=5s
connections=16
threads=1
keep=""

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while getopts "d:w:c:t:o:h" opt; do
  case "$opt" in
    d) duration="$OPTARG" ;;
    w) warmup="$OPTARG" ;;
    c) connections="$OPTARG" ;;
    t) threads="$OPTARG" ;;
    o) keep="$OPTARG" ;;
    h) usage 0 ;;
    *) usage 2 ;;
  esac
done

script_name=lab-load
# shellcheck source=bench/common.sh
source "$bench/common.sh"

# --- tools -------------------------------------------------------------------------------------

need wrk wrk
need nginx nginx
need curl curl

# --- build -------------------------------------------------------------------------------------

jar="${CORRAL_JAR:-$root/corral-cli/target/corral.jar}"
ensure_jar "$jar" "$root"

# --- servers (stopped on any exit) -------------------------------------------------------------

work="$(mktemp -d -t lab-load.XXXXXX)"
# nginx's workers drop root; they must be able to read the files they serve.
chmod 755 "$work"
lab_pid=""
nginx_pid=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in $lab_pid $nginx_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $lab_pid $nginx_pid; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$keep" ]]; then
    mkdir -p "$keep"
    cp -r "$work/out" "$work/lab.log" "$work/nginx.log" "$keep/" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_lab "$jar" "$root" "$work/lab.log"

# The routes: name, path, POST body (empty for GET).
routes=(
  "GET /|/|"
  "GET /api/tags|/api/tags|"
  "POST /api/show|/api/show|{\"model\":\"llama3.2\"}"
  "POST /api/generate|/api/generate|{\"model\":\"llama3.2\",\"prompt\":\"What is 2+2?\"}"
)

# The reference serves what the lab answered, byte for byte (generate: one recorded stream).
mkdir -p "$work/nginx/tmp" "$work/out"
record_routes "$lab_url" "$work/nginx/www" "${routes[@]}"
chmod -R a+rX "$work/nginx"

nginx_port="$(free_port)"
sed "s/@PORT@/$nginx_port/" "$bench/nginx.conf" >"$work/nginx/nginx.conf"
nginx -p "$work/nginx/" -c nginx.conf >"$work/nginx.log" 2>&1 &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port"
wait_ready "$nginx_url/" "$nginx_pid" "nginx" "$work/nginx.log"

# Same status and (but for generate's timestamps) the same body size on both servers before any
# load.
body_size() {
  local url="$1" name="$2" body="$3" status size
  local args=(-sS -o /dev/null -w '%{http_code} %{size_download}' --max-time 10)
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  read -r status size <<<"$(curl "${args[@]}" "$url")"
  [[ "$status" == 200 ]] || die "$url answered $name with $status, not 200"
  echo "$size"
}
for route in "${routes[@]}"; do
  IFS='|' read -r name path body <<<"$route"
  lab_size="$(body_size "$lab_url$path" "$name" "$body")"
  nginx_size="$(body_size "$nginx_url$path" "$name" "$body")"
  ((lab_size > 0 && nginx_size * 100 >= lab_size * 99 && nginx_size * 100 <= lab_size * 101)) ||
    die "$name: the lab answers $lab_size bytes of body, nginx $nginx_size"
done

# --- load --------------------------------------------------------------------------------------

# bin/corral execs java, so the lab's process is the JVM.
java_version="$("$(readlink "/proc/$lab_pid/exe")" -version 2>&1 | head -1 || true)"
echo "lab-load $(date -u +%FT%TZ)  $(nproc) cores  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: -t $threads -c $connections -d $duration (after $warmup warm-up) per route and server"
echo "lab: $lab_url ($java_version, --token-interval 0)   reference: $nginx_url ($(nginx -v 2>&1 | cut -d' ' -f3))"
echo

printf '%-20s %-6s %10s %10s %10s %10s %10s %8s %8s\n' \
  route server 'req/s' 'mean ms' 'p50 ms' 'p99 ms' 'max ms' 'B/resp' errors
n=0
for route in "${routes[@]}"; do
  IFS='|' read -r name path body <<<"$route"
  for server in lab nginx; do
    url="$lab_url"
    [[ "$server" == nginx ]] && url="$nginx_url"
    n=$((n + 1))
    run_wrk "$url$path" "$body" "$warmup" "$work/out/$n-$server-warmup.txt" >/dev/null
    result="$(run_wrk "$url$path" "$body" "$duration" "$work/out/$n-$server.txt")"
    requests="$(field requests "$result")"
    errors="$(errors_of "$result")"
    awk -v name="$name" -v server="$server" -v rps="$(field rps "$result")" \
      -v mean="$(field mean_us "$result")" -v p50="$(field p50_us "$result")" \
      -v p99="$(field p99_us "$result")" -v max="$(field max_us "$result")" \
      -v bytes="$(field bytes "$result")" -v requests="$requests" -v errors="$errors" \
      'BEGIN { printf "%-20s %-6s %10.0f %10.2f %10.2f %10.2f %10.2f %8.0f %8d\n",
        name, server, rps, mean / 1000, p50 / 1000, p99 / 1000, max / 1000,
        (requests > 0 ? bytes / requests : 0), errors }'
  done
done

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "B/resp: bytes received per response, headers included. errors: socket errors plus responses"
echo "with status >= 400 (wrk's count). Raw wrk output: -o DIR."
