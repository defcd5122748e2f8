// Every sample page loads cleanly from the server and the official SDK connects (`initialized`).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';

const SDK_PAGES = ['peer.html', 'publish.html', 'play.html', 'conference.html'];
/** What the index links, in order: the SDK's pages and the HLS player. */
const LINKED = ['peer.html', 'publish.html', 'play.html', 'hls.html', 'conference.html'];

describe('sample pages', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('the application root serves index.html, which links every sample and loads cleanly', async () => {
    await withBrowser(server, async (browser) => {
      const index = await browser.newPage('index');
      const response = await index.page.goto(server.url(''));
      assert.equal(response.status(), 200);
      assert.equal(await index.page.title(), 'Osprey samples');
      assert.equal(await index.page.textContent('#wsUrl'), server.websocketUrl());

      const links = await index.page.$$eval('ul.samples a', (anchors) => anchors.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, LINKED);
      for (const link of links) {
        const linked = await index.page.request.get(server.url(link));
        assert.equal(linked.status(), 200, `GET ${link}`);
        assert.match(linked.headers()['content-type'] ?? '', /^text\/html/, `content type of ${link}`);
      }
      assert.deepEqual(index.pageErrors, []);
      assert.deepEqual(index.failedRequests, []);
    });
  });

  test('hls.html loads hls.js without errors and has MSE to play with', async () => {
    await withBrowser(server, async (browser) => {
      const sample = await browser.newPage('hls.html');
      const response = await sample.page.goto(server.url('hls.html'));
      assert.equal(response.status(), 200);
      assert.equal(await sample.page.evaluate(() => window.Hls?.isSupported()), true);
      assert.deepEqual(sample.pageErrors, []);
      assert.deepEqual(sample.failedRequests, []);
      assert.equal(await sample.page.isEnabled('#play'), true);
    });
  });

  for (const name of SDK_PAGES) {
    test(`${name} loads without errors and the SDK fires initialized`, async () => {
      await withBrowser(server, async (browser) => {
        const sample = await browser.newPage(name);
        const response = await sample.page.goto(server.url(name));
        assert.equal(response.status(), 200);
        await sample.waitForEvent('initialized');

        // The page derives the URL from its own location; the SDK appends its target parameter.
        const target = name === 'play.html' ? 'edge' : 'origin';
        assert.deepEqual(sample.socketUrls, [`${server.websocketUrl()}?target=${target}`]);
        // Without ?iceServers the SDK asks the server for its ICE configuration and must get an answer.
        await waitUntil(() => sample.received('iceServerConfig').length === 1, `${name}: iceServerConfig reply`);
        assert.equal(sample.sent('getIceServerConfig').length, 1);

        assert.deepEqual(await sample.errors(), []);
        assert.deepEqual(sample.pageErrors, []);
        assert.deepEqual(sample.failedRequests, []);
        assert.deepEqual(sample.console.filter((line) => / error: /.test(line)), []);
        assert.equal(await sample.page.isEnabled('.controls button:first-of-type'), true, 'the start button is enabled');
      });
    });
  }
});

async function waitUntil(condition, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
