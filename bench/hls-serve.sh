#!/usr/bin/env bash
# HLS as players see it, Osprey against Ant Media CE: the server runs alone (fresh store), one FFmpeg
# encoder publishes the 1280x720 30 fps test file of bench/rtmp-cpu.sh over RTMP (`-re -c copy`, a keyframe
# every 2 s), and then
#   1. bench/hls-latency.mjs: hls.js in Chromium, how far behind live it plays (LL-HLS and regular HLS on
#      Osprey; regular on Ant Media CE, which has no LL-HLS);
#   2. bench/hls-viewers.mjs: N simulated viewers for 30 s (LL-HLS on Osprey; regular HLS on both), with the
#      requests per second answered and the server's CPU.
# Each result is one JSON line. The load generator runs on the same machine: with 2 cores its own CPU
# limits what it can ask, so the figures are a floor for the server.
#   bench/hls-serve.sh [osprey|ams ...] [-- VIEWERS]     default: osprey ams -- 1000
# Environment: as bench/rtmp-cpu.sh (AMS_HOME, OSPREY_JAR, RTMP_MEDIA, ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" = 0 ] && [ -z "${RTMP_NETNS:-}" ] && command -v unshare >/dev/null; then
  export RTMP_NETNS=1
  exec unshare --net bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

servers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do servers+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#servers[@]} -gt 0 ] || servers=(osprey ams)
export VIEWERS="${1:-1000}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export RTMP_MEDIA="${RTMP_MEDIA:-/tmp/rtmp-bench}" AMS_HOME="${AMS_HOME:-/tmp/ams/ant-media-server}"
export OSPREY_JAR="${OSPREY_JAR:-osprey-server/target/osprey-server.jar}"
if [ -z "${OSPREY_JAVA_OPTS+x}" ]; then
  eval "$(sed -n '/^server_java_opts() {/,/^}/p' osprey)"
  OSPREY_JAVA_OPTS="$(server_java_opts | tr '\n' ' ')"
fi
export OSPREY_JAVA_OPTS MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
[ -s "$RTMP_MEDIA/src-aac.flv" ] || { echo "run bench/rtmp-cpu.sh once first: it encodes $RTMP_MEDIA/src-aac.flv" >&2; exit 1; }

for server in "${servers[@]}"; do
  python3 - "$server" <<'PY'
import os, subprocess, sys, tempfile, time, urllib.request
sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
from benchlib import HTTP, RTMP, start_ams, start_osprey, stop

server = sys.argv[1]
viewers = os.environ["VIEWERS"]
work = tempfile.mkdtemp(prefix="hls-serve-")
proc, log, launched = (start_osprey if server == "osprey" else start_ams)(work)
encoder = None
try:
    stream = "hlsbench1"
    encoder = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i",
                                os.path.join(os.environ["RTMP_MEDIA"], "src-aac.flv"), "-c", "copy", "-f", "flv",
                                f"rtmp://127.0.0.1:{RTMP}/LiveApp/{stream}"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{HTTP}/LiveApp"
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{base}/streams/{stream}.m3u8", timeout=5) as r:
                if b"#EXTINF" in r.read():
                    break
        except Exception:
            pass
        time.sleep(0.5)
    else:
        sys.exit(f"{server}: no playlist within 60 s")
    time.sleep(8)
    modes = ["ll", "regular"] if server == "osprey" else ["regular"]
    for mode in modes:
        out = subprocess.run(["node", "bench/hls-latency.mjs", "--base", base, "--stream", stream, "--mode", mode],
                             capture_output=True, text=True, timeout=120)
        print(f"{server} latency: {out.stdout.strip() or out.stderr.strip()[-500:]}", flush=True)
    for mode in modes:
        out = subprocess.run(["node", "bench/hls-viewers.mjs", "--url", f"{base}/streams/{stream}.m3u8", "--viewers", viewers,
                              "--duration", "30", "--mode", mode, "--pid", str(proc.pid)], capture_output=True, text=True, timeout=180)
        print(f"{server} viewers: {out.stdout.strip() or out.stderr.strip()[-500:]}", flush=True)
finally:
    if encoder:
        stop(encoder, 5)
    stop(proc, 60)
print(f"server: {launched}", file=sys.stderr)
PY
done
