// Encoders publish, browsers play: Debian's ffmpeg pushes RTMP or SRT (libx264 + AAC) into Osprey and
// the official SDK in Chromium plays the stream over WebRTC. Run in a loopback-only namespace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { playerInbound as inbound } from '../lib/stats.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

const WIDTH = 640;
const HEIGHT = 360;

/** ffmpeg publishing a test picture and a 440 Hz tone for `seconds`, as OBS would (High profile, 1 s GOP). */
function encoder(format, url, seconds) {
  const args = ['-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', `testsrc2=size=${WIDTH}x${HEIGHT}:rate=30`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(seconds), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-profile:v', 'high', '-preset', 'veryfast',
    '-tune', 'zerolatency', '-g', '30', '-bf', '0', '-b:v', '1500k', '-c:a', 'aac', '-b:a', '128k', '-f', format, url];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { child, exited };
}

async function openPlayer(browser, server, streamId, label) {
  const page = await browser.newPage(label);
  const response = await page.page.goto(server.url(`play.html?iceServers=none&id=${streamId}`));
  assert.equal(response.status(), 200);
  await page.waitForEvent('initialized');
  return page;
}

const PROTOCOLS = {
  RTMP: (server, streamId) => encoder('flv', `rtmp://127.0.0.1:${server.rtmpPort()}/${server.app}/${streamId}`, 12),
  SRT: (server, streamId) => encoder('mpegts',
    `srt://127.0.0.1:${server.srtPort()}?streamid=${server.app}/${streamId}&latency=120000&linger=2`, 12),
};

describe('encoder ingest', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  for (const [protocol, start] of Object.entries(PROTOCOLS)) {
    test(`ffmpeg publishes ${protocol}; the SDK plays H.264 and Opus and gets play_finished when ffmpeg stops`, async () => {
      await withBrowser(server, async (browser) => {
        const streamId = randomId(protocol.toLowerCase());
        const ffmpeg = start(server, streamId);
        try {
          const player = await openPlayer(browser, server, streamId, 'player');
          // The SDK answers no_stream_exist until the encoder is live; the sample page plays again on click.
          const stats = await waitUntil(async () => {
            if (!player.received('notification').some((m) => m.definition === 'play_started')) {
              await player.page.click('#play');
              await new Promise((resolve) => setTimeout(resolve, 500));
              return null;
            }
            const s = await inbound(player, streamId);
            return s && s.framesDecoded > 30 && s.totalSamplesReceived > 48_000 ? s : null;
          }, `the player decoding the ${protocol} stream`, 20_000, 300);
          assert.equal(stats.codec?.toLowerCase(), 'video/h264');
          assert.equal(stats.frameWidth, WIDTH);
          assert.equal(stats.frameHeight, HEIGHT);
          await waitUntil(async () => (await inbound(player, streamId)).senderReports.every((n) => n > 0),
            'sender reports for audio and video', 10_000, 200);
          const { code, stderr } = await ffmpeg.exited;
          assert.equal(code, 0, stderr);
          await player.waitForEvent('play_finished', { timeout: 15_000 });
        } finally {
          ffmpeg.child.kill('SIGKILL');
        }
      });
    });
  }
});
