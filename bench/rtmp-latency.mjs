// RTMP → WebRTC latency through the server: encoder's send of each video frame → a WebRTC viewer's receipt
// of that frame's RTP packets, both ends in this one process (one clock).
//
//   (cd bench/ndc && npm ci)   # once
//   node bench/rtmp-latency.mjs --file /tmp/rtmp-bench/src-aac.flv [--rtmp rtmp://127.0.0.1:1935/LiveApp]
//        [--ws ws://127.0.0.1:5080/LiveApp/websocket] [--stream latency1] [--duration 40] [--skip 5] [--json FILE]
//
// The sender is a small RTMP publisher (plain handshake, connect, createStream, publish, @setDataFrame) that
// plays a pre-encoded FLV file (H.264 without B-frames, optionally AAC) in real time, like `ffmpeg -re -c copy`.
// Into every H.264 frame it inserts, as the frame's first NAL unit, an SEI user_data_unregistered message with
// a fixed UUID and the frame's send time (performance.now(), ASCII so that no emulation prevention is needed),
// taken just before the frame's RTMP message is written to the socket. The server forwards H.264 as it is, so
// the SEI reaches the viewer in the frame's first RTP packet. The viewer is libdatachannel (node-datachannel)
// playing the broadcast over Ant Media's WebSocket protocol, as a browser would (DTLS client); for each RTP
// packet it gets (decrypted) it looks for the SEI in a single NAL unit, a STAP-A or the start of an FU-A.
// Per frame it reports: send → first RTP packet of the frame (the one holding the SEI), and send → the packet
// with the marker bit (the frame complete, what a decoder could start on), in ms, for frames sent after the
// first --skip seconds of viewing; keyframes separately.
//
// What this leaves out: the encoder's own latency (capture, encoding, its output buffer), the viewer's
// jitter buffer, decoding and display: it is the server's share plus loopback TCP/UDP, SRTP and the
// event-loop hop of node-datachannel's callbacks (sub-millisecond when this process is not starved).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';

const require = createRequire(new URL('./ndc/package.json', import.meta.url));
const nodeDataChannel = require('node-datachannel');
const WebSocket = require('ws');

const args = parseArgs(process.argv.slice(2), {
  file: '/tmp/rtmp-bench/src-aac.flv', rtmp: 'rtmp://127.0.0.1:1935/LiveApp',
  ws: 'ws://127.0.0.1:5080/LiveApp/websocket', stream: 'latency1', duration: '40', skip: '5', json: '',
});
const SEI_UUID = Buffer.from('4f53505245592d524d54502d4c415421', 'hex'); // "OSPREY-RMTP-LAT!", no zero byte
const durationMs = Number(args.duration) * 1000;

const tags = readFlv(fs.readFileSync(args.file));
const media = tags.filter((t) => t.type === 8 || t.type === 9);
if (media.at(-1).ts < durationMs) throw new Error(`${args.file} is shorter than --duration`);
const script = tags.find((t) => t.type === 18);

const frames = new Map(); // frame number → { sent, key, first, complete }
let viewStart;

async function main() {
  const publisher = await RtmpPublisher.connect(args.rtmp, args.stream);
  const sendDone = publishRealTime(publisher);
  await sleep(1500);
  const viewer = await startViewer();
  viewStart = performance.now();
  await sendDone;
  await sleep(500);
  report();
  viewer.close();
  publisher.close();
  process.exit(0);
}

// ---- sender

async function publishRealTime(pub) {
  if (script) pub.data(Buffer.concat([amf.string('@setDataFrame'), script.data]));
  const start = performance.now();
  let n = 0;
  for (const tag of media) {
    if (tag.ts > durationMs) break;
    const wait = start + tag.ts - performance.now();
    if (wait > 1) await sleep(wait);
    if (tag.type === 9 && tag.data[1] === 1) { // AVC NALU (not the sequence header)
      const key = (tag.data[0] >> 4) === 1;
      const sent = performance.now();
      const number = ++n;
      frames.set(number, { sent, key });
      pub.media(9, tag.ts, withSei(tag.data, `${number} ${sent.toFixed(3)}`));
    } else {
      pub.media(tag.type, tag.ts, tag.data);
    }
  }
}

