// WHIP and WHEP with plain pages (no SDK): Chromium publishes its fake camera and microphone with one
// HTTP POST of its offer, and plays with another; the official SDK plays a WHIP stream and publishes
// one a WHEP page plays. FFmpeg 8's WHIP muxer (the ffmpeg of bytedeco's jar) publishes to the SDK as
// an encoder would.
// Run in a loopback-only namespace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { bytedecoFfmpeg, playUntilDecoding } from '../lib/encoders.mjs';
import { startServer } from '../lib/server.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

// Chromium's fake camera: 640x480.
const WIDTH = 640;
const HEIGHT = 480;

/**
 * A page of the server's origin (so fetch needs no CORS) on which `whipPublish` / `whepPlay` run.
 * The index page is enough: it loads no SDK.
 */
async function openPlainPage(browser, server, label, origin = server.baseUrl) {
  const page = await browser.newPage(label);
  const response = await page.page.goto(`${origin}/${server.app}/`);
  assert.equal(response.status(), 200);
  return page;
}

/**
 * In the page: getUserMedia, sendonly transceivers, the offer POSTed to `url`; resolves with what the
 * server answered. The connection stays in `window.whip`.
 */
function whipPublish(page, url, headers = {}) {
  return page.page.evaluate(async ([endpoint, extraHeaders]) => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    await pc.setLocalDescription(await pc.createOffer());
    // No need to wait for ICE gathering: the server is ICE-lite and learns our address from our checks.
    const response = await fetch(endpoint, {
      method: 'POST', headers: { 'Content-Type': 'application/sdp', ...extraHeaders }, body: pc.localDescription.sdp,
    });
    const body = await response.text();
    window.whip = { pc, location: response.headers.get('Location') };
    if (response.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: body });
    return {
      status: response.status, body, location: response.headers.get('Location'),
      contentType: response.headers.get('Content-Type'), etag: response.headers.get('ETag'),
    };
  }, [url, headers]);
}

/**
 * In the page: recvonly audio and video, the offer POSTed to `url`, the answer applied, the remote
 * tracks played muted in a <video> (so they are decoded); resolves with what the server answered.
 */
function whepPlay(page, url) {
  return page.page.evaluate(async (endpoint) => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.srcObject = new MediaStream();
    document.body.append(video);
    pc.ontrack = (event) => {
      video.srcObject.addTrack(event.track);
      video.play().catch(() => {});
    };
    await pc.setLocalDescription(await pc.createOffer());
    const response = await fetch(endpoint, {
      method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp,
    });
    const body = await response.text();
    window.whep = { pc, location: response.headers.get('Location') };
    if (response.status === 201) await pc.setRemoteDescription({ type: 'answer', sdp: body });
    return { status: response.status, body, location: response.headers.get('Location') };
  }, url);
}

/** What the page's WHEP connection receives (getStats), flat. */
function whepInbound(page) {
  return page.page.evaluate(async () => {
    const report = await window.whep.pc.getStats();
    const all = [...report.values()];
    const video = all.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
    const audio = all.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
    return {
      connectionState: window.whep.pc.connectionState,
      codec: video?.codecId ? report.get(video.codecId)?.mimeType : null,
      framesDecoded: video?.framesDecoded ?? 0,
      frameWidth: video?.frameWidth ?? 0,
      frameHeight: video?.frameHeight ?? 0,
      totalSamplesReceived: audio?.totalSamplesReceived ?? 0,
    };
  });
}

/** What the page's WHIP connection sends (getStats). */
function whipOutbound(page) {
  return page.page.evaluate(async () => {
    const all = [...(await window.whip.pc.getStats()).values()];
    const sent = (kind) => all.find((s) => s.type === 'outbound-rtp' && s.kind === kind)?.packetsSent ?? 0;
    return { connectionState: window.whip.pc.connectionState, video: sent('video'), audio: sent('audio') };
  });
}

/** DELETE on a resource from the page, as a WHIP/WHEP client ends its session; resolves with the status. */
function deleteResource(page, location) {
  return page.page.evaluate(async (url) => (await fetch(url, { method: 'DELETE' })).status, location);
}

async function openPlayer(browser, server, streamId, label) {
  const page = await browser.newPage(label);
  const response = await page.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  return page;
}



