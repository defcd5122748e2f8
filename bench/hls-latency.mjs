// How far behind live hls.js plays a server's HLS stream, as hls.js reports it (hls.latency: from the
// live edge the playlist announces to the playhead; the encoder's and the server's delay before a part
// is listed are not in it). Headless Chromium (Debian's) with hls.js from web/node_modules, on a page of
// the server's own origin (so no CORS is needed): works against Osprey and Ant Media alike.
//
//   node bench/hls-latency.mjs --base http://127.0.0.1:5080/LiveApp --stream cam1 [--mode ll|regular]
//        [--seconds 20] [--warmup 8]
//
// Prints one JSON line: median and 90th percentile of the latency sampled every 250 ms after the warm-up,
// stalls (hls.js BUFFER_STALLED_ERROR), parts and segments loaded.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
const base = args.base ?? 'http://127.0.0.1:5080/LiveApp';
const stream = args.stream ?? 'cam1';
const mode = args.mode ?? 'll';
const seconds = Number(args.seconds ?? 20);
const warmup = Number(args.warmup ?? 8);
const hlsScript = new URL('../web/node_modules/hls.js/dist/hls.min.js', import.meta.url).pathname;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hls-latency-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.OSPREY_CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--autoplay-policy=no-user-gesture-required',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(`${base}/`).catch(() => {});
  await page.setContent('<video id="video" muted autoplay playsinline></video>');
  await page.addScriptTag({ path: hlsScript });
  await page.evaluate(({ url, lowLatency }) => {
    window.state = { stalls: 0, parts: 0, segments: 0, fatal: null };
    const hls = new Hls({ lowLatencyMode: lowLatency, maxLiveSyncPlaybackRate: 1.5 });
    window.hls = hls;
    hls.on(Hls.Events.FRAG_LOADED, (e, data) => { if (data.part) window.state.parts++; else window.state.segments++; });
    hls.on(Hls.Events.ERROR, (e, data) => {
      if (data.details === 'bufferStalledError') window.state.stalls++;
      if (data.fatal) window.state.fatal = data.details;
    });
    hls.loadSource(url);
    hls.attachMedia(document.getElementById('video'));
  }, { url: `${base}/streams/${stream}.m3u8`, lowLatency: mode === 'll' });
  await page.waitForTimeout(warmup * 1000);
  const samples = [];
  for (let t = 0; t < seconds * 4; t++) {
    await page.waitForTimeout(250);
    const latency = await page.evaluate(() => window.hls.latency);
    if (Number.isFinite(latency) && latency > 0) samples.push(latency);
  }
  const state = await page.evaluate(() => window.state);
  samples.sort((a, b) => a - b);
  const at = (q) => samples.length ? Number(samples[Math.min(samples.length - 1, Math.floor(samples.length * q))].toFixed(2)) : null;
  console.log(JSON.stringify({ date: new Date().toISOString().slice(0, 10), base, stream, mode,
    latencyMedianS: at(0.5), latencyP90S: at(0.9), samples: samples.length, ...state }));
} finally {
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
