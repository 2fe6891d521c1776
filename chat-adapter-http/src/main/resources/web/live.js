// One event stream per user: WebSocket when the server has it, else long polling.
// Both resume from the last cursor received, so a reconnect (or a server restart)
// neither loses nor repeats an event.

import { ApiError } from "./api.js";

const POLL_WAIT_SECONDS = 30;
const WS_RETRY_AFTER_FAILURE_MS = 60_000;
const WS_OPEN_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 3_000;
const SESSION_ENDED = 4001;
const INVALID_TOKEN = 4401;
const EPHEMERAL = new Set(["typing", "presence.changed"]);

const sleep = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
});

export class Live {
  cursor = null;
  #api;
  #handlers;
  #stop = new AbortController();
  #socket = null;
  #wsFailedAt = 0;
  #seen = new Set();
  #failures = 0;
  #confirmed = false;
  #refreshBeforeReconnect = false;

  /** handlers: onEvent(event), onState(state, text), onResync() */
  constructor(api, handlers) {
    this.#api = api;
    this.#handlers = handlers;
  }

  get viaSocket() {
    return this.#socket?.readyState === WebSocket.OPEN;
  }

  /** Takes the head cursor before the caller loads its lists, so nothing between is missed. */
  async begin() {
    const head = await this.#api.get("/events");
    this.cursor = head.cursor;
  }

  run() {
    this.#loop().catch((e) => console.error("event loop ended", e));
  }

  stop() {
    this.#stop.abort();
    this.#socket?.close(1000);
  }

  /** Sends a frame on the socket when one is open; returns whether it did. */
  send(frame) {
    if (!this.viaSocket) return false;
    this.#socket.send(JSON.stringify(frame));
    return true;
  }

  #state(state, text) {
    this.#handlers.onState(state, text);
  }

  async #loop() {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      // a token about to run out (or already out, after the server was away) is refreshed first:
      // the server would refuse it, or end the socket or poll that carries it at once
      if (this.#refreshBeforeReconnect || this.#api.accessSecondsLeft < 3) {
        this.#refreshBeforeReconnect = false;
        try {
          await this.#api.refresh();
        } catch (e) {
          await this.#recover(e, signal);
          continue;
        }
      }
      if (Date.now() - this.#wsFailedAt > WS_RETRY_AFTER_FAILURE_MS) {
        const worked = await this.#websocket();
        if (signal.aborted) return;
        if (worked) {
          this.#failures = 0;
          await sleep(300 + Math.random() * 700, signal);
          continue;
        }
        this.#wsFailedAt = Date.now();
      }
      try {
        await this.#poll(signal);
        this.#failures = 0;
      } catch (e) {
        if (signal.aborted) return;
        await this.#recover(e, signal);
      }
    }
  }

  async #recover(e, signal) {
    if (e instanceof ApiError && e.status === 410) {
      await this.#resync();
      return;
    }
    if (e instanceof ApiError && e.status === 401) {
      this.#state("offline", "Signed out");
      this.stop();
      return;
    }
    this.#failures++;
    this.#confirmed = false;
    // Jittered, so a restarted server is not met by every client at the same instant.
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.#failures) * (0.5 + Math.random() / 2);
    this.#state("offline", `Offline — reconnecting in ${Math.ceil(delay / 1000)} s`);
    await sleep(delay, signal);
  }

  async #resync() {
    this.#state("connecting", "Catching up…");
    await this.begin();
    this.#seen.clear();
    await this.#handlers.onResync();
  }

  async #poll(signal) {
    const timeout = new AbortController();
    const t = setTimeout(() => timeout.abort(), (POLL_WAIT_SECONDS + 15) * 1000);
    const stop = () => timeout.abort();
    signal.addEventListener("abort", stop, { once: true });
    try {
      // A short poll first, so the connection shows as live at once rather than after the first wait.
      // Never wait past the token's expiry: the server would end the poll with a 401 there.
      const wait = this.#confirmed ? Math.max(0, Math.min(POLL_WAIT_SECONDS, Math.floor(this.#api.accessSecondsLeft - 2))) : 0;
      const batch = await this.#api.get(
        `/events?after=${encodeURIComponent(this.cursor)}&wait=${wait}`, { signal: timeout.signal });
      this.#confirmed = true;
      this.#state("live", "Live (polling)");
      for (const event of batch.events) this.#deliver(event);
      this.cursor = batch.cursor;
    } finally {
      clearTimeout(t);
      signal.removeEventListener("abort", stop);
    }
  }

  #deliver(event) {
    // Ephemeral events (typing, presence) carry the cursor of the last stored event, not an id of their own.
    if (!EPHEMERAL.has(event.type)) {
      if (this.#seen.has(event.id)) return;
      this.#seen.add(event.id);
      if (this.#seen.size > 2000) this.#seen.delete(this.#seen.values().next().value);
    }
    try {
      this.#handlers.onEvent(event);
    } catch (e) {
      console.error("event handler failed", event.type, e);
    }
    this.cursor = event.id;
  }

  /**
   * Resolves when the socket has closed: true if it worked (delivered a frame or stayed open a while),
   * false if it never opened or was closed at once (then long polling takes over for a while).
   */
  #websocket() {
    return new Promise((resolve) => {
      const proto = location.protocol === "https:" ? "wss:" : "ws:";
      // The token goes in the first frame, never in the URL (URLs end up in logs and histories).
      const query = new URLSearchParams({ after: this.cursor });
      let openedAt = 0;
      let received = false;
      let ws;
      try {
        ws = new WebSocket(`${proto}//${location.host}/api/v1/ws?${query}`);
      } catch {
        resolve(false);
        return;
      }
      this.#socket = ws;
      const openTimer = setTimeout(() => ws.close(), WS_OPEN_TIMEOUT_MS);
      let ping = 0;
      ws.onopen = () => {
        openedAt = Date.now();
        clearTimeout(openTimer);
        ws.send(JSON.stringify({ type: "auth", token: this.#api.accessToken || "" }));
        this.#state("live", "Live");
        ping = setInterval(() => this.send({ type: "ping" }), 25_000);
      };
      ws.onmessage = (m) => {
        received = true;
        let frame;
        try { frame = JSON.parse(m.data); } catch { return; }
        if (Array.isArray(frame.events)) {
          frame.events.forEach((e) => this.#deliver(e));
          if (frame.cursor) this.cursor = frame.cursor;
        } else if (frame.id && frame.type && "data" in frame) {
          this.#deliver(frame);
        } else if (frame.status === 410 || frame.type === "gone") {
          this.#resync().catch(() => {});
        }
      };
      ws.onclose = (e) => {
        clearTimeout(openTimer);
        clearInterval(ping);
        if (this.#socket === ws) this.#socket = null;
        if (e.code === SESSION_ENDED || e.code === INVALID_TOKEN) {
          // the access token ran out (or the session ended): refresh, then resume from the cursor
          this.#refreshBeforeReconnect = true;
          resolve(true);
          return;
        }
        resolve(openedAt > 0 && (received || Date.now() - openedAt > WS_OPEN_TIMEOUT_MS));
      };
    });
  }
}
