#!/usr/bin/env bash
# Connection setup latency (issue 13): a load-tester publisher (VP8 + Opus), then VIEWERS libdatachannel
# viewers joining at RATE/s in each DTLS role, then VIEWERS load-tester viewers (after as many uncounted ones,
# so that the load tester's own JIT is warm); loopback, prints JSON lines.
#   (cd bench/ndc && npm ci); mvn -B -q -o -DskipTests package
#   unshare --net sh -c 'ip link set lo up && bench/setup-latency.sh [VIEWERS] [RATE] [ROLES]'
# ROLES default "active passive" (the viewer's a=setup). OSPREY_JAR=... measures another build.
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
VIEWERS="${1:-100}"
RATE="${2:-50}"
ROLES="${3:-active passive}"
URL="ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket"
LOADTEST_JAR="${LOADTEST_JAR:-osprey-loadtest/target/osprey-loadtest.jar}"

cleanup() {
  if [ -n "${PUBLISHER_PID:-}" ]; then
    kill -TERM "$PUBLISHER_PID" 2>/dev/null || true
    wait "$PUBLISHER_PID" 2>/dev/null || true
  fi
  stop_osprey
}
trap cleanup EXIT

start_osprey
PUBLISHER_LOG="$(mktemp)"
"$JAVA" -Dorg.bytedeco.javacpp.cachedir="$PWD/osprey-loadtest/target/javacpp-cache" -jar "$LOADTEST_JAR" \
  --url "$URL" --mode publisher --streams 1 --codec vp8 --bitrate 1500k --size 640x360 --duration 600s \
  --stream-prefix setup >"$PUBLISHER_LOG" 2>&1 &
PUBLISHER_PID=$!
# The load tester first encodes its clip (20 s or more on a busy machine), then publishes.
for _ in $(seq 1 1200); do grep -q "publishers 1/1" "$PUBLISHER_LOG" && break; sleep 0.1; done
grep -q "publishers 1/1" "$PUBLISHER_LOG" || { cat "$PUBLISHER_LOG" >&2; exit 1; }
sleep 2 # past the first keyframe

for role in $ROLES; do
  # The first round warms the server's JIT and is not reported.
  node bench/ndc-viewers.mjs --url "$URL" --stream setup1 --viewers 20 --rate "$RATE" --role "$role" >/dev/null || true
  echo "ndc viewer a=setup:$role: $(node bench/ndc-viewers.mjs --url "$URL" --stream setup1 \
    --viewers "$VIEWERS" --rate "$RATE" --role "$role")"
done

json="$(mktemp)"
"$JAVA" -Dorg.bytedeco.javacpp.cachedir="$PWD/osprey-loadtest/target/javacpp-cache" -jar "$LOADTEST_JAR" \
  --quiet --json "$json" --url "$URL" --mode player --streams 1 --stream-prefix setup \
  --viewers-per-stream "$VIEWERS" --ramp "$RATE/s" --duration 10s --warmup-viewers "$VIEWERS" >/dev/null 2>&1 || true
echo "load tester viewers (a=setup:active): $(jq -c '{viewersStarted: .peers.viewersStarted,
  failed: .peers.viewersFailed, setupMs: .viewerSetupMs, phasesMs: .viewerPhasesMs}' "$json" 2>/dev/null || echo 'no result')"
rm -f "$json"
