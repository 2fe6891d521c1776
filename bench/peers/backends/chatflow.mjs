// ChatFlow backend: HTTP + WebSocket per docs/API.md, on raw sockets (node:net) so the driver's
// own cost per delivery and per post stays small next to the server's.
//
//   node fanout.mjs --backend chatflow --base http://127.0.0.1:PORT --members 100 --posters 4 ...
//
// setup() (coordinator): registers users <prefix><i> (password "pw-<name>-bench"; 409 = already
//           there), then logs each in (password grant), 8 at a time, timing both phases (the
//           server's logins per second with its default password hashing), reads each id, and
//           the first user creates one group conversation with all the others as members.
// connect() (a driver process): reads the current event cursor, then opens
//           GET /api/v1/ws?access_token=..&after=<cursor>, so no event between connect and the
//           first post can be missed. Connections come from 127.0.0.2..127.0.0.21 in turn, so
//           the server's per-address connection limit (1000 by default) is not what is measured.
// send():   POST /conversations/{id}/messages {body, clientMessageId} on the poster's own
//           keep-alive connection; accepted = 201 (200 for a replayed clientMessageId).
// deliveries: text frames holding a "message.created" event; the body is cut out of the frame
//           without a JSON parse (bodies are "fo1 <run> <poster> <seq> <ms>", nothing to escape).
import net from "node:net";
import { randomUUID, randomBytes } from "node:crypto";

const SOURCES = 20;
export const sourceAddress = (i) => `127.0.0.${2 + (i % SOURCES)}`;

