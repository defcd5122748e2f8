// Conference rooms through Osprey's SFU with the official SDK and conference.html: the legacy joinRoom
// flow (one connection per participant) and the multitrack room (one connection for the whole room,
// renegotiated as participants come and go). Run in a loopback-only namespace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';

// A small, slow fake camera keeps six encoders and thirty decoders within two cores.
const SIZE = '320x240';
const FPS = 10;
const randomId = (prefix) => `${prefix}${Math.random().toString(36).slice(2, 8)}`;

async function waitUntil(condition, what, timeout = 20_000, interval = 100) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

async function openConference(browser, server, label, room, mode) {
  const page = await browser.newPage(label);
  const response = await page.page.goto(server.url(`conference.html?iceServers=none&mode=${mode}&room=${room}&size=${SIZE}&fps=${FPS}`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  return page;
}

async function join(page) {
  await page.page.click('#join');
  await page.waitForEvent('publish_started', { timeout: 20_000 });
  return page.page.evaluate(() => window.adaptor.publishStreamId);
}

/** Legacy: per played stream id, the video frames decoded on that stream's own connection. */
async function legacyDecoded(page) {
  return page.page.evaluate(async () => {
    const out = {};
    for (const [id, pc] of Object.entries(window.adaptor.remotePeerConnection)) {
      if (id === window.adaptor.publishStreamId) continue;
      for (const s of (await pc.getStats()).values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'video') out[id] = s.framesDecoded ?? 0;
      }
    }
    return out;
  });
}

/**
 * Multitrack: per participant (from the SDK's idMapping of the room connection), the video frames
 * decoded and audio samples received, for every section the browser currently receives.
 */
async function roomDecoded(page, room) {
  return page.page.evaluate(async (roomId) => {
    const pc = window.adaptor.remotePeerConnection[roomId];
    if (!pc) return { connections: 0, participants: {} };
    const mapping = window.adaptor.idMapping[roomId] ?? {};
    const participants = {};
    for (const t of pc.getTransceivers()) {
      const trackId = mapping[t.mid];
      if (!trackId || t.currentDirection !== 'recvonly') continue;
      const id = trackId.slice(7);
      const entry = participants[id] ??= { frames: 0, samples: 0 };
      for (const s of (await t.receiver.getStats()).values()) {
        if (s.type !== 'inbound-rtp') continue;
        if (s.kind === 'video') entry.frames = s.framesDecoded ?? 0;
        else entry.samples = s.totalSamplesReceived ?? 0;
      }
    }
    const connections = Object.keys(window.adaptor.remotePeerConnection).filter((k) => k !== window.adaptor.publishStreamId).length;
    return { connections, participants };
  }, room);
}

function notifications(page, definition) {
  return page.received('notification').filter((m) => m.definition === definition);
}

describe('conference rooms', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('legacy joinRoom: three participants decode each other; one leaves and the others get streamLeaved', async () => {
    await withBrowser(server, async (browser) => {
      const room = randomId('legacy');
      const pages = [];
      const ids = [];
      for (const label of ['A', 'B', 'C']) {
        const page = await openConference(browser, server, label, room, 'legacy');
        ids.push(await join(page));
        pages.push(page);
      }
      const joined = pages.map((p) => notifications(p, 'joinedTheRoom')[0]);
      assert.deepEqual(joined.map((j) => j.streamId), ids, 'the ids the server generated are the ones published');
      assert.ok(ids.every((id) => /^[A-Za-z0-9_.-]+$/.test(id)), JSON.stringify(ids));
      assert.deepEqual(joined[0].streams, []);

      for (const [i, page] of pages.entries()) {
        const others = ids.filter((_, k) => k !== i);
        await waitUntil(async () => {
          const decoded = await legacyDecoded(page);
          return others.every((id) => decoded[id] > 0);
        }, `${page.label} decoding ${others}`);
      }
      // A learnt of B and C through streamJoined, B of C.
      assert.deepEqual(notifications(pages[0], 'streamJoined').map((m) => m.streamId), [ids[1], ids[2]]);
      assert.deepEqual(notifications(pages[1], 'streamJoined').map((m) => m.streamId), [ids[2]]);

      await pages[2].page.click('#leave');
      for (const page of pages.slice(0, 2)) {
        await waitUntil(() => notifications(page, 'streamLeaved').some((m) => m.streamId === ids[2]),
          `${page.label} told that ${ids[2]} left`, 10_000);
        await waitUntil(async () => !(await page.page.evaluate(() => window.participantIds())).includes(ids[2]),
          `${page.label} removing the tile of ${ids[2]}`, 10_000);
      }
      assert.ok(pages[2].received('notification').some((m) => m.definition === 'leavedFromRoom'));
      const [a0, b0] = [await legacyDecoded(pages[0]), await legacyDecoded(pages[1])];
      await waitUntil(async () => {
        const [a, b] = [await legacyDecoded(pages[0]), await legacyDecoded(pages[1])];
        return a[ids[1]] > a0[ids[1]] + 10 && b[ids[0]] > b0[ids[0]] + 10;
      }, 'A and B still decoding each other', 10_000);
    });
  });

  test('multitrack: five participants on one connection each, a sixth appears by renegotiation, one leaves, a seventh reuses its sections', async () => {
    await withBrowser(server, async (browser) => {
      const room = randomId('room');
      const pages = [];
      const ids = [];
      for (const label of ['P1', 'P2', 'P3', 'P4', 'P5']) {
        const page = await openConference(browser, server, label, room, 'multitrack');
        ids.push(await join(page));
        pages.push(page);
      }
      const everyoneDecodes = async (members, memberIds, what) => {
        for (const [i, page] of members.entries()) {
          const others = memberIds.filter((_, k) => k !== i);
          let seen;
          await waitUntil(async () => {
            seen = await roomDecoded(page, room);
            const { connections, participants } = seen;
            return connections === 1 && others.every((id) => participants[id]?.frames > 0 && participants[id]?.samples > 0)
              && Object.keys(participants).length === others.length;
          }, () => `${page.label} decoding ${others} (${what}); last seen ${JSON.stringify(seen)}`, 30_000);
        }
      };
      await everyoneDecodes(pages, ids, 'five');
      for (const page of pages) {
        const offers = page.received('takeConfiguration').filter((m) => m.type === 'offer' && m.streamId === room);
        assert.ok(offers.length >= 1, `${page.label} got the room offer`);
        assert.ok(!Object.values(offers.at(-1).idMapping).some((t) => t.endsWith(ids[pages.indexOf(page)])),
          `${page.label} does not receive itself`);
      }

      // A sixth participant: the others see it appear on their existing connection.
      const before = await Promise.all(pages.map((p) => roomDecoded(p, room)));
      const sixth = await openConference(browser, server, 'P6', room, 'multitrack');
      const sixthId = await join(sixth);
      const joinedAt = Date.now();
      const firstFrameMs = [];
      for (const page of pages) {
        await waitUntil(async () => (await roomDecoded(page, room)).participants[sixthId]?.frames > 0,
          `${page.label} decoding the sixth participant`, 30_000, 50);
        firstFrameMs.push(Date.now() - joinedAt);
        assert.ok(notifications(page, 'subtrackAdded').some((m) => m.streamId === room && m.trackId === sixthId),
          `${page.label} got subtrackAdded`);
      }
      console.log(`sixth participant: first frame decoded by the others ${firstFrameMs.join(', ')} ms after its publish_started`);
      // Existing tracks kept flowing through the renegotiation.
      for (const [i, page] of pages.entries()) {
        const now = await roomDecoded(page, room);
        assert.equal(now.connections, 1, `${page.label} still has one room connection`);
        for (const id of ids.filter((_, k) => k !== i)) {
          assert.ok(now.participants[id].frames > before[i].participants[id].frames + 5,
            `${page.label} kept decoding ${id}: ${before[i].participants[id].frames} -> ${now.participants[id].frames}`);
        }
      }
      await everyoneDecodes([...pages, sixth], [...ids, sixthId], 'six');

      // P2 leaves: its track goes away everywhere, the rest keep decoding.
      await pages[1].page.click('#leave');
      const remaining = [pages[0], ...pages.slice(2), sixth];
      const remainingIds = [ids[0], ...ids.slice(2), sixthId];
      for (const page of remaining) {
        await waitUntil(async () => !((await roomDecoded(page, room)).participants[ids[1]]),
          `${page.label} no longer receiving ${ids[1]}`, 10_000);
        await waitUntil(async () => !(await page.page.evaluate(() => window.participantIds())).includes(ids[1]),
          `${page.label} removing the tile of ${ids[1]}`, 10_000);
        assert.ok(notifications(page, 'subtrackRemoved').some((m) => m.trackId === ids[1]), `${page.label} subtrackRemoved`);
      }
      await everyoneDecodes(remaining, remainingIds, 'after one left');

      // A newcomer takes the sections P2 left (inactive, then reused with the same mids).
      const seventh = await openConference(browser, server, 'P7', room, 'multitrack');
      const seventhId = await join(seventh);
      await everyoneDecodes([...remaining, seventh], [...remainingIds, seventhId], 'a newcomer after one left');
      const mids = Object.keys(remaining[0].received('takeConfiguration').filter((m) => m.type === 'offer').at(-1).idMapping);
      assert.equal(mids.length, 10, `five participants in five reused slots: ${mids}`);
      // The server's conference events reach each page through the SDK's data channel callback.
      const present = [...remaining, seventh];
      const presentIds = [...remainingIds, seventhId];
      for (const [i, page] of present.entries()) {
        const others = JSON.stringify(presentIds.filter((_, k) => k !== i).sort());
        await waitUntil(async () => {
          const lists = await page.page.evaluate(() => window.serverEvents
            .filter((e) => e.eventType === 'TRACK_LIST_UPDATED').map((e) => e.payload));
          return lists.length > 0 && JSON.stringify([...lists.at(-1)].sort()) === others;
        }, `${page.label} told by TRACK_LIST_UPDATED that it receives ${others}`, 10_000);
        const chat = await page.page.evaluate(() => window.dataMessages.length);
        assert.equal(chat, 0, `${page.label}: server events are not shown as messages`);
      }
      for (const page of present) assert.deepEqual(await page.errors(), [], `${page.label} errors`);
    });
  });
});
