// Time from Play to the first decoded video frame, and the server's RTP forwarding latency.
//
//   cd e2e && unshare --net sh -c 'ip link set lo up && node ../bench/play-first-frame.mjs [runs]'
//
// Starts the server jar (as the e2e tests do), publishes Chromium's fake camera with publish.html, then
// `runs` times (default 20) clicks Play on play.html and measures inside the page, with
// performance.now(), the time until inbound-rtp framesDecoded > 0; then Stop and a short pause. Then two
// players watch for 15 s (steady state), the server is stopped and its "forwarding latency" log line (decrypted publisher packet into the
// broadcast → each viewer copy encrypted and handed to the socket) is printed.
import { TestBrowser } from '../e2e/lib/browser.mjs';
import { startServer } from '../e2e/lib/server.mjs';

const runs = Number(process.argv[2] ?? 20);
const streamId = `bench_${Date.now().toString(36)}`;
const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

const server = await startServer({ extraArgs: ['--media.probeForwardingLatency=true'] });
const browser = await TestBrowser.launch();
try {
  const publisher = await browser.newPage('publisher');
  await publisher.page.goto(server.url(`publish.html?iceServers=none&id=${streamId}`));
  await publisher.waitForEvent('initialized');
  await publisher.page.click('#start');
  await publisher.waitForEvent('publish_started');

  const player = await browser.newPage('player');
  await player.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`));
  await player.waitForEvent('initialized');
  const times = [];
  for (let i = 0; i < runs; i++) {
    // Arm an in-page poll before the click, so the measurement does not include the test's round trips.
    const measuring = player.page.evaluate((id) => new Promise((resolve, reject) => {
      const start = performance.now();
      const timer = setInterval(async () => {
        const pc = window.adaptor?.remotePeerConnection?.[id];
        if (!pc) return;
        for (const s of (await pc.getStats()).values()) {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) {
            clearInterval(timer);
            resolve(performance.now() - start);
            return;
          }
        }
        if (performance.now() - start > 10_000) {
          clearInterval(timer);
          reject(new Error('no frame within 10 s'));
        }
      }, 5);
      document.getElementById('play').click();
    }), streamId);
    times.push(await measuring);
    await player.page.click('#stop');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`play → first decoded frame over ${runs} runs: p50 ${percentile(sorted, 0.5).toFixed(0)} ms, `
    + `p99 ${percentile(sorted, 0.99).toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted.at(-1).toFixed(0)} ms`);
  console.log(`all (ms): ${times.map((t) => t.toFixed(0)).join(' ')}`);
  // Steady state for the latency histogram: two players for 15 s.
  const second = await browser.newPage('second player');
  await second.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`));
  await second.waitForEvent('initialized');
  await player.page.click('#play');
  await second.page.click('#play');
  await new Promise((resolve) => setTimeout(resolve, 15_000));
} finally {
  await browser.close();
  await server.stop();
  const latency = server.output().split('\n').filter((line) => line.includes('forwarding latency'));
  console.log(latency.length ? latency.join('\n') : 'no forwarding latency line in the server output');
}
