#!/usr/bin/env bash
# Server CPU per recorded stream: bench/rtmp-cpu.sh (N publishers of 1280x720 at 30 fps, CPU of the server
# process over 60 s, net of its idle CPU) run once with recording off and once with it on, each broadcast
# created over REST before its publish with mp4Enabled / webMEnabled 1 or -1. The difference of the two
# "per stream" figures is what recording costs. Cases (RECORD_CASES, default all of them):
#   rtmp-mp4      ffmpeg `-re -c copy` of H.264 2.5 Mbit/s + AAC over RTMP, MP4 off/on, Osprey and Ant Media
#                 CE (Osprey: muxing + Opus → AAC, as its ingest turns AAC into Opus for WebRTC; Ant Media
#                 keeps the AAC; its LiveApp default HLS muxing stays on in both of its runs)
#   webrtc-h264   the load tester's WebRTC publishers, H.264 + Opus, MP4 off/on (Osprey only)
#   webrtc-vp8    the same with VP8, WebM off/on (Osprey only)
# Each row also gives the number and size of the files the run wrote.
#   bench/record-cpu.sh [osprey|ams ...] [-- STREAMS ...]     default: osprey ams -- 1
# Environment: as bench/rtmp-cpu.sh (RTMP_WINDOW, AMS_HOME, OSPREY_JAR, ...), RECORD_CASES="rtmp-mp4 ...".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

servers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do servers+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#servers[@]} -gt 0 ] || servers=(osprey ams)
[ $# -gt 0 ] || set -- 1

for server in "${servers[@]}"; do
  for case in ${RECORD_CASES:-rtmp-mp4 webrtc-h264 webrtc-vp8}; do
    source="${case%-*}"; container="${case##*-}"
    [ "$source" = rtmp ] || { source="$case"; container=$([ "$case" = webrtc-vp8 ] && echo webm || echo mp4); }
    if [ "$source" != rtmp ] && [ "$server" != osprey ]; then continue; fi
    for record in off "$container"; do
      RTMP_AUDIO=aac RTMP_VIEWERS=0 RTMP_SOURCE="$source" RTMP_RECORD="$record" bench/rtmp-cpu.sh "$server" "$@"
    done
  done
done