/** The FLV video tag body with an SEI NAL unit (4-byte length, as ffmpeg's FLV) in front of its NAL units. */
function withSei(body, text) {
  const payload = Buffer.concat([SEI_UUID, Buffer.from(text, 'ascii')]);
  const sei = Buffer.concat([Buffer.from([0x06, 0x05, payload.length]), payload, Buffer.from([0x80])]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(sei.length);
  return Buffer.concat([body.subarray(0, 5), length, sei, body.subarray(5)]);
}

// ---- viewer

function startViewer() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(args.ws);
    const held = [];
    let pc;
    const timer = setTimeout(() => reject(new Error('viewer: no offer within 10 s')), 10_000);
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ command: 'play', streamId: args.stream, token: '', room: '',
      trackList: [], subscriberId: '', subscriberCode: '', viewerInfo: '', role: '', userPublishId: '' })));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.command === 'takeConfiguration' && msg.type === 'offer') {
        clearTimeout(timer);
        pc = new nodeDataChannel.PeerConnection('viewer', { iceServers: [] });
        pc.onLocalDescription((sdp, type) => {
          if (type === 'answer') ws.send(JSON.stringify({ command: 'takeConfiguration', streamId: args.stream, type, sdp }));
        });
        pc.onLocalCandidate((candidate, mid) => ws.send(JSON.stringify({ command: 'takeCandidate',
          streamId: args.stream, label: 0, id: mid, candidate })));
        pc.onTrack((track) => {
          held.push(track); // a Track that JavaScript collects stops calling back
          track.onMessage((packet) => onRtp(performance.now(), packet));
        });
        // The viewer is the DTLS client, as browsers are: an offer saying passive makes the answer active.
        pc.setRemoteDescription(msg.sdp.replace(/a=setup:actpass/g, 'a=setup:passive'), 'offer');
        resolve({ close: () => { ws.close(); } });
      } else if (msg.command === 'takeCandidate' && msg.candidate && pc) {
        pc.addRemoteCandidate(msg.candidate.replace(/^a=/, ''), msg.id ?? '0');
      } else if (msg.command === 'error') {
        reject(new Error(`server error ${msg.definition}`));
      }
    });
  });
}

const byRtpTimestamp = new Map(); // RTP timestamp → frame number, for the frame-complete (marker) packet

function onRtp(now, p) {
  if (p.length < 12 || (p[0] >> 6) !== 2 || (p[1] >= 192 && p[1] <= 223)) return; // not RTP, or RTCP
  const marker = (p[1] & 0x80) !== 0;
  const timestamp = p.readUInt32BE(4);
  let at = 12 + 4 * (p[0] & 0x0f);
  if (p[0] & 0x10) at += 4 + 4 * p.readUInt16BE(at + 2);
  const nalType = p[at] & 0x1f;
  let number;
  if (nalType === 6) number = seiFrame(p, at, p.length);
  else if (nalType === 24) { // STAP-A: 16-bit size, NAL unit, ...
    for (let i = at + 1; i + 2 < p.length && number === undefined;) {
      const size = p.readUInt16BE(i);
      if ((p[i + 2] & 0x1f) === 6) number = seiFrame(p, i + 2, i + 2 + size);
      i += 2 + size;
    }
  } else if (nalType === 28 && (p[at + 1] & 0x80) && (p[at + 1] & 0x1f) === 6) {
    number = seiFrame(p, at + 1, p.length); // FU-A start of an SEI: the FU header stands where the NAL header was
  }
  if (number !== undefined) {
    const f = frames.get(number);
    if (f && f.first === undefined) {
      f.first = now;
      byRtpTimestamp.set(timestamp, number);
    }
  }
  if (marker) {
    const n = byRtpTimestamp.get(timestamp);
    const f = n !== undefined ? frames.get(n) : undefined;
    if (f && f.complete === undefined) {
      f.complete = now;
      byRtpTimestamp.delete(timestamp);
    }
  }
}

/** The frame number in our SEI (NAL header at `at`), or undefined. */
function seiFrame(p, at, end) {
  if (p[at + 1] !== 5) return undefined; // payload type user_data_unregistered
  const size = p[at + 2];
  const uuid = p.subarray(at + 3, at + 19);
  if (!uuid.equals(SEI_UUID) || at + 3 + size > end) return undefined;
  return Number(p.subarray(at + 19, at + 3 + size).toString('ascii').split(' ')[0]);
}

// ---- report

function report() {
  const from = viewStart + Number(args.skip) * 1000;
  const counted = [...frames.values()].filter((f) => f.sent >= from);
  const seen = counted.filter((f) => f.first !== undefined);
  const complete = counted.filter((f) => f.complete !== undefined);
  const summary = {
    file: args.file, stream: args.stream, durationS: Number(args.duration), skipS: Number(args.skip),
    framesSent: counted.length, framesSeen: seen.length, framesComplete: complete.length,
    sendToFirstPacketMs: stats(seen.map((f) => f.first - f.sent)),
    sendToFrameCompleteMs: stats(complete.map((f) => f.complete - f.sent)),
    keyframesSendToFrameCompleteMs: stats(complete.filter((f) => f.key).map((f) => f.complete - f.sent)),
    deltaFramesSendToFrameCompleteMs: stats(complete.filter((f) => !f.key).map((f) => f.complete - f.sent)),
  };
  console.log(JSON.stringify(summary));
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(summary, null, 2));
}

