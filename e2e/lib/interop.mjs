// Starts the Java interop endpoint (osprey-webrtc test sources) and the Debian Chromium used against it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const WEBRTC_TARGET = join(ROOT, 'osprey-webrtc', 'target');

/** The java binary of a JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm. */
export function findJava() {
  const homes = [process.env.JAVA_HOME, ...(existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm').map(d => join('/usr/lib/jvm', d)) : [])]
    .filter(Boolean);
  let best = null;
  for (const home of homes) {
    const release = join(home, 'release');
    if (!existsSync(release) || !existsSync(join(home, 'bin', 'java'))) continue;
    const match = /JAVA_VERSION="(\d+)/.exec(readFileSync(release, 'utf8'));
    const major = match ? Number(match[1]) : 0;
    if (major >= 21 && (!best || major > best.major)) best = { home, major };
  }
  if (!best) throw new Error('no JDK >= 21 found (set JAVA_HOME)');
  return join(best.home, 'bin', 'java');
}

/** The osprey-webrtc test classpath written by the build (process-test-classes). */
export function webrtcTestClasspath() {
  const file = join(WEBRTC_TARGET, 'test-classpath.txt');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: build first (mvn -pl osprey-webrtc install -DskipTests)`);
  }
  const deps = readFileSync(file, 'utf8').trim();
  return [join(WEBRTC_TARGET, 'test-classes'), join(WEBRTC_TARGET, 'classes'), deps].join(':');
}

/**
 * Starts dev.osprey.webrtc.interop.InteropEndpoint; resolves with { url, output(), stop() } once it prints
 * its LISTENING line.
 */
export async function startInteropEndpoint(args = [], timeoutMs = 20000) {
  // the --add-opens lets SRTP's AES-GCM use the JDK's GHASH intrinsic (dev.osprey.webrtc.srtp.JdkGhash)
  const child = spawn(findJava(), ['--add-opens', 'java.base/com.sun.crypto.provider=ALL-UNNAMED', '-cp', webrtcTestClasspath(),
    '-Dorg.slf4j.simpleLogger.showDateTime=true', '-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS',
    '-Dorg.slf4j.simpleLogger.log.dev.osprey=' + (process.env.INTEROP_LOG_LEVEL || 'debug'),
    'dev.osprey.webrtc.interop.InteropEndpoint', ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', d => { output += d; });
  child.stderr.on('data', d => { output += d; });
  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`endpoint did not start:\n${output}`)), timeoutMs);
    const onData = () => {
      const match = /LISTENING (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolvePromise(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`endpoint exited with ${code}:\n${output}`)); });
  });
  return {
    url,
    output: () => output,
    stop: () => new Promise(done => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }),
  };
}

/** Debian Chromium with fake media devices, allowed to use loopback candidates. */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'osprey-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Polls fn() until it returns a truthy value; rejects with the last value after timeoutMs. */
export async function waitFor(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