export function createBackend(opts) {
  const base = new URL((opts.base ?? "http://127.0.0.1:8080").replace(/\/$/, ""));
  const host = base.hostname;
  const port = Number(base.port || 80);
  const prefix = opts["user-prefix"] ?? "fo";
  const now = opts.now;
  const api = "/api/v1";

  async function setup({ members, log }) {
    const users = [];
    for (let i = 0; i < members; i++) {
      const username = `${prefix}${i}`;
      users.push({ username, password: `pw-${username}-bench` });
    }
    const conc = 8;
    const clients = Array.from({ length: conc }, (_, i) => new RawHttp(host, port, sourceAddress(i)));
    const each = async (fn) => {
      let next = 0;
      const t0 = now();
      await Promise.all(
        clients.map(async (c) => {
          while (next < users.length) await fn(c, users[next++]);
        }),
      );
      return (now() - t0) / 1000;
    };
    const registerS = await each(async (c, u) => {
      const r = await c.json("POST", `${api}/auth/register`, { json: { username: u.username, password: u.password } });
      if (r.status !== 201 && r.status !== 409) throw new Error(`register ${u.username}: ${r.status} ${r.text}`);
    });
    log(`registered ${users.length} in ${registerS.toFixed(1)}s`);
    const loginS = await each(async (c, u) => {
      const r = await login(c, u);
      if (r.status !== 200) throw new Error(`token ${u.username}: ${r.status} ${r.text}`);
      u.token = r.data.access_token;
    });
    log(`logged in ${users.length} in ${loginS.toFixed(1)}s`);
    await each(async (c, u) => {
      const me = await c.json("GET", `${api}/users/me`, { token: u.token });
      if (me.status !== 200) throw new Error(`users/me ${u.username}: ${me.status}`);
      u.id = me.data.id;
    });
    const owner = users[0];
    const r = await clients[0].json("POST", `${api}/conversations`, {
      token: owner.token,
      json: { kind: "group", title: `fanout ${new Date().toISOString()}`, memberIds: users.slice(1).map((u) => u.id) },
    });
    if (r.status !== 201) throw new Error(`create conversation: ${r.status} ${r.text}`);
    clients.forEach((c) => c.close());
    return {
      users,
      room: r.data.id,
      setupStats: {
        registerS: round(registerS),
        registrationsPerS: round(users.length / registerS),
        loginS: round(loginS),
        loginsPerS: round(users.length / loginS),
        concurrency: conc,
      },
    };
  }

  function login(c, u) {
    return c.json("POST", `${api}/auth/token`, {
      form: { grant_type: "password", username: u.username, password: u.password },
    });
  }

  const ourPrefix = Buffer.from(`fo1 ${opts.runId} `, "latin1");

  async function connect(user, index) {
    const http = new RawHttp(host, port, sourceAddress(index));
    const c = await http.json("GET", `${api}/events`, { token: user.token });
    if (c.status !== 200) throw new Error(`events cursor: ${c.status}`);
    const cursor = c.data?.cursor;
    const path = `${api}/ws?access_token=${encodeURIComponent(user.token)}` +
      (cursor != null ? `&after=${encodeURIComponent(cursor)}` : "");
    let onMsg = () => {};
    let onFields = null;
    const counts = { otherFrames: 0 };
    const ws = await RawSocket.open(host, port, sourceAddress(index), path, (buf, start, end) => {
      const t = now();
      const frame = buf.subarray(start, end);
      if (frame.indexOf(CREATED) < 0) return void counts.otherFrames++; // presence, typing, ...
      if (onFields) {
        // "fo1 <run> <poster> <seq> <ms.fff>" read straight from the bytes: no strings per delivery
        const b = frame.indexOf(ourPrefix);
        if (b < 0) return onFields(-1, 0, 0, t);
        let i = b + ourPrefix.length;
        let p = 0;
        for (let c = frame[i]; c !== 0x20; c = frame[++i]) p = p * 10 + c - 48;
        let seq = 0;
        for (let c = frame[++i]; c !== 0x20; c = frame[++i]) seq = seq * 10 + c - 48;
        let ms = 0;
        for (let c = frame[++i]; c !== 0x2e && c !== 0x22; c = frame[++i]) ms = ms * 10 + c - 48;
        if (frame[i] === 0x2e) {
          let scale = 0.1;
          for (let c = frame[++i]; c !== 0x22; c = frame[++i], scale /= 10) ms += (c - 48) * scale;
        }
        return onFields(p, seq, ms, t);
      }
      const b = frame.indexOf(FO1);
      if (b < 0) return;
      onMsg(frame.latin1Slice(b, frame.indexOf(0x22, b)), t);
    });
    return {
      async join(room) {
        // a member may read the newest message; GET /conversations/{id} would also answer every
        // member (170 KB at M=1000), and a thousand of those at once are a load of their own
        const r = await http.request("GET", `${api}/conversations/${room}/messages?limit=1`, { token: user.token });
        if (r.status !== 200) throw new Error(`${user.username} not a member of ${room}: ${r.status}`);
      },
      async send(room, body) {
        const json = { body, clientMessageId: randomUUID() };
        for (let attempt = 0; attempt < 5; attempt++) {
          const r = await http.request("POST", `${api}/conversations/${room}/messages`, { token: user.token, json });
          if (r.status === 201 || r.status === 200) return now();
          if (r.status === 429) {
            const wait = Math.min(5, Number(r.headers["retry-after"]) || 1);
            await new Promise((res) => setTimeout(res, wait * 1000));
            continue;
          }
          throw new Error(`post: ${r.status} ${r.text}`);
        }
        throw new Error("post: still rate limited after 5 attempts");
      },
      onMessage(cb) {
        onMsg = cb;
      },
      /** Deliveries as (poster, seq, send ms, receive ms); poster -1 for a body of another run. */
      onFields(cb) {
        onFields = cb;
      },
      errors: ws.errors,
      counts,
      get closed() {
        return ws.closed;
      },
      close() {
        http.close();
        return ws.close();
      },
    };
  }

  /** One idle WebSocket (reads and drops whatever comes; answers pings). */
  function openIdle(user, index) {
    return RawSocket.open(host, port, sourceAddress(index), `${api}/ws?access_token=${encodeURIComponent(user.token)}`, () => {});
  }

  /** A login client for load during the run: login(user) → {status, ms}. */
  function loginClient(index) {
    const c = new RawHttp(host, port, sourceAddress(index));
    return {
      async login(u) {
        const t0 = now();
        const r = await login(c, u);
        return { status: r.status, ms: now() - t0, retryAfter: Number(r.headers["retry-after"]) || 0 };
      },
      close: () => c.close(),
    };
  }

  async function metric(name) {
    const c = new RawHttp(host, port, "127.0.0.1");
    const r = await c.request("GET", "/metrics", {});
    c.close();
    const values = {};
    for (const line of r.text.split("\n")) {
      if (line.startsWith(name)) values[line.slice(0, line.lastIndexOf(" "))] = Number(line.slice(line.lastIndexOf(" ") + 1));
    }
    return values;
  }

  return { name: "chatflow/ws-raw", setup, connect, openIdle, loginClient, metric };
}

