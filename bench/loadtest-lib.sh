# Shared by bench/loadtest-*.sh (sourced): build, start/stop a loopback Osprey, run the load tester,
# append a result row to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
RESULTS="bench/RESULTS.md"
DURATION="${LOADTEST_DURATION:-30s}"
RAMP="${LOADTEST_RAMP:-100/s}"
OSPREY_PORT="${OSPREY_BENCH_PORT:-15580}"
OSPREY_JAR="${OSPREY_JAR:-osprey-server/target/osprey-server.jar}" # another build, to compare

build_all() {
  JAVA_HOME="$JAVA_HOME" mvn -B -q -pl osprey-server,osprey-loadtest -am install -DskipTests
}

# Starts Osprey on 127.0.0.1:$OSPREY_PORT exactly as './osprey run' does (with $OSPREY_JAVA_OPTS); sets OSPREY_PID.
start_osprey() {
  OSPREY_LOG="$(mktemp)"
  "$JAVA" ${OSPREY_JAVA_OPTS:-} -jar "$OSPREY_JAR" --server.host=127.0.0.1 --server.httpPort="$OSPREY_PORT" \
    --server.httpsPort=$((OSPREY_PORT + 1)) >"$OSPREY_LOG" 2>&1 &
  OSPREY_PID=$!
  for _ in $(seq 1 100); do grep -q "Osprey started" "$OSPREY_LOG" && return 0; sleep 0.1; done
  cat "$OSPREY_LOG"; return 1
}

stop_osprey() {
  if [ -n "${OSPREY_PID:-}" ]; then
    kill -TERM "$OSPREY_PID" 2>/dev/null || true
    wait "$OSPREY_PID" 2>/dev/null || true
    rm -f "$OSPREY_LOG"
    OSPREY_PID=""
  fi
}

# run_loadtest LABEL ARGS... : runs the jar with --json, prints its output, appends a row.
run_loadtest() {
  local label="$1"; shift
  local json; json="$(mktemp)"
  local status=0
  "$JAVA" -Dorg.bytedeco.javacpp.cachedir="$PWD/osprey-loadtest/target/javacpp-cache" \
    -jar osprey-loadtest/target/osprey-loadtest.jar --quiet --json "$json" "$@" || status=$?
  append_row "$label" "$json" "$*"
  rm -f "$json"
  return $status
}

ensure_results_header() {
  if ! grep -q "^### Load tests with steady-phase figures" "$RESULTS" 2>/dev/null; then
    cat >>"$RESULTS" <<'HEAD'

### Load tests with steady-phase figures

Rows appended by `bench/loadtest-*.sh`. Whole run: setup is WebSocket open → first media packet, CPU µs per
forwarded packet over the whole run (set-up, DTLS handshakes and JIT included). Steady: from 5 s after
the last viewer was started to the end (`steady` in the JSON): server CPU per forwarded packet, the
forwarded packets/s one server core sustains at that cost, in→out latency (publisher send → viewer
receive of the same payload, same process). RSS is the server's growth per viewer. Load is the
machine's 1-minute load average when the row was written (other jobs share the 2 cores).

| date | rev | machine | scenario | command | viewers ok/started | pkts/viewer | loss % | setup p50/p99 ms | CPU µs/fwd pkt (run) | steady CPU µs/fwd pkt | steady fwd pkts/s per core | steady server cores | steady latency p50/p99 ms | RSS kB/viewer | RR / NACK sent |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
HEAD
  fi
}

append_row() {
  local label="$1" json="$2" args="$3"
  ensure_results_header
  local machine; machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1 /proc/loadavg)"
  if [ ! -s "$json" ]; then
    echo "| $(date -u '+%Y-%m-%d %H:%M') | $(git rev-parse --short HEAD) | $machine | $label | \`loadtest $args\` | run did not complete | | | | | | | | | | |" >>"$RESULTS"
    return
  fi
  jq -r --arg date "$(date -u '+%Y-%m-%d %H:%M')" --arg rev "$(git rev-parse --short HEAD)" \
    --arg machine "$machine" --arg scn "$label" --arg args "$args" '
    def r(x): if x == null or x < 0 then "–" else ((x * 100 | round) / 100 | tostring) end;
    def i(x): if x == null or x < 0 then "–" else (x | round | tostring) end;
    "| \($date) | \($rev) | \($machine) | \($scn) | `loadtest \($args)` | "
    + "\(.peers.viewersStarted - .peers.viewersFailed)/\(.peers.viewersStarted) | \(r(.packets.avgPerViewer)) | "
    + "\(r(.packets.lossPercent)) | \(r(.viewerSetupMs.p50))/\(r(.viewerSetupMs.p99)) | "
    + "\(r(.server.cpuMicrosPerForwardedPacket)) | \(r(.steady.cpuMicrosPerForwardedPacket)) | "
    + "\(i(.steady.packetsPerSecondPerCore)) | \(r(.steady.serverCores)) | "
    + "\(r(.steady.latencyMs.p50))/\(r(.steady.latencyMs.p99)) | \(r(.server.rssGrowthPerViewerKb)) | "
    + "\(.feedback.receiverReports // 0) / \(.feedback.nacks // 0) |"' "$json" >>"$RESULTS"
}