function stats(values) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  const round = (x) => Math.round(x * 100) / 100;
  return { p50: round(q(0.5)), p95: round(q(0.95)), p99: round(q(0.99)), max: round(s.at(-1)), n: s.length };
}

// ---- FLV and RTMP

function readFlv(buf) {
  if (buf.toString('ascii', 0, 3) !== 'FLV') throw new Error('not an FLV file');
  const out = [];
  for (let at = buf.readUInt32BE(5) + 4; at + 11 <= buf.length;) {
    const type = buf[at] & 0x1f;
    const size = buf.readUIntBE(at + 1, 3);
    const ts = (buf.readUIntBE(at + 4, 3) | (buf[at + 7] << 24)) >>> 0;
    if (at + 11 + size > buf.length) break;
    out.push({ type, ts, data: buf.subarray(at + 11, at + 11 + size) });
    at += 11 + size + 4;
  }
  return out;
}

const amf = {
  number(v) { const b = Buffer.alloc(9); b[0] = 0; b.writeDoubleBE(v, 1); return b; },
  string(s) { const t = Buffer.from(s, 'utf8'); const b = Buffer.alloc(3); b[0] = 2; b.writeUInt16BE(t.length, 1); return Buffer.concat([b, t]); },
  null() { return Buffer.from([5]); },
  object(o) {
    const parts = [Buffer.from([3])];
    for (const [k, v] of Object.entries(o)) {
      const key = Buffer.from(k, 'utf8'); const len = Buffer.alloc(2); len.writeUInt16BE(key.length);
      parts.push(len, key, typeof v === 'number' ? amf.number(v) : amf.string(String(v)));
    }
    parts.push(Buffer.from([0, 0, 9]));
    return Buffer.concat(parts);
  },
};

/** Decodes the AMF0 values of a command message (the types servers send in replies). */
function amfDecode(b) {
  let at = 0;
  const str = () => { const n = b.readUInt16BE(at); at += 2; const s = b.toString('utf8', at, at + n); at += n; return s; };
  const props = () => { const o = {}; for (;;) { const k = str(); if (k === '' && b[at] === 9) { at++; return o; } o[k] = value(); } };
  function value() {
    const t = b[at++];
    switch (t) {
      case 0: at += 8; return b.readDoubleBE(at - 8);
      case 1: return b[at++] !== 0;
      case 2: return str();
      case 3: return props();
      case 5: case 6: return null;
      case 8: at += 4; return props();
      case 10: { const n = b.readUInt32BE(at); at += 4; return Array.from({ length: n }, value); }
      default: throw new Error(`AMF0 type ${t} not handled`);
    }
  }
  const out = [];
  while (at < b.length) out.push(value());
  return out;
}

class RtmpPublisher {
  static async connect(url, stream) {
    const u = new URL(url);
    const p = new RtmpPublisher(net.connect(Number(u.port || 1935), u.hostname), u.pathname.slice(1), url);
    await p.handshake();
    await p.command(3, 0, 'connect', 1, amf.object({ app: p.app, type: 'nonprivate', flashVer: 'FMLE/3.0 (compatible; osprey-bench)', tcUrl: url }));
    p.command(3, 0, 'releaseStream', 2, amf.null(), amf.string(stream)).catch(() => {});
    p.command(3, 0, 'FCPublish', 3, amf.null(), amf.string(stream)).catch(() => {});
    const [, , , streamId] = await p.command(3, 0, 'createStream', 4, amf.null());
    p.streamId = streamId;
    const started = p.status('NetStream.Publish.Start');
    p.command(8, streamId, 'publish', 5, amf.null(), amf.string(stream), amf.string('live'));
    await started;
    return p;
  }

  constructor(socket, app, url) {
    this.socket = socket; this.app = app; this.url = url;
    socket.setNoDelay(true);
    this.in = Buffer.alloc(0); this.peerChunk = 128; this.chunk = 4096; this.chunks = new Map();
    this.pending = new Map(); this.statusWaiters = [];
    this.closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', (e) => { console.error(`rtmp: ${e.message}`); process.exit(2); });
  }

