#!/usr/bin/env bash
# Scenario (b): 50 publishers × 10 viewers each (loopback), VP8 1.5 Mbit/s.
#   bench/loadtest-multi.sh                      LOADTEST_DURATION=30s
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
build_all
trap stop_osprey EXIT
start_osprey
run_loadtest "(b) 50 × 10 VP8 1.5M" --url "ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket" \
  --streams 50 --viewers-per-stream 10 --codec vp8 --bitrate 1500k --ramp "$RAMP" \
  --duration "$DURATION" --server-pid "$OSPREY_PID" --max-failures 1% || true
