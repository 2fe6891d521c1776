#!/usr/bin/env bash
# The performance table, measured as a user runs ChatFlow: `./chatflow run` with the launcher's
# defaults on a fresh data directory (SQLite), pinned to one core, against ejabberd 23.01 (MUC,
# archive on SQLite) pinned to the same core and driven the same way. As root (ejabberd's setup
# uses apt and its own user). Run from anywhere:
#   bench/run.sh                 # the whole table (about 8 minutes)
# Environment: WARMUP=20 DURATION=20 LOGINS_PHASE=20 IDLE=10000 SERVER_CPU=1 DRIVER_CPU=0
#   PORT=8100 EJABBERD_M1000=1 (0 skips ejabberd at M=1000) OUT=<jsonl file> JAVA_OPTS= (passed to
#   the launcher, so a run can try other JVM flags; the header shows the server's command line);
#   EJABBERD=0, M100=0, M1000=0 leave out those runs (for trying JVM flags).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
peers="$here/peers"
warm=${WARMUP:-20}; dur=${DURATION:-20}; loginsPhase=${LOGINS_PHASE:-20}; idle=${IDLE:-10000}
scpu=${SERVER_CPU:-1}; dcpu=${DRIVER_CPU:-0}; port=${PORT:-8100}
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out=${OUT:-$root/bench/results/$stamp.jsonl}
mkdir -p "$(dirname "$out")"
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

[ "$(id -u)" = 0 ] || { echo "bench/run.sh: run as root (ejabberd's setup installs packages and runs as its own user)" >&2; exit 1; }
command -v node >/dev/null || { echo "bench/run.sh: Node.js 20+ is needed for the driver" >&2; exit 1; }
(cd "$peers" && { [ -d node_modules ] || npm install --silent --no-audit --no-fund >/dev/null; })

# Build the jar, and let one start and stop write the class-data archive the launcher keeps for
# later starts (what a user's second start finds), outside the measurement.
# the only settings changed from the defaults: the write limits a load test from one machine would
# trip (a person may post 30 times in 10 s; each of the P posters here posts hundreds of times a second)
load_settings=(CHATFLOW_REGISTER_RATE_PER_ADDRESS=off CHATFLOW_POST_RATE_PER_USER=off CHATFLOW_POST_RATE_PER_ADDRESS=off)
(cd "$root" && ./chatflow --help >/dev/null)
prep="$(mktemp -d /tmp/cf-bench.XXXX)"
(cd "$prep" && exec env "${load_settings[@]}" CHATFLOW_PORT="$port" "$root/chatflow" run) >"$prep/server.log" 2>&1 &
prep_pid=$!
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.25; done
kill "$prep_pid"; wait "$prep_pid" 2>/dev/null || true; rm -rf "$prep"

server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  "$peers/setup-ejabberd.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

run_ejabberd() { # M P
  log "ejabberd M=$1 P=$2"
  (cd "$peers" && ./setup-ejabberd.sh reset >/dev/null 2>&1 && SERVER_CPU=$scpu ./setup-ejabberd.sh start >/dev/null \
    && ./setup-ejabberd.sh users "$1" >/dev/null)
  (cd "$peers" && taskset -c "$dcpu" timeout 600 node fanout.mjs --backend xmpp --members "$1" --posters "$2" \
    --warmup "$warm" --duration "$dur" --server-pid "$(./setup-ejabberd.sh pid)" \
    --label "ejabberd M=$1 P=$2" --out "$out") >"$out.ejabberd-$1-$2.log" 2>&1 || log "ejabberd M=$1 P=$2 failed: see $out.ejabberd-$1-$2.log"
  (cd "$peers" && ./setup-ejabberd.sh stop >/dev/null 2>&1) || true
}

run_chatflow() { # M P extra-driver-args...
  local m=$1 p=$2; shift 2
  log "chatflow M=$m P=$p $*"
  local wd; wd="$(mktemp -d /tmp/cf-bench.XXXX)"
  # as a user starts it: the launcher, its defaults, a fresh directory; pinned from its start
  (cd "$wd" && exec taskset -c "$scpu" env "${load_settings[@]}" CHATFLOW_PORT="$port" setsid "$root/chatflow" run) >"$wd/server.log" 2>&1 &
  server_pid=$!
  local t0; t0=$(date +%s%N)
  for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.05; done
  local ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  tr '\0' ' ' <"/proc/$server_pid/cmdline" >"$out.cmdline"
  (cd "$peers" && taskset -c "$dcpu" timeout 900 node fanout.mjs --backend chatflow --base "http://127.0.0.1:$port" \
    --members "$m" --posters "$p" --warmup "$warm" --duration "$dur" --server-pid "$server_pid" \
    --connect-timeout 900 --label "chatflow M=$m P=$p" --out "$out" "$@") >"$out.chatflow-$m-$p.log" 2>&1 || log "chatflow M=$m P=$p failed: see $out.chatflow-$m-$p.log"
  echo "{\"label\":\"start chatflow M=$m P=$p\",\"readyMs\":$ready_ms}" >>"$out"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  cp "$wd/server.log" "$out.chatflow-$m-$p.server.log"; rm -rf "$wd"
}

ej=${EJABBERD:-1}
[ "$ej" = 0 ] || run_ejabberd 100 4
[ "${M100:-1}" = 0 ] || run_chatflow 100 4 --logins-phase "$loginsPhase"
[ "$ej" = 0 ] || [ "${EJABBERD_M1000:-1}" = 0 ] || run_ejabberd 1000 1
[ "${M1000:-1}" = 0 ] || run_chatflow 1000 1 --idle "$idle"

node "$here/table.mjs" "$out" \
  --version "$(cd "$root" && ./chatflow -V 2>/dev/null) ($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . ':!bench/results' || echo ', uncommitted changes'))" \
  --server-cmd "$(cat "$out.cmdline") (settings: ${load_settings[*]}, the rest defaults)" \
  --java "$(java -version 2>&1 | head -1)" \
  --ejabberd "$(dpkg-query -W -f='${Version}' ejabberd 2>/dev/null || echo '?')" \
  --cores "$(nproc) x $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)" \
  --pins "server on CPU $scpu, driver on CPU $dcpu" \
  --phases "first ${warm}s, steady ${dur}s, logins ${loginsPhase}s" \
  --load "$load_at_start" | tee "${out%.jsonl}.md"
log "results: $out, table: ${out%.jsonl}.md"
