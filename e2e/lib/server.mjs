// Starts the Osprey server jar for a test file: free port on 127.0.0.1, waits for the start line,
// stops it afterwards. OSPREY_E2E_BASE_URL=http://host:port points the tests at a running server instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_JAR = path.join(REPO_ROOT, 'osprey-server', 'target', 'osprey-server.jar');
const START_LINE = /Osprey started in \d+ ms/;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_KEPT_OUTPUT = 400;

function javaBinary() {
  if (process.env.OSPREY_JAVA) return process.env.OSPREY_JAVA;
  const candidates = [
    process.env.JAVA_HOME && path.join(process.env.JAVA_HOME, 'bin', 'java'),
    '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java',
  ].filter(Boolean);
  return candidates.find((candidate) => existsSync(candidate)) ?? 'java';
}

/** Asks the kernel for a free TCP port on 127.0.0.1 (the server binds it right after). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A running server. `url('peer.html')` gives http://127.0.0.1:PORT/LiveApp/peer.html;
 * `output()` returns the server's recent log lines for diagnostics.
 */
class RunningServer {
  constructor({ baseUrl, app, child, lines }) {
    this.baseUrl = baseUrl;
    this.app = app;
    this.child = child;
    this.lines = lines;
  }

  url(page = '') {
    return `${this.baseUrl}/${this.app}/${page}`;
  }

  websocketUrl() {
    return `${this.baseUrl.replace(/^http/, 'ws')}/${this.app}/websocket`;
  }

  output() {
    return this.lines.join('\n');
  }

  /** The RTMP port the server logged at start ("RTMP ingest: port N"). */
  rtmpPort() {
    return this.loggedPort('RTMP');
  }

  /** The SRT port the server logged at start ("SRT ingest: port N"). */
  srtPort() {
    return this.loggedPort('SRT');
  }

  loggedPort(protocol) {
    const pattern = new RegExp(`${protocol} ingest: port (\\d+)`);
    const line = this.lines.find((l) => pattern.test(l));
    if (!line) throw new Error(`the server logged no ${protocol} port`);
    return Number(line.match(pattern)[1]);
  }

  /**
   * Logs in as the console admin with the password the server printed when it created the account
   * (a server started on a fresh `--store.dir`); resolves with the session cookie for /rest/v2 calls,
   * the same one for every call.
   */
  adminCookie() {
    this.adminSession ??= this.login();
    return this.adminSession;
  }

  /** The console admin's {email, password} as the server printed them at its first start on this store. */
  adminAccount() {
    if (this.account) return this.account;
    const line = this.lines.map((l) => /Console admin account created: email "([^"]+)", password "([^"]+)"/.exec(l)).find(Boolean);
    if (!line) throw new Error('no generated admin password in the server output: start it on a fresh --store.dir');
    return { email: line[1], password: line[2] };
  }

  /** For a server restarted on a store an earlier one created: the account that one printed. */
  useAdminAccount(account) {
    this.account = account;
  }

  async login() {
    const response = await fetch(`${this.baseUrl}/rest/v2/users/authenticate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(this.adminAccount()),
    });
    const result = await response.json();
    if (!result.success) throw new Error(`admin login failed: ${JSON.stringify(result)}`);
    return response.headers.get('set-cookie').split(';')[0];
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The osprey-server test classpath written by the build (process-test-classes), for `mainClass`
 * programs of the server's test sources such as the tap probe.
 */
function serverTestClasspath() {
  const target = path.join(REPO_ROOT, 'osprey-server', 'target');
  const file = path.join(target, 'test-classpath.txt');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: build first (mvn -DskipTests install, or ./osprey build)`);
  }
  return [path.join(target, 'test-classes'), path.join(target, 'classes'), readFileSync(file, 'utf8').trim()].join(':');
}

/**
 * Starts the server jar, or with `mainClass` a program of the server's test sources that starts the
 * server itself (same arguments, same start line); its line `NAME control=URL` (e.g. the tap probe's
 * `TAP-PROBE control=...`) sets `server.control`.
 */
export async function startServer({ app = 'LiveApp', extraArgs = [], mainClass = null } = {}) {
  if (process.env.OSPREY_E2E_BASE_URL) {
    return new RunningServer({ baseUrl: process.env.OSPREY_E2E_BASE_URL.replace(/\/$/, ''), app, child: null, lines: [] });
  }
  if (!existsSync(SERVER_JAR)) {
    throw new Error(`${SERVER_JAR} is missing: build it first (mvn -DskipTests install, or ./osprey build)`);
  }
  const port = await freePort();
  // Media: any free UDP port on 127.0.0.1 (so test files never collide), advertised as 127.0.0.1.
  // The jar's manifest opens what SRTP's AES-GCM needs (Add-Opens); a class path launch says it itself.
  const launch = mainClass
    ? ['--add-opens', 'java.base/com.sun.crypto.provider=ALL-UNNAMED', '-cp', serverTestClasspath(), `-Dorg.bytedeco.javacpp.cachedir=${path.join(REPO_ROOT, 'osprey-server', 'target', 'javacpp-cache')}`, mainClass]
    : ['-jar', SERVER_JAR];
  const args = [...launch, '--server.host=127.0.0.1', `--server.httpPort=${port}`, `--applications=${app}`,
    '--media.udpPort=0', '--media.advertisedAddress=127.0.0.1', '--rtmp.port=0', '--rtmp.tlsPort=0', '--srt.port=0', ...extraArgs];
  const child = spawn(javaBinary(), args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const server = new RunningServer({ baseUrl: `http://127.0.0.1:${port}`, app, child, lines });

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no start line within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    let pending = '';
    let started = false;
    const onData = (chunk) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop();
      for (const line of parts) {
        lines.push(line);
        if (lines.length > MAX_KEPT_OUTPUT) lines.shift();
        if (process.env.OSPREY_E2E_SERVER_LOG) process.stderr.write(`[server] ${line}\n`);
        const control = /^[A-Z-]+ control=(\S+)/.exec(line);
        if (control) server.control = control[1];
        if (!started && START_LINE.test(line)) {
          started = true;
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('error', (error) => fail(error));
    child.once('exit', (code, signal) => {
      if (!started) fail(new Error(`server exited (code ${code}, signal ${signal}) before starting`));
    });
    function fail(error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      error.message += `\ncommand: ${javaBinary()} ${args.join(' ')}\nserver output:\n${lines.concat(pending).join('\n')}`;
      reject(error);
    }
  });
  return server;
}
