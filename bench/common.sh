# Shell functions shared by the load scripts in bench/ (sourced, not run). The caller sets
# `script_name` (the prefix of its messages) before sourcing, and `threads`, `connections` and `bench`
# before calling run_wrk.

say() { echo "$script_name: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# Installs a Debian package when its command is missing (as root, saying so).
apt_updated=""
need() {
  local command="$1" package="$2"
  command -v "$command" >/dev/null 2>&1 && return 0
  [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1 ||
    die "$command is missing; install Debian's $package package (apt-get install $package)"
  say "$command is missing: installing Debian's $package package with apt-get"
  if [[ -z "$apt_updated" ]]; then
    apt-get update -q >/dev/null
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null
  command -v "$command" >/dev/null 2>&1 || die "installing $package did not provide $command"
}

# Builds corral's jar when it is missing, with a JDK 21+ (JAVA_HOME, else the first found).
ensure_jar() {
  local jar="$1" root="$2" candidate release
  [[ -f "$jar" ]] && return 0
  if [[ -z "${JAVA_HOME:-}" ]]; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
      release="$("$candidate/bin/java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' |
        cut -d. -f1)" || continue
      if [[ "$release" =~ ^[0-9]+$ ]] && ((release >= 21)); then
        export JAVA_HOME="$candidate"
        break
      fi
    done
  fi
  say "$jar is missing: building it (./mvnw -B -q -DskipTests package)"
  (cd "$root" && ./mvnw -B -q -DskipTests package)
}

# Waits until URL answers 2xx while process PID lives.
wait_ready() {
  local url="$1" pid="$2" server="$3" log="$4"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || die "$server exited while starting: $(tail -5 "$log")"
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  die "$server did not answer $url within 30 s: $(tail -5 "$log")"
}

# A port nothing on 127.0.0.1 accepts connections on.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "found no free port on 127.0.0.1"
}

# Starts `corral lab` on a free loopback port; sets lab_pid and lab_url.
start_lab() {
  local jar="$1" root="$2" log="$3"
  CORRAL_JAR="$jar" "$root/bin/corral" lab --listen 127.0.0.1 --port 0 --token-interval 0 --json \
    >"$log" 2>&1 &
  lab_pid=$!
  lab_url=""
  for _ in $(seq 1 300); do
    lab_url="$(grep -o '"url":"http://127\.0\.0\.1:[0-9]*"' "$log" | head -1 | cut -d'"' -f4)" ||
      true
    [[ -n "$lab_url" ]] && break
    kill -0 "$lab_pid" 2>/dev/null || die "corral lab exited while starting: $(tail -5 "$log")"
    sleep 0.1
  done
  [[ -n "$lab_url" ]] || die "corral lab printed no URL within 30 s: $(tail -5 "$log")"
  wait_ready "$lab_url/" "$lab_pid" "corral lab" "$log"
}

# Records what the lab answers on each route ("NAME|PATH|BODY") as files nginx can serve from
# WWW (GET / becomes index.txt).
record_routes() {
  local lab_url="$1" www="$2" route name path body file status
  shift 2
  mkdir -p "$www/api"
  for route in "$@"; do
    IFS='|' read -r name path body <<<"$route"
    file="$www${path}"
    [[ "$path" == / ]] && file="$www/index.txt"
    local args=(-sS -o "$file" -w '%{http_code}' --max-time 10)
    [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    status="$(curl "${args[@]}" "$lab_url$path")"
    [[ "$status" == 200 ]] || die "the lab answered $name with $status, not 200"
  done
}

# Runs wrk with bench/wrk.lua (WRK_BODY: POST body; WRK_AUTH: Authorization), on the CPUs in
# WRK_CPUS when it is set (taskset); prints its RESULT line and keeps the full output in OUT.
run_wrk() {
  local url="$1" body="$2" seconds="$3" out="$4" conns="${5:-$connections}"
  local pin=()
  [[ -z "${WRK_CPUS:-}" ]] || pin=(taskset -c "$WRK_CPUS")
  WRK_BODY="$body" "${pin[@]}" wrk -t "$threads" -c "$conns" -d "$seconds" --timeout 5s \
    -s "$bench/wrk.lua" "$url" >"$out" 2>&1 || die "wrk failed against $url: $(tail -3 "$out")"
  grep '^RESULT ' "$out" || die "wrk printed no RESULT line against $url: $(tail -3 "$out")"
}

# The value of KEY=VALUE in a RESULT line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# Socket errors plus responses >= 400 in a RESULT line.
errors_of() {
  local result="$1"
  echo $(($(field connect "$result") + $(field read "$result") + $(field write "$result") +
    $(field timeout "$result") + $(field status "$result")))
}
