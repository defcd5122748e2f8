#!/usr/bin/env bash
# REST list latency with many broadcasts in the H2 store: fills LiveApp with N broadcasts (default
# 10,000) through the REST API, then times GET /LiveApp/rest/v2/broadcasts/list/{offset}/50 (plain,
# sorted by name, sorted by date, with a search), one request at a time.
#   bench/rest-list.sh [broadcasts] [requests per shape]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
BROADCASTS="${1:-10000}"
REQUESTS="${2:-500}"
PORT="${OSPREY_BENCH_PORT:-15390}"
WORK="$(mktemp -d)"
LOG="$WORK/server.log"

JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-signaling,osprey-server install -DskipTests
JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-server test-compile

"$JAVA" -jar osprey-server/target/osprey-server.jar --server.host=127.0.0.1 --server.httpPort="$PORT" \
  --server.httpsPort=$((PORT + 1)) --store.dir="$WORK/data" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1 100); do grep -q "Osprey started" "$LOG" && break; sleep 0.1; done
grep -q "Osprey started" "$LOG" || { cat "$LOG"; exit 1; }

"$JAVA" -cp osprey-server/target/test-classes dev.osprey.server.bench.RestListBenchmark \
  "http://127.0.0.1:$PORT/LiveApp/rest/v2" "$BROADCASTS" "$REQUESTS"
echo "database file: $(du -h "$WORK/data/LiveApp.mv.db" | cut -f1)"
