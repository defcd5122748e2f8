// Simulated HLS viewers against one live playlist: how many requests per second a server answers for
// N players, and how long LL-HLS blocking reloads take. No media is decoded: each viewer does what a
// player's network side does.
//
//   node bench/hls-viewers.mjs --url http://127.0.0.1:5080/LiveApp/streams/cam1.m3u8
//        [--viewers 1000] [--duration 30] [--mode ll|regular] [--pid SERVER_PID] [--json FILE]
//
// ll       each viewer loops: a blocking playlist request for the part after the newest it knows
//          (_HLS_msn/_HLS_part), then a GET of that part: two requests per part (0.5 s by default).
// regular  each viewer reloads the playlist every target duration and GETs each new segment.
// Viewers start spread over the first 2 s, each on its own keep-alive connection, and stop by themselves
// after --duration seconds. Prints requests/s (playlists, media), bytes/s, the blocking reload's wait
// (median, p99), errors by kind, and with --pid the server's CPU over the run (utime+stime, % of one core).
import fs from 'node:fs';
import http from 'node:http';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
const url = new URL(args.url ?? 'http://127.0.0.1:5080/LiveApp/streams/cam1.m3u8');
const viewers = Number(args.viewers ?? 1000);
const durationMs = Number(args.duration ?? 30) * 1000;
const mode = args.mode ?? 'll';
if (!(viewers > 0 && viewers <= 5000) || !(durationMs > 0 && durationMs <= 600_000)) throw new Error('1–5000 viewers, up to 600 s');
if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error('loopback only');

const stats = { playlists: 0, media: 0, bytes: 0, errors: {}, waits: [] };
const deadline = Date.now() + durationMs;
const base = url.href.slice(0, url.href.lastIndexOf('/') + 1);

function get(agent, target) {
  const playlist = target.includes('.m3u8');
  return new Promise((resolve) => {
    const request = http.get(target, { agent }, (response) => {
      let size = 0;
      let body = '';
      response.on('data', (chunk) => {
        size += chunk.length;
        if (playlist) body += chunk;
      });
      response.on('end', () => {
        stats.bytes += size;
        resolve({ status: response.statusCode, text: body, size });
      });
    });
    request.setTimeout(15_000, () => request.destroy(new Error('timeout')));
    request.on('error', (e) => { count(e.code ?? e.message); resolve({ status: 0, text: '', size: 0 }); });
  });
}

function count(kind) {
  stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
}

/** [msn, part, uri] of each part the playlist lists, in order. */
function parts(playlist) {
  return [...playlist.matchAll(/#EXT-X-PART:[^\n]*URI="([^"]*?(\d{9})_p(\d+)\.[a-z0-9]+)"/g)]
    .map((m) => [Number(m[2]), Number(m[3]), m[1]]);
}

async function llViewer(agent) {
  let { text } = await get(agent, url.href);
  stats.playlists++;
  let known = parts(text).at(-1);
  while (Date.now() < deadline && known) {
    const [msn, part] = known;
    const asked = performance.now();
    const answer = await get(agent, `${url.href}?_HLS_msn=${msn}&_HLS_part=${part + 1}`);
    stats.playlists++;
    if (answer.status !== 200) { count(`playlist ${answer.status}`); await sleep(500); continue; }
    stats.waits.push(performance.now() - asked);
    const listed = parts(answer.text);
    const newer = listed.filter(([m, p]) => m > msn || (m === msn && p > part));
    for (const [, , uri] of newer) {
      const media = await get(agent, base + uri);
      stats.media++;
      if (media.status !== 200) count(`part ${media.status}`);
    }
    known = listed.at(-1) ?? known;
  }
}

async function regularViewer(agent) {
  const seen = new Set();
  while (Date.now() < deadline) {
    const { status, text } = await get(agent, url.href);
    stats.playlists++;
    if (status !== 200) { count(`playlist ${status}`); await sleep(1000); continue; }
    const segments = text.split('\n').filter((l) => l && !l.startsWith('#'));
    const fresh = seen.size === 0 ? segments.slice(-3) : segments.filter((s) => !seen.has(s));
    for (const s of fresh) {
      seen.add(s);
      const media = await get(agent, base + s);
      stats.media++;
      if (media.status !== 200) count(`segment ${media.status}`);
    }
    const target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1] ?? 2);
    await sleep(target * 1000);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

const cpuBefore = args.pid ? cpuSeconds(args.pid) : 0;
const started = performance.now();
await Promise.all(Array.from({ length: viewers }, async (_, i) => {
  await sleep((i * 2000) / viewers);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await (mode === 'll' ? llViewer(agent) : regularViewer(agent));
  } finally {
    agent.destroy();
  }
}));
const seconds = (performance.now() - started) / 1000;
const waits = stats.waits.sort((a, b) => a - b);
const result = {
  date: new Date().toISOString().slice(0, 10), mode, viewers, seconds: Number(seconds.toFixed(1)),
  requestsPerSecond: Math.round((stats.playlists + stats.media) / seconds),
  playlistsPerSecond: Math.round(stats.playlists / seconds), mediaPerSecond: Math.round(stats.media / seconds),
  megabitsPerSecond: Number((stats.bytes * 8 / seconds / 1e6).toFixed(1)),
  blockingWaitMedianMs: waits.length ? Math.round(waits[Math.floor(waits.length / 2)]) : null,
  blockingWaitP99Ms: waits.length ? Math.round(waits[Math.floor(waits.length * 0.99)]) : null,
  errors: stats.errors,
  serverCpuPercent: args.pid ? Math.round((cpuSeconds(args.pid) - cpuBefore) / seconds * 100) : null,
};
console.log(JSON.stringify(result));
if (args.json) fs.writeFileSync(args.json, JSON.stringify(result, null, 2));
