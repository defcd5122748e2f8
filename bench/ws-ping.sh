#!/usr/bin/env bash
# WebSocket ping/pong round trip (one connection, 10,000 messages after 2,000 warm-up), server start
# time and idle RSS of the server started exactly as './osprey run' starts it.
#   bench/ws-ping.sh [messages]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
MESSAGES="${1:-10000}"
PORT="${OSPREY_BENCH_PORT:-15380}"
LOG="$(mktemp)"

JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-signaling,osprey-server install -DskipTests
JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-server test-compile

"$JAVA" -jar osprey-server/target/osprey-server.jar --server.host=127.0.0.1 --server.httpPort="$PORT" \
  --server.httpsPort=$((PORT + 1)) >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -f "$LOG"' EXIT

for _ in $(seq 1 100); do grep -q "Osprey started" "$LOG" && break; sleep 0.1; done
grep -o "Osprey started in [0-9]* ms" "$LOG" || { cat "$LOG"; exit 1; }

sleep 3
echo "idle RSS: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status")"

"$JAVA" -cp osprey-server/target/test-classes dev.osprey.server.bench.WsPingBenchmark \
  "ws://127.0.0.1:$PORT/LiveApp/websocket?target=origin" "$MESSAGES" 2000
echo "RSS after the run: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status")"

kill -TERM "$SERVER"
wait "$SERVER" && echo "server stopped, exit code 0"
