// A publisher that reconnects takes its stream over in Chromium with the official SDK: page A publishes,
// page B plays; A's media stops without `stop` and a new page A2 publishes the same stream id. Run in a
// loopback-only namespace.
//
// A network drop is played by A's senders stopping (replaceTrack(null) on every sender of the SDK's peer
// connection, adaptor.remotePeerConnection[streamId]): no RTP leaves A, no `stop` is sent, A's ICE and
// DTLS stay up so its SDK sees nothing to retry, and A's WebSocket stays open: the server has seen no
// close, as after a real drop. Closing the connection instead (RTCPeerConnection.close() sends a DTLS
// close_notify), the page or its WebSocket is an end the server sees: the stream ends at once and the
// players get play_finished (README, "Reconnecting publishers"), which the last test checks for a page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { playerInbound as inbound } from '../lib/stats.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

// Chromium's fake camera: 640x480.
const WIDTH = 640;
const HEIGHT = 480;
// The server takes a stream over once its publisher sent no RTP for 2 s; the old publish ends after
// media.publishTimeoutMs without media. A2 publishes between the two.
const MEDIA_STOPPED_MS = 2_500;
const PUBLISH_TIMEOUT_MS = 20_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function openPublisher(browser, server, streamId, label) {
  const page = await browser.newPage(label);
  assert.equal((await page.page.goto(server.url(`publish.html?iceServers=none&id=${streamId}`))).status(), 200);
  await page.waitForEvent('initialized');
  await page.page.click('#start');
  await page.waitForEvent('publish_started', { timeout: 15_000 });
  return page;
}

/** Opens a player that plays streamId and decodes audio and video on a connection marked 'first'. */
async function openPlayer(browser, server, streamId, label) {
  const page = await browser.newPage(label);
  assert.equal((await page.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`))).status(), 200);
  await page.waitForEvent('initialized');
  await page.page.click('#play');
  await waitUntil(async () => {
    const s = await inbound(page, streamId);
    return s && s.framesDecoded > 0 && s.totalSamplesReceived > 0;
  }, `${label} decoding audio and video`);
  await page.page.evaluate((id) => { window.adaptor.remotePeerConnection[id].ospreyMarker = 'first'; }, streamId);
  return page;
}

/** Waits until the player decoded `frames` more frames at full size and received more audio. */
async function decodesMore(player, streamId, from, frames = 30) {
  return waitUntil(async () => {
    const s = await inbound(player, streamId);
    return s && s.framesDecoded >= from.framesDecoded + frames && s.frameWidth === WIDTH
      && s.audioPackets > from.audioPackets + 10 && s.totalSamplesReceived > from.totalSamplesReceived ? s : null;
  }, `${player.label} decoding ${frames} more frames`, 10_000);
}

const notifications = (page, definition) => page.received('notification').filter((m) => m.definition === definition);

describe('reconnecting publisher', () => {
  let server;
  before(async () => {
    server = await startServer({ extraArgs: [`--media.publishTimeoutMs=${PUBLISH_TIMEOUT_MS}`] });
  });
  after(async () => { await server?.stop(); });

  test('a new page publishing the id of a stream whose media stopped continues it for the player', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('takeover');
      const a = await openPublisher(browser, server, streamId, 'A');
      const b = await openPlayer(browser, server, streamId, 'B');
      const playing = await decodesMore(b, streamId, await inbound(b, streamId));

      // A's network "drops": its media stops, its connection and socket stay.
      await a.page.evaluate(async (id) => {
        for (const sender of window.adaptor.remotePeerConnection[id].getSenders()) await sender.replaceTrack(null);
      }, streamId);
      await sleep(MEDIA_STOPPED_MS);
      const stalled = await inbound(b, streamId);
      await sleep(500);
      const stillStalled = await inbound(b, streamId);
      assert.ok(stillStalled.framesDecoded - stalled.framesDecoded <= 1, 'B receives no video while A is gone');
      assert.ok(stillStalled.audioPackets - stalled.audioPackets <= 1, 'B receives no audio while A is gone');

      const a2 = await openPublisher(browser, server, streamId, 'A2');
      await a2.waitForEvent('session_restored', { timeout: 5_000 });
      const events = await a2.events();
      assert.ok(events.indexOf('publish_started') < events.indexOf('session_restored'), JSON.stringify(events));
      assert.deepEqual(notifications(a2, 'session_restored').map((m) => m.streamId), [streamId]);
      // The old publish ended on the socket it still had.
      await a.waitForEvent('publish_finished', { timeout: 5_000 });

      const resumed = await decodesMore(b, streamId, stillStalled);
      console.log(`reconnect: B before ${JSON.stringify(playing)}, stalled ${JSON.stringify(stillStalled)}, resumed ${JSON.stringify(resumed)}`);
      assert.ok(resumed.sameConnection, 'B kept its connection');
      assert.deepEqual(resumed.ssrcs, playing.ssrcs, 'B receives under the SSRCs it was offered');
      assert.equal(resumed.frameHeight, HEIGHT);
      assert.ok(resumed.elementPlaying, 'B shows the stream in a playing element');

      // A never said `stop`; its socket closing after the takeover changes nothing for the stream.
      assert.deepEqual(a.sent('stop'), [], 'A sent no stop');
      await a.page.close();
      await sleep(1_000);
      await decodesMore(b, streamId, await inbound(b, streamId));
      assert.deepEqual(notifications(a2, 'publish_finished'), [], 'A2 still publishing');

      assert.deepEqual(notifications(b, 'play_finished'), [], 'B never got play_finished');
      assert.equal(notifications(b, 'play_started').length, 1, 'B played once');
      assert.equal(b.received('takeConfiguration').filter((m) => m.type === 'offer').length, 1, 'B was not re-offered');
      for (const page of [b, a2]) {
        assert.deepEqual(await page.errors(), [], `${page.label} error callbacks`);
        assert.deepEqual(page.pageErrors, [], `${page.label} page errors`);
        assert.deepEqual(page.received('error'), [], `${page.label} error messages`);
      }
      assert.deepEqual(a.received('error'), [], 'A error messages');
    });
  });

  test('a publisher page that closes ends the stream at once; the player plays the next publish afresh', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('closed');
      const a = await openPublisher(browser, server, streamId, 'A');
      const b = await openPlayer(browser, server, streamId, 'B');

      await a.page.close();
      await b.waitForEvent('play_finished', { timeout: 5_000 });
      const a2 = await openPublisher(browser, server, streamId, 'A2');
      await waitUntil(() => notifications(b, 'play_started').length === 2, 'B playing the new publish', 20_000, 200);
      const fresh = await waitUntil(async () => {
        const s = await inbound(b, streamId);
        return s && s.framesDecoded > 10 && s.totalSamplesReceived > 0 ? s : null;
      }, 'B decoding the new publish', 10_000);
      assert.ok(!fresh.sameConnection, 'B plays on a new connection');
      assert.ok(!(await a2.events()).includes('session_restored'), 'no session_restored for a fresh stream');
      assert.deepEqual(await a2.errors(), []);
    });
  });
});
