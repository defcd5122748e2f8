#!/usr/bin/env bash
# Start time and idle RSS of the server: starts it on a free port with a fresh store folder, polls until a
# WebSocket upgrade to /LiveApp/websocket is accepted (HTTP 101), and prints the milliseconds from launch to
# that first accepted WebSocket, the CPU time the server used until then, the RSS then and after IDLE seconds
# (and its anonymous part, without the file pages of jars, libjvm and the class cache).
#   bench/startup.sh [RUNS]                 default 5 runs, through ./osprey run (launcher settings, CDS/AOT cache)
# Environment: STARTUP_CMD=launcher|jar (jar: plain 'java $OSPREY_JAVA_OPTS -jar' without the launcher),
# OSPREY_JAVA_OPTS (passed to either), STARTUP_IDLE (seconds, default 10), OSPREY_JAR (jar mode),
# STARTUP_STORE=reuse (one store folder for all runs: only run 1 creates the admin account, whose PBKDF2
# hash of the generated password costs ~0.5 s of CPU; default fresh, a new folder per run).
# The first run after a build includes the creation of the class-data archive; it is reported, not averaged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${1:-5}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export STARTUP_CMD="${STARTUP_CMD:-launcher}" STARTUP_IDLE="${STARTUP_IDLE:-10}"
export OSPREY_JAR="${OSPREY_JAR:-osprey-server/target/osprey-server.jar}"
exec python3 - "$RUNS" <<'PY'
import os, shutil, signal, socket, subprocess, sys, tempfile, time

runs = int(sys.argv[1])
mode, idle = os.environ["STARTUP_CMD"], float(os.environ["STARTUP_IDLE"])
java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def upgrade_accepted(port):
    """One WebSocket upgrade attempt; True on 101 Switching Protocols."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall((f"GET /LiveApp/websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n\r\n").encode())
            return s.recv(64).startswith(b"HTTP/1.1 101")
    except OSError:
        return False

def rss_kb(pid, field="VmRSS"):
    """Resident memory in kB; RssAnon leaves out file pages (jars, libjvm, the mapped class cache), which the
    page cache shares between processes and can drop."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0

def cpu_ms(pid):
    """User + system CPU time of the process so far: less sensitive than wall time to other jobs on the machine."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

def java_pid(pid):
    """The launcher execs java, so the pid is the same; kept as a function in case a wrapper forks."""
    return pid

results = []
reused = tempfile.mkdtemp(prefix="osprey-startup-") if os.environ.get("STARTUP_STORE") == "reuse" else None
for run in range(1, runs + 1):
    port, store = free_port(), reused or tempfile.mkdtemp(prefix="osprey-startup-")
    args = [f"--server.host=127.0.0.1", f"--server.httpPort={port}", f"--server.httpsPort={free_port()}",
            f"--store.dir={store}", "--media.udpPort=0"]
    if mode == "jar":
        cmd = [java] + os.environ.get("OSPREY_JAVA_OPTS", "").split() + ["-jar", os.environ["OSPREY_JAR"]] + args
    else:
        cmd = ["./osprey", "run"] + args
    log = open(os.path.join(store, "server.log"), "w")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    while not upgrade_accepted(port):
        if proc.poll() is not None or time.monotonic() - t0 > 60:
            print(open(os.path.join(store, "server.log")).read(), file=sys.stderr)
            sys.exit(f"server did not accept a WebSocket (exit {proc.poll()})")
        time.sleep(0.005)
    ms = (time.monotonic() - t0) * 1000
    cpu, rss_start = cpu_ms(java_pid(proc.pid)), rss_kb(java_pid(proc.pid))
    time.sleep(idle)
    rss_idle, anon_idle = rss_kb(java_pid(proc.pid)), rss_kb(java_pid(proc.pid), "RssAnon")
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    log.close()
    if not reused:
        shutil.rmtree(store, ignore_errors=True)
    results.append((ms, rss_start, rss_idle, cpu, anon_idle))
    print(f"run {run}: first WebSocket accepted after {ms:.0f} ms ({cpu:.0f} ms CPU), RSS {rss_start / 1024:.1f} MB at start, "
          f"{rss_idle / 1024:.1f} MB after {idle:.0f} s idle (anonymous {anon_idle / 1024:.1f} MB)", flush=True)

if reused:
    shutil.rmtree(reused, ignore_errors=True)
steady = results[1:] if len(results) > 1 else results
ms = sorted(r[0] for r in steady)
print(f"runs 2-{len(results)}: start median {ms[len(ms) // 2]:.0f} ms (min {ms[0]:.0f}, max {ms[-1]:.0f}), "
      f"CPU median {sorted(r[3] for r in steady)[len(ms) // 2]:.0f} ms, RSS at start median {sorted(r[1] for r in steady)[len(ms) // 2] / 1024:.1f} MB, "
      f"after idle median {sorted(r[2] for r in steady)[len(ms) // 2] / 1024:.1f} MB "
      f"(anonymous {sorted(r[4] for r in steady)[len(ms) // 2] / 1024:.1f} MB)")
PY
