// Publish and play through Osprey's SFU with the official SDK and the sample pages: one Chromium page
// publishes its fake camera and microphone, others play the stream. Run in a loopback-only namespace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { playerInbound as inbound } from '../lib/stats.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

const FIRST_MEDIA_MS = 5_000;
// Chromium's fake camera: 640x480.
const WIDTH = 640;
const HEIGHT = 480;

async function openPublisher(browser, server, streamId, query = '') {
  const page = await browser.newPage('publisher');
  const response = await page.page.goto(server.url(`publish.html?iceServers=none&id=${streamId}${query}`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  await page.page.click('#start');
  await page.waitForEvent('publish_started', { timeout: 15_000 });
  return page;
}

async function openPlayer(browser, server, streamId, label) {
  const page = await browser.newPage(label);
  const response = await page.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  return page;
}

/** Clicks Play (a real click lets the page play audio) and resolves with the stats once audio and video decode. */
async function playUntilDecoding(player, streamId, timeout = FIRST_MEDIA_MS) {
  const clicked = Date.now();
  await player.page.click('#play');
  const stats = await waitUntil(async () => {
    const s = await inbound(player, streamId);
    return s && s.framesDecoded > 0 && s.totalSamplesReceived > 0 ? s : null;
  }, `${player.label} decoding audio and video`, timeout);
  return { ...stats, elapsedMs: Date.now() - clicked };
}

async function assertKeepsDecoding(player, streamId) {
  const before = await inbound(player, streamId);
  const after = await waitUntil(async () => {
    const s = await inbound(player, streamId);
    // The element may need a moment to resume after the SDK swapped in a new connection's stream.
    return s.framesDecoded > before.framesDecoded + 10 && s.totalSamplesReceived > before.totalSamplesReceived
      && s.elementPlaying ? s : null;
  }, `${player.label} decoding more frames in a playing element`, 8_000);
  assert.equal(after.frameWidth, WIDTH, `${player.label} frame width`);
  assert.equal(after.frameHeight, HEIGHT, `${player.label} frame height`);
  assert.ok(after.elementPlaying, `${player.label} video element plays the stream`);
  return after;
}

for (const codec of ['vp8', 'h264']) {
  describe(`publish and play, ${codec}`, () => {
    let server;
    before(async () => { server = await startServer(); });
    after(async () => { await server?.stop(); });

    test(`one publisher, two players decode ${codec} video and audio; stopping ends both plays`, async () => {
      await withBrowser(server, async (browser) => {
        const streamId = randomId(codec);
        const publisher = await openPublisher(browser, server, streamId, `&codec=${codec}`);
        const b = await openPlayer(browser, server, streamId, 'B');
        const c = await openPlayer(browser, server, streamId, 'C');

        const [first, second] = await Promise.all([playUntilDecoding(b, streamId), playUntilDecoding(c, streamId)]);
        for (const [player, stats] of [[b, first], [c, second]]) {
          assert.equal(stats.codec?.toLowerCase(), `video/${codec}`, `${player.label} codec`);
          await assertKeepsDecoding(player, streamId);
          assert.ok(player.received('notification').some((m) => m.definition === 'play_started'), `${player.label} play_started`);
          const offer = player.received('takeConfiguration').find((m) => m.type === 'offer');
          assert.deepEqual(Object.values(offer.idMapping).sort(), [`ARDAMSa${streamId}`, `ARDAMSv${streamId}`]);
          assert.ok(player.received('takeCandidate').length > 0, `${player.label} got trickled candidates`);
        }
        console.log(`${codec}: first audio+video decoded after ${first.elapsedMs} ms (B) and ${second.elapsedMs} ms (C)`);
        for (const player of [b, c]) {
          await waitUntil(async () => (await inbound(player, streamId)).senderReports.every((n) => n > 0),
            `${player.label} receiving sender reports for audio and video`, 15_000, 200);
        }

        // The publisher's stream reports its real picture size and bitrates.
        await publisher.page.evaluate((id) => window.adaptor.getStreamInfo(id), streamId);
        const info = await waitUntil(() => publisher.received('streamInformation')[0], 'streamInformation');
        assert.equal(info.streamInfo[0].streamWidth, WIDTH);
        assert.equal(info.streamInfo[0].streamHeight, HEIGHT);
        assert.ok(info.streamInfo[0].videoBitrate > 0 && info.streamInfo[0].audioBitrate > 0, JSON.stringify(info));

        await publisher.page.click('#stop');
        await publisher.waitForEvent('publish_finished', { timeout: 5_000 });
        for (const player of [b, c]) await player.waitForEvent('play_finished', { timeout: 5_000 });
        assert.deepEqual(await publisher.errors(), []);
      });
    });
  });
}

describe('late joiner', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('a player joining 10 s after the first decodes its first frame within 1 s (keyframe request)', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('late');
      await openPublisher(browser, server, streamId);
      const b = await openPlayer(browser, server, streamId, 'B');
      const c = await openPlayer(browser, server, streamId, 'C');
      await playUntilDecoding(b, streamId);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      // Timed inside the page: from the click, when play_started arrives and when the first frame decodes.
      // The two race (the notification goes over the WebSocket, the frame over SRTP): either may come first.
      const times = await c.page.evaluate((id) => new Promise((resolve, reject) => {
        const start = performance.now();
        let startedAt = null;
        let frameAt = null;
        const timer = setInterval(async () => {
          const now = performance.now() - start;
          if (startedAt === null && (window.events ?? []).includes('play_started')) startedAt = now;
          const pc = window.adaptor?.remotePeerConnection?.[id];
          const stats = pc ? [...(await pc.getStats()).values()] : [];
          if (frameAt === null && stats.some((s) => s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0)) {
            frameAt = performance.now() - start;
          }
          if (startedAt !== null && frameAt !== null) {
            clearInterval(timer);
            resolve({ startedAt, frameAt });
          } else if (now > 10_000) {
            clearInterval(timer);
            reject(new Error(`10 s after Play: play_started at ${startedAt} ms, first frame at ${frameAt} ms`));
          }
        }, 5);
        document.getElementById('play').click();
      }), streamId);
      console.log(`late joiner: play_started ${times.startedAt.toFixed(0)} ms and first frame ${times.frameAt.toFixed(0)} ms after Play`);
      assert.ok(times.frameAt - times.startedAt < 1_000, `first frame ${(times.frameAt - times.startedAt).toFixed(0)} ms after play_started`);
      await assertKeepsDecoding(c, streamId);
    });
  });
});

