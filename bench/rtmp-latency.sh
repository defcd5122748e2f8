#!/usr/bin/env bash
# RTMP → WebRTC latency through Osprey (method and limits: bench/rtmp-latency.mjs): starts the server with the
# launcher's JVM settings and a fresh store, optionally BACKGROUND other RTMP streams (FFmpeg, `-c copy` of
# the same file) to load it, then runs bench/rtmp-latency.mjs (its own RTMP sender and a libdatachannel
# viewer) and stops everything.
#   bench/rtmp-latency.sh [DURATION_S] [BACKGROUND]        defaults 40 and 0
# Environment: RTMP_LATENCY_FILE (default /tmp/rtmp-bench/src-aac.flv, made by bench/rtmp-cpu.sh),
# OSPREY_JAR, OSPREY_JAVA_OPTS (default: ./osprey's server_java_opts). As root it runs in a private network
# namespace (loopback only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" = 0 ] && [ -z "${RTMP_NETNS:-}" ] && command -v unshare >/dev/null; then
  export RTMP_NETNS=1
  exec unshare --net bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

DURATION="${1:-40}"
BACKGROUND="${2:-0}"
FILE="${RTMP_LATENCY_FILE:-/tmp/rtmp-bench/src-aac.flv}"
[ -s "$FILE" ] || { echo "no $FILE: run bench/rtmp-cpu.sh once (it encodes the source files)" >&2; exit 1; }
[ -d bench/ndc/node_modules ] || (cd bench/ndc && npm ci --no-audit --no-fund --loglevel=error)
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -z "${OSPREY_JAVA_OPTS+x}" ]; then
  eval "$(sed -n '/^server_java_opts() {/,/^}/p' osprey)"
  OSPREY_JAVA_OPTS="$(server_java_opts | tr '\n' ' ')"
fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $OSPREY_JAVA_OPTS -jar "${OSPREY_JAR:-osprey-server/target/osprey-server.jar}" \
  --server.host=127.0.0.1 --server.httpPort=5080 --server.httpsPort=0 --media.udpPort=0 --rtmp.port=1935 \
  --store.dir="$WORK/store" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
for _ in $(seq 1 300); do grep -q "Osprey started" "$WORK/server.log" && break; sleep 0.1; done
grep -q "Osprey started" "$WORK/server.log" || { cat "$WORK/server.log" >&2; exit 1; }

for i in $(seq 1 "$BACKGROUND"); do
  ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$FILE" -c copy -f flv \
    "rtmp://127.0.0.1:1935/LiveApp/background$i" </dev/null >"$WORK/ffmpeg$i.log" 2>&1 &
  PIDS+=("$!")
done
sleep 3
echo "load average $(cut -d' ' -f1-3 /proc/loadavg), background streams $BACKGROUND" >&2
timeout $((DURATION + 60)) node bench/rtmp-latency.mjs --file "$FILE" --duration "$DURATION" \
  --rtmp rtmp://127.0.0.1:1935/LiveApp --ws ws://127.0.0.1:5080/LiveApp/websocket
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after" >&2
