#!/usr/bin/env bash
# Media loops (issue 13): scenario (a), one VP8 publisher at 1.5 Mbit/s fanned out to VIEWERS viewers,
# with media.loops=1 and media.loops=2 in alternation, ROUNDS times; rows go to bench/RESULTS.md, and
# the CPU seconds of the server's busiest threads (the media loops among them) are printed per run.
#   bench/loadtest-loops.sh [VIEWERS] [ROUNDS] [LOOPS...]   default 600 viewers, 1 round, loops 1 2
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
viewers="${1:-600}"
rounds="${2:-1}"
shift $(( $# > 2 ? 2 : $# ))
loop_counts="${*:-1 2}"
# Reactor build into target/ (no install: ~/.m2 stays as it is).
JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl osprey-server,osprey-loadtest -am package -DskipTests
trap stop_osprey EXIT

# The CPU seconds (user + system) of the server's five busiest threads so far.
busiest_threads() {
  local tick; tick="$(getconf CLK_TCK)"
  for t in /proc/"$OSPREY_PID"/task/*; do
    local comm; comm="$(tr ' ' '_' <"$t/comm")"
    # fields after the ")" of comm: 12 = utime, 13 = stime
    awk -v c="$comm" -v hz="$tick" '{ sub(/^.*\) /, ""); printf "%.1f %s\n", ($12 + $13) / hz, c }' "$t/stat"
  done | sort -rn | head -5 | tr '\n' ';'
}

for round in $(seq 1 "$rounds"); do
  for loops in $loop_counts; do
    export OSPREY_MEDIA_LOOPS="$loops"
    start_osprey
    run_loadtest "(a) 1 → $viewers VP8 1.5M, media.loops=$loops (round $round)" \
      --url "ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket" --streams 1 --viewers-per-stream "$viewers" \
      --codec vp8 --bitrate 1500k --ramp "$RAMP" --duration "$DURATION" --server-pid "$OSPREY_PID" \
      --max-failures 1% || true
    echo "media.loops=$loops round $round: busiest server threads (CPU s): $(busiest_threads)"
    stop_osprey
  done
done
