#!/usr/bin/env bash
# Server CPU per RTMP ingest stream: starts the server (fresh store), lets it idle, then N FFmpeg encoders
# publish the same pre-encoded FLV file (`-re -stream_loop -1 -c copy`, so the encoders only read and send:
# their CPU is small and is not the server's), optionally with one WebRTC viewer per stream (the load
# tester in player mode), waits a warm-up, and reads the server process's utime+stime from /proc/PID/stat
# over a measuring window. Prints one Markdown table row per stream count: date | server | streams | audio |
# viewers per stream | server CPU seconds in the window | server CPU % of one core | the same while idle
# before publishing | (window − idle) / streams, % of one core per stream | RSS at the window's end |
# encoder CPU % per stream | load average at the window's start / end | REST status of each broadcast.
#   bench/rtmp-cpu.sh osprey|ams [STREAMS ...]        default STREAMS: 1 4
# Environment:
#   RTMP_AUDIO=aac|none   AAC in the source (Osprey transcodes it to Opus) or a video-only source (aac)
#   RTMP_VIEWERS=0|1      WebRTC viewers per stream, Osprey only (0)
#   RTMP_RECORD=mp4|webm|off   if set, each broadcast is created over REST before its publish with mp4Enabled
#                         and webMEnabled 1 (the one named) or -1, and the row counts the recording files
#                         (bench/record-cpu.sh sets it)
#   RTMP_HLS=off|ts|fmp4  if set, HLS is switched off, or on with MPEG-TS or fMP4 segments, before the publishes
#                         (Osprey: application settings over REST as the console admin; Ant Media: its LiveApp's
#                         settings.hlsMuxingEnabled in red5-web.properties, TS only); unset: each server's default
#                         (both on, TS). bench/hls-cpu.sh sets it.
#   RTMP_SOURCE=rtmp|webrtc-vp8|webrtc-h264   rtmp (default): the ffmpeg encoders above; webrtc-*: instead, the
#                         load tester's WebRTC publishers (--mode publisher, a 1280x720 30 fps clip at 2.5 Mbit/s
#                         encoded once at its start, Opus audio), Osprey only; the encoder column is then its CPU
#   RTMP_IDLE=10 RTMP_WARMUP=8 RTMP_WINDOW=60   seconds of idle before publishing, of warm-up after, of measuring
#   RTMP_SETTLE=0         seconds after the server answers before the idle measurement (start-up work that
#                         runs on, e.g. Ant Media's deploying of its applications, then stays out of "idle")
#   RTMP_MEDIA=/tmp/rtmp-bench   where the source files are encoded once (70 s each, see below)
#   AMS_HOME=/tmp/ams/ant-media-server   unzipped Ant Media Server CE (run on the default `java`, JDK 17)
#   OSPREY_JAR, OSPREY_JAVA_OPTS (default: the launcher's server_java_opts of ./osprey, MALLOC_ARENA_MAX=2)
# As root it runs in a private network namespace (loopback only), so neither server is reachable from
# outside and the default ports cannot collide with other jobs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$(id -u)" = 0 ] && [ -z "${RTMP_NETNS:-}" ] && command -v unshare >/dev/null; then
  export RTMP_NETNS=1
  exec unshare --net bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi

