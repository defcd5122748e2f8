// Data channels through Osprey's SFU with the official SDK and the sample pages: the publisher's
// messages reach every player unchanged, players' messages reach the publisher and (distribution
// "all", the default) the other players. Run in a loopback-only namespace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

const BINARY_LENGTH = 100 * 1024;

async function openPublisher(browser, server, streamId, query = '') {
  const page = await browser.newPage('publisher');
  const response = await page.page.goto(server.url(`publish.html?iceServers=none&id=${streamId}${query}`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  await page.page.click('#start');
  await page.waitForEvent('publish_started', { timeout: 15_000 });
  await page.waitForEvent('data_channel_opened', { timeout: 10_000 });
  return page;
}

async function openPlayer(browser, server, streamId, label) {
  const page = await browser.newPage(label);
  const response = await page.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  await page.page.click('#play');
  await page.waitForEvent('data_channel_opened', { timeout: 15_000 });
  return page;
}

/** The page's received messages: text as is, binary as {length, sum} (a position-weighted checksum). */
async function messages(page) {
  return page.page.evaluate(() => (window.dataMessages ?? []).map(({ streamId, data }) => {
    if (typeof data === 'string') return { streamId, text: data };
    const bytes = new Uint8Array(data);
    let sum = 0;
    for (let i = 0; i < bytes.length; i++) sum = (sum * 31 + bytes[i]) >>> 0;
    return { streamId, length: bytes.length, sum };
  }));
}

/** Types a message into the page's box and clicks Send. */
async function sendFromBox(page, text) {
  await page.page.waitForSelector('#send:not([disabled])');
  await page.page.fill('#message', text);
  await page.page.click('#send');
}

describe('data channel', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('the publisher\'s text and 100 KiB binary reach two players intact; a player\'s message reaches the publisher and the other player', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('dc');
      const publisher = await openPublisher(browser, server, streamId);
      const b = await openPlayer(browser, server, streamId, 'B');
      const c = await openPlayer(browser, server, streamId, 'C');
      // The play offer carries the data channel section after the tracks, and the server opens the channel.
      const offer = b.received('takeConfiguration').find((m) => m.type === 'offer');
      assert.match(offer.sdp, /m=application \d+ UDP\/DTLS\/SCTP webrtc-datachannel/);
      assert.match(offer.sdp, /a=sctp-port:5000/);
      assert.match(offer.sdp, /a=max-message-size:262144/);
      const answer = publisher.received('takeConfiguration').find((m) => m.type === 'answer');
      assert.match(answer.sdp, /m=application [1-9]\d* UDP\/DTLS\/SCTP webrtc-datachannel/);
      const labels = await b.page.evaluate((id) => window.adaptor.remotePeerConnection[id].dataChannel.label, streamId);
      assert.equal(labels, streamId);

      const expectedSum = await publisher.page.evaluate(({ id, n }) => {
        window.adaptor.sendData(id, 'hello <b>players</b> ü');
        const bytes = new Uint8Array(n);
        for (let i = 0; i < n; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
        window.adaptor.sendData(id, bytes.buffer);
        let sum = 0;
        for (let i = 0; i < n; i++) sum = (sum * 31 + bytes[i]) >>> 0;
        return sum;
      }, { id: streamId, n: BINARY_LENGTH });

      for (const player of [b, c]) {
        const got = await waitUntil(async () => {
          const m = await messages(player);
          return m.length >= 2 ? m : null;
        }, `${player.label} receiving both messages`, 10_000);
        assert.deepEqual(got, [
          { streamId, text: 'hello <b>players</b> ü' },
          { streamId, length: BINARY_LENGTH, sum: expectedSum },
        ], `${player.label} messages`);
      }

      await sendFromBox(b, 'from B');
      const atPublisher = await waitUntil(async () => {
        const m = await messages(publisher);
        return m.length >= 1 ? m : null;
      }, 'the publisher receiving B\'s message');
      assert.deepEqual(atPublisher, [{ streamId, text: 'from B' }]);
      const atC = await waitUntil(async () => {
        const m = await messages(c);
        return m.length >= 3 ? m : null;
      }, 'C receiving B\'s message');
      assert.deepEqual(atC[2], { streamId, text: 'from B' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await messages(b)).length, 2, 'B does not get its own message back');

      for (const page of [publisher, b, c]) assert.deepEqual(await page.errors(), [], `${page.label} errors`);
    });
  });

  test('a partially reliable, unordered channel opened by the publisher page carries its messages to the players', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('pr');
      const publisher = await openPublisher(browser, server, streamId);
      const b = await openPlayer(browser, server, streamId, 'B');
      const channel = await publisher.page.evaluate((id) => new Promise((resolve, reject) => {
        const pc = window.adaptor.remotePeerConnection[id];
        const dc = pc.createDataChannel('lossy', { ordered: false, maxRetransmits: 0 });
        dc.onopen = () => {
          for (let i = 0; i < 5; i++) dc.send(`pr ${i}`);
          resolve({ label: dc.label, ordered: dc.ordered, maxRetransmits: dc.maxRetransmits, state: dc.readyState });
        };
        dc.onerror = (e) => reject(new Error(`channel error ${e.error?.message}`));
        setTimeout(() => reject(new Error('the channel did not open')), 5_000);
      }), streamId);
      assert.deepEqual(channel, { label: 'lossy', ordered: false, maxRetransmits: 0, state: 'open' });
      const got = await waitUntil(async () => {
        const m = await messages(b);
        return m.length >= 5 ? m : null;
      }, 'B receiving the partially reliable messages');
      // Loopback loses nothing; unordered delivery may reorder.
      assert.deepEqual(got.map((m) => m.text).sort(), ['pr 0', 'pr 1', 'pr 2', 'pr 3', 'pr 4']);
      assert.deepEqual(await publisher.errors(), []);
    });
  });

  test('a data-only publisher (onlyDataChannel) is played and exchanges messages', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('data');
      const publisher = await openPublisher(browser, server, streamId, '&dataOnly=true');
      const publishOffer = publisher.sent('takeConfiguration').find((m) => m.type === 'offer');
      assert.doesNotMatch(publishOffer.sdp, /m=(audio|video)/);
      const b = await openPlayer(browser, server, streamId, 'B');
      const offer = b.received('takeConfiguration').find((m) => m.type === 'offer');
      assert.deepEqual([...offer.sdp.matchAll(/^m=(\w+)/gm)].map((m) => m[1]), ['application']);

      await sendFromBox(publisher, 'data only');
      const got = await waitUntil(async () => {
        const m = await messages(b);
        return m.length >= 1 ? m : null;
      }, 'B receiving the message');
      assert.deepEqual(got, [{ streamId, text: 'data only' }]);
      await sendFromBox(b, 'reply');
      const back = await waitUntil(async () => {
        const m = await messages(publisher);
        return m.length >= 1 ? m : null;
      }, 'the publisher receiving the reply');
      assert.deepEqual(back, [{ streamId, text: 'reply' }]);
      assert.deepEqual(await publisher.errors(), []);
      assert.deepEqual(await b.errors(), []);
    });
  });
});
