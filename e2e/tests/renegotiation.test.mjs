// A running publish renegotiates in Chromium with the official SDK: the publisher starts audio-only, then
// adds its camera (and later drops it again) on the same peer connection; the server re-offers the player's
// play connection, which the SDK answers on its own. Run in a loopback-only namespace.
//
// SDK 2.16.2 never renegotiates a publish by itself: its onnegotiationneeded handler only logs, and its
// camera functions (turnOnLocalCamera, updateVideoTrack, switchVideoCameraCapture) only replaceTrack() on
// a sender that already exists. So the page adds the track to the SDK's own peer connection
// (adaptor.remotePeerConnection[streamId]) and calls adaptor.startPublishing(streamId), the SDK's path for
// the server's `start`: createOffer, setLocalDescription, `takeConfiguration{type:"offer"}`; the server's
// answer goes through the SDK's takeConfiguration like the first one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { playerInbound as inbound } from '../lib/stats.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

// Chromium's fake camera: 640x480.
const WIDTH = 640;
const HEIGHT = 480;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The publisher's outbound media, and the directions its SDK connection negotiated. */
async function outbound(page, streamId) {
  return page.page.evaluate(async (id) => {
    const pc = window.adaptor.remotePeerConnection[id];
    const all = [...(await pc.getStats()).values()];
    const sent = (kind) => all.filter((s) => s.type === 'outbound-rtp' && s.kind === kind);
    return {
      sameConnection: pc.ospreyMarker === 'first',
      signalingState: pc.signalingState,
      transceivers: pc.getTransceivers().map((t) => `${t.mid}:${t.sender.track?.kind ?? 'none'}:${t.currentDirection}`),
      audioPackets: sent('audio').reduce((n, s) => n + s.packetsSent, 0),
      framesEncoded: sent('video').reduce((n, s) => n + (s.framesEncoded ?? 0), 0),
    };
  }, streamId);
}

async function markConnection(page, streamId) {
  await page.page.evaluate((id) => { window.adaptor.remotePeerConnection[id].ospreyMarker = 'first'; }, streamId);
}

/** Adds the fake camera to the running publish and re-offers through the SDK (see the file comment). */
async function addCamera(publisher, streamId) {
  await publisher.page.evaluate(async (id) => {
    const adaptor = window.adaptor;
    const camera = await navigator.mediaDevices.getUserMedia({ video: true });
    const track = camera.getVideoTracks()[0];
    adaptor.mediaManager.localStream.addTrack(track);
    const sender = adaptor.remotePeerConnection[id].addTrack(track, adaptor.mediaManager.localStream);
    // As the SDK does for the video senders it adds itself (else the encoder starts at 320x240).
    const parameters = sender.getParameters();
    parameters.degradationPreference = adaptor.degradationPreference;
    await sender.setParameters(parameters);
    adaptor.startPublishing(id);
  }, streamId);
}

/** Stops sending the camera (its m-line turns inactive) and re-offers through the SDK. */
async function removeCamera(publisher, streamId) {
  await publisher.page.evaluate((id) => {
    const pc = window.adaptor.remotePeerConnection[id];
    const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
    sender.track.stop();
    pc.removeTrack(sender);
    window.adaptor.startPublishing(id);
  }, streamId);
}

/** Resolves once `count` answers of the server have been applied to the publisher's connection. */
async function waitForPublisherAnswer(publisher, streamId, count) {
  await waitUntil(() => publisher.received('takeConfiguration').filter((m) => m.type === 'answer').length >= count,
    `answer #${count} to the publisher`, 5_000);
  return waitUntil(async () => {
    const s = await outbound(publisher, streamId);
    return s.signalingState === 'stable' ? s : null;
  }, 'the publisher connection stable again', 5_000);
}

async function assertNoErrors(...pages) {
  for (const page of pages) {
    assert.deepEqual(await page.errors(), [], `${page.label} error callbacks`);
    assert.deepEqual(page.pageErrors, [], `${page.label} page errors`);
    assert.deepEqual(page.received('error'), [], `${page.label} error messages from the server`);
  }
}

