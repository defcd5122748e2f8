// The web console in headless Chromium: it asks for the admin login (the password the server generated
// and logged at first start), lists a broadcast created through the REST API, creates one through its
// own form, shows a stream a Chromium page publishes as live with its viewers and bitrate once
// another page plays it, and lists, plays and deletes an uploaded VoD file; screenshots are saved
// under e2e/test-output/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { withBrowser } from "../lib/browser.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const output = join(root, "e2e", "test-output");
const jar = join(root, "osprey-server", "target", "osprey-server.jar");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

let server;
let base;
let dataDir;
let admin; // { email, password } from the server's first-start log line
const serverLog = [];
const ADMIN_LINE = /Console admin account created: email "([^"]+)", password "([^"]+)"/;

/** Starts the packaged server on a free port and resolves with its base URL, read from the start log line. */
function startServer() {
  dataDir = mkdtempSync(join(tmpdir(), "osprey-console-"));
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
  server = spawn(java, ["-jar", jar, "--server.host=127.0.0.1", "--server.httpPort=0", "--server.httpsPort=0",
    `--store.dir=${join(dataDir, "data")}`, `--web.root=${join(root, "web")}`,
    `--server.tlsCert=${join(dataDir, "none.pem")}`, `--server.tlsKey=${join(dataDir, "none.pem")}`,
    "--media.udpPort=0", "--media.advertisedAddress=127.0.0.1"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    const onData = (chunk) => {
      log += chunk;
      serverLog.push(String(chunk));
      if (serverLog.length > 200) serverLog.shift();
      const match = log.match(/Osprey started in \d+ ms: (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        const credentials = log.match(ADMIN_LINE);
        if (!credentials) {
          reject(new Error(`no generated admin password in the log:\n${log}`));
          return;
        }
        admin = { email: credentials[1], password: credentials[2] };
        resolve(match[1]);
      }
    };
    server.stdout.on("data", onData);
    server.stderr.on("data", onData);
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
}

before(async () => {
  assert.ok(existsSync(jar), `build the server first (mvn package -DskipTests): ${jar}`);
  base = await startServer();
});

after(() => {
  server?.kill("SIGTERM");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Opens the console and logs in through its form. */
async function logIn(page) {
  await page.goto(`${base}/`);
  const form = page.locator("#login-form");
  await form.locator('input[name="email"]').fill(admin.email);
  await form.locator('input[name="password"]').fill(admin.password);
  await form.locator("button").click();
  await page.locator("#dashboard").waitFor({ state: "visible", timeout: 10_000 });
}

test("the console asks for the admin login and refuses a wrong password", async () => {
  assert.equal((await fetch(`${base}/rest/v2/applications`)).status, 401);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.locator("#login-form").waitFor({ state: "visible" });
    assert.equal(await page.locator("#dashboard").isVisible(), false);
    await page.locator('#login-form input[name="email"]').fill(admin.email);
    await page.locator('#login-form input[name="password"]').fill(`${admin.password}-wrong`);
    await page.locator("#login-form button").click();
    await page.locator("#login-error").waitFor({ state: "visible" });
    assert.equal(await page.locator("#login-error").innerText(), "Invalid email or password");
    assert.equal(await page.locator("#dashboard").isVisible(), false);
    mkdirSync(output, { recursive: true });
    await page.screenshot({ path: join(output, "console-login.png") });

    await logIn(page);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "osprey_session");
    assert.ok(session, "a session cookie");
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, "Strict");
    assert.equal(await page.evaluate(() => document.cookie), "", "scripts cannot read the session");

    await page.locator("#logout").click();
    await page.locator("#login-form").waitFor({ state: "visible" });
    const status = await page.evaluate(async () => (await fetch("/rest/v2/authentication-status")).json());
    assert.equal(status.success, false);
  } finally {
    await browser.close();
  }
});

test("the console lists broadcasts and creates one from its form", async () => {
  const created = await fetch(`${base}/LiveApp/rest/v2/broadcasts/create`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ streamId: "console-e2e", name: "Console test stream" }),
  });
  assert.equal(created.status, 200);

  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(page);
    const row = page.locator('section[data-app="LiveApp"] tr[data-stream-id="console-e2e"]');
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), /Console test stream\s+created/);
    assert.notEqual(await page.locator("#live").innerText(), "–");

    const form = page.locator('section[data-app="WebRTCAppEE"] form.create');
    await form.locator('input[name="streamId"]').fill("from-form");
    await form.locator('input[name="name"]').fill("Made in the console");
    await form.locator("button").click();
    await page.locator('section[data-app="WebRTCAppEE"] tr[data-stream-id="from-form"]').waitFor({ timeout: 10_000 });
    const stored = await (await fetch(`${base}/WebRTCAppEE/rest/v2/broadcasts/from-form`)).json();
    assert.equal(stored.name, "Made in the console");

    mkdirSync(output, { recursive: true });
    await page.screenshot({ path: join(output, "console.png"), fullPage: true });
  } finally {
    await browser.close();
  }
});

