#!/usr/bin/env bash
# Scenario (c): scenario (a) against Janus's streaming plugin (apt-get install janus), one RTP
# mountpoint fed by the load tester's plain RTP, then the same viewer count against Osprey; prints
# the Osprey/Janus ratio of server CPU per forwarded packet.
#   bench/loadtest-janus.sh [VIEWERS...]         default: 100 500 1000
#
# Janus never gathers candidates on the loopback interface, so the whole run happens in a private
# network namespace (unshare, as root) holding only lo and a veth pair 10.77.0.1 <-> 10.77.0.2: Janus
# gathers 10.77.0.1, the load tester uses it (--allow-local-interfaces), nothing leaves the namespace.
if [ "${OSPREY_BENCH_NETNS:-}" != 1 ]; then
  exec unshare --net env OSPREY_BENCH_NETNS=1 bash "$0" "$@"
fi
ip link set lo up
ip link add v0 type veth peer name v1
ip addr add 10.77.0.1/24 dev v0
ip addr add 10.77.0.2/24 dev v1
ip link set v0 up
ip link set v1 up
source "$(dirname "${BASH_SOURCE[0]}")/loadtest-lib.sh"
command -v janus >/dev/null || { echo "Janus is not installed: apt-get install janus" >&2; exit 1; }
build_all
JANUS_DIR="$(mktemp -d)"
JANUS_PID=""
cleanup() { stop_osprey; [ -n "$JANUS_PID" ] && kill -TERM "$JANUS_PID" 2>/dev/null; rm -rf "$JANUS_DIR"; }
trap cleanup EXIT

# A private configuration: WebSocket transport on 127.0.0.1:8188, no other transports or plugins.
cp -r /etc/janus "$JANUS_DIR/conf"
cat >"$JANUS_DIR/conf/janus.transport.websockets.jcfg" <<'CFG'
general: { json = "compact" ws = true ws_port = 8188 ws_ip = "127.0.0.1" wss = false }
admin: { admin_ws = false }
CFG
printf 'general: { }\n' >"$JANUS_DIR/conf/janus.plugin.streaming.jcfg"
janus --configs-folder="$JANUS_DIR/conf" --ice-enforce-list=v0 >"$JANUS_DIR/log" 2>&1 &
JANUS_PID=$!
sleep 2

ratio() { jq -n --argjson o "$1" --argjson j "$2" 'if $j > 0 then ($o / $j * 100 | round) / 100 else "–" end'; }
for v in ${@:-100 500 1000}; do
  jj="$(mktemp)"; oj="$(mktemp)"
  "$JAVA" -Dorg.bytedeco.javacpp.cachedir="$PWD/osprey-loadtest/target/javacpp-cache" -jar osprey-loadtest/target/osprey-loadtest.jar --quiet --json "$jj" --dialect janus-streaming \
    --janus-create --allow-local-interfaces --url ws://127.0.0.1:8188/janus --streams 1 --viewers-per-stream "$v" --codec vp8 \
    --bitrate 1500k --ramp "$RAMP" --duration "$DURATION" --server-pid "$JANUS_PID" --max-failures 1% || true
  append_row "(c) Janus 1 → $v" "$jj" "--dialect janus-streaming --janus-create --viewers-per-stream $v"
  start_osprey
  "$JAVA" -Dorg.bytedeco.javacpp.cachedir="$PWD/osprey-loadtest/target/javacpp-cache" -jar osprey-loadtest/target/osprey-loadtest.jar --quiet --json "$oj" \
    --url "ws://127.0.0.1:$OSPREY_PORT/LiveApp/websocket" --streams 1 --viewers-per-stream "$v" --codec vp8 \
    --bitrate 1500k --ramp "$RAMP" --duration "$DURATION" --server-pid "$OSPREY_PID" --max-failures 1% || true
  append_row "(c) Osprey 1 → $v" "$oj" "--viewers-per-stream $v"
  stop_osprey
  for key in steady.cpuMicrosPerForwardedPacket server.cpuMicrosPerForwardedPacket; do
    echo "viewers $v: Osprey/Janus $key = $(ratio "$(jq ".$key // -1" "$oj")" "$(jq ".$key // -1" "$jj")")"
  done | tee -a "$JANUS_DIR/ratios"
  echo "| | | | (c) ratio Osprey/Janus, $v viewers | steady CPU µs/fwd pkt: $(ratio "$(jq '.steady.cpuMicrosPerForwardedPacket // -1' "$oj")" "$(jq '.steady.cpuMicrosPerForwardedPacket // -1' "$jj")"); whole run: $(ratio "$(jq '.server.cpuMicrosPerForwardedPacket // -1' "$oj")" "$(jq '.server.cpuMicrosPerForwardedPacket // -1' "$jj")") | | | | | | | | | | | |" >>"$RESULTS"
  rm -f "$jj" "$oj"
done
