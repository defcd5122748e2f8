#!/usr/bin/env bash
# Compares two server builds under the same load, in alternation: scenario (a), one VP8 publisher at
# 1.5 Mbit/s to VIEWERS viewers, ROUNDS times each; rows go to bench/RESULTS.md labelled by build.
#   bench/loadtest-ab.sh BASELINE_TREE [VIEWERS] [ROUNDS]     default 300 viewers, 2 rounds, 30 s each
# BASELINE_TREE is another checkout whose server is built (e.g. `git worktree add ../before REV`, then
# `mvn -q -pl osprey-server -am package -DskipTests` there); its own conf/osprey.yaml is used with its jar.
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
baseline="$(cd "${1:?usage: bench/loadtest-ab.sh BASELINE_TREE [VIEWERS] [ROUNDS]}" && pwd)"
viewers="${2:-300}"
rounds="${3:-2}"
build_all
trap stop_osprey EXIT
for round in $(seq 1 "$rounds"); do
  for build in baseline current; do
    if [ "$build" = baseline ]; then
      OSPREY_JAR="$baseline/osprey-server/target/osprey-server.jar"
      export OSPREY_CONFIG="$baseline/conf/osprey.yaml"
      rev="$(git -C "$baseline" rev-parse --short HEAD)"
    else
      OSPREY_JAR=osprey-server/target/osprey-server.jar
      unset OSPREY_CONFIG
      rev="$(git rev-parse --short HEAD)"
    fi
    start_osprey
    run_loadtest "(a) 1 → $viewers VP8 1.5M, server at $rev ($build, round $round)" \
      --url "ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket" --streams 1 --viewers-per-stream "$viewers" \
      --codec vp8 --bitrate 1500k --ramp "$RAMP" --duration "$DURATION" --server-pid "$OSPREY_PID" \
      --max-failures 1% || true
    stop_osprey
  done
done
