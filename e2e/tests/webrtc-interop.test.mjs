// Chromium against the Java transport: publish (browser → server: ICE-lite, DTLS, SRTP decrypt) and play
// (server → browser: the published VP8 forwarded and decoded). Run in a loopback-only network namespace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startInteropEndpoint, waitFor } from '../lib/interop.mjs';

// 'both': the server offers GCM and CM in use_srtp, preferring GCM; 'cm': only AES_CM_128_HMAC_SHA1_80.
const EXPECTED = { both: 'AEAD_AES_128_GCM', cm: 'AES_CM_128_HMAC_SHA1_80' };
const CHROMIUM_NAME = { both: 'SRTP_AEAD_AES_128_GCM', cm: 'SRTP_AES128_CM_HMAC_SHA1_80' };
for (const profile of ['both', 'cm']) {
  describe(`Chromium interop, server SRTP profiles: ${profile}`, { timeout: 120000 }, () => {
    let endpoint;
    let browser;
    let page;
    let failed = false;
    /** Runs a test body, remembering a failure so that the endpoint's log is printed at the end. */
    const guarded = body => async () => {
      try {
        await body();
      } catch (e) {
        failed = true;
        throw e;
      }
    };
    const stats = async () => (await fetch(new URL('stats', endpoint.url))).json();
    const chromeStats = name => page.evaluate(n => window.statsOf(n), name);

    before(async () => {
      endpoint = await startInteropEndpoint([0, profile]);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.on('console', m => console.log(`[page] ${m.text()}`));
      await page.goto(endpoint.url);
    });

    after(async () => {
      await browser?.close();
      await endpoint?.stop();
      if (process.env.INTEROP_LOG || failed) console.log(endpoint?.output());
    });

    test('publish: DTLS connects, VP8 RTP is decrypted, RTCP arrives', guarded(async () => {
      const started = Date.now();
      await page.evaluate(() => window.startPublish());
      const transport = await waitFor(async () => (await chromeStats('publishPc'))
        .find(s => s.type === 'transport' && s.dtlsState === 'connected'), 15000, 'Chromium DTLS connected');
      const dtlsMs = Date.now() - started;
      const server = await waitFor(async () => {
        const s = await stats();
        const vp8 = Object.entries(s.publish.packets)
          .filter(([key]) => key.endsWith('/' + s.publish.vp8PayloadType))
          .reduce((sum, [, n]) => sum + n, 0);
        return vp8 > 100 && s.publish.rtcp > 0 ? { ...s, vp8 } : null;
      }, 20000, '100 VP8 packets and RTCP at the server');

      console.log(`publish: Chromium ${transport.tlsVersion} ${transport.dtlsCipher} ${transport.srtpCipher},`
        + ` dtls connected after ${dtlsMs} ms; server ${JSON.stringify(server.publish)}`);
      assert.equal(server.publish.state, 'CONNECTED');
      assert.equal(server.publish.dtlsRole, 'SERVER');
      assert.ok(server.vp8 > 100);
      assert.ok(server.publish.rtcp > 0);
      // The SRTP keys are in place before Chromium can send its first packet, and every packet authenticates.
      assert.equal(server.publish.srtpRejected, 0);
      assert.equal(transport.tlsVersion, 'FEFD');
      assert.equal(server.publish.srtpProfile, EXPECTED[profile]);
      assert.equal(transport.srtpCipher, CHROMIUM_NAME[profile]);
      // Audio flows too: at least two payload types (VP8 and Opus) were counted.
      assert.ok(Object.keys(server.publish.packets).length >= 2, JSON.stringify(server.publish.packets));
    }));

    test('play: Chromium decodes the forwarded VP8 stream', guarded(async () => {
      const started = Date.now();
      await page.evaluate(() => window.startPlay());
      const inbound = await waitFor(async () => (await chromeStats('playPc'))
        .find(s => s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0 && s.frameWidth > 0),
      20000, 'frames decoded by the player');
      const transport = (await chromeStats('playPc')).find(s => s.type === 'transport');
      const server = await stats();
      console.log(`play: first frame decoded after ${Date.now() - started} ms, ${inbound.frameWidth}x${inbound.frameHeight},`
        + ` Chromium ${transport.dtlsState} ${transport.srtpCipher}; server ${JSON.stringify(server.play)}`);
      assert.equal(transport.dtlsState, 'connected');
      assert.equal(transport.srtpCipher, CHROMIUM_NAME[profile]);
      assert.equal(server.play.srtpProfile, EXPECTED[profile]);
      assert.equal(inbound.ssrc, server.play.ssrc);
      assert.ok(inbound.framesDecoded > 0);
      assert.ok(inbound.frameWidth > 0);
      assert.equal(server.play.startedAtKeyframe, true);
      assert.equal(server.play.state, 'CONNECTED');
    }));
  });
}
