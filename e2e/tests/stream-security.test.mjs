// Stream security with the official SDK in Chromium: publish and play with one-time tokens, JWT
// stream tokens, hash tokens and TOTP subscriber codes, each accepted when good and refused with
// unauthorized_access when missing, wrong, expired or used already; a conference room played with a
// room token. Tokens are made over the REST API as an app's backend would. Loopback-only namespace.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { playerInbound as inbound } from '../lib/stats.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

const JWT_SECRET = 'e2e-jwt-stream-secret-of-32-characters';
const HASH_SECRET = 'e2e-hash-secret';

/** An application REST call (`broadcasts/...`) or, with a leading slash, a server one made as the logged-in admin. */
async function rest(server, method, path, body) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (path.startsWith('/')) headers.Cookie = await server.adminCookie();
  const response = await fetch(path.startsWith('/') ? server.baseUrl + path : server.url(`rest/v2/${path}`), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

const settings = (server, values) => rest(server, 'POST', '/rest/v2/applications/settings/LiveApp', values);
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const oneTimeToken = async (server, id, type, roomId = '') =>
  (await rest(server, 'GET', `broadcasts/${id}/token?type=${type}&expireDate=${inAnHour()}&roomId=${roomId}`)).tokenId;
const jwtToken = async (server, id, type) =>
  (await rest(server, 'GET', `broadcasts/${id}/jwt-token?type=${type}&expireDate=${inAnHour()}`)).tokenId;

/** An HS256 JWT made here, independently of the server's own signing. */
function jwt(claims, secret) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

async function openPage(browser, server, file, label) {
  const page = await browser.newPage(label);
  const response = await page.page.goto(server.url(`${file}?iceServers=none`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  return page;
}

/** Error definitions the page received for `streamId`. */
const errorsFor = (page, streamId) => page.received('error').filter((m) => m.streamId === streamId).map((m) => m.definition);

/** Calls the SDK's publish(streamId, token, subscriberId, subscriberCode) and waits for publish_started or an error. */
async function publish(page, streamId, token = '', subscriberId = '', subscriberCode = '') {
  const errorsBefore = errorsFor(page, streamId).length;
  await page.page.evaluate(([id, t, sid, code]) => window.adaptor.publish(id, t, sid, code), [streamId, token, subscriberId, subscriberCode]);
  return waitUntil(async () => {
    const errors = errorsFor(page, streamId);
    if (errors.length > errorsBefore) return errors.at(-1);
    return (await page.events()).includes('publish_started') ? 'publish_started' : null;
  }, `an answer to publishing ${streamId}`, 15_000);
}

/** Calls the SDK's play(streamId, token, roomId, tracks, subscriberId, subscriberCode); resolves 'decoding' or the error. */
async function play(page, streamId, token = '', subscriberId = '', subscriberCode = '') {
  const errorsBefore = errorsFor(page, streamId).length;
  await page.page.evaluate(([id, t, sid, code]) => window.adaptor.play(id, t, '', [], sid, code), [streamId, token, subscriberId, subscriberCode]);
  return waitUntil(async () => {
    const errors = errorsFor(page, streamId);
    if (errors.length > errorsBefore) return errors.at(-1);
    const stats = await inbound(page, streamId);
    return stats && stats.framesDecoded > 0 ? 'decoding' : null;
  }, `an answer to playing ${streamId}`, 15_000);
}

describe('stream security with the SDK', () => {
  let server;
  let storeDir;
  // Its own data store: the settings changed here must not reach the other test files' servers.
  before(async () => {
    storeDir = await mkdtemp(path.join(os.tmpdir(), 'osprey-security-'));
    server = await startServer({ extraArgs: [`--store.dir=${storeDir}`] });
  });
  after(async () => {
    await server?.stop();
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
  });

  test('one-time tokens: refused without, with a wrong or a used one; accepted once with a good one', async () => {
    await settings(server, { publishTokenControlEnabled: true, playTokenControlEnabled: true });
    await withBrowser(server, async (browser) => {
      const id = randomId('onetime');
      const publisher = await openPage(browser, server, 'publish.html', 'publisher');
      assert.equal(await publish(publisher, id), 'unauthorized_access');
      assert.equal(await publish(publisher, id, 'not-a-token'), 'unauthorized_access');
      assert.equal(await publish(publisher, id, await oneTimeToken(server, id, 'play')), 'unauthorized_access');
      assert.equal(await publish(publisher, id, await oneTimeToken(server, id, 'publish')), 'publish_started');

      const playToken = await oneTimeToken(server, id, 'play');
      const first = await openPage(browser, server, 'play.html', 'first viewer');
      assert.equal(await play(first, id), 'unauthorized_access');
      assert.equal(await play(first, id, playToken), 'decoding');
      const second = await openPage(browser, server, 'play.html', 'second viewer');
      assert.equal(await play(second, id, playToken), 'unauthorized_access', 'a used token');
    });
  });

  test('JWT stream tokens: refused when expired or for the other role; accepted when signed for the stream', async () => {
    await settings(server, { publishJwtControlEnabled: true, playJwtControlEnabled: true, jwtStreamSecretKey: JWT_SECRET });
    await withBrowser(server, async (browser) => {
      const id = randomId('jwt');
      const publisher = await openPage(browser, server, 'publish.html', 'publisher');
      const expired = jwt({ streamId: id, type: 'publish', exp: Math.floor(Date.now() / 1000) - 10 }, JWT_SECRET);
      assert.equal(await publish(publisher, id, expired), 'unauthorized_access');
      assert.equal(await publish(publisher, id, jwt({ streamId: id, type: 'publish', exp: inAnHour() }, 'another-secret')),
        'unauthorized_access');
      assert.equal(await publish(publisher, id, await jwtToken(server, id, 'publish')), 'publish_started');

      const viewer = await openPage(browser, server, 'play.html', 'viewer');
      assert.equal(await play(viewer, id, await jwtToken(server, id, 'publish')), 'unauthorized_access');
      assert.equal(await play(viewer, id, jwt({ streamId: id, type: 'play', exp: inAnHour() }, JWT_SECRET)), 'decoding');
    });
  });

  test('hash tokens and TOTP subscriber codes: refused when wrong, accepted when right', async () => {
    await settings(server, {
      hashControlPublishEnabled: true, tokenHashSecret: HASH_SECRET, enableTimeTokenForPlay: true,
    });
    await withBrowser(server, async (browser) => {
      const id = randomId('hash');
      const hash = (role) => createHash('sha256').update(id + role + HASH_SECRET).digest('hex');
      const publisher = await openPage(browser, server, 'publish.html', 'publisher');
      assert.equal(await publish(publisher, id, hash('play')), 'unauthorized_access');
      assert.equal(await publish(publisher, id, hash('publish')), 'publish_started');

      await rest(server, 'POST', `broadcasts/${id}/subscribers`, { subscriberId: 'viewer1', type: 'play' });
      const code = (await rest(server, 'GET', `broadcasts/${id}/subscribers/viewer1/totp?type=play`)).dataId;
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const viewer = await openPage(browser, server, 'play.html', 'viewer');
      assert.equal(await play(viewer, id, '', 'viewer1', wrong), 'unauthorized_access');
      assert.equal(await play(viewer, id, '', 'stranger', code), 'unauthorized_access');
      assert.equal(await play(viewer, id, '', 'viewer1', code), 'decoding');
    });
  });

  test('a conference room is joined with room tokens and refused to a participant without one', async () => {
    await settings(server, { publishTokenControlEnabled: true, playTokenControlEnabled: true });
    await withBrowser(server, async (browser) => {
      const room = randomId('room');
      const join = async (label, withPlayToken) => {
        const publishToken = await oneTimeToken(server, room, 'publish', room);
        const playToken = withPlayToken ? await oneTimeToken(server, room, 'play', room) : '';
        const page = await browser.newPage(label);
        await page.page.goto(server.url(
          `conference.html?iceServers=none&room=${room}&size=320x240&token=${publishToken}&playToken=${playToken}`));
        await page.waitForEvent('initialized');
        await page.page.click('#join');
        await page.waitForEvent('publish_started', { timeout: 20_000 });
        return page;
      };
      const alice = await join('alice', true);
      const bob = await join('bob', true);
      for (const page of [alice, bob]) {
        await waitUntil(async () => page.page.evaluate((r) => {
          const pc = window.adaptor.remotePeerConnection[r];
          return pc && pc.getReceivers().some((receiver) => receiver.track.kind === 'video' && receiver.track.readyState === 'live');
        }, room), `${page.label} receiving the room`, 20_000, 200);
      }
      const mallory = await join('mallory', false);
      await waitUntil(() => errorsFor(mallory, room).includes('unauthorized_access'), 'the room play refused', 10_000);
    });
  });
});
