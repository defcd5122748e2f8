#!/usr/bin/env bash
# Scenario (d): a headless Chromium viewer (web/samples/play.html with the official SDK) beside 500
# synthetic viewers of the same 1.5 Mbit/s VP8 stream; reports the frames Chromium decoded.
#   bench/loadtest-chromium.sh [VIEWERS]         default: 500; LOADTEST_CHROMIUM_DELAY=8 (s before Chromium plays)
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
VIEWERS="${1:-500}"
build_all
(cd e2e && [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error)
trap stop_osprey EXIT
start_osprey
run_loadtest "(d) Chromium + $VIEWERS synthetic" --url "ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket" \
  --streams 1 --viewers-per-stream "$VIEWERS" --codec vp8 --bitrate 1500k --ramp "$RAMP" --duration "$DURATION" \
  --server-pid "$OSPREY_PID" --max-failures 1% &
LOADTEST=$!
sleep "${LOADTEST_CHROMIUM_DELAY:-8}" # the publisher is live and the ramp is under way (or done)
CHROMIUM_LINE="$(node bench/loadtest-chromium-viewer.mjs "http://127.0.0.1:$OSPREY_PORT/LiveApp/play.html?id=loadtest1" 15 \
  | tr -d '\n' | tr '|' '/')" || true
echo "$CHROMIUM_LINE"
wait "$LOADTEST" || true
# The Chromium figures go in as a row of their own, right after the load tester's row.
echo "| | | | (d) the Chromium viewer beside it | $CHROMIUM_LINE | | | | | | | | | | | |" >>"$RESULTS"
