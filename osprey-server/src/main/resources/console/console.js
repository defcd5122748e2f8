// Osprey console: logs in, then polls the REST API and renders applications, broadcasts, VoD files and server figures.
// The session lives in an HttpOnly cookie the browser sends by itself; this script never sees it.
"use strict";

const POLL_MS = 2000;
const PAGE_SIZE = 50;
const sections = new Map(); // application name -> its rendered section
let pollTimer = null;

class NotLoggedIn extends Error {}

async function api(path, options = {}) {
  const response = await fetch(path, { headers: { "Content-Type": "application/json" }, ...options });
  const body = await response.json().catch(() => null);
  if (response.status === 401) {
    throw new NotLoggedIn((body && body.message) || "Not logged in");
  }
  if (!response.ok) {
    throw new Error((body && body.message) || `${response.status} ${response.statusText}`);
  }
  return body;
}

function showLogin(message) {
  clearInterval(pollTimer);
  pollTimer = null;
  document.getElementById("dashboard").hidden = true;
  document.getElementById("logout").hidden = true;
  document.getElementById("updated").textContent = "";
  document.getElementById("login").hidden = false;
  const error = document.getElementById("login-error");
  error.textContent = message || "";
  error.hidden = !message;
  document.body.dataset.ready = "";
  const form = document.getElementById("login-form");
  (form.email.value ? form.password : form.email).focus();
}

function showDashboard() {
  document.getElementById("login").hidden = true;
  document.getElementById("dashboard").hidden = false;
  document.getElementById("logout").hidden = false;
  refresh();
  clearInterval(pollTimer);
  pollTimer = setInterval(refresh, POLL_MS);
}

document.getElementById("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const credentials = { email: form.email.value, password: form.password.value };
  try {
    const result = await api("/rest/v2/users/authenticate", { method: "POST", body: JSON.stringify(credentials) });
    form.password.value = "";
    if (result.success) {
      showDashboard();
    } else {
      showLogin(result.message || "Login failed");
    }
  } catch (e) {
    form.password.value = "";
    showLogin(e.message);
  }
});

document.getElementById("logout").addEventListener("click", async () => {
  await api("/rest/v2/users/logout", { method: "POST" }).catch(() => null);
  showLogin("");
});

function showError(message) {
  const el = document.getElementById("error");
  el.textContent = message || "";
  el.hidden = !message;
}

