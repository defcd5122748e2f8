#!/usr/bin/env bash
# Retained heap and RSS per viewer: one publisher, a warm-up round of viewers (JIT, class loading), then N
# viewers of its stream, on a server with a fixed, pre-touched heap (so RSS growth is memory outside the
# heap, and heap growth shows in the class histogram, taken after a full GC).
#   bench/memory-per-viewer.sh [VIEWERS]        default 1000
# Environment: MEMORY_JAVA_OPTS (server JVM options), LOADTEST_RAMP (default 50/s), MEMORY_BITRATE (300k),
# MEMORY_SETTLE (seconds after the last viewer started, default 20), MEMORY_WARMUP (viewers, default N/4),
# MEMORY_HEAP_DUMP=1 (also dump the live heap at each snapshot; see bench/hprof-owners.py), OSPREY_JAR.
# Writes the class histograms, native memory summaries and the diff to $OUT (default a temp folder).
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
VIEWERS="${1:-1000}"
RAMP="${LOADTEST_RAMP:-50/s}"
BITRATE="${MEMORY_BITRATE:-300k}"
SETTLE="${MEMORY_SETTLE:-20}"
WARMUP="${MEMORY_WARMUP:-$(( ${1:-1000} / 4 ))}"
OSPREY_JAVA_OPTS="${MEMORY_JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary}"
OUT="${OUT:-$(mktemp -d)}"
JCMD="$JAVA_HOME/bin/jcmd"
build_all
trap 'kill -TERM ${PUB_PID:-} ${VIEW_PID:-} 2>/dev/null || true; stop_osprey' EXIT

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
viewer_count() {
  curl -s "http://127.0.0.1:$OSPREY_PORT/LiveApp/rest/v2/broadcasts/loadtest1" | jq -r '.webRTCViewerCount // 0'
}
# snapshot NAME: full GC, then class histogram (which collects again), native memory summary and RSS.
snapshot() {
  "$JCMD" "$OSPREY_PID" GC.run >/dev/null
  "$JCMD" "$OSPREY_PID" GC.class_histogram >"$OUT/$1.histo"
  "$JCMD" "$OSPREY_PID" VM.native_memory summary >"$OUT/$1.nmt" || true
  rss_kb "$OSPREY_PID" >"$OUT/$1.rss"
  if [ "${MEMORY_HEAP_DUMP:-0}" = 1 ]; then "$JCMD" "$OSPREY_PID" GC.heap_dump "$OUT/$1.hprof" >/dev/null; fi
  echo "$1: RSS $(cat "$OUT/$1.rss") kB, viewers $(viewer_count)" | tee -a "$OUT/summary.txt"
}

# viewers COUNT DURATION: runs COUNT viewers of loadtest1 in the background; sets VIEW_PID.
viewers() {
  "$JAVA" -Dorg.bytedeco.javacpp.cachedir="$PWD/osprey-loadtest/target/javacpp-cache" \
    -jar osprey-loadtest/target/osprey-loadtest.jar --quiet --mode player --viewers-per-stream "$1" \
    --ramp "$RAMP" --duration "$2" --max-failures 100% \
    --url "ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket" >>"$OUT/viewers.log" 2>&1 &
  VIEW_PID=$!
}

start_osprey
loadtest_duration=$(( VIEWERS / ${RAMP%/s} + SETTLE + 40 ))
"$JAVA" -Dorg.bytedeco.javacpp.cachedir="$PWD/osprey-loadtest/target/javacpp-cache" \
  -jar osprey-loadtest/target/osprey-loadtest.jar --quiet --mode publisher --codec vp8 --bitrate "$BITRATE" \
  --size 640x360 --duration "$(( loadtest_duration + WARMUP / ${RAMP%/s} + 60 ))s" --url "ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket" \
  >"$OUT/publisher.log" 2>&1 &
PUB_PID=$!
sleep 15
if [ "$WARMUP" -gt 0 ]; then
  viewers "$WARMUP" "$(( WARMUP / ${RAMP%/s} + 15 ))s"
  wait "$VIEW_PID" || true
  sleep 5
fi
snapshot before
viewers "$VIEWERS" "${loadtest_duration}s"
sleep $(( VIEWERS / ${RAMP%/s} + SETTLE ))
snapshot after
live="$(viewer_count)"
wait "$VIEW_PID" || true
VIEW_PID=""
sleep 5
snapshot gone
python3 bench/histogram-diff.py "$OUT/before.histo" "$OUT/after.histo" "$live" | tee -a "$OUT/summary.txt"
echo "RSS growth per live viewer: $(( ($(cat "$OUT/after.rss") - $(cat "$OUT/before.rss")) * 1024 / live )) bytes" \
  | tee -a "$OUT/summary.txt"
if [ "${MEMORY_HEAP_DUMP:-0}" = 1 ]; then
  python3 bench/hprof-owners.py "$OUT/after.hprof" --base "$OUT/before.hprof" --viewers "$live" >"$OUT/owners.txt"
fi
echo "results in $OUT"
