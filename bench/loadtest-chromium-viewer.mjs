// Opens the play sample in headless Chromium, presses Play and counts the video frames it decodes
// for N seconds (the inbound video's getStats(): framesDecoded, freezeCount, totalFreezesDuration,
// packetsLost, plus the video element's playback quality); prints one Markdown line for bench/RESULTS.md.
//   node bench/loadtest-chromium-viewer.mjs URL SECONDS
import { createRequire } from 'node:module';
const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [url, seconds = '15'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.OSPREY_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required',
    '--allow-loopback-in-peer-connection'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.click('#play:not([disabled])', { timeout: 10_000 });
  await page.waitForFunction(() => document.getElementById('remoteVideo').readyState >= 2, null, { timeout: 15_000 });
  const inbound = () => page.evaluate(async () => {
    const pcs = Object.values(window.adaptor?.remotePeerConnection ?? {}).filter((pc) => pc?.getStats);
    for (const pc of pcs) {
      for (const s of (await pc.getStats()).values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          return { decoded: s.framesDecoded ?? 0, freezes: s.freezeCount ?? 0,
            freezeSeconds: s.totalFreezesDuration ?? 0, lost: s.packetsLost ?? 0, received: s.packetsReceived ?? 0,
            nacks: s.nackCount ?? 0, plis: s.pliCount ?? 0 };
        }
      }
    }
    return { missing: Object.keys(window.adaptor ?? {}).join(',').slice(0, 300) };
  });
  const start = await inbound();
  if (start.missing !== undefined) console.error(`no inbound video stats; adaptor keys: ${start.missing}`);
  const startQ = await page.evaluate(() => document.getElementById('remoteVideo').getVideoPlaybackQuality().droppedVideoFrames);
  await page.waitForTimeout(Number(seconds) * 1000);
  const end = await inbound();
  const v = await page.evaluate(() => {
    const e = document.getElementById('remoteVideo');
    return { dropped: e.getVideoPlaybackQuality().droppedVideoFrames, w: e.videoWidth, h: e.videoHeight };
  });
  const dropped = v.dropped - startQ;
  const d = (k) => (end && start ? end[k] - start[k] : NaN);
  console.log(`\nChromium viewer (${new Date().toISOString().slice(0, 16)} UTC, beside the synthetic viewers): `
    + `${v.w}x${v.h}, framesDecoded +${d('decoded')} over ${seconds} s (${(d('decoded') / Number(seconds)).toFixed(1)}/s), `
    + `freezeCount +${d('freezes')} (${d('freezeSeconds').toFixed(2)} s frozen), packets received +${d('received')}, `
    + `lost +${d('lost')}, NACKs sent +${d('nacks')}, PLIs sent +${d('plis')}, ${dropped} frames dropped by the element.`);
} catch (e) {
  console.log(`\nChromium viewer (${new Date().toISOString().slice(0, 16)}): did not play: ${e.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
