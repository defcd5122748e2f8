#!/usr/bin/env bash
# Server CPU per recorded stream: bench/rtmp-cpu.sh (one 1280x720 30 fps H.264 + AAC RTMP publish per
# stream, `ffmpeg -re -c copy`, CPU of the server process over 60 s, net of its idle CPU) run twice per
# server, with each broadcast created over REST beforehand with mp4Enabled -1 (recording off) and then 1
# (MP4 recording on). The difference of the two "per stream" figures is what recording costs: for Osprey
# the muxing plus the Opus → AAC transcode (its RTMP ingest turns AAC into Opus for WebRTC, and MP4
# takes AAC); for Ant Media CE the muxing of the AAC it keeps (its LiveApp default HLS muxing stays on in
# both runs). Each row also reports how many MP4 files the run wrote and their size.
#   bench/record-cpu.sh [osprey|ams ...] [-- STREAMS ...]     default: osprey ams -- 1
# Environment: as bench/rtmp-cpu.sh (RTMP_WINDOW, AMS_HOME, OSPREY_JAR, ...); RTMP_AUDIO stays aac.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

servers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do servers+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#servers[@]} -gt 0 ] || servers=(osprey ams)
[ $# -gt 0 ] || set -- 1

for server in "${servers[@]}"; do
  for record in off mp4; do
    RTMP_AUDIO=aac RTMP_VIEWERS=0 RTMP_RECORD="$record" bench/rtmp-cpu.sh "$server" "$@"
  done
done
