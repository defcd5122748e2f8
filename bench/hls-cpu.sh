#!/usr/bin/env bash
# Server CPU per HLS stream: bench/rtmp-cpu.sh (N RTMP publishers of 1280x720 at 30 fps, H.264 2.5 Mbit/s with
# a keyframe every 2 s, AAC; the server's CPU over 60 s net of its idle CPU) run with HLS off, then on with
# MPEG-TS segments, then (Osprey) with fMP4 segments; no HLS player. The difference of the "per stream" figures
# is what making HLS costs. Osprey's HLS is its LL-HLS (0.5 s parts, in memory, segments also written to disk;
# Opus → AAC, as its ingest turns AAC into Opus for WebRTC); Ant Media CE's is FFmpeg's HLS muxer on the
# encoder's AAC.
#   bench/hls-cpu.sh [osprey|ams ...] [-- STREAMS ...]     default: osprey ams -- 1 4
# Environment: as bench/rtmp-cpu.sh (AMS_HOME, RTMP_WINDOW, OSPREY_JAR, ...), HLS_CASES="off ts fmp4".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

servers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do servers+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#servers[@]} -gt 0 ] || servers=(osprey ams)
[ $# -gt 0 ] || set -- 1 4

for server in "${servers[@]}"; do
  for hls in ${HLS_CASES:-off ts fmp4}; do
    if [ "$server" = ams ] && [ "$hls" = fmp4 ]; then continue; fi
    RTMP_AUDIO=aac RTMP_VIEWERS=0 RTMP_HLS="$hls" bench/rtmp-cpu.sh "$server" "$@"
  done
done