  handshake() {
    return new Promise((resolve, reject) => {
      const c1 = Buffer.alloc(1536);
      for (let i = 8; i < 1536; i++) c1[i] = (Math.random() * 256) | 0;
      this.socket.write(Buffer.concat([Buffer.from([3]), c1]));
      let got = Buffer.alloc(0);
      const onData = (d) => {
        got = Buffer.concat([got, d]);
        if (got.length < 1 + 1536 * 2) return;
        this.socket.off('data', onData);
        this.socket.write(got.subarray(1, 1537)); // C2 echoes S1
        const size = Buffer.alloc(4); size.writeUInt32BE(this.chunk);
        this.write(2, 1, 0, 0, size);
        this.socket.on('data', (more) => this.onData(more));
        if (got.length > 1 + 1536 * 2) this.onData(got.subarray(1 + 1536 * 2));
        resolve();
      };
      this.socket.on('data', onData);
      this.socket.once('close', () => reject(new Error('rtmp: closed during the handshake')));
    });
  }

  /** Sends an AMF0 command; resolves with the reply (_result or _error) when the transaction id is not 0. */
  command(csid, streamId, name, txn, ...values) {
    this.write(csid, 20, streamId, 0, Buffer.concat([amf.string(name), amf.number(txn), ...values]));
    return new Promise((resolve, reject) => {
      this.pending.set(txn, (reply) => (reply[0] === '_result' ? resolve(reply) : reject(new Error(`${name}: ${JSON.stringify(reply)}`))));
    });
  }

  status(code) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`rtmp: no ${code} within 10 s`)), 10_000);
      this.statusWaiters.push((info) => {
        if (info?.code === code) { clearTimeout(timer); resolve(); return true; }
        if (info?.level === 'error') { clearTimeout(timer); reject(new Error(`rtmp: ${info.code} ${info.description}`)); return true; }
        return false;
      });
    });
  }

  data(payload) { this.write(4, 18, this.streamId, 0, payload); }

  media(type, ts, payload) { this.write(type === 8 ? 4 : 6, type, this.streamId, ts, payload); }

  /** One message: a type-0 chunk, then type-3 chunks of at most our chunk size. */
  write(csid, type, streamId, ts, payload) {
    const header = Buffer.alloc(12);
    header[0] = csid; // fmt 0
    header.writeUIntBE(Math.min(ts, 0xffffff), 1, 3);
    header.writeUIntBE(payload.length, 4, 3);
    header[7] = type;
    header.writeUInt32LE(streamId, 8);
    const parts = [header];
    if (ts >= 0xffffff) throw new Error('extended timestamps not needed here');
    for (let at = 0; at < payload.length; at += this.chunk) {
      if (at > 0) parts.push(Buffer.from([0xc0 | csid]));
      parts.push(payload.subarray(at, Math.min(payload.length, at + this.chunk)));
    }
    this.socket.write(Buffer.concat(parts));
  }

  onData(d) {
    this.in = Buffer.concat([this.in, d]);
    for (;;) {
      const b = this.in;
      if (b.length < 1) return;
      const fmt = b[0] >> 6;
      let csid = b[0] & 0x3f; let at = 1;
      if (csid === 0) { if (b.length < 2) return; csid = 64 + b[1]; at = 2; } else if (csid === 1) { if (b.length < 3) return; csid = 64 + b[1] + 256 * b[2]; at = 3; }
      const headerLength = [11, 7, 3, 0][fmt];
      if (b.length < at + headerLength) return;
      const s = this.chunks.get(csid) ?? { length: 0, type: 0, streamId: 0, parts: [], got: 0 };
      let ts = 0;
      if (fmt <= 2) ts = b.readUIntBE(at, 3);
      if (fmt <= 1) { s.length = b.readUIntBE(at + 3, 3); s.type = b[at + 6]; }
      if (fmt === 0) s.streamId = b.readUInt32LE(at + 7);
      at += headerLength;
      if (fmt <= 2 && ts === 0xffffff) { if (b.length < at + 4) return; at += 4; }
      const take = Math.min(this.peerChunk, s.length - s.got);
      if (b.length < at + take) return;
      s.parts.push(b.subarray(at, at + take)); s.got += take;
      this.in = b.subarray(at + take);
      this.chunks.set(csid, s);
      if (s.got === s.length) {
        const message = Buffer.concat(s.parts); s.parts = []; s.got = 0;
        this.onMessage(s.type, message);
      }
    }
  }

  onMessage(type, m) {
    if (type === 1) this.peerChunk = m.readUInt32BE(0) & 0x7fffffff;
    if (type !== 20) return;
    const v = amfDecode(m);
    if (v[0] === '_result' || v[0] === '_error') this.pending.get(v[1])?.(v);
    else if (v[0] === 'onStatus') this.statusWaiters = this.statusWaiters.filter((w) => !w(v[3]));
  }

  close() { this.socket.end(); }
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

await main();
