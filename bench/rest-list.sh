#!/usr/bin/env bash
# REST list latency with many broadcasts in the H2 store: fills LiveApp with N broadcasts (default
# 10,000) through the REST API, then times GET /LiveApp/rest/v2/broadcasts/list/{offset}/50 (plain,
# sorted by name, sorted by date, with a search), one request at a time.
# With VIEWERS > 0 it then starts `osprey loadtest` (1 publisher, VIEWERS viewers, low bitrate, bounded
# in time) in the background, waits until the viewers play, and times the same lists again while
# media flows (the viewer count REST reports before and after that run is printed), then once more
# after the load test ended.
#   bench/rest-list.sh [broadcasts] [requests per shape] [viewers]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
BROADCASTS="${1:-10000}"
REQUESTS="${2:-500}"
VIEWERS="${3:-0}"
PORT="${OSPREY_BENCH_PORT:-15390}"
WORK="$(mktemp -d)"
LOG="$WORK/server.log"
BASE="http://127.0.0.1:$PORT/LiveApp/rest/v2"

JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-server,osprey-loadtest -am install -DskipTests
JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-server test-compile

"$JAVA" -jar osprey-server/target/osprey-server.jar --server.host=127.0.0.1 --server.httpPort="$PORT" \
  --server.httpsPort=$((PORT + 1)) --store.dir="$WORK/data" --applications=LiveApp \
  --media.udpPort=0 --media.advertisedAddress=127.0.0.1 >"$LOG" 2>&1 &
SERVER=$!
LOADTEST=""
trap '[ -n "$LOADTEST" ] && kill "$LOADTEST" 2>/dev/null; kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1 100); do grep -q "Osprey started" "$LOG" && break; sleep 0.1; done
grep -q "Osprey started" "$LOG" || { cat "$LOG"; exit 1; }

bench() {
  "$JAVA" -cp osprey-server/target/test-classes dev.osprey.server.bench.RestListBenchmark "$BASE" "$BROADCASTS" "$REQUESTS" "$1"
}
viewers() {
  curl -s "$BASE/broadcasts/total-broadcast-statistics" | sed -n 's/.*"totalWebRTCWatchersCount":\([0-9]*\).*/\1/p'
}

echo "== $BROADCASTS broadcasts, no media"
bench fill
if [ "$VIEWERS" -gt 0 ]; then
  # Low bitrate and a slow ramp: the load tester decrypts every viewer's SRTP on the same cores.
  "$JAVA" -jar osprey-loadtest/target/osprey-loadtest.jar --url "ws://127.0.0.1:$PORT/LiveApp/websocket" \
    --streams 1 --viewers-per-stream "$VIEWERS" --ramp 25/s --bitrate 300k --size 640x360 --fps 15 \
    --setup-timeout 30s --duration "${OSPREY_BENCH_LOAD_SECONDS:-100}s" --max-failures 100% --quiet \
    --server-pid "$SERVER" >"$WORK/loadtest.log" 2>&1 &
  LOADTEST=$!
  # Wait for the ramp (VIEWERS / 25 s) plus the setups still in flight.
  for _ in $(seq 1 $((VIEWERS / 25 + 30))); do
    sleep 1
    n="$(viewers)"
    [ "${n:-0}" -ge "$VIEWERS" ] && break
  done
  echo "== $BROADCASTS broadcasts, $(viewers) viewers playing (REST total-broadcast-statistics)"
  bench measure
  echo "   viewers playing after the run: $(viewers)"
  wait "$LOADTEST" || true
  LOADTEST=""
  sed '/^{/,$d' "$WORK/loadtest.log"
  echo "== $BROADCASTS broadcasts, no media again (the machine's noise floor)"
  bench measure
fi
echo "database file: $(du -h "$WORK/data/LiveApp.mv.db" | cut -f1)"
