// Encoders and players for the ingest tests: the ffmpeg of bytedeco's FFmpeg 8 jar, and a player page
// that keeps clicking Play until an encoder's stream is live.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './server.mjs';
import { playerInbound as inbound } from './stats.mjs';
import { waitUntil } from './wait.mjs';

/** Clicks Play until the SDK's play starts (no_stream_exist before the publish is live), then until it decodes. */
export async function playUntilDecoding(player, streamId, what) {
  return waitUntil(async () => {
    if (!player.received('notification').some((m) => m.definition === 'play_started')) {
      // After no_stream_exist the page retries by itself, its button disabled meanwhile.
      if (await player.page.isEnabled('#play')) await player.page.click('#play');
      await new Promise((resolve) => setTimeout(resolve, 500));
      return null;
    }
    const s = await inbound(player, streamId);
    return s && s.framesDecoded > 30 && s.totalSamplesReceived > 48_000 ? s : null;
  }, what, 20_000, 300);
}

/**
 * The ffmpeg executable of bytedeco's FFmpeg 8 jar (Debian's FFmpeg 5 has no WHIP muxer), as JavaCPP
 * unpacks it into osprey-server/target/javacpp-cache: found there when the JUnit tests ran, otherwise
 * unpacked now by a one-line Java program on the server's test classpath (nothing is downloaded).
 * Null when neither works.
 */
export function bytedecoFfmpeg() {
  const target = path.join(REPO_ROOT, 'osprey-server', 'target');
  const cache = path.join(target, 'javacpp-cache');
  const found = findFile(cache, 'ffmpeg', `${path.sep}org${path.sep}bytedeco${path.sep}ffmpeg${path.sep}`);
  if (found) return found;
  const classpath = path.join(target, 'test-classpath.txt');
  if (!existsSync(classpath)) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'osprey-ffmpeg-'));
  try {
    const program = path.join(dir, 'FindFfmpeg.java');
    writeFileSync(program, 'class FindFfmpeg { public static void main(String[] a) throws Exception {'
      + ' System.out.println(org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)); } }');
    const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    const result = spawnSync(java, [`-Dorg.bytedeco.javacpp.cachedir=${cache}`, '-cp', readFileSync(classpath, 'utf8').trim(),
      program], { encoding: 'utf8', timeout: 60_000 });
    const executable = result.stdout?.trim().split('\n').pop();
    return result.status === 0 && executable && existsSync(executable) ? executable : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first file called `name` under `dir` whose path contains `marker`; null if none. */
function findFile(dir, name, marker, depth = 0) {
  if (depth > 8 || !existsSync(dir)) return null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const hit = entry.isDirectory() ? findFile(full, name, marker, depth + 1)
      : entry.name === name && full.includes(marker) ? full : null;
    if (hit) return hit;
  }
  return null;
}
