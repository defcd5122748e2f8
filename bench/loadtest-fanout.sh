#!/usr/bin/env bash
# Scenario (a): one VP8 publisher at 1.5 Mbit/s fanned out to 100, 500 and 1,000 viewers (loopback).
#   bench/loadtest-fanout.sh [VIEWERS...]        default: 100 500 1000; LOADTEST_DURATION=30s
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
build_all
trap stop_osprey EXIT
for viewers in "${@:-100 500 1000}"; do
  for v in $viewers; do
    start_osprey
    run_loadtest "(a) 1 → $v VP8 1.5M" --url "ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket" \
      --streams 1 --viewers-per-stream "$v" --codec vp8 --bitrate 1500k --ramp "$RAMP" \
      --duration "$DURATION" --server-pid "$OSPREY_PID" --max-failures 1% || true
    stop_osprey
  done
done
