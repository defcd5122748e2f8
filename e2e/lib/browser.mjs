// Headless Debian Chromium for the browser tests: one fresh persistent context per test, every page
// recorded (console, page errors, failed requests, WebSocket frames) so a failing test can explain itself.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.OSPREY_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
];
const MAX_RECORDED = 500;
const FRAME_PREVIEW_CHARS = 300;

function push(list, entry) {
  list.push(entry);
  if (list.length > MAX_RECORDED) list.shift();
}

function stamp() {
  return new Date().toISOString().slice(11, 23);
}

/** One page plus everything it did, for assertions and for the failure report. */
export class RecordedPage {
  constructor(page, label) {
    this.page = page;
    this.label = label;
    this.console = [];
    this.pageErrors = [];
    this.failedRequests = [];
    this.frames = []; // {direction: 'sent'|'received', data: parsed JSON or raw string}
    this.socketUrls = [];
    this.lastSnapshot = null;
    page.on('console', (message) => push(this.console, `${stamp()} ${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => push(this.pageErrors, `${stamp()} ${error.stack ?? error.message}`));
    page.on('requestfailed', (request) =>
      push(this.failedRequests, `${stamp()} ${request.method()} ${request.url()}: ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) push(this.failedRequests, `${stamp()} ${response.status()} ${response.url()}`);
    });
    page.on('websocket', (socket) => {
      this.socketUrls.push(socket.url());
      const record = (direction) => (frame) => {
        let data = frame.payload;
        try { data = JSON.parse(frame.payload); } catch { /* keep the raw text */ }
        push(this.frames, { time: stamp(), direction, data });
      };
      socket.on('framesent', record('sent'));
      socket.on('framereceived', record('received'));
    });
  }

  /** WebSocket messages the page received from the server, parsed. */
  received(command) {
    return this.frames.filter((f) => f.direction === 'received' && f.data?.command === command).map((f) => f.data);
  }

  sent(command) {
    return this.frames.filter((f) => f.direction === 'sent' && f.data?.command === command).map((f) => f.data);
  }

  /** window.events / window.errors as recorded by the sample page. */
  async events() {
    return this.page.evaluate(() => window.events ?? []);
  }

  async errors() {
    return this.page.evaluate(() => window.errors ?? []);
  }

  /** Waits until window.events contains `info` (optionally at least `count` times). */
  async waitForEvent(info, { timeout = 20_000, count = 1 } = {}) {
    try {
      await this.page.waitForFunction(
        ([name, n]) => (window.events ?? []).filter((e) => e === name).length >= n,
        [info, count],
        { timeout, polling: 100 });
    } catch (error) {
      throw new Error(`${this.label}: no '${info}' callback within ${timeout} ms (events: ${JSON.stringify(await this.events().catch(() => '?'))})`);
    }
  }

  /** Captures the page state while the page is still open (used by the failure report). */
  async snapshot() {
    try {
      this.lastSnapshot = await this.page.evaluate(() => ({
        url: location.href,
        status: document.getElementById('status')?.textContent ?? null,
        events: window.events ?? null,
        errors: window.errors ?? null,
        log: document.getElementById('log')?.textContent ?? null,
      }));
    } catch (error) {
      this.lastSnapshot ??= { unavailable: error.message };
    }
    return this.lastSnapshot;
  }

  report() {
    const s = this.lastSnapshot ?? {};
    const frames = this.frames
      .filter((f) => !['ping', 'pong'].includes(f.data?.command))
      .map((f) => {
        const text = typeof f.data === 'string' ? f.data : JSON.stringify(f.data);
        return `  ${f.time} ${f.direction === 'sent' ? '>>' : '<<'} ${text.length > FRAME_PREVIEW_CHARS ? text.slice(0, FRAME_PREVIEW_CHARS) + '…' : text}`;
      });
    const section = (title, lines) => `-- ${title} (${lines.length})\n${lines.map((l) => `  ${l}`).join('\n')}`;
    return [
      `===== page ${this.label}: ${s.url ?? this.page.url()}`,
      `status: ${s.status ?? s.unavailable ?? '?'}`,
      `events: ${JSON.stringify(s.events)}`,
      `errors: ${JSON.stringify(s.errors)}`,
      `websockets: ${JSON.stringify(this.socketUrls)}`,
      section('page errors', this.pageErrors),
      section('failed requests', this.failedRequests),
      section('console', this.console),
      `-- websocket frames without ping/pong (${frames.length})\n${frames.join('\n')}`,
      `-- page log\n${s.log ?? ''}`,
    ].join('\n');
  }
}

/** A Chromium instance with its own fresh profile directory. */
export class TestBrowser {
  static async launch({ extraArgs = [] } = {}) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'osprey-e2e-'));
    try {
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        args: [...CHROMIUM_ARGS, ...extraArgs],
      });
      return new TestBrowser(context, dir);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  constructor(context, dir) {
    this.context = context;
    this.dir = dir;
    this.pages = [];
  }

  async newPage(label = `page${this.pages.length + 1}`) {
    // The persistent context opens with one blank page: use it first.
    const blank = this.pages.length === 0 ? this.context.pages().find((p) => p.url() === 'about:blank') : undefined;
    const page = blank ?? await this.context.newPage();
    const recorded = new RecordedPage(page, label);
    this.pages.push(recorded);
    return recorded;
  }

  async close() {
    try {
      await this.context.close();
    } finally {
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * Runs `body(browser)` with a fresh browser; on failure prints every page's report and the server's
 * recent output to stderr (the test runner shows it next to the failure), then rethrows.
 */
export async function withBrowser(server, body, options) {
  const browser = await TestBrowser.launch(options);
  try {
    return await body(browser);
  } catch (error) {
    for (const page of browser.pages) await page.snapshot();
    const reports = browser.pages.map((page) => page.report());
    const serverOutput = server?.output() ? `===== server output (recent)\n${server.output()}` : '';
    process.stderr.write(`\n${[...reports, serverOutput].join('\n\n')}\n`);
    throw error;
  } finally {
    await browser.close();
  }
}

/**
 * Opens publish.html for `streamId` in `codec` (vp8, h264, ...), starts publishing and resolves with the
 * page once publish_started arrived.
 */
export async function startPublishing(browser, server, streamId, codec, label = 'publisher') {
  const page = await browser.newPage(label);
  const response = await page.page.goto(server.url(`publish.html?iceServers=none&id=${streamId}&codec=${codec}`));
  if (response.status() !== 200) throw new Error(`publish.html answered ${response.status()}`);
  await page.waitForEvent('initialized');
  await page.page.click('#start');
  await page.waitForEvent('publish_started', { timeout: 15_000 });
  return page;
}
