// Frame taps on a live Chromium publish (official SDK): the tap probe (osprey-server test sources) runs
// the server, puts a FrameTap on the stream and decodes every frame it writes with FFmpeg (bytedeco).
// Run in a loopback-only namespace.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPublishing, withBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { randomId, waitUntil } from '../lib/wait.mjs';

const PROBE = 'dev.osprey.server.tap.TapProbe';
// Chromium's fake camera: 640x480 at 30 fps; Opus in 20 ms packets.
const WIDTH = 640;
const HEIGHT = 480;
const TAPPED_SECONDS = 6;


const control = async (server, what, streamId, query = '') => {
  const response = await fetch(`${server.control}/${what}?app=LiveApp&stream=${streamId}${query}`);
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
};

/** Taps the stream for `seconds` of audio (40 frames a second at least); resolves with the report once the tap stopped. */
async function tapFor(server, streamId, seconds, query = '') {
  await control(server, 'start', streamId, query);
  await waitUntil(async () => {
    const report = await control(server, 'report', streamId);
    const audio = report.tap.tracks.find((t) => !t.video);
    return audio && audio.frames >= seconds * 40 ? report : null;
  }, `${seconds} s of audio frames from the tap`, (seconds + 10) * 1000, 250);
  return control(server, 'stop', streamId);
}

function tracksOf(report, codec) {
  const video = report.tap.tracks.find((t) => t.video);
  const audio = report.tap.tracks.find((t) => !t.video);
  assert.ok(video && audio, `one video and one audio track: ${JSON.stringify(report)}`);
  assert.equal(video.codec.toLowerCase(), codec);
  assert.equal(audio.codec.toLowerCase(), 'opus');
  return { video, audio };
}

for (const codec of ['vp8', 'h264']) {
  describe(`frame tap on a Chromium publish, ${codec}`, () => {
    let server;
    before(async () => { server = await startServer({ mainClass: PROBE }); });
    after(async () => { await server?.stop(); });

    test('every frame is assembled, FFmpeg decodes all of them without an error, audio and video within 40 ms', async () => {
      await withBrowser(server, async (browser) => {
        const streamId = randomId(`tap_${codec}`);
        await startPublishing(browser, server, streamId, codec);
        const report = await tapFor(server, streamId, TAPPED_SECONDS);
        const { video, audio } = tracksOf(report, codec);
        console.log(`${codec} at 0 % loss: ${JSON.stringify(report)}`);

        assert.equal(report.packetsDropped, 0, 'the tap kept up');
        assert.equal(report.tapErrors, 0);
        assert.equal(report.tap.gaps, 0);
        assert.equal(report.tap.closed, true);
        for (const t of [video, audio]) {
          assert.equal(t.lossEpisodes, 0, `${t.codec}: no frame missing after the first`);
          assert.equal(t.decodeErrors, 0, `${t.codec}: ${t.lastError}`);
          assert.equal(t.failedFrames, 0);
        }
        // Opus comes at 50 frames a second; the fake camera at up to 30 (fewer on a loaded machine)
        assert.ok(video.keyframes >= 1 && video.frames >= audio.frames / 4, `video frames ${video.frames}`);
        assert.equal(video.framesDecoded, video.frames, 'every video frame decoded to a picture');
        assert.equal(video.width, WIDTH);
        assert.equal(video.height, HEIGHT);
        assert.ok(audio.frames >= TAPPED_SECONDS * 40, `audio frames ${audio.frames}`);
        assert.ok(audio.framesDecoded >= audio.frames, 'every Opus packet decoded');

        // Both tracks placed by the browser's sender reports: the quickest frame of each track then arrives
        // as long after its time for audio as for video (the encoders' and the network's delays differ by a
        // few ms on loopback; the medians also carry the browser's queueing, which a loaded machine stretches).
        assert.equal(report.tap.onSenderClock, true);
        const skewMs = Math.abs(video.minArrivalMinusTimeMicros - audio.minArrivalMinusTimeMicros) / 1000;
        const medianSkewMs = (audio.medianArrivalMinusTimeMicros - video.medianArrivalMinusTimeMicros) / 1000;
        console.log(`${codec}: audio/video offset of the tap ${skewMs.toFixed(1)} ms (medians: audio ${medianSkewMs.toFixed(1)} ms later)`);
        assert.ok(skewMs <= 40, `audio and video ${skewMs} ms apart`);
      });
    });
  });
}

for (const codec of ['vp8', 'h264']) {
  describe(`frame tap with 5 % loss on the publisher leg, ${codec}`, () => {
    let server;
    before(async () => {
      server = await startServer({ mainClass: PROBE, extraArgs: ['--media.testPublisherDropRate=0.05'] });
    });
    after(async () => { await server?.stop(); });

    test('what the tap writes still decodes without an error: retransmissions fill the holes in time', async () => {
      await withBrowser(server, async (browser) => {
        const streamId = randomId(`lossy_${codec}`);
        await startPublishing(browser, server, streamId, codec);
        const report = await tapFor(server, streamId, TAPPED_SECONDS);
        const { video, audio } = tracksOf(report, codec);
        console.log(`${codec} at 5 % loss: ${JSON.stringify(report)}`);

        assert.equal(report.tapErrors, 0);
        for (const t of [video, audio]) {
          assert.equal(t.decodeErrors, 0, `${t.codec}: ${t.lastError}`);
          assert.equal(t.failedFrames, 0);
        }
        // The server NACKs the publisher's losses and the retransmissions reach the tap's reordering window
        // in time: every video frame comes out; a loss that was not repaired would resume at a keyframe.
        assert.equal(video.resumedAtKeyframe, video.lossEpisodes, 'every video loss resumed at a keyframe');
        assert.ok(video.frames >= audio.frames / 4 && video.framesDecoded === video.frames, `video frames ${video.frames}`);
        assert.equal(video.width, WIDTH);
        // Opus is not retransmitted: its losses show, and each lost packet only costs itself.
        assert.ok(audio.lossEpisodes > 0, 'audio lost packets');
      });
    });

    test('losses nothing repairs: video resumes at the next keyframe, which the tap asks for, and decodes cleanly', async () => {
      await withBrowser(server, async (browser) => {
        const streamId = randomId(`unrepaired_${codec}`);
        await startPublishing(browser, server, streamId, codec);
        // on top of the publisher leg's loss, 2 % of the video sequence numbers never reach the tap at all
        const report = await tapFor(server, streamId, TAPPED_SECONDS, '&videoLoss=0.02');
        const { video, audio } = tracksOf(report, codec);
        console.log(`${codec} with losses the tap cannot repair: ${JSON.stringify(report)}`);

        assert.equal(report.tapErrors, 0);
        assert.ok(video.lossEpisodes >= 2, `video lost frames for good ${video.lossEpisodes} times`);
        assert.equal(video.resumedAtKeyframe, video.lossEpisodes, 'every video loss resumed at a keyframe');
        assert.ok(video.keyframes > video.lossEpisodes / 2, `keyframes ${video.keyframes} came on request`);
        assert.ok(video.droppedByAssembler > 0, 'frames after each loss were dropped until the keyframe');
        assert.equal(video.decodeErrors, 0, `${video.codec}: ${video.lastError}`);
        assert.equal(video.failedFrames, 0);
        assert.ok(video.framesDecoded === video.frames && video.frames > 0);
        assert.equal(audio.decodeErrors, 0);
      });
    });
  });
}