function formatBytes(bytes) {
  if (!(bytes > 0)) return "–";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
  return `${bytes.toFixed(bytes < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

function formatBitrate(bps) {
  if (!(bps > 0)) return "–";
  return bps >= 1e6 ? `${(bps / 1e6).toFixed(1)} Mbit/s` : `${Math.round(bps / 1e3)} kbit/s`;
}

function formatDuration(ms) {
  if (!(ms > 0)) return "–";
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** The URL of a VoD file: its filePath ("streams/{file}") below the application, each part encoded. */
function vodUrl(app, vod) {
  return `/${encodeURIComponent(app)}/${vod.filePath.split("/").map(encodeURIComponent).join("/")}`;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function appSection(app) {
  let section = sections.get(app);
  if (section) return section;
  section = document.getElementById("app-template").content.firstElementChild.cloneNode(true);
  section.dataset.app = app;
  section.querySelector(".app-name").textContent = app;
  section.querySelector(".samples").href = `/${encodeURIComponent(app)}/`;
  section.querySelector(".player .close").addEventListener("click", () => closePlayer(section));
  section.querySelector(".player video").addEventListener("error", () => {
    const error = section.querySelector(".player-error");
    error.textContent = "The file cannot be played here (missing, not a format this browser plays, or play security needs a token).";
    error.hidden = false;
  });
  section.querySelector(".create").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = {};
    if (form.streamId.value) body.streamId = form.streamId.value;
    if (form.name.value) body.name = form.name.value;
    try {
      await api(`/${app}/rest/v2/broadcasts/create`, { method: "POST", body: JSON.stringify(body) });
      form.reset();
      showError("");
      await refresh();
    } catch (e) {
      failed(e, app);
    }
  });
  document.getElementById("applications").appendChild(section);
  sections.set(app, section);
  return section;
}

async function remove(app, streamId) {
  if (!confirm(`Delete broadcast ${streamId}?`)) return;
  try {
    await api(`/${app}/rest/v2/broadcasts/${encodeURIComponent(streamId)}`, { method: "DELETE" });
    await refresh();
  } catch (e) {
    failed(e, app);
  }
}

function failed(error, app) {
  if (error instanceof NotLoggedIn) {
    showLogin("Your session ended: log in again.");
  } else {
    showError(app ? `${app}: ${error.message}` : error.message);
  }
}

function renderBroadcasts(app, broadcasts) {
  const section = appSection(app);
  const tbody = section.querySelector(".broadcasts tbody");
  tbody.replaceChildren();
  for (const b of broadcasts) {
    const row = tbody.insertRow();
    row.dataset.streamId = b.streamId;
    const id = document.createElement("code");
    id.textContent = b.streamId;
    row.insertCell().appendChild(id);
    cell(row, b.name || "");
    const status = document.createElement("span");
    status.className = `status ${b.status}`;
    status.textContent = b.status;
    row.insertCell().appendChild(status);
    cell(row, String((b.webRTCViewerCount || 0) + (b.hlsViewerCount || 0) + (b.rtmpViewerCount || 0) + (b.dashViewerCount || 0)));
    cell(row, formatBitrate(b.bitrate));
    cell(row, b.status === "broadcasting" && b.width > 0 ? `${b.width}×${b.height}` : "–");
    cell(row, b.startTime > 0 ? new Date(b.startTime).toLocaleTimeString() : "–");
    const actions = cell(row, "", "actions");
    if (b.status === "broadcasting") {
      const play = document.createElement("a");
      play.href = `/${app}/play.html?id=${encodeURIComponent(b.streamId)}`;
      play.target = "_blank";
      play.rel = "noopener";
      play.className = "button";
      play.textContent = "Play";
      actions.appendChild(play);
    }
    const del = document.createElement("button");
    del.className = "danger";
    del.textContent = "Delete";
    del.addEventListener("click", () => remove(app, b.streamId));
    actions.appendChild(del);
  }
  section.querySelector(".empty").hidden = broadcasts.length > 0;
}

// The player sits outside the table, so the table's refresh every poll never interrupts playback.
function playVod(app, vod) {
  const section = appSection(app);
  const player = section.querySelector(".player");
  const video = player.querySelector("video");
  player.querySelector(".player-name").textContent = vod.vodName || vod.vodId;
  player.querySelector(".player-error").hidden = true;
  player.dataset.vodId = vod.vodId;
  player.hidden = false;
  video.src = vodUrl(app, vod);
  video.play().catch(() => null); // autoplay may be refused: the controls are there
}

function closePlayer(section) {
  const player = section.querySelector(".player");
  const video = player.querySelector("video");
  video.pause();
  video.removeAttribute("src");
  video.load();
  delete player.dataset.vodId;
  player.hidden = true;
}

async function removeVod(app, vod) {
  if (!confirm(`Delete VoD ${vod.vodName || vod.vodId} and its file?`)) return;
  try {
    const section = appSection(app);
    if (section.querySelector(".player").dataset.vodId === vod.vodId) closePlayer(section);
    await api(`/${app}/rest/v2/vods/${encodeURIComponent(vod.vodId)}`, { method: "DELETE" });
    await refresh();
  } catch (e) {
    failed(e, app);
  }
}

function renderVods(app, vods) {
  const section = appSection(app);
  const tbody = section.querySelector(".vods tbody");
  tbody.replaceChildren();
  for (const v of vods) {
    const row = tbody.insertRow();
    row.dataset.vodId = v.vodId;
    cell(row, v.vodName || "").title = v.vodName || "";
    const stream = cell(row, "");
    if (v.streamId) {
      const id = document.createElement("code");
      id.textContent = v.streamId;
      stream.appendChild(id);
    } else {
      stream.textContent = "–";
    }
    cell(row, formatDuration(v.duration));
    cell(row, formatBytes(v.fileSize));
    cell(row, v.creationDate > 0 ? new Date(v.creationDate).toLocaleString() : "–");
    const actions = cell(row, "", "actions");
    const play = document.createElement("button");
    play.className = "secondary play";
    play.textContent = "Play";
    play.addEventListener("click", () => playVod(app, v));
    actions.appendChild(play);
    const del = document.createElement("button");
    del.className = "danger";
    del.textContent = "Delete";
    del.addEventListener("click", () => removeVod(app, v));
    actions.appendChild(del);
  }
  section.querySelector(".vods-empty").hidden = vods.length > 0;
}

function renderStats(stats) {
  document.getElementById("cpu").textContent = stats.cpuLoadPercent !== undefined ? `${stats.cpuLoadPercent} %` : "–";
  document.getElementById("heap").textContent = `${formatBytes(stats.jvmHeapUsedBytes)} / ${formatBytes(stats.jvmHeapMaxBytes)}`;
  const total = stats.systemMemoryTotalBytes;
  document.getElementById("memory").textContent = total
    ? `${formatBytes(total - stats.systemMemoryFreeBytes)} / ${formatBytes(total)}` : "–";
  document.getElementById("live").textContent = stats.liveStreams;
  document.getElementById("viewers").textContent = stats.viewers;
}

async function refresh() {
  try {
    const [{ applications }, stats] = await Promise.all([api("/rest/v2/applications"), api("/rest/v2/server-stats")]);
    renderStats(stats);
    applications.forEach(appSection); // sections in configured order, whichever list answers first
    await Promise.all(applications.map(async (app) => {
      const [list, vods] = await Promise.all([
        api(`/${app}/rest/v2/broadcasts/list/0/${PAGE_SIZE}?sort_by=date&order_by=desc`),
        api(`/${app}/rest/v2/vods/list/0/${PAGE_SIZE}?sort_by=date&order_by=desc`),
      ]);
      renderBroadcasts(app, list);
      renderVods(app, vods);
    }));
    document.getElementById("updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.ready = "true";
  } catch (e) {
    failed(e);
  }
}

async function start() {
  const status = await api("/rest/v2/authentication-status").catch(() => null);
  if (status && status.success) {
    showDashboard();
  } else {
    showLogin("");
  }
}

start();
