// Connection setup latency of libdatachannel viewers (node-datachannel, the library OBS uses for WHIP).
//
//   (cd bench/ndc && npm ci)   # once
//   node bench/ndc-viewers.mjs [--url ws://127.0.0.1:5080/LiveApp/websocket] [--stream loadtest1]
//        [--viewers 100] [--rate 50] [--role active|passive|auto] [--timeout 10] [--json FILE]
//
// Opens --viewers viewers of one broadcast at --rate per second over Ant Media's WebSocket protocol: each
// one opens its own WebSocket, sends `play`, answers the server's `takeConfiguration` offer, exchanges
// `takeCandidate`s, and waits for its first RTP packet (a libdatachannel Track's first message). --role
// says which DTLS role the viewer takes: `active` (the viewer is the DTLS client, as browsers are) or
// `passive` (the server is the DTLS client); it is forced by rewriting the offer's a=setup:actpass before
// libdatachannel sees it, so that libdatachannel's own answer carries the opposite role. `auto` leaves
// libdatachannel's choice. Prints p50/p95/p99/max of play → first RTP, answer → first RTP and
// answer → DTLS connected, in milliseconds; viewers without media after --timeout seconds count as failed.
import { createRequire } from 'node:module';

const require = createRequire(new URL('./ndc/package.json', import.meta.url));
const nodeDataChannel = require('node-datachannel');
const WebSocket = require('ws');

const args = parseArgs(process.argv.slice(2), {
  url: 'ws://127.0.0.1:5080/LiveApp/websocket', stream: 'loadtest1', viewers: '100', rate: '50',
  role: 'active', timeout: '10', json: '', 'log-level': 'Error',
});
const viewers = Number(args.viewers);
const rate = Number(args.rate);
const timeoutMs = Number(args.timeout) * 1000;
if (!['active', 'passive', 'auto'].includes(args.role)) {
  throw new Error(`--role must be active, passive or auto: ${args.role}`);
}
nodeDataChannel.initLogger(args['log-level'], (level, message) => console.error(`[rtc ${level}] ${message}`));

const results = [];
const alive = []; // every viewer's state, peer connection and tracks, so that none is garbage collected
const started = performance.now();
const pending = [];
for (let i = 0; i < viewers; i++) {
  const due = started + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await sleep(wait);
  pending.push(runViewer(i));
}
for (const r of await Promise.all(pending)) results.push(r);
const ok = results.filter((r) => r.firstRtp !== undefined);
const failed = results.filter((r) => r.firstRtp === undefined);
const summary = {
  viewers, rate, role: args.role, ok: ok.length, failed: failed.length,
  answeredRoles: countBy(results.map((r) => r.answeredSetup ?? 'none')),
  playToFirstRtpMs: stats(ok.map((r) => r.firstRtp - r.play)),
  answerToFirstRtpMs: stats(ok.map((r) => r.firstRtp - r.answer)),
  answerToConnectedMs: stats(ok.filter((r) => r.connected).map((r) => r.connected - r.answer)),
  playToOfferMs: stats(ok.map((r) => r.offer - r.play)),
};
for (const [error, n] of Object.entries(countBy(failed.map((f) => f.error)))) console.error(`${n} viewers failed: ${error}`);
console.log(JSON.stringify(summary));
if (args.json) {
  const fs = await import('node:fs');
  fs.writeFileSync(args.json, JSON.stringify(summary, null, 2));
}
// Exiting closes the WebSockets, which ends the viewers on the server. libdatachannel's own close and
// cleanup are not awaited: with many peers they can block for minutes.
process.exit(failed.length === 0 ? 0 : 1);

/** One viewer: resolves (never rejects) with its timestamps (performance.now() milliseconds). */
function runViewer(index) {
  return new Promise((resolve) => {
    const r = { index };
    alive.push(r);
    const ws = new WebSocket(args.url);
    let pc;
    let done = false;
    const finish = (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) r.error = error;
      resolve(r);
    };
    const timer = setTimeout(() => finish(`no RTP within ${args.timeout} s (${reached()})`), timeoutMs);
    const reached = () => ['offer', 'answer', 'connected'].filter((k) => r[k] !== undefined).join(', ')
      + `; peer ${pc?.state()}, ICE ${pc?.iceState()}, ${r.tracks ?? 0} tracks`;
    const earlyCandidates = [];
    ws.on('error', (e) => finish(`websocket: ${e.message}`));
    ws.on('open', () => {
      r.play = performance.now();
      ws.send(JSON.stringify({ command: 'play', streamId: args.stream, token: '', room: '', trackList: [],
        subscriberId: '', subscriberCode: '', viewerInfo: '', role: '', userPublishId: '' }));
    });
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.command === 'takeConfiguration' && msg.type === 'offer') {
        r.offer = performance.now();
        pc = new nodeDataChannel.PeerConnection(`viewer${index}`, { iceServers: [] });
        r.pc = pc;
        pc.onLocalDescription((sdp, type) => {
          if (type !== 'answer') return;
          r.answeredSetup = /a=setup:(\w+)/.exec(sdp)?.[1];
          r.answer = performance.now();
          ws.send(JSON.stringify({ command: 'takeConfiguration', streamId: args.stream, type: 'answer', sdp }));
        });
        pc.onLocalCandidate((candidate, mid) => {
          ws.send(JSON.stringify({ command: 'takeCandidate', streamId: args.stream, label: 0, id: mid, candidate }));
        });
        pc.onStateChange((state) => {
          if (state === 'connected' && r.connected === undefined) r.connected = performance.now();
          if (state === 'failed') finish('peer connection failed');
        });
        pc.onTrack((track) => {
          // Held until the end: a Track that JavaScript collects stops calling back.
          (r.trackObjects ??= []).push(track);
          r.tracks = r.trackObjects.length;
          track.onMessage(() => {
            if (r.firstRtp === undefined) {
              r.firstRtp = performance.now();
              finish();
            }
          });
        });
        pc.setRemoteDescription(forceRole(msg.sdp), 'offer');
        for (const c of earlyCandidates.splice(0)) pc.addRemoteCandidate(c.candidate, c.mid);
      } else if (msg.command === 'takeCandidate' && msg.candidate) {
        const c = { candidate: msg.candidate.replace(/^a=/, ''), mid: msg.id ?? '0' };
        if (pc) pc.addRemoteCandidate(c.candidate, c.mid); else earlyCandidates.push(c);
      } else if (msg.command === 'error') {
        finish(`server error ${msg.definition}`);
      }
    });
  });
}

/** The viewer answers the opposite of what the offer then says: active offer → passive answer. */
function forceRole(sdp) {
  if (args.role === 'auto') return sdp;
  const offered = args.role === 'active' ? 'passive' : 'active';
  return sdp.replace(/a=setup:actpass/g, `a=setup:${offered}`);
}

function stats(values) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  const round = (x) => Math.round(x * 10) / 10;
  return { p50: round(q(0.5)), p95: round(q(0.95)), p99: round(q(0.99)), max: round(s.at(-1)), n: s.length };
}

function countBy(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in defaults)) throw new Error(`unknown option ${argv[i]}`);
    out[key] = argv[++i];
  }
  return out;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
