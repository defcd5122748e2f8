#!/usr/bin/env bash
# Broadcast creates per second through the REST API (each answered only once the broadcast is stored):
# starts the server from the reactor's classes (LiveApp only, H2 store in a temporary folder), then
# runs dev.osprey.server.bench.RestCreateBenchmark with 1 client and with CLIENTS clients, and prints
# the database and journal sizes; then StoreWriteBenchmark times the store alone (no HTTP) the same way.
#   bench/rest-create.sh [creates per run] [clients of the second run]
# OSPREY_BENCH_CP_PREFIX=DIR puts DIR first on the class path: the "before" figures of bench/RESULTS.md
# ran the H2DataStore of an earlier commit compiled into DIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
CREATES="${1:-5000}"
CLIENTS="${2:-8}"
PORT="${OSPREY_BENCH_PORT:-15394}"
WORK="$(mktemp -d)"
LOG="$WORK/server.log"
BASE="http://127.0.0.1:$PORT/LiveApp/rest/v2"

# No `mvn install`: the classpath points at the reactor's target/classes folders.
JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-server -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=test
CP="${OSPREY_BENCH_CP_PREFIX:+$OSPREY_BENCH_CP_PREFIX:}osprey-server/target/classes:osprey-server/target/test-classes:$(cat "$WORK/classpath")"

"$JAVA" -cp "$CP" dev.osprey.server.Main --server.host=127.0.0.1 --server.httpPort="$PORT" \
  --server.httpsPort=$((PORT + 1)) --store.dir="$WORK/data" --applications=LiveApp \
  --media.udpPort=0 --media.advertisedAddress=127.0.0.1 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1 100); do grep -q "Osprey started" "$LOG" && break; sleep 0.1; done
grep -q "Osprey started" "$LOG" || { cat "$LOG"; exit 1; }

"$JAVA" -cp "$CP" dev.osprey.server.bench.RestCreateBenchmark "$BASE" "$CREATES" 1 one
"$JAVA" -cp "$CP" dev.osprey.server.bench.RestCreateBenchmark "$BASE" "$CREATES" "$CLIENTS" many
ls -l "$WORK/data" | sed -n 's/.* \([0-9][0-9]*\) [A-Z][a-z][a-z] .* \(LiveApp\..*\)/\2: \1 bytes/p'
# The store alone (no HTTP): rounds of creates then updates, 1 thread and CLIENTS threads.
"$JAVA" -cp "$CP" dev.osprey.server.bench.StoreWriteBenchmark 2000 1 8
"$JAVA" -cp "$CP" dev.osprey.server.bench.StoreWriteBenchmark 2000 "$CLIENTS" 8
