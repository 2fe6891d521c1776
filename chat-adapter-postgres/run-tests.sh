#!/usr/bin/env bash
# Runs chat-adapter-postgres's tests against a throw-away PostgreSQL: finds Debian's server
# binaries (installing the postgresql package when missing), creates a cluster in a temporary
# directory owned by the postgres user (initdb refuses root), starts it on a free loopback port,
# runs the module's tests and then the HTTP suite with CHATFLOW_TEST_PG_URL pointing at it, then
# stops and removes it.
# Extra arguments go to Maven (e.g. -Dtest=EventOrderTest); --benchmark [seconds [posters,conversations]] runs the
# benchmark (Benchmark.java) on the same kind of server instead of the tests; --cluster-benchmark [M P seconds [posts/s]]
# runs the two-node fan-out benchmark (chat-app's ClusterFanoutBenchmark). To use a server of your own instead,
# set CHATFLOW_TEST_PG_URL (and CHATFLOW_TEST_PG_USER, CHATFLOW_TEST_PG_PASSWORD) and run Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
}

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "run-tests: installing PostgreSQL (Debian package postgresql)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-common >/dev/null
  # no cluster of Debian's own: the tests make theirs
  $SUDO sed -i 's/^#\?create_main_cluster.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  BIN="$(find_bin)"
fi

# the cluster's owner: never root (initdb refuses it)
if [ "$(id -u)" = 0 ]; then
  OWNER=postgres
  id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home "$OWNER"
  AS=(runuser -u "$OWNER" --)
else
  OWNER="$(id -un)"
  AS=()
fi

DIR="$(mktemp -d /tmp/chatflow-pg.XXXXXX)"
chown "$OWNER" "$DIR"
chmod 700 "$DIR"
stop() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT
trap 'exit 130' INT TERM

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  else
    local port
    while port=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do :; done
    echo "$port"
  fi
}
PORT="$(free_port)"
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -A trust -U chatflow -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log"; exit 1; }
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null \
  || { cat "$DIR/server.log"; exit 1; }
echo "run-tests: PostgreSQL $("$BIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$PORT ($DIR)"

export CHATFLOW_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PORT/postgres"
export CHATFLOW_TEST_PG_USER=chatflow
export CHATFLOW_TEST_PG_PASSWORD=
if [ "${1:-}" = "--cluster-benchmark" ]; then
  # two nodes in one JVM on this server: M members, P posters, seconds measured, posts/s in all (default 100 4 10,
  # posters as fast as they are acknowledged)
  shift
  mvn -q -B -Dstyle.color=never -pl chat-app -am test-compile exec:java@cluster-benchmark -Dexec.args="${*:-100 4 10}"
  exit 0
fi
if [ "${1:-}" = "--benchmark" ]; then
  # seconds per figure (default 5), then optionally one row alone: posters,conversations
  shift
  mvn -q -B -Dstyle.color=never -pl chat-adapter-postgres -am test-compile exec:java@postgres-benchmark -Dexec.args="${*:-5}"
  exit 0
fi
# -am builds what the module needs; only its own tests run here (the rest run in `mvn verify`)
mvn -B -Dstyle.color=never -pl chat-adapter-postgres -am verify "-Dtest=io.chatflow.adapter.postgres.**.*" "$@"
# Then the whole HTTP suite with its server on PostgreSQL (each test server in a schema of its
# own) and the app's end-to-end test on it (server and library, a database of their own),
# unless the arguments asked for particular tests.
if [ $# -eq 0 ]; then
  CHATFLOW_TEST_STORE=postgres mvn -B -Dstyle.color=never -pl chat-adapter-http,chat-app -am verify \
    -Dsurefire.failIfNoSpecifiedTests=false '-Dtest=io/chatflow/adapter/http/**/*,io/chatflow/app/PostgresEndToEndTest,io/chatflow/app/cluster/**/*'
fi