test("a stream published from Chromium shows as live in the console with its viewer and bitrate", async () => {
  const streamId = "console-live";
  await withBrowser({ output: () => serverLog.join("") }, async (browser) => {
    const publisher = await browser.newPage("publisher");
    await publisher.page.goto(`${base}/LiveApp/publish.html?iceServers=none&id=${streamId}`);
    await publisher.waitForEvent("initialized");
    await publisher.page.click("#start");
    await publisher.waitForEvent("publish_started", { timeout: 15_000 });

    const player = await browser.newPage("player");
    await player.page.goto(`${base}/LiveApp/play.html?iceServers=none&id=${streamId}`);
    await player.waitForEvent("initialized");
    await player.page.click("#play");
    await player.waitForEvent("play_started", { timeout: 15_000 });

    const consolePage = await browser.newPage("console");
    await consolePage.page.setViewportSize({ width: 1280, height: 800 });
    await logIn(consolePage.page);
    const row = consolePage.page.locator(`section[data-app="LiveApp"] tr[data-stream-id="${streamId}"]`);
    // The console polls every 2 s: wait for a refresh that shows the viewer and a measured bitrate.
    await consolePage.page.waitForFunction((id) => {
      const cells = document.querySelector(`section[data-app="LiveApp"] tr[data-stream-id="${id}"]`)?.cells;
      return cells && cells[2].textContent === "broadcasting" && cells[3].textContent === "1"
        && /bit\/s$/.test(cells[4].textContent) && /^\d+×\d+$/.test(cells[5].textContent);
    }, streamId, { timeout: 15_000, polling: 200 });
    const cells = await row.locator("td").allInnerTexts();
    assert.equal(cells[2], "broadcasting");
    assert.equal(cells[3], "1");
    assert.equal(cells[5], "640×480", "Chromium's fake camera");
    assert.equal(await row.locator('a[href*="play.html"]').count(), 1, "a Play link for the live stream");
    assert.equal(await consolePage.page.locator("#live").innerText(), "1");
    assert.equal(await consolePage.page.locator("#viewers").innerText(), "1");
    assert.deepEqual(consolePage.pageErrors, []);

    mkdirSync(output, { recursive: true });
    await consolePage.page.screenshot({ path: join(output, "console-live.png"), fullPage: true });

    await player.page.close();
    await consolePage.page.waitForFunction((id) =>
      document.querySelector(`section[data-app="LiveApp"] tr[data-stream-id="${id}"]`)?.cells[3].textContent === "0",
    streamId, { timeout: 15_000, polling: 200 });
  });
});

test("the console lists an uploaded VoD file, plays it in a video element and deletes it", async () => {
  const clip = join(dataDir, "console-clip.webm");
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "2",
    "-c:v", "libvpx", "-b:v", "200k", clip]);
  const form = new FormData();
  form.append("file", new Blob([readFileSync(clip)]), "console-clip.webm");
  const uploaded = await fetch(`${base}/LiveApp/rest/v2/vods/create?name=console-clip.webm`, { method: "POST", body: form });
  const result = await uploaded.json();
  assert.equal(result.success, true, JSON.stringify(result));
  const vodId = result.dataId;

  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e));
    await logIn(page);
    const row = page.locator(`section[data-app="LiveApp"] table.vods tr[data-vod-id="${vodId}"]`);
    await row.waitFor({ timeout: 10_000 });
    const cells = await row.locator("td").allInnerTexts();
    assert.equal(cells[0], "console-clip.webm");
    assert.equal(cells[1], "–", "an upload belongs to no stream");
    assert.equal(cells[2], "0:02");
    assert.match(cells[3], /^\d+(\.\d)? KiB$/);
    assert.notEqual(cells[4], "–");

    await row.locator("button.play").click();
    const player = page.locator('section[data-app="LiveApp"] .player');
    await player.waitFor({ state: "visible" });
    assert.equal(await player.locator("video").getAttribute("src"), `/LiveApp/streams/${vodId}.webm`);
    // Playing means the browser fetched and decoded the file: it knows the length and has frames.
    await page.waitForFunction(() => {
      const video = document.querySelector('section[data-app="LiveApp"] .player video');
      return video.readyState >= 2 && video.duration > 1.5 && video.videoWidth === 160;
    }, null, { timeout: 15_000, polling: 200 });
    assert.equal(await player.locator(".player-error").isVisible(), false);
    mkdirSync(output, { recursive: true });
    await page.screenshot({ path: join(output, "console-vod.png"), fullPage: true });

    page.once("dialog", (dialog) => dialog.accept());
    await row.locator("button.danger").click();
    await row.waitFor({ state: "detached", timeout: 10_000 });
    assert.equal(await player.isVisible(), false, "the deleted file's player is closed");
    assert.equal((await fetch(`${base}/LiveApp/rest/v2/vods/${vodId}`)).status, 404);
    assert.equal((await fetch(`${base}/LiveApp/streams/${vodId}.webm`)).status, 404);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
