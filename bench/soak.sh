#!/usr/bin/env bash
# The soak: an hour of mixed traffic (bench/peers/soak.mjs) against one server started as a user
# starts it (`./chatflow run`, launcher defaults, every limit at its default, a fresh data
# directory), sampling its heap after GC, threads, open file descriptors and RSS every minute.
#   bench/soak.sh                # 60 minutes
#   MINUTES=5 bench/soak.sh      # a short run
# Environment: MINUTES=60 SAMPLE=60 (seconds) PORT=8110 OUT=<jsonl file>. Needs Node.js 20+ and
# the JDK's jcmd/jstat. Exits non-zero when the driver saw an error other than the limits it provokes.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
port=${PORT:-8110}
out=${OUT:-$root/bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ).jsonl}
mkdir -p "$(dirname "$out")"
command -v node >/dev/null || { echo "bench/soak.sh: Node.js 20+ is needed for the driver" >&2; exit 1; }
(cd "$here/peers" && { [ -d node_modules ] || npm install --silent --no-audit --no-fund >/dev/null; })
(cd "$root" && ./chatflow --help >/dev/null) # builds when stale

wd="$(mktemp -d /tmp/cf-soak.XXXX)"
(cd "$wd" && CHATFLOW_PORT="$port" exec "$root/chatflow" run) >"$wd/server.log" 2>&1 &
server_pid=$! # the launcher execs java: this is the server's pid
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; cp "$wd/server.log" "$out.server.log"; rm -rf "$wd"' EXIT
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.25; done
echo "soak: server pid $server_pid on port $port; samples to $out" >&2
status=0
node "$here/peers/soak.mjs" --base "http://127.0.0.1:$port" --server-pid "$server_pid" \
  --minutes "${MINUTES:-60}" --sample "${SAMPLE:-60}" --out "$out" || status=$?
echo "soak: server log lines at WARN or ERROR: $(grep -cE ' (WARN|ERROR) ' "$wd/server.log" || true)" >&2
node "$here/soak-table.mjs" "$out"
exit "$status"
