#!/bin/sh
# The live-delivery benchmark: the server in its own JVM on core 0, the driver on core 1.
#   chat-adapter-http/src/test/bench/live-bench.sh ws 100 4     # mode (ws|sse|idle), members M, posters P
# Options through the environment: SECONDS_=10 WARMUP=20 WARM_POSTS=20000 IDLE=15000 SERVER_HEAP=512m STORE=memory|sqlite WORKERS=4 SERVER_OPTS=
# (SERVER_OPTS=-Dbench.backlog=N sets CoreSettings.deliveryBacklog; SERVER_GC= replaces -XX:+UseSerialGC;
#  DRIVER_OPTS= adds JVM options to the driver)
# Before its WARMUP seconds of the real load, the driver posts WARM_POSTS messages to a small
# conversation: at M=1000 posts come about 80 a second, so the post path would otherwise reach the
# optimising compiler only after about 100 s, and C2 compiling it in the measured window held the
# server's one core for up to 13 ms at a time (-XX:+PrintCompilation and `perf sched` showed it).
set -eu
mode=${1:-ws}; members=${2:-100}; posters=${3:-4}
root=$(cd "$(dirname "$0")/../../../.." && pwd)
out=$root/chat-adapter-http/target/live-bench
mkdir -p "$out"
cd "$root"
mvn -q -pl chat-adapter-http -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/cp.txt" -Dmdep.includeScope=test
cp="$root/chat-adapter-http/target/test-classes:$root/chat-adapter-http/target/classes:$(cat "$out/cp.txt")"
rm -f "$out/setup.txt"
# The heap starts at 64 MiB and grows as needed (the JVM would start at 1/64 of the machine's memory).
taskset -c 0 java -Xms64m -Xmx${SERVER_HEAP:-512m} ${SERVER_GC:--XX:+UseSerialGC} -cp "$cp" \
  -Dlogback.configurationFile=none -Dbench.members="$members" -Dbench.setup="$out/setup.txt" \
  -Dbench.store="${STORE:-memory}" -Dbench.workers="${WORKERS:-4}" -Dbench.db="$out/live-bench.db" \
  ${SERVER_OPTS:-} io.chatflow.adapter.http.bench.LiveBenchServer > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
while [ ! -f "$out/setup.txt" ]; do
  kill -0 $server 2>/dev/null || { cat "$out/server.log"; exit 1; }
  sleep 0.2
done
taskset -c 1 java -Xmx1g ${DRIVER_OPTS:-} -cp "$cp" -Dbench.mode="$mode" -Dbench.posters="$posters" \
  -Dbench.seconds="${SECONDS_:-10}" -Dbench.warmup="${WARMUP:-20}" -Dbench.warmPosts="${WARM_POSTS:-20000}" -Dbench.idle="${IDLE:-15000}" \
  -Dbench.setup="$out/setup.txt" io.chatflow.adapter.http.bench.LiveBenchDriver
