/*
 * Shared helpers of the Osprey sample pages: WebSocket URL, peer connection settings,
 * status line, visible log, and an adaptor factory that records every SDK callback
 * (window.events: info strings in order; window.errors: error definitions in order;
 * window.dataMessages: data channel messages received, {streamId, data} with text as a string
 * and binary as an ArrayBuffer; window.serverEvents: the conference events the server sends on a
 * room player's channel, parsed), and the data channel message box.
 */
(function () {
  "use strict";

  const params = new URLSearchParams(location.search);

  /** The application is the first path segment: /LiveApp/peer.html -> LiveApp. */
  function appName() {
    return location.pathname.split("/").filter(Boolean)[0] || "";
  }

  /** Same host and port as the page; wss when the page came over https. */
  function websocketUrl() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + location.host + "/" + appName() + "/websocket";
  }

  /**
   * Peer connection settings from the query string:
   *   ?iceServers=none                      -> {iceServers: []} (host candidates only)
   *   ?iceServers=stun:a:3478,stun:b:3478   -> those servers
   * Without the parameter the SDK keeps its default and the server's iceServerConfig applies.
   */
  function peerConnectionConfig() {
    const value = params.get("iceServers");
    if (value === null) return null;
    if (value === "" || value === "none") return { iceServers: [] };
    return {
      iceServers: value.split(",").map((url) => url.trim()).filter(Boolean).map((url) => ({ urls: url })),
    };
  }

  function param(name, fallback) {
    const value = params.get(name);
    return value === null || value === "" ? fallback : value;
  }

  function randomId(prefix) {
    return prefix + Math.random().toString(36).slice(2, 8);
  }

  const logElement = () => document.getElementById("log");

  function log(text) {
    const element = logElement();
    const line = new Date().toISOString().slice(11, 23) + "  " + text;
    if (element) {
      element.textContent += line + "\n";
      element.scrollTop = element.scrollHeight;
    }
  }

  function setStatus(text, kind) {
    const element = document.getElementById("status");
    if (!element) return;
    element.className = "status" + (kind ? " " + kind : "");
    element.innerHTML = "Status: <b></b>";
    element.querySelector("b").textContent = text;
  }

  function describe(value) {
    if (value === undefined || value === null) return "";
    if (typeof value === "string") return value;
    if (value instanceof Error) return value.name + ": " + value.message;
    if (typeof MediaStream !== "undefined" && value instanceof MediaStream) return "MediaStream " + value.id;
    try {
      const text = JSON.stringify(value, (key, v) => (key === "sdp" && typeof v === "string" ? "(" + v.length + " chars)" : v));
      return text && text !== "{}" ? text : String(value);
    } catch (e) {
      return String(value);
    }
  }

  function shorten(text) {
    return text.length > 400 ? text.slice(0, 400) + "…" : text;
  }

  function errorName(error) {
    if (typeof error === "string") return error;
    if (error && typeof error.name === "string") return error.name;
    return String(error);
  }

  /**
   * Creates the WebRTCAdaptor with the page's WebSocket URL and peer connection settings,
   * exposes it as window.adaptor and records callbacks before handing them to the page.
   */
  function createAdaptor(options, handlers) {
    handlers = handlers || {};
    window.events = [];
    window.errors = [];
    window.dataMessages = [];
    window.serverEvents = [];
    const settings = Object.assign({ websocket_url: websocketUrl() }, options);
    const pcConfig = peerConnectionConfig();
    if (pcConfig) settings.peerconnection_config = pcConfig;

    settings.callback = function (info, obj) {
      window.events.push(info);
      dataChannelEvent(info, obj);
      if (info !== "pong") log("event  " + info + (obj !== undefined ? "  " + shorten(describe(obj)) : ""));
      if (handlers.onInfo) handlers.onInfo(info, obj);
    };
    settings.callbackError = function (error, message) {
      const name = errorName(error);
      window.errors.push(name);
      log("error  " + name + (message !== undefined ? "  " + shorten(describe(message)) : ""));
      if (handlers.onError) handlers.onError(name, message);
    };

    log("connecting to " + settings.websocket_url);
    try {
      window.adaptor = new webrtc_adaptor.WebRTCAdaptor(settings);
    } catch (e) {
      log("could not create the adaptor: " + describe(e));
      setStatus("could not create the adaptor: " + e.message, "error");
      throw e;
    }
    return window.adaptor;
  }

  /** Keeps the message box in step with the SDK's data channel and lists what arrives on it. */
  function dataChannelEvent(info, obj) {
    if (info === "data_channel_opened") enable({ send: true });
    if (info === "data_channel_closed") enable({ send: false });
    if (info === "data_received") {
      const event = serverEvent(obj.data);
      if (event) {
        window.serverEvents.push(event);
        return;
      }
      window.dataMessages.push({ streamId: obj.streamId, data: obj.data });
      const text = typeof obj.data === "string" ? obj.data : "(" + (obj.data.byteLength ?? obj.data.size) + " bytes)";
      showMessage("received", text);
    }
  }

  // Conference events the server sends on a room player's channel; they are not chat.
  const SERVER_EVENTS = new Set(["TRACK_LIST_UPDATED", "VIDEO_TRACK_ASSIGNMENT_LIST"]);

  function serverEvent(data) {
    if (typeof data !== "string" || !data.startsWith("{")) return null;
    try {
      const message = JSON.parse(data);
      return SERVER_EVENTS.has(message.eventType) ? message : null;
    } catch {
      return null;
    }
  }

  function showMessage(direction, text) {
    const list = document.getElementById("messages");
    if (!list) return;
    list.textContent += direction + "  " + shorten(text) + "\n";
    list.scrollTop = list.scrollHeight;
  }

  /**
   * Wires the message box (#message, #send) to adaptor.sendData for the id streamId() returns; the
   * button is enabled while the SDK's data channel is open.
   */
  function messageBox(adaptor, streamId) {
    const input = document.getElementById("message");
    const button = document.getElementById("send");
    if (!input || !button) return;
    const send = () => {
      const text = input.value;
      const id = streamId();
      if (!text || !id) return;
      adaptor.sendData(id, text);
      showMessage("sent", text);
      input.value = "";
    };
    button.addEventListener("click", send);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") send();
    });
  }

  /** Enables exactly the given buttons among all buttons of the controls. */
  function enable(buttonsById) {
    for (const [id, enabled] of Object.entries(buttonsById)) {
      const button = document.getElementById(id);
      if (button) button.disabled = !enabled;
    }
  }

  window.OspreySample = {
    appName, websocketUrl, peerConnectionConfig, param, randomId, log, setStatus, createAdaptor, enable, describe,
    messageBox,
  };
})();