SERVER="${1:?usage: bench/rtmp-cpu.sh osprey|ams [STREAMS ...]}"; shift
[ $# -gt 0 ] || set -- 1 4
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export RTMP_AUDIO="${RTMP_AUDIO:-aac}" RTMP_VIEWERS="${RTMP_VIEWERS:-0}" RTMP_RECORD="${RTMP_RECORD:-}"
export RTMP_SOURCE="${RTMP_SOURCE:-rtmp}" RTMP_HLS="${RTMP_HLS:-}"
export RTMP_SETTLE="${RTMP_SETTLE:-0}" RTMP_IDLE="${RTMP_IDLE:-10}" RTMP_WARMUP="${RTMP_WARMUP:-8}" RTMP_WINDOW="${RTMP_WINDOW:-60}"
export RTMP_MEDIA="${RTMP_MEDIA:-/tmp/rtmp-bench}" AMS_HOME="${AMS_HOME:-/tmp/ams/ant-media-server}"
export OSPREY_JAR="${OSPREY_JAR:-osprey-server/target/osprey-server.jar}"
if [ -z "${OSPREY_JAVA_OPTS+x}" ]; then
  # The launcher's own settings, read from ./osprey so that they stay the same.
  eval "$(sed -n '/^server_java_opts() {/,/^}/p' osprey)"
  OSPREY_JAVA_OPTS="$(server_java_opts | tr '\n' ' ')"
fi
export OSPREY_JAVA_OPTS MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# The source, encoded once: 70 s of 1280x720 at 30 fps, H.264 2.5 Mbit/s, keyframe every 2 s, no B-frames,
# AAC 128 kbit/s 44.1 kHz; the video-only file is the same video without the audio track.
mkdir -p "$RTMP_MEDIA"
if [ ! -s "$RTMP_MEDIA/src-aac.flv" ]; then
  timeout 600 ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30 \
    -f lavfi -i sine=frequency=440:sample_rate=44100 -t 70 -c:v libx264 -preset veryfast -tune zerolatency \
    -g 60 -bf 0 -b:v 2500k -c:a aac -b:a 128k -f flv "$RTMP_MEDIA/src-aac.flv"
fi
if [ ! -s "$RTMP_MEDIA/src-video.flv" ]; then
  ffmpeg -hide_banner -loglevel error -y -i "$RTMP_MEDIA/src-aac.flv" -c copy -an -f flv "$RTMP_MEDIA/src-video.flv"
fi

exec python3 - "$SERVER" "$@" <<'PY'
import json, os, shutil, subprocess, sys, tempfile, time, urllib.error, urllib.request
sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
from benchlib import HTTP, RTMP, cpu_seconds, get_json, post_json, start_ams, start_osprey, stop

server, counts = sys.argv[1], [int(n) for n in sys.argv[2:]]
env = os.environ
audio, viewers, record, kind = env["RTMP_AUDIO"], int(env["RTMP_VIEWERS"]), env["RTMP_RECORD"], env["RTMP_SOURCE"]
hls_mode = env["RTMP_HLS"]
if kind != "rtmp":
    audio = "opus"
idle, warmup, window = float(env["RTMP_IDLE"]), float(env["RTMP_WARMUP"]), float(env["RTMP_WINDOW"])
source = os.path.join(env["RTMP_MEDIA"], "src-aac.flv" if audio == "aac" else "src-video.flv")

def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0

def load():
    return open("/proc/loadavg").read().split()[0]

def recording_files(work, n):
    """The stream files of rtmpbench1..n that recording wrote (finished or still being written), with their size."""
    folder = (os.path.join(work, "streams", "LiveApp") if server == "osprey"
              else os.path.join(env["AMS_HOME"], "webapps", "LiveApp", "streams"))
    names = os.listdir(folder) if os.path.isdir(folder) else []
    wanted = tuple(f"rtmpbench{i}." for i in range(1, n + 1)) + tuple(f"rtmpbench{i}_" for i in range(1, n + 1))
    files = [f for f in names if f.startswith(wanted) and (".mp4" in f or ".webm" in f)]
    return len(files), sum(os.path.getsize(os.path.join(folder, f)) for f in files)

def loadtest(args, work, name):
    return subprocess.Popen(
        [os.path.join(env["JAVA_HOME"], "bin", "java"),
         f"-Dorg.bytedeco.javacpp.cachedir={os.getcwd()}/osprey-loadtest/target/javacpp-cache",
         "-jar", "osprey-loadtest/target/osprey-loadtest.jar", "--quiet", "--json", f"{work}/{name}.json",
         "--url", f"ws://127.0.0.1:{HTTP}/LiveApp/websocket", "--max-failures", "100%"] + args,
        stdout=open(f"{work}/{name}.log", "w"), stderr=subprocess.STDOUT)

def stream_state(i):
    b = get_json(f"/LiveApp/rest/v2/broadcasts/rtmpbench{i}")
    return f"{b.get('status', b.get('error'))}"

rows = []
for n in counts:
    work = tempfile.mkdtemp(prefix="rtmp-cpu-")
    proc, log, launched = (start_osprey if server == "osprey" else start_ams)(work, hls_mode)
    pid = proc.pid
    encoders, tester = [], None
    try:
        time.sleep(float(env["RTMP_SETTLE"]))
        c0 = cpu_seconds(pid)
        time.sleep(idle)
        idle_cores = (cpu_seconds(pid) - c0) / idle
        if record:
            for i in range(1, n + 1):
                wanted = {"streamId": f"rtmpbench{i}", "mp4Enabled": 1 if record == "mp4" else -1,
                          "webMEnabled": 1 if record == "webm" else -1}
                try:
                    post_json("/LiveApp/rest/v2/broadcasts/create", wanted)
                except urllib.error.HTTPError:
                    pass  # kept from an earlier run (Ant Media's store outlives it): set below
                # then as Ant Media sets it on a broadcast that is not live (its PUT /broadcasts/{id} leaves it)
                for container in ("mp4", "webm"):
                    put = urllib.request.Request(
                        f"http://127.0.0.1:{HTTP}/LiveApp/rest/v2/broadcasts/rtmpbench{i}/recording/"
                        f"{'true' if record == container else 'false'}?recordType={container}", method="PUT")
                    urllib.request.urlopen(put, timeout=10).read()
                got = get_json(f"/LiveApp/rest/v2/broadcasts/rtmpbench{i}")
                if (got.get("mp4Enabled"), got.get("webMEnabled")) != (wanted["mp4Enabled"], wanted["webMEnabled"]):
                    sys.exit(f"broadcast rtmpbench{i} not as asked {wanted}: {got}")
        if kind != "rtmp":
            encoders.append(loadtest(["--mode", "publisher", "--streams", str(n), "--stream-prefix", "rtmpbench",
                                      "--codec", kind.split("-")[1], "--size", "1280x720", "--fps", "30", "--bitrate", "2500k",
                                      "--duration", f"{int(warmup + window + 60)}s"], work, "publishers"))
            # the clip is encoded first (seconds of CPU): the warm-up starts once every stream is live
            end = time.monotonic() + 60
            while time.monotonic() < end and any(stream_state(i) != "broadcasting" for i in range(1, n + 1)):
                time.sleep(0.5)
        for i in range(1, n + 1) if kind == "rtmp" else ():
            encoders.append(subprocess.Popen(
                ["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", source,
                 "-c", "copy", "-f", "flv", f"rtmp://127.0.0.1:{RTMP}/LiveApp/rtmpbench{i}"],
                stdin=subprocess.DEVNULL, stdout=open(f"{work}/ffmpeg{i}.log", "w"), stderr=subprocess.STDOUT))
        if viewers and server == "osprey":
            time.sleep(2)
            tester = loadtest(["--mode", "player", "--streams", str(n), "--stream-prefix", "rtmpbench",
                               "--viewers-per-stream", str(viewers), "--duration", f"{int(warmup + window + 4)}s",
                               "--server-pid", str(pid)], work, "viewers")
        time.sleep(warmup)
        load0, c0, t0 = load(), cpu_seconds(pid), time.monotonic()
        e0 = sum(cpu_seconds(e.pid) for e in encoders)
        time.sleep(window)
        c1, t1 = cpu_seconds(pid), time.monotonic()
        e1 = sum(cpu_seconds(e.pid) for e in encoders)
        rss, anon, load1 = status_kb(pid, "VmRSS"), status_kb(pid, "RssAnon"), load()
        states = [stream_state(i) for i in range(1, n + 1)]
        alive = sum(e.poll() is None for e in encoders)
        hls = ""
        if server == "ams":
            streams = os.path.join(env["AMS_HOME"], "webapps", "LiveApp", "streams")
            hls = f", HLS playlists {sum(os.path.exists(f'{streams}/rtmpbench{i}.m3u8') for i in range(1, n + 1))}/{n}"
        if tester:
            tester.wait(timeout=warmup + window + 60)
            try:
                v = json.load(open(f"{work}/viewers.json"))
                hls = (f", viewers {v['peers']['viewersStarted'] - v['peers']['viewersFailed']}/{v['peers']['viewersStarted']}"
                       f" at {v['steady']['packetsPerSecond'] / max(1, n * viewers):.0f} pkts/s each, loss {v['packets']['lossPercent']} %")
            except Exception as e:
                hls = f", viewers: no summary ({e})"
        if record:
            files, size = recording_files(work, n)
            hls += f", recording {record}: {files} files, {size / 1e6:.1f} MB"
        cores = (c1 - c0) / (t1 - t0)
        per_stream = (cores - idle_cores) / n * 100
        row = (f"| {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} | {server}{' ' + kind if kind != 'rtmp' else ''}{' rec ' + record if record else ''}{' hls ' + hls_mode if hls_mode else ''} | {n} | {audio} | "
               f"{viewers if server == 'osprey' else 'HLS'} | {c1 - c0:.2f} s in {t1 - t0:.1f} s | {cores * 100:.1f} % | {idle_cores * 100:.1f} % | "
               f"{per_stream:.1f} % | {rss / 1024:.0f} MB ({anon / 1024:.0f} anon) | {(e1 - e0) / n / (t1 - t0) * 100:.1f} % | "
               f"{load0} / {load1} | {', '.join(states)}; encoders alive {alive}/{len(encoders)}{hls} |")
        print(row, flush=True)
        rows.append(row)
    finally:
        for e in encoders:
            stop(e, 5)
        if tester:
            stop(tester, 10)
        stop(proc, 60)
        if server == "osprey":
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"(Ant Media log kept in {log})", file=sys.stderr)
print(f"server: {launched}", file=sys.stderr)
PY