describe('5 % loss on the viewer leg', () => {
  let server;
  before(async () => { server = await startServer({ extraArgs: ['--media.testDropRate=0.05'] }); });
  after(async () => { await server?.stop(); });

  test('NACK and RTX keep the video decoding', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('loss');
      await openPublisher(browser, server, streamId);
      const b = await openPlayer(browser, server, streamId, 'B');
      await playUntilDecoding(b, streamId);
      const start = await inbound(b, streamId);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const end = await inbound(b, streamId);
      const decoded = end.framesDecoded - start.framesDecoded;
      console.log(`loss: ${JSON.stringify({ start, end, decoded })}`);
      assert.ok(end.nackCount > start.nackCount, 'the player sent NACKs');
      assert.ok(end.retransmittedPacketsReceived > start.retransmittedPacketsReceived, 'retransmissions arrived');
      assert.ok(decoded >= 100, `frames decoded in 10 s: ${decoded}`);
      assert.ok(end.freezeCount - start.freezeCount <= 2, `freezes: ${end.freezeCount - start.freezeCount}`);
      assert.ok(end.framesDropped - start.framesDropped <= decoded / 20, `frames dropped: ${end.framesDropped - start.framesDropped}`);
      const bitrate = b.received('notification').filter((m) => m.definition === 'bitrateMeasurement');
      assert.ok(bitrate.length > 0 && bitrate.at(-1).videoBitrate > 0 && bitrate.at(-1).audioBitrate > 0,
        `bitrateMeasurement notifications: ${JSON.stringify(bitrate)}`);
      await assertKeepsDecoding(b, streamId);
    });
  });
});

describe('a player waiting for the stream', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('gets no_stream_exist, keeps retrying, plays once the stream is live and again after it was republished', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('wait');
      const b = await openPlayer(browser, server, streamId, 'B');
      await b.page.click('#play');
      await waitUntil(async () => (await b.errors()).includes('no_stream_exist'), 'no_stream_exist', 5_000);

      let publisher = await openPublisher(browser, server, streamId);
      await waitUntil(async () => ((await inbound(b, streamId))?.framesDecoded ?? 0) > 0, 'B decoding after its retries', 15_000, 200);
      await assertKeepsDecoding(b, streamId);

      await publisher.page.click('#stop');
      await b.waitForEvent('play_finished', { timeout: 5_000 });
      await publisher.page.close();
      publisher = await openPublisher(browser, server, streamId);
      const decodedBefore = b.received('notification').filter((m) => m.definition === 'play_started').length;
      await waitUntil(() => b.received('notification').filter((m) => m.definition === 'play_started').length > decodedBefore,
        'B playing the republished stream', 20_000, 200);
      await assertKeepsDecoding(b, streamId);
    });
  });
});
