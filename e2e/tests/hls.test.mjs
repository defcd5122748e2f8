// HLS and Low-Latency HLS: the official SDK in Chromium publishes H.264; Debian's ffmpeg (a real HLS
// client) reads the live playlist and decodes video and audio; hls.js in Chromium plays the LL-HLS
// playlist in low-latency mode and reports how far behind live it plays. Run in a loopback-only namespace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { TestBrowser, startPublishing } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

const run = promisify(execFile);

async function fetchText(url) {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

/** [msn, part] of the newest part the playlist lists. */
function lastPart(playlist) {
  const parts = [...playlist.matchAll(/#EXT-X-PART:[^\n]*URI="[^"]*?(\d{9})_p(\d+)\.(?:ts|m4s)"/g)];
  const last = parts.at(-1);
  return last ? [Number(last[1]), Number(last[2])] : null;
}

describe('HLS', () => {
  let storeDir;
  let server;
  let browser;
  let publisher;
  const streamId = randomId('hls');
  const playlistUrl = () => server.url(`streams/${streamId}.m3u8`);

  before(async () => {
    storeDir = await mkdtemp(path.join(os.tmpdir(), 'osprey-hls-'));
    server = await startServer({ extraArgs: [`--store.dir=${storeDir}/data`] });
    browser = await TestBrowser.launch();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (storeDir) await rm(storeDir, { recursive: true, force: true });
  });

  test('ffmpeg reads the live playlist of an SDK publish within 10 s and decodes 10 s of video and audio', async () => {
    publisher = await startPublishing(browser, server, streamId, 'h264');
    const started = Date.now();
    let playlist = '';
    await waitUntil(async () => {
      const { status, text } = await fetchText(playlistUrl());
      playlist = text;
      return status === 200 && text.includes('#EXTINF:');
    }, 'a playlist with a segment', 10_000, 100);
    const afterMs = Date.now() - started;

    const { stdout, stderr } = await run('ffmpeg', ['-nostdin', '-v', 'error', '-i', playlistUrl(), '-t', '10',
      '-f', 'framemd5', '-'], { maxBuffer: 64 << 20, timeout: 60_000 });
    const lines = stdout.split('\n');
    const video = lines.filter((l) => l.startsWith('0,')).length;
    const audio = lines.filter((l) => l.startsWith('1,')).length;
    process.stdout.write(`# first segment listed ${afterMs} ms after publish_started; decoded ${video} video and ${audio} audio frames\n`);
    assert.equal(stderr.trim(), '', 'ffmpeg decodes without an error');
    assert.ok(video >= 100, `video frames decoded: ${video}`);
    assert.ok(audio >= 10 * 48_000 / 1024 * 0.8, `audio frames decoded: ${audio}`);
    playlist = (await fetchText(playlistUrl())).text;
    const durations = [...playlist.matchAll(/#EXTINF:([\d.]+),/g)].map((m) => Number(m[1]));
    assert.ok(durations.length >= 4, playlist);
    // The first segment may wait longer for the publisher's second keyframe.
    assert.ok(durations[0] <= 3.5, `first segment of ${durations[0]} s:\n${playlist}`);
    for (const d of durations.slice(1)) assert.ok(d >= 1.5 && d <= 2.6, `segment of ${d} s for hlsTime 2:\n${playlist}`);
  });

  test('hls.js plays the LL-HLS playlist less than 3 s behind live; a blocking reload waits at most a part', async () => {
    // hls.js starts at a keyframe, up to a segment before its target, then catches up (at most 1.5x speed):
    // what counts is where it settles. Settled: two seconds of samples all below 3 s. A player whose picture
    // stands still for 3 s has stalled, which no viewer should see: the test fails at once.
    const player = await browser.newPage('hls.js');
    await player.page.goto(server.url(`hls.html?id=${streamId}`));
    await waitUntil(async () => player.page.evaluate(() => document.getElementById('video').currentTime > 2),
      'hls.js playing', 20_000, 200);
    const samples = [];
    const settled = () => samples.length >= 4 && samples.slice(-4).every((s) => s > 0 && s < 3);
    let stalledFor = 0;
    let lastTime = -1;
    for (let i = 0; i < 40 && !settled() && stalledFor < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [latency, time] = await player.page.evaluate(() =>
        [window.hlsState.latency, document.getElementById('video').currentTime]);
      samples.push(latency);
      stalledFor = time === lastTime ? stalledFor + 1 : 0;
      lastTime = time;
    }
    const state = await player.page.evaluate(() => window.hlsState);
    process.stdout.write(`# hls.js: latency samples ${samples.map((s) => s?.toFixed(2)).join(' ')}; ${state.parts} parts `
      + `and ${state.fragments} segments loaded, errors ${JSON.stringify(state.errors)}\n`);
    assert.equal(state.fatal, null);
    assert.ok(stalledFor < 6, `hls.js stalled at ${lastTime} s; failed requests: ${JSON.stringify(player.failedRequests)}`);
    assert.ok(state.parts > 0, 'hls.js loads parts (LL-HLS)');
    assert.ok(settled(), `hls.js latency ${samples.slice(-4).join(', ')} s; playlist now: `
      + `${(await fetchText(playlistUrl())).text.slice(-300)}`);

    const [msn, part] = lastPart((await fetchText(playlistUrl())).text);
    const asked = Date.now();
    const { status, text } = await fetchText(`${playlistUrl()}?_HLS_msn=${msn}&_HLS_part=${part + 1}`);
    const waited = Date.now() - asked;
    process.stdout.write(`# blocking reload for part ${msn}.${part + 1} answered after ${waited} ms\n`);
    assert.equal(status, 200);
    const next = lastPart(text);
    assert.ok(next[0] > msn || next[1] > part, `the answer lists a newer part than ${msn}.${part}`);
    assert.ok(waited < 800, `a part target is 500 ms; waited ${waited} ms`);
    await player.page.close();
  });

  test('a play token is required for the playlist when play tokens are on', async () => {
    const cookie = await server.adminCookie();
    const saveSettings = (values) => fetch(`${server.baseUrl}/rest/v2/applications/settings/${server.app}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify(values),
    }).then((r) => assert.equal(r.status, 200));
    await saveSettings({ playTokenControlEnabled: true });
    try {
      assert.equal((await fetch(playlistUrl())).status, 403);
      const token = await (await fetch(server.url(`rest/v2/broadcasts/${streamId}/token?type=play&expireDate=${
        Math.floor(Date.now() / 1000) + 3600}`))).json();
      const { status, text } = await fetchText(`${playlistUrl()}?token=${token.tokenId}`);
      assert.equal(status, 200);
      const segment = text.split('\n').find((line) => line.startsWith(streamId));
      assert.ok(segment.endsWith(`?token=${token.tokenId}`), 'the playlist hands its token on to the segments');
      assert.equal((await fetch(server.url(`streams/${segment}`))).status, 200);
    } finally {
      await saveSettings({});
    }
  });

  test('a VP8 publisher has no HLS: its broadcast says why and its playlist is 404', async () => {
    const vp8 = randomId('vp8');
    const page = await startPublishing(browser, server, vp8, 'vp8', 'vp8 publisher');
    await waitUntil(async () => (await (await fetch(server.url(`rest/v2/broadcasts/${vp8}`))).json()).hlsUnavailableReason,
      'the broadcast saying why', 10_000, 200);
    const broadcast = await (await fetch(server.url(`rest/v2/broadcasts/${vp8}`))).json();
    assert.match(broadcast.hlsUnavailableReason, /VP8/);
    assert.equal((await fetch(server.url(`streams/${vp8}.m3u8`))).status, 404);
    await page.page.close();
  });

  test('the files are deleted when the stream ends (deleteHLSFilesOnEnded)', async () => {
    const folder = path.join(storeDir, 'streams', server.app);
    assert.ok(readdirSync(folder).some((f) => f.startsWith(streamId)), 'HLS files on disk while live');
    await publisher.page.close();
    await waitUntil(async () => (await fetchText(playlistUrl())).text.endsWith('#EXT-X-ENDLIST\n'), 'the end tag', 15_000, 200);
    await waitUntil(async () => !readdirSync(folder).some((f) => f.startsWith(streamId)), 'the files deleted', 10_000, 200);
  });
});
