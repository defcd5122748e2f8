#!/usr/bin/env bash
# Multitrack conference rooms of 5, 10 and 25 synthetic participants (client-role osprey-webrtc peers in
# one JVM): server CPU and RSS, packets delivered, newcomer → first video packet at the others.
#   bench/conference.sh [sizes] [seconds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
SIZES="${1:-5,10,25}"
SECONDS_PER_ROOM="${2:-10}"
PORT="${OSPREY_BENCH_PORT:-15480}"
LOG="$(mktemp)"

JAVA_HOME="$JAVA_HOME" mvn -B -q -o install -DskipTests
# This checkout's own module classes first: ~/.m2 may hold another checkout's snapshots of them.
CP="osprey-server/target/test-classes:osprey-server/target/classes:osprey-signaling/target/classes"
CP="$CP:osprey-media/target/classes:osprey-webrtc/target/classes:$(JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"

"$JAVA" -jar osprey-server/target/osprey-server.jar --server.host=127.0.0.1 --server.httpPort="$PORT" \
  --server.httpsPort=$((PORT + 1)) --media.udpPort=0 --media.advertisedAddress=127.0.0.1 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do grep -q "Osprey started" "$LOG" && break; sleep 0.1; done
echo "idle RSS: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status")"

"$JAVA" -cp "$CP" dev.osprey.server.ConferenceRoomBenchmark "$PORT" "$SERVER" "$SIZES" "$SECONDS_PER_ROOM"
