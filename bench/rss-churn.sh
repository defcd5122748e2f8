#!/usr/bin/env bash
# RSS of the server as './osprey run' starts it (launcher JVM settings, class cache), seen from outside the
# process only (no jcmd, no forced GC): one VP8 publisher; a warm-up round of VIEWERS viewers that leave;
# RSS before viewers; VIEWERS viewers held for 40 s (RSS in steady state); then CHURN_MINUTES of churn, a
# new round of VIEWERS/3 viewers every 20 s, each staying 60 s, with RSS sampled every 10 s.
#   bench/rss-churn.sh [VIEWERS]            default 300
# Environment: CHURN_MINUTES (default 10), OSPREY_BENCH_PORT (default 15880), OSPREY_JAVA_OPTS (added by
# the launcher after its own settings), OUT (folder for the logs and rss.tsv; default a temp folder).
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
VIEWERS="${1:-300}"
MINUTES="${CHURN_MINUTES:-10}"
PORT="${OSPREY_BENCH_PORT:-15880}"
OUT="${OUT:-$(mktemp -d)}"
STORE="$(mktemp -d)"
URL="ws://127.0.0.1:$PORT/LiveApp/websocket"
PIDS=()
trap 'kill -TERM "${PIDS[@]}" 2>/dev/null || true; kill -TERM ${SERVER_PID:-} 2>/dev/null || true; wait 2>/dev/null; rm -rf "$STORE"' EXIT

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
viewer_count() { curl -s "http://127.0.0.1:$PORT/LiveApp/rest/v2/broadcasts/loadtest1" | jq -r '.webRTCViewerCount // 0'; }
sample() { printf '%s\t%s\t%s\t%s\n' "$(date -u +%H:%M:%S)" "$1" "$(rss_kb)" "$(viewer_count)" | tee -a "$OUT/rss.tsv"; }
loadtest() {
  "$JAVA" -Dorg.bytedeco.javacpp.cachedir="$PWD/osprey-loadtest/target/javacpp-cache" \
    -jar osprey-loadtest/target/osprey-loadtest.jar --quiet --url "$URL" --max-failures 100% "$@"
}
viewers() { # COUNT DURATION, in the background
  loadtest --mode player --viewers-per-stream "$1" --ramp 50/s --duration "$2" >>"$OUT/viewers.log" 2>&1 &
  PIDS+=($!)
}

./osprey run --server.host=127.0.0.1 --server.httpPort="$PORT" --server.httpsPort=$((PORT + 1)) \
  --media.udpPort=0 --store.dir="$STORE" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do grep -q "Osprey started" "$OUT/server.log" && break; sleep 0.1; done
grep -q "Osprey started" "$OUT/server.log" || { cat "$OUT/server.log"; exit 1; }
printf 'time\tphase\trss_kb\tviewers\n' >"$OUT/rss.tsv"
sample started
loadtest --mode publisher --codec vp8 --bitrate 300k --size 640x360 --duration "$(( MINUTES * 60 + 240 ))s" \
  >"$OUT/publisher.log" 2>&1 &
PIDS+=($!)
sleep 10
viewers "$VIEWERS" "$(( VIEWERS / 50 + 20 ))s"
sleep $(( VIEWERS / 50 + 30 ))
sample before
viewers "$VIEWERS" "$(( VIEWERS / 50 + 50 ))s"
sleep $(( VIEWERS / 50 + 20 ))
sample steady; sleep 10; sample steady; sleep 10; sample steady
sleep 25
end=$(( SECONDS + MINUTES * 60 ))
next_round=$SECONDS
while [ "$SECONDS" -lt "$end" ]; do
  if [ "$SECONDS" -ge "$next_round" ]; then
    viewers "$(( VIEWERS / 3 ))" 60s
    next_round=$(( next_round + 20 ))
  fi
  sleep 10
  sample churn
done
awk -F'\t' '$2 == "before" {b = $3} $2 == "steady" {s = $3; v = $4}
  END {if (v > 0) printf "RSS per viewer, steady vs before: %d bytes (%d viewers)\n", (s - b) * 1024 / v, v}' "$OUT/rss.tsv"
awk -F'\t' '$2 == "churn" {n++; r[n] = $3} END {if (n >= 12) {a = 0; z = 0; for (i = 1; i <= 6; i++) {a += r[i]; z += r[n - 6 + i]}
  printf "churn: first minute %.1f MB, last minute %.1f MB (mean RSS)\n", a / 6 / 1024, z / 6 / 1024}}' "$OUT/rss.tsv"
echo "results in $OUT"
