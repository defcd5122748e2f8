// Encoders publish, browsers play: Debian's ffmpeg pushes RTMP or SRT (libx264 + AAC), FFmpeg 8 pushes
// Enhanced RTMP (AV1 + AAC), and the official SDK in Chromium plays the stream over WebRTC. Run in a
// loopback-only namespace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { bytedecoFfmpeg, playUntilDecoding } from '../lib/encoders.mjs';
import { startServer } from '../lib/server.mjs';
import { playerInbound as inbound } from '../lib/stats.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

const WIDTH = 640;
const HEIGHT = 360;

const H264 = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-profile:v', 'high', '-preset', 'veryfast', '-tune', 'zerolatency',
  '-g', '30', '-bf', '0', '-b:v', '1500k'];

/** ffmpeg publishing a test picture and a 440 Hz tone for `seconds`, as OBS would (by default H.264 High, 1 s GOP). */
function encoder(format, url, seconds, { program = 'ffmpeg', video = H264 } = {}) {
  const args = ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${WIDTH}x${HEIGHT}:rate=30`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds), ...video, '-c:a', 'aac', '-b:a', '128k', '-f', format, url];
  const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { child, exited, stderr: () => stderr };
}

async function openPlayer(browser, server, streamId, label) {
  const page = await browser.newPage(label);
  const response = await page.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  return page;
}

const FFMPEG8 = bytedecoFfmpeg();

const SOURCES = {
  RTMP: { codec: 'h264', start: (server, streamId) =>
    encoder('flv', `rtmp://127.0.0.1:${server.rtmpPort()}/${server.app}/${streamId}`, 12) },
  SRT: { codec: 'h264', start: (server, streamId) => encoder('mpegts',
    `srt://127.0.0.1:${server.srtPort()}?streamid=${server.app}/${streamId}&latency=120000&linger=2`, 12) },
  // Enhanced RTMP: FFmpeg 8's flv muxer (bytedeco's jar) with SVT-AV1 in its low-delay structure.
  'Enhanced RTMP AV1': { codec: 'av1', skip: FFMPEG8 ? false : 'no ffmpeg of bytedeco\'s jar: build osprey-server first',
    start: (server, streamId) => encoder('flv', `rtmp://127.0.0.1:${server.rtmpPort()}/${server.app}/${streamId}`, 12,
      { program: FFMPEG8, video: ['-c:v', 'libsvtav1', '-preset', '10', '-g', '30', '-svtav1-params', 'pred-struct=1',
        '-pix_fmt', 'yuv420p'] }) },
};

describe('encoder ingest', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  for (const [protocol, { codec, start, skip }] of Object.entries(SOURCES)) {
    test(`ffmpeg publishes ${protocol}; the SDK plays ${codec} and Opus and gets play_finished when ffmpeg stops`,
      { skip }, async () => {
        await withBrowser(server, async (browser) => {
          const streamId = randomId(codec);
          const ffmpeg = start(server, streamId);
          try {
            const player = await openPlayer(browser, server, streamId, 'player');
            const stats = await playUntilDecoding(player, streamId, `the player decoding the ${protocol} stream`);
            assert.equal(stats.codec?.toLowerCase(), `video/${codec}`);
            assert.equal(stats.frameWidth, WIDTH);
            assert.equal(stats.frameHeight, HEIGHT);
            await waitUntil(async () => (await inbound(player, streamId)).senderReports.every((n) => n > 0),
              'sender reports for audio and video', 10_000, 200);
            const { code, stderr } = await ffmpeg.exited;
            assert.equal(code, 0, stderr);
            await player.waitForEvent('play_finished', { timeout: 15_000 });
          } catch (error) {
            error.message += `\n(ffmpeg ${ffmpeg.child.exitCode ?? 'still running'}: ${ffmpeg.stderr().slice(-2000)})`;
            throw error;
          } finally {
            ffmpeg.child.kill('SIGKILL');
          }
        });
      });
  }
});
