// Peer-to-peer call through Osprey's signalling with the official SDK: two Chromium pages join the
// same id, each decodes the other's fake camera and microphone, then one leaves.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { connectionStats, receivesAudioAndVideo, waitForStats } from '../lib/stats.mjs';

const MEDIA_TIMEOUT_MS = 30_000;

async function openPeer(browser, server, label) {
  const peer = await browser.newPage(label);
  // Host candidates only: no STUN lookups, which a loopback-only network could not answer anyway.
  const response = await peer.page.goto(server.url('peer.html?iceServers=none'));
  assert.equal(response.status(), 200);
  await peer.waitForEvent('initialized');
  return peer;
}

async function join(peer, streamId) {
  await peer.page.fill('#streamId', streamId);
  await peer.page.click('#join'); // a real click also lets the page play remote audio
  await peer.waitForEvent('joined');
}

async function waitUntil(condition, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('peer-to-peer call (join/leave)', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('two peers exchange audio and video, and leaving closes both ends', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = `p2p_${Math.random().toString(36).slice(2, 10)}`;
      const first = await openPeer(browser, server, 'first');
      const second = await openPeer(browser, server, 'second');

      await join(first, streamId);
      assert.deepEqual(first.received('start'), [], 'nobody to call yet');
      await join(second, streamId);

      // The server asks the first joiner to make the offer; the second answers.
      await waitUntil(() => first.received('start').length === 1, 'start on the first peer');
      assert.equal(first.received('start')[0].streamId, streamId);
      assert.deepEqual(second.received('start'), []);
      await waitUntil(() => second.received('takeConfiguration').some((m) => m.type === 'offer'), 'offer relayed to the second peer');
      await waitUntil(() => first.received('takeConfiguration').some((m) => m.type === 'answer'), 'answer relayed to the first peer');

      for (const peer of [first, second]) {
        const stats = await waitForStats(peer, streamId, receivesAudioAndVideo, { timeout: MEDIA_TIMEOUT_MS });
        assert.equal(stats.connectionState, 'connected', `${peer.label} connection state`);
        assert.equal(stats.transport.dtlsState, 'connected', `${peer.label} DTLS`);
        assert.equal(stats.candidatePair.state, 'succeeded', `${peer.label} candidate pair`);
        assert.ok(stats.video.frameWidth > 0, `${peer.label} decoded frame width`);
        // The remote stream plays in the page's video element.
        await peer.page.waitForFunction(() => {
          const video = document.getElementById('remoteVideo');
          return video.srcObject !== null && !video.paused && video.videoWidth > 0;
        }, null, { timeout: 10_000 });
        await peer.waitForEvent('data_channel_opened');
      }

      // The first peer leaves: it gets `leaved`; the server sends `stop` to the second peer, whose
      // SDK closes the connection (firing data_channel_closed) and keeps no retry going.
      await first.page.click('#leave');
      await first.waitForEvent('leaved');
      assert.equal(await connectionStats(first, streamId), null, 'the leaver closed its connection');
      assert.equal(first.received('stop').length, 0, 'the leaver gets no stop');

      await waitUntil(() => second.received('stop').length === 1, 'stop on the other peer');
      assert.equal(second.received('stop')[0].streamId, streamId);
      await waitUntil(async () => (await connectionStats(second, streamId)) === null, 'the other peer closing its connection');
      await second.waitForEvent('data_channel_closed');
      assert.ok(!(await second.events()).includes('leaved'), 'only the leaver gets leaved');

      for (const peer of [first, second]) {
        assert.deepEqual(await peer.errors(), [], `${peer.label} error callbacks`);
        assert.deepEqual(peer.pageErrors, [], `${peer.label} page errors`);
      }
      assert.equal(await first.page.isEnabled('#join'), true, 'the leaver can join again');
    });
  });

  test('closing a page stops the call on the other side, and a new peer can then join the same id', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = `p2p_${Math.random().toString(36).slice(2, 10)}`;
      const first = await openPeer(browser, server, 'first');
      const second = await openPeer(browser, server, 'second');
      await join(first, streamId);
      await join(second, streamId);
      await waitForStats(second, streamId, receivesAudioAndVideo, { timeout: MEDIA_TIMEOUT_MS });

      // Closing the tab closes its WebSocket: the server treats it as a leave.
      await first.snapshot();
      await first.page.close();
      await waitUntil(() => second.received('stop').length === 1, 'stop after the first page closed');
      await waitUntil(async () => (await connectionStats(second, streamId)) === null, 'the second peer closing its connection');

      // The id is free for a new partner; the peer still joined is asked to make the offer.
      const third = await openPeer(browser, server, 'third');
      await join(third, streamId);
      await waitUntil(() => second.received('start').length === 1, 'start on the remaining peer');
      assert.equal(third.received('start').length, 0);
      for (const peer of [second, third]) {
        await waitForStats(peer, streamId, receivesAudioAndVideo, { timeout: MEDIA_TIMEOUT_MS });
        assert.deepEqual(await peer.errors(), [], `${peer.label} error callbacks`);
        assert.deepEqual(peer.pageErrors, [], `${peer.label} page errors`);
      }
    });
  });
});