describe('WHIP and WHEP from plain pages', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('a page publishes over WHIP; the SDK plays its video and audio; DELETE ends the play', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('whip');
      const publisher = await openPlainPage(browser, server, 'whip publisher');
      const answer = await whipPublish(publisher, `/${server.app}/whip/${streamId}`);
      assert.equal(answer.status, 201, answer.body);
      assert.equal(answer.contentType, 'application/sdp');
      assert.match(answer.location, new RegExp(`^/${server.app}/whip/${streamId}/\\w+$`));
      assert.ok(answer.etag, 'ETag');
      await waitUntil(async () => {
        const s = await whipOutbound(publisher);
        return s.connectionState === 'connected' && s.video > 50 && s.audio > 50;
      }, 'the WHIP page connected and sending', 10_000, 200);

      const player = await openPlayer(browser, server, streamId, 'SDK player');
      const stats = await playUntilDecoding(player, streamId, 'the SDK decoding the WHIP stream');
      assert.equal(stats.frameWidth, WIDTH);
      assert.equal(stats.frameHeight, HEIGHT);

      assert.equal(await deleteResource(publisher, answer.location), 200);
      await player.waitForEvent('play_finished', { timeout: 5_000 });
      assert.equal(await deleteResource(publisher, answer.location), 404);
      assert.deepEqual(await player.errors(), []);
    });
  });

  test('a page plays over WHEP what the SDK publishes: video and audio decode', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('whep');
      const publisher = await browser.newPage('SDK publisher');
      assert.equal((await publisher.page.goto(server.url(`publish.html?iceServers=none&id=${streamId}`))).status(), 200);
      await publisher.waitForEvent('initialized');
      await publisher.page.click('#start');
      await publisher.waitForEvent('publish_started', { timeout: 15_000 });

      const viewer = await openPlainPage(browser, server, 'whep viewer');
      const answer = await whepPlay(viewer, `/${server.app}/whep/${streamId}`);
      assert.equal(answer.status, 201, answer.body);
      assert.match(answer.location, new RegExp(`^/${server.app}/whep/${streamId}/\\w+$`));
      const stats = await waitUntil(async () => {
        const s = await whepInbound(viewer);
        return s.framesDecoded > 30 && s.totalSamplesReceived > 48_000 ? s : null;
      }, 'the WHEP page decoding video and audio', 15_000, 200);
      assert.equal(stats.frameWidth, WIDTH);
      assert.equal(stats.frameHeight, HEIGHT);

      const broadcast = await (await fetch(`${server.baseUrl}/${server.app}/rest/v2/broadcasts/${streamId}`)).json();
      assert.equal(broadcast.webRTCViewerCount, 1);
      assert.equal(await deleteResource(viewer, answer.location), 200);
      await waitUntil(async () => (await (await fetch(`${server.baseUrl}/${server.app}/rest/v2/broadcasts/${streamId}`))
        .json()).webRTCViewerCount === 0, 'the viewer count back to 0', 5_000, 100);
      assert.deepEqual(await publisher.errors(), []);
    });
  });

  test('a page of another origin publishes over WHIP (CORS) and a WHEP page plays it', async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('both');
      // localhost is another origin than 127.0.0.1: the Authorization header makes the POST preflighted,
      // and the page reads Location only if the server exposes it.
      const publisher = await openPlainPage(browser, server, 'whip publisher', server.baseUrl.replace('127.0.0.1', 'localhost'));
      const published = await whipPublish(publisher, `${server.baseUrl}/${server.app}/whip/${streamId}`,
        { Authorization: 'Bearer unused-while-token-control-is-off' });
      assert.equal(published.status, 201, published.body);
      assert.match(published.location, new RegExp(`^/${server.app}/whip/${streamId}/\\w+$`));
      const viewer = await openPlainPage(browser, server, 'whep viewer');
      const answer = await waitUntil(async () => {
        const a = await whepPlay(viewer, `/${server.app}/whep/${streamId}`);
        return a.status === 201 ? a : (a.status === 404 ? null : assert.fail(`WHEP ${a.status}: ${a.body}`));
      }, 'the WHIP stream live for WHEP', 10_000, 300);
      assert.ok(answer.location);
      await waitUntil(async () => {
        const s = await whepInbound(viewer);
        return s.framesDecoded > 30 && s.totalSamplesReceived > 48_000 ? s : null;
      }, 'the WHEP page decoding the WHIP page', 15_000, 200);
      assert.equal(await deleteResource(publisher, `${server.baseUrl}${published.location}`), 200, 'a cross-origin DELETE');
    });
  });
});

describe('FFmpeg 8 WHIP muxer', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  const ffmpeg = bytedecoFfmpeg();
  test('ffmpeg -f whip publishes H.264 and Opus; the SDK decodes both', { skip: ffmpeg ? false
    : 'no ffmpeg of bytedeco\'s jar: build osprey-server first (its test classpath names the jar)' }, async () => {
    await withBrowser(server, async (browser) => {
      const streamId = randomId('ffwhip');
      const args = ['-hide_banner', '-loglevel', 'error', '-re',
        // Small and cheap to encode, so that a busy machine still encodes in real time.
        '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
        '-t', '12', '-c:v', 'libopenh264', '-profile:v', 'constrained_baseline', '-bf', '0', '-g', '25', '-b:v', '600k',
        '-c:a', 'libopus', '-ac', '2', '-f', 'whip', `${server.baseUrl}/${server.app}/whip/${streamId}`];
      const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const player = await openPlayer(browser, server, streamId, 'SDK player');
        const stats = await playUntilDecoding(player, streamId, 'the SDK decoding the FFmpeg WHIP stream');
        assert.equal(stats.codec?.toLowerCase(), 'video/h264');
        assert.equal(stats.frameWidth, 320);
        assert.equal(stats.frameHeight, 240);
        assert.equal(await exited, 0, stderr);
        // FFmpeg deletes its resource when it ends: the play ends at once.
        await player.waitForEvent('play_finished', { timeout: 5_000 });
      } finally {
        child.kill('SIGKILL');
      }
    });
  });
});
