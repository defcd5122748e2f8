// The web console in headless Chromium: it lists a broadcast created through the REST API, creates
// one through its own form, and a screenshot is saved under e2e/test-output/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const output = join(root, "e2e", "test-output");
const jar = join(root, "osprey-server", "target", "osprey-server.jar");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

let server;
let base;
let dataDir;

/** Starts the packaged server on a free port and resolves with its base URL, read from the start log line. */
function startServer() {
  dataDir = mkdtempSync(join(tmpdir(), "osprey-console-"));
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
  server = spawn(java, ["-jar", jar, "--server.host=127.0.0.1", "--server.httpPort=0", "--server.httpsPort=0",
    `--store.dir=${join(dataDir, "data")}`, `--web.root=${join(root, "web")}`,
    `--server.tlsCert=${join(dataDir, "none.pem")}`, `--server.tlsKey=${join(dataDir, "none.pem")}`],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
    const onData = (chunk) => {
      log += chunk;
      const match = log.match(/Osprey started in \d+ ms: (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
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
  assert.ok(existsSync(jar), `build the server first (mvn install -DskipTests): ${jar}`);
  base = await startServer();
});

after(() => {
  server?.kill("SIGTERM");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
    await page.goto(`${base}/`);
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
