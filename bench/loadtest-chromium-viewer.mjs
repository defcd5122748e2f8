// Opens the play sample in headless Chromium, presses Play and counts the video frames it decodes
// for N seconds; prints one Markdown line for bench/RESULTS.md.
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
  const start = await page.evaluate(() => document.getElementById('remoteVideo').getVideoPlaybackQuality());
  await page.waitForTimeout(Number(seconds) * 1000);
  const end = await page.evaluate(() => {
    const v = document.getElementById('remoteVideo');
    return { q: v.getVideoPlaybackQuality(), w: v.videoWidth, h: v.videoHeight };
  });
  const frames = end.q.totalVideoFrames - start.totalVideoFrames;
  const dropped = end.q.droppedVideoFrames - start.droppedVideoFrames;
  console.log(`\nChromium viewer (${new Date().toISOString().slice(0, 16)}): ${end.w}x${end.h}, `
    + `${(frames / Number(seconds)).toFixed(1)} frames/s decoded over ${seconds} s, ${dropped} dropped.`);
} catch (e) {
  console.log(`\nChromium viewer (${new Date().toISOString().slice(0, 16)}): did not play: ${e.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