const READ_BUFFER = Buffer.alloc(256 * 1024);
const CREATED = Buffer.from('"message.created"', "latin1");
const FO1 = Buffer.from("fo1 ", "latin1");
const round = (x) => Math.round(x * 100) / 100;

/** HTTP/1.1 on one keep-alive connection, one request at a time (queued). */
export class RawHttp {
  constructor(host, port, localAddress) {
    Object.assign(this, { host, port, localAddress });
    this.sock = null;
    this.chain = Promise.resolve();
  }

  json(method, path, opts) {
    return this.request(method, path, opts).then((r) => {
      try {
        r.data = r.text ? JSON.parse(r.text) : null;
      } catch {
        r.data = null;
      }
      return r;
    });
  }

  request(method, path, { token, json, form } = {}) {
    let body = "";
    let type = null;
    if (json !== undefined) {
      body = JSON.stringify(json);
      type = "application/json";
    } else if (form) {
      body = new URLSearchParams(form).toString();
      type = "application/x-www-form-urlencoded";
    }
    const head =
      `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n` +
      (token ? `Authorization: Bearer ${token}\r\n` : "") +
      (type ? `Content-Type: ${type}\r\n` : "") +
      (method === "POST" || method === "PUT" || method === "PATCH" ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : "") +
      "\r\n";
    const run = () => this.exchange(head + body);
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => {});
    return p;
  }

  exchange(bytes) {
    return new Promise((resolve, reject) => {
      if (!this.sock || this.sock.destroyed) this.connect();
      this.waiter = { resolve, reject };
      this.sock.write(bytes);
    });
  }

  connect() {
    const sock = net.connect({ host: this.host, port: this.port, localAddress: this.localAddress });
    sock.setNoDelay(true);
    this.sock = sock;
    this.buf = Buffer.alloc(0);
    sock.on("data", (d) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.parse();
    });
    const gone = (e) => {
      const w = this.waiter;
      this.waiter = null;
      if (w) w.reject(e ?? new Error("connection closed"));
    };
    sock.on("error", gone);
    sock.on("close", () => gone());
  }

  parse() {
    const buf = this.buf;
    const end = buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = buf.latin1Slice(0, end);
    const lines = head.split("\r\n");
    const status = Number(lines[0].slice(9, 12));
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const c = lines[i].indexOf(":");
      headers[lines[i].slice(0, c).toLowerCase()] = lines[i].slice(c + 1).trim();
    }
    let text;
    let used;
    if (headers["transfer-encoding"] === "chunked") {
      const parts = [];
      let at = end + 4;
      for (;;) {
        const le = buf.indexOf("\r\n", at);
        if (le < 0) return;
        const n = parseInt(buf.latin1Slice(at, le), 16);
        if (buf.length < le + 2 + n + 2) return;
        if (n === 0) {
          used = le + 4;
          break;
        }
        parts.push(buf.subarray(le + 2, le + 2 + n));
        at = le + 2 + n + 2;
      }
      text = Buffer.concat(parts).toString("utf8");
    } else {
      const len = Number(headers["content-length"] ?? 0);
      if (buf.length < end + 4 + len) return;
      text = buf.toString("utf8", end + 4, end + 4 + len);
      used = end + 4 + len;
    }
    this.buf = buf.subarray(used);
    const w = this.waiter;
    this.waiter = null;
    if (headers.connection === "close") this.sock.end();
    if (w) w.resolve({ status, headers, text });
  }

  close() {
    if (this.sock) this.sock.destroy();
  }
}