async function openPlayer(browser, server, streamId, label) {
  const page = await browser.newPage(label);
  assert.equal((await page.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`))).status(), 200);
  await page.waitForEvent('initialized');
  await page.page.click('#play');
  await page.waitForEvent('play_started', { timeout: 10_000 });
  return page;
}

describe('publisher renegotiation', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('an audio-only publish adds the camera, then drops it: the player is re-offered and follows', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('reneg');
      const publisher = await browser.newPage('publisher');
      assert.equal((await publisher.page.goto(server.url(`publish.html?iceServers=none&id=${streamId}&video=false`))).status(), 200);
      await publisher.waitForEvent('initialized');
      await publisher.page.click('#start');
      await publisher.waitForEvent('publish_started', { timeout: 15_000 });
      assert.deepEqual(publisher.sent('publish').map((m) => [m.video, m.audio]), [[false, true]]);
      await markConnection(publisher, streamId);

      // The player starts on the audio-only stream.
      const b = await openPlayer(browser, server, streamId, 'B');
      const firstOffer = b.received('takeConfiguration').find((m) => m.type === 'offer');
      assert.deepEqual(Object.values(firstOffer.idMapping), [`ARDAMSa${streamId}`]);
      assert.ok(!firstOffer.sdp.includes('m=video'), 'no video section in the first offer');
      await waitUntil(async () => (await inbound(b, streamId))?.totalSamplesReceived > 0, 'B receiving audio');
      await markConnection(b, streamId);
      const audioOnly = await inbound(b, streamId);
      assert.equal(audioOnly.framesDecoded, 0);
      assert.deepEqual(audioOnly.elementTracks, ['audio']);

      // The publisher adds its camera on the running connection.
      await addCamera(publisher, streamId);
      const withVideo = await waitForPublisherAnswer(publisher, streamId, 2);
      assert.ok(withVideo.sameConnection, 'the publisher kept its connection');
      assert.equal(publisher.sent('takeConfiguration').filter((m) => m.type === 'offer').length, 2);
      assert.ok(withVideo.transceivers.some((t) => /^\d+:video:sendonly$/.test(t)), JSON.stringify(withVideo.transceivers));

      // The server re-offers B's play connection with the video appended; the SDK answers it.
      const reOffer = await waitUntil(() => b.received('takeConfiguration').filter((m) => m.type === 'offer')[1],
        're-offer to B', 5_000);
      assert.deepEqual(Object.values(reOffer.idMapping).sort(), [`ARDAMSa${streamId}`, `ARDAMSv${streamId}`]);
      await waitUntil(() => b.sent('takeConfiguration').filter((m) => m.type === 'answer').length === 2, 'B answering the re-offer', 5_000);
      const beforeVideo = await inbound(b, streamId);
      const decoding = await waitUntil(async () => {
        const s = await inbound(b, streamId);
        return s.framesDecoded > 30 && s.frameWidth === WIDTH && s.audioPackets > beforeVideo.audioPackets + 10
          && s.totalSamplesReceived > beforeVideo.totalSamplesReceived ? s : null;
      }, 'B decoding video after the re-offer while audio keeps flowing', 10_000);
      console.log(`renegotiation: B after adding the camera ${JSON.stringify(decoding)}`);
      assert.ok(decoding.sameConnection, 'B kept its connection');
      assert.equal(decoding.codec?.toLowerCase(), 'video/vp8');
      assert.equal(decoding.frameWidth, WIDTH);
      assert.equal(decoding.frameHeight, HEIGHT);
      assert.deepEqual(decoding.elementTracks, ['audio', 'video']);
      assert.ok(decoding.elementPlaying, 'B shows the stream in a playing element');

      // A player that joins now gets both tracks in its first offer.
      const c = await openPlayer(browser, server, streamId, 'C');
      const cOffer = c.received('takeConfiguration').find((m) => m.type === 'offer');
      assert.deepEqual(Object.values(cOffer.idMapping).sort(), [`ARDAMSa${streamId}`, `ARDAMSv${streamId}`]);
      const cStats = await waitUntil(async () => {
        const s = await inbound(c, streamId);
        return s?.framesDecoded > 0 && s.frameWidth === WIDTH && s.totalSamplesReceived > 0 ? s : null;
      }, 'C decoding audio and video', 10_000);
      assert.equal(cStats.frameHeight, HEIGHT);

      // The publisher drops the camera again: B's video section turns inactive, its audio goes on.
      await removeCamera(publisher, streamId);
      const withoutVideo = await waitForPublisherAnswer(publisher, streamId, 3);
      assert.ok(withoutVideo.transceivers.some((t) => /^\d+:none:inactive$/.test(t)), JSON.stringify(withoutVideo.transceivers));
      const thirdOffer = await waitUntil(() => b.received('takeConfiguration').filter((m) => m.type === 'offer')[2],
        'second re-offer to B', 5_000);
      assert.match(thirdOffer.sdp, /m=video[^]*a=inactive/);
      const stopped = await waitUntil(async () => {
        const s = await inbound(b, streamId);
        return s.mids.some((m) => m.endsWith(':video:inactive')) ? s : null;
      }, 'B applying the inactive video section', 5_000);
      await sleep(1_000);
      const later = await inbound(b, streamId);
      assert.ok(later.framesDecoded - stopped.framesDecoded <= 2, `B decoded ${later.framesDecoded - stopped.framesDecoded} frames after the camera was dropped`);
      assert.ok(later.audioPackets > stopped.audioPackets + 10 && later.totalSamplesReceived > stopped.totalSamplesReceived,
        'B audio keeps flowing');
      assert.ok(later.sameConnection, 'B still on its first connection');

      for (const player of [b, c]) {
        assert.equal((await player.events()).filter((e) => e === 'play_started').length, 1, `${player.label} play_started once`);
        assert.ok(!(await player.events()).includes('play_finished'), `${player.label} no play_finished`);
      }
      await assertNoErrors(publisher, b, c);
    });
  });
});
