// Live recording: the official SDK in Chromium publishes H.264 or VP8 and the server writes MP4 (H.264 +
// AAC) or WebM (VP8 + Opus) into the application's VoD folder, lists the file as a VoD and calls the
// vodReady webhook. Debian's ffprobe and ffmpeg check every file. Recording is switched on by the app
// settings (mp4MuxingEnabled, webMMuxingEnabled) or over REST on a live stream; a server killed with
// SIGKILL while recording finds its partial file at the next start; 5 % loss on the publisher's leg
// leaves a file that decodes cleanly. Run in a loopback-only namespace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { TestBrowser, startPublishing } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

const run = promisify(execFile);
const PUBLISH_SECONDS = 10;
const PARTIAL_SUFFIX = '.tmp_extension';
const CONTAINERS = { mp4: { codec: 'h264', audio: 'aac' }, webm: { codec: 'vp8', audio: 'opus' } };

/** A webhook receiver on 127.0.0.1: keeps every call's fields (JSON or form-encoded body). */
async function startHookListener() {
  const calls = [];
  const listener = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      let fields;
      try { fields = JSON.parse(body); } catch { fields = Object.fromEntries(new URLSearchParams(body)); }
      calls.push(fields);
      response.end('ok');
    });
  });
  await new Promise((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return { calls, url: `http://127.0.0.1:${listener.address().port}/hook`, close: () => new Promise((r) => listener.close(r)) };
}

/** An application REST call (`broadcasts/...`), or with a leading slash a server one made as the logged-in admin. */
async function rest(server, method, route, body) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (route.startsWith('/')) headers.Cookie = await server.adminCookie();
  const response = await fetch(route.startsWith('/') ? server.baseUrl + route : server.url(`rest/v2/${route}`), {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `${method} ${route}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/**
 * Sets the application's settings. Like Ant Media, the server takes the body as the whole settings
 * (what it leaves out goes back to its default), so every call names the webhook receiver again. HLS is
 * off so that the VoD folder holds the recordings only.
 */
const settings = (server, hooks, values) => rest(server, 'POST', `/rest/v2/applications/settings/${server.app}`,
  { listenerHookURL: hooks.url, webhookAllowPrivateAddresses: true, hlsMuxingEnabled: false, ...values });
const vods = (server) => rest(server, 'GET', 'vods/list/0/50');
const recording = (server, id, on, recordType) =>
  rest(server, 'PUT', `broadcasts/${id}/recording/${on}${recordType ? `?recordType=${recordType}` : ''}`);

/** ffprobe's view of a file: format name and duration, each stream's codec, and each stream's span from its packets. */
async function probe(file) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries',
    'format=format_name,duration:stream=index,codec_type,codec_name:packet=stream_index,pts_time,duration_time',
    '-of', 'json', file], { maxBuffer: 64 << 20 });
  const json = JSON.parse(stdout);
  const streams = json.streams.map((s) => {
    const packets = json.packets.filter((p) => p.stream_index === s.index && p.pts_time !== undefined);
    const first = Math.min(...packets.map((p) => Number(p.pts_time)));
    const end = Math.max(...packets.map((p) => Number(p.pts_time) + Number(p.duration_time ?? 0)));
    return { type: s.codec_type, codec: s.codec_name, packets: packets.length, start: first, duration: end - first };
  });
  return { format: json.format.format_name, duration: Number(json.format.duration), streams };
}

/**
 * What `ffmpeg -v error` prints while decoding the whole file (nothing for a clean file). The decoded
 * frames keep the file's time base (`-enc_time_base -1`): by default ffmpeg 5 rounds them to 1/frame rate,
 * and a camera's uneven frame times (a WebRTC source's) then collide in the null muxer ("non monotonically
 * increasing dts"), which says nothing about the file.
 */
async function decodeErrors(file) {
  const { stdout, stderr } = await run('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-enc_time_base', '-1', '-f', 'null', '-'],
    { maxBuffer: 16 << 20 });
  return (stdout + stderr).trim();
}

/** Seconds of media in a file being written (its last packet's time), 0 while it has none. */
async function writtenSeconds(file) {
  if (!existsSync(file)) return 0;
  try {
    const { stdout } = await run('ffprobe', ['-v', 'quiet', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file]);
    return Math.max(0, ...stdout.split('\n').map((line) => parseFloat(line)).filter(Number.isFinite));
  } catch {
    return 0;
  }
}

describe('recording', () => {
  let root;
  let storeDir;
  let vodDir;
  let hooks;
  let server;
  let browser;
  let pages = [];

  let lossy = false;
  const serverArgs = (extra = []) => ({ extraArgs: [`--store.dir=${storeDir}`, ...extra] });

  /** The server again on the same store, now dropping 5 % of the publishers' RTP on arrival (the loss test). */
  async function restartWithLoss() {
    const account = server.adminAccount();
    await server.stop();
    server = await startServer(serverArgs(['--media.testPublisherDropRate=0.05']));
    server.useAdminAccount(account);
    lossy = true;
  }
  /** The application's VoD folder: `{store.dir}/../streams/{App}/`. */
  const inVodDir = (name) => path.join(vodDir, name);
  const filesOf = (streamId) => (existsSync(vodDir) ? readdirSync(vodDir).filter((f) => f.startsWith(streamId)) : []);

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'osprey-recording-'));
    storeDir = path.join(root, 'data');
    vodDir = path.join(root, 'streams', 'LiveApp');
    hooks = await startHookListener();
    server = await startServer(serverArgs());
    await settings(server, hooks, {});
    browser = await TestBrowser.launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await hooks?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Runs a test body; on failure prints its pages' reports and the server's recent output; closes its pages. */
  async function diagnosed(body) {
    try {
      await body();
    } catch (error) {
      for (const page of pages) await page.snapshot();
      process.stderr.write(`\n${[...pages.map((p) => p.report()), `===== server output (recent)\n${server?.output()}`].join('\n\n')}\n`);
      throw error;
    } finally {
      for (const page of pages) await page.page.close().catch(() => {});
      pages = [];
    }
  }

  /** publish.html publishing `streamId` in `codec`; resolves once publish_started arrived. */
  async function publish(streamId, codec) {
    const page = await startPublishing(browser, server, streamId, codec, `publisher ${streamId}`);
    pages.push(page);
    return page;
  }

  /** Seconds of sound the publisher has sent so far, from its own statistics (Opus packets of 20 ms). */
  async function audioSentSeconds(page, streamId) {
    return page.page.evaluate(async (id) => {
      const pc = window.adaptor.remotePeerConnection[id];
      const audio = [...(await pc.getStats()).values()].find((s) => s.type === 'outbound-rtp' && s.kind === 'audio');
      return (audio?.packetsSent ?? 0) * 0.02;
    }, streamId);
  }

  async function stopPublishing(page) {
    await page.page.click('#stop');
    await page.waitForEvent('publish_finished', { timeout: 5_000 });
  }

  const vodOf = async (file) => (await vods(server)).find((v) => v.vodName === file);
  const waitForVod = (file, timeout = 15_000) => waitUntil(() => vodOf(file), `the VoD entry of ${file}`, timeout, 200);

  /** The VoD entry of a finished file, checked against the file itself. */
  async function assertListed(streamId, file) {
    const vod = await waitForVod(file);
    assert.equal(vod.streamId, streamId);
    assert.equal(vod.type, 'streamVod');
    assert.equal(vod.filePath, `streams/${file}`);
    assert.equal(vod.fileSize, statSync(inVodDir(file)).size, 'fileSize is the file\'s size');
    assert.ok(vod.duration > 0, `duration ${vod.duration} ms`);
    assert.ok(vod.vodId, 'a vodId');
    assert.ok(vod.creationDate > 0 && vod.startTime > 0, `creationDate ${vod.creationDate}, startTime ${vod.startTime}`);
    return vod;
  }

  /** Publishes `codec` for PUBLISH_SECONDS with the app's recording into `container` on, and checks file, VoD and webhook. */
  async function recordsTenSeconds(container) {
    const { codec, audio } = CONTAINERS[container];
    await settings(server, hooks, { mp4MuxingEnabled: container === 'mp4', webMMuxingEnabled: container === 'webm' });
    const streamId = randomId(`rec_${codec}`);
    const file = `${streamId}.${container}`;
    const publisher = await publish(streamId, codec);
    const startedAt = Date.now();
    // While recording: only the partial file, which already holds media (written every second).
    await waitUntil(async () => (await writtenSeconds(inVodDir(file + PARTIAL_SUFFIX))) >= 2,
      `2 s of media in ${file}${PARTIAL_SUFFIX}`, 8_000, 250);
    assert.ok(!existsSync(inVodDir(file)), 'no final file while recording');
    await new Promise((resolve) => setTimeout(resolve, PUBLISH_SECONDS * 1000 - (Date.now() - startedAt)));
    const audioSent = await audioSentSeconds(publisher, streamId);
    const sending = (Date.now() - startedAt) / 1000;
    await stopPublishing(publisher);
    const published = (Date.now() - startedAt) / 1000;

    const vod = await assertListed(streamId, file);
    assert.deepEqual(filesOf(streamId), [file], 'the partial file was renamed');
    const hook = await waitUntil(() => hooks.calls.find((c) => c.action === 'vodReady' && c.id === streamId),
      `the vodReady webhook of ${streamId}`, 10_000, 100);
    assert.equal(hook.vodName, streamId, 'vodName: the file name without its extension');
    assert.equal(hook.vodId, vod.vodId);

    const info = await probe(inVodDir(file));
    console.log(`${container}: published ${published.toFixed(2)} s (${audioSent.toFixed(2)} s of audio sent in ${sending.toFixed(2)} s); ${JSON.stringify(info)}; VoD duration ${vod.duration} ms`);
    const video = info.streams.find((s) => s.type === 'video');
    const sound = info.streams.find((s) => s.type === 'audio');
    assert.equal(video?.codec, codec, JSON.stringify(info.streams));
    assert.equal(sound?.codec, audio, JSON.stringify(info.streams));
    assert.ok(Math.abs(info.duration - published) <= 0.5, `file ${info.duration} s, published ${published.toFixed(2)} s`);
    // Within 100 ms, as far as the browser sent its sound: a fake microphone starved of CPU sends less
    // than the time that passed, and no server can record what was never sent.
    const unsent = Math.max(0, sending - audioSent);
    assert.ok(Math.abs(video.duration - sound.duration) <= 0.1 + unsent,
      `video ${video.duration.toFixed(3)} s, audio ${sound.duration.toFixed(3)} s; the publisher sent `
      + `${audioSent.toFixed(3)} s of audio in ${sending.toFixed(3)} s`);
    assert.ok(Math.abs(vod.duration / 1000 - info.duration) <= 0.5, `VoD ${vod.duration} ms, file ${info.duration} s`);
    assert.equal(await decodeErrors(inVodDir(file)), '');
    return { streamId, file };
  }

  let servedFile;

  test('H.264 published for 10 s with mp4MuxingEnabled: an MP4 of H.264 and AAC, a VoD and vodReady', async () => {
    await diagnosed(async () => { servedFile = (await recordsTenSeconds('mp4')).file; });
  });

  test('VP8 published for 10 s with webMMuxingEnabled: a WebM of VP8 and Opus, a VoD and vodReady', async () => {
    await diagnosed(async () => { servedFile ??= (await recordsTenSeconds('webm')).file; });
  });

  test('a recorded file is served at /{App}/streams/{file} with range requests', async (t) => {
    if (!servedFile) return t.skip('nothing was recorded');
    const bytes = readFileSync(inVodDir(servedFile));
    const whole = await fetch(server.url(`streams/${servedFile}`));
    assert.equal(whole.status, 200);
    assert.equal(Number(whole.headers.get('content-length')), bytes.length);
    assert.ok(Buffer.from(await whole.arrayBuffer()).equals(bytes), 'the whole file');
    const part = await fetch(server.url(`streams/${servedFile}`), { headers: { Range: 'bytes=100-1099' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-1099/${bytes.length}`);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 1100)), 'bytes 100-1099');
  });

  test('REST: recording switched on and off on a live stream; a codec the container cannot hold is refused', async () => {
    await settings(server, hooks, { mp4MuxingEnabled: false, webMMuxingEnabled: false });
    await diagnosed(async () => {
      // Not live: the call only sets the broadcast's choice for its next publish.
      const idle = randomId('rest_idle');
      await rest(server, 'POST', 'broadcasts/create', { streamId: idle });
      assert.equal((await recording(server, idle, true, 'webm')).success, true);
      assert.equal((await rest(server, 'GET', `broadcasts/${idle}`)).webMEnabled, 1);
      assert.equal((await recording(server, idle, false)).success, true);
      assert.equal((await rest(server, 'GET', `broadcasts/${idle}`)).mp4Enabled, -1);
      assert.deepEqual(filesOf(idle), []);

      for (const [container, wrong] of [['mp4', 'webm'], ['webm', 'mp4']]) {
        const { codec } = CONTAINERS[container];
        const streamId = randomId(`rest_${codec}`);
        const file = `${streamId}.${container}`;
        const publisher = await publish(streamId, codec);
        assert.deepEqual(filesOf(streamId), [], 'nothing recorded with recording off');

        const refused = await recording(server, streamId, true, wrong);
        assert.equal(refused.success, false, `${codec} into ${wrong}: ${JSON.stringify(refused)}`);
        assert.ok(refused.message, `a reason: ${JSON.stringify(refused)}`);
        assert.deepEqual(filesOf(streamId), [], `no ${wrong} file for ${codec}`);

        const started = await recording(server, streamId, true, container === 'mp4' ? undefined : container);
        assert.equal(started.success, true, JSON.stringify(started));
        await waitUntil(async () => (await writtenSeconds(inVodDir(file + PARTIAL_SUFFIX))) >= 2,
          `2 s of media in ${file}${PARTIAL_SUFFIX}`, 8_000, 250);
        const stopped = await recording(server, streamId, false, container === 'mp4' ? undefined : container);
        assert.equal(stopped.success, true, JSON.stringify(stopped));
        await assertListed(streamId, file);
        assert.deepEqual(filesOf(streamId), [file], 'the renamed file only; nothing of the refused container');
        const info = await probe(inVodDir(file));
        assert.equal(info.streams.find((s) => s.type === 'video')?.codec, codec);
        assert.equal(await decodeErrors(inVodDir(file)), '');

        // Recorded again while the first file exists: the next free name.
        const again = `${streamId}_1.${container}`;
        assert.equal((await recording(server, streamId, true, container)).success, true);
        await waitUntil(async () => (await writtenSeconds(inVodDir(again + PARTIAL_SUFFIX))) >= 1,
          `media in ${again}${PARTIAL_SUFFIX}`, 8_000, 250);
        assert.equal((await recording(server, streamId, false, container)).success, true);
        await assertListed(streamId, again);

        await stopPublishing(publisher);
        assert.deepEqual(filesOf(streamId).sort(), [file, again].sort(), 'stopping the publish after the recording adds nothing');
      }
    });
  });

  test('SIGKILL while recording: at the next start the partial MP4 is renamed, listed and decodes', async () => {
    await settings(server, hooks, { mp4MuxingEnabled: true, webMMuxingEnabled: false });
    const streamId = randomId('killed');
    const file = `${streamId}.mp4`;
    await diagnosed(async () => {
      await publish(streamId, 'h264');
      await waitUntil(async () => (await writtenSeconds(inVodDir(file + PARTIAL_SUFFIX))) >= 4,
        `4 s of media in ${file}${PARTIAL_SUFFIX}`, 12_000, 250);
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGKILL');
      await exited;
    });
    assert.deepEqual(filesOf(streamId), [file + PARTIAL_SUFFIX]);

    // The same store; from here on 5 % of the publishers' RTP is dropped on arrival (the next test).
    await restartWithLoss();
    await diagnosed(async () => {
      const vod = await assertListed(streamId, file);
      assert.deepEqual(filesOf(streamId), [file]);
      const info = await probe(inVodDir(file));
      console.log(`after SIGKILL: ${JSON.stringify(info)}; VoD duration ${vod.duration} ms`);
      assert.ok(info.duration >= 3, `${info.duration} s recovered`);
      assert.equal(info.streams.find((s) => s.type === 'video')?.codec, 'h264');
      assert.equal(await decodeErrors(inVodDir(file)), '');
    });
  });

  test('5 % loss on the publisher\'s leg: the recorded MP4 decodes without an error', async () => {
    if (!lossy) await restartWithLoss();
    await diagnosed(async () => {
      await settings(server, hooks, { mp4MuxingEnabled: true });
      const streamId = randomId('lossy');
      const file = `${streamId}.mp4`;
      const publisher = await publish(streamId, 'h264');
      await waitUntil(async () => (await writtenSeconds(inVodDir(file + PARTIAL_SUFFIX))) >= 8,
        `8 s of media in ${file}${PARTIAL_SUFFIX}`, 20_000, 500);
      await stopPublishing(publisher);
      await assertListed(streamId, file);
      const info = await probe(inVodDir(file));
      console.log(`5 % loss: ${JSON.stringify(info)}`);
      assert.equal(info.streams.find((s) => s.type === 'video')?.codec, 'h264');
      assert.ok(info.streams.find((s) => s.type === 'video').packets >= 150, 'at least 150 frames in 8 s');
      assert.equal(await decodeErrors(inVodDir(file)), '');
    });
  });
});