/** A client WebSocket on a raw socket: server frames are unmasked; ours (pong, close) are masked. */
class RawSocket {
  static open(host, port, localAddress, path, onText) {
    return new Promise((resolve, reject) => {
      let ws = null;
      let handshaken = false;
      let head = Buffer.alloc(0);
      // every read lands in one buffer per process (no allocation per read); what a read leaves
      // unparsed is copied out before the next one
      const sock = net.connect({
        host,
        port,
        localAddress,
        onread: {
          buffer: READ_BUFFER,
          callback: (nread, buf) => {
            const d = buf.subarray(0, nread);
            if (handshaken) return void ws.data(d);
            head = Buffer.concat([head, d]);
            const end = head.indexOf("\r\n\r\n");
            if (end < 0) return;
            if (!head.latin1Slice(0, 12).startsWith("HTTP/1.1 101")) {
              sock.destroy();
              return void reject(new Error(`ws upgrade: ${head.latin1Slice(0, Math.min(head.length, 200))}`));
            }
            handshaken = true;
            resolve(ws);
            if (head.length > end + 4) ws.data(head.subarray(end + 4));
          },
        },
      });
      sock.setNoDelay(true);
      ws = new RawSocket(sock, onText);
      sock.on("connect", () => {
        sock.write(
          `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
      sock.on("error", (e) => {
        ws.errors.push(String(e.message));
        if (!handshaken) reject(e);
      });
      sock.on("close", () => {
        if (!ws.closing && handshaken) ws.errors.push("ws closed by the server");
        ws.closed = true;
        if (!handshaken) reject(new Error("closed during the handshake"));
      });
    });
  }

  constructor(sock, onText) {
    this.sock = sock;
    this.onText = onText;
    this.rest = null;
    this.errors = [];
    this.closed = false;
    this.closing = false;
  }

  data(d) {
    let buf = this.rest ? Buffer.concat([this.rest, d]) : d;
    let at = 0;
    while (buf.length - at >= 2) {
      const op = buf[at] & 0x0f;
      let len = buf[at + 1] & 0x7f;
      let h = 2;
      if (len === 126) {
        if (buf.length - at < 4) break;
        len = buf.readUInt16BE(at + 2);
        h = 4;
      } else if (len === 127) {
        if (buf.length - at < 10) break;
        len = Number(buf.readBigUInt64BE(at + 2));
        h = 10;
      }
      if (buf.length - at < h + len) break;
      const start = at + h;
      const end = start + len;
      if (op === 1) this.onText(buf, start, end);
      else if (op === 9) this.frame(0x8a, buf.subarray(start, end));
      else if (op === 8) {
        this.closed = true;
        if (!this.closing) this.errors.push(`ws closed by the server: ${buf.readUInt16BE(start)}`);
        this.sock.end();
      }
      at = end;
    }
    this.rest = at < buf.length ? Buffer.from(buf.subarray(at)) : null;
  }

  /** A masked frame (the all-zero mask leaves the payload as it is). */
  frame(first, payload) {
    if (this.sock.destroyed) return;
    const head = Buffer.from([first, 0x80 | payload.length, 0, 0, 0, 0]);
    this.sock.write(Buffer.concat([head, payload]));
  }

  close() {
    if (this.closed) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      this.frame(0x88, Buffer.from([0x03, 0xe8]));
      this.sock.once("close", resolve);
      setTimeout(() => {
        this.sock.destroy();
        resolve();
      }, 2000).unref();
    });
  }
}
