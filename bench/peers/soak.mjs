#!/usr/bin/env node
// Soak driver: mixed traffic against one ChatFlow server for --minutes, sampling the server's
// heap after a full GC, threads, open file descriptors and RSS every --sample seconds.
//   node soak.mjs --base http://127.0.0.1:8100 --server-pid <java pid> --minutes 60
// Traffic (every loop paced; all from one address, so per-address limits apply too):
//   posters     each user posts now and then (some replies, some @mentions), edits, deletes and
//               reacts to its own recent messages, types, moves its read marker, searches
//   flooder     one user posts in bursts past its post rate: the 429s it provokes are counted apart
//   logins      a password login every few seconds, the session used once and then revoked
//   streams     users on WebSocket (first-frame auth), SSE and long poll, each connection living
//               10-60 s and then closed or cut, resumed from its cursor; a token near expiry refreshed
// Every answer is counted by status; anything but 2xx and the 429s of a limit is an error.
// Each streaming user checks its conversation's message.created seqs: a repeat or a gap is an error.
import { parseArgs } from "node:util";
import { readFileSync, readdirSync, appendFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import WebSocket from "ws";

const { values: o } = parseArgs({
  options: {
    base: { type: "string", default: "http://127.0.0.1:8100" },
    "server-pid": { type: "string" },
    minutes: { type: "string", default: "60" },
    sample: { type: "string", default: "60" },
    users: { type: "string", default: "16" },
    out: { type: "string" },
  },
});
const base = o.base.replace(/\/$/, "");
const api = `${base}/api/v1`;
const pid = o["server-pid"];
const endAt = Date.now() + Number(o.minutes) * 60_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms) => ms * (0.5 + Math.random());
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const running = () => Date.now() < endAt;
const log = (...a) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}]`, ...a);

const counts = { requests: 0, limited: 0, errors: 0, streamsOpened: 0, streamsCut: 0, tokenExpiries: 0,
  events: 0, seqsChecked: 0, seqRepeats: 0, seqGaps: 0, pollsAbandoned: 0 };
const statuses = new Map();
const errorSamples = [];
function error(what) {
  counts.errors++;
  if (errorSamples.length < 20) errorSamples.push(`${new Date().toISOString().slice(11, 19)} ${what}`);
}

function countStatus(status) {
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}

/** One HTTP call; counts its status. `ok` lists statuses that are expected answers, not errors. */
async function call(method, path, { token, json, form, ok = [] } = {}) {
  const headers = {};
  let body;
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) { headers["content-type"] = "application/json"; body = JSON.stringify(json); }
  if (form) { headers["content-type"] = "application/x-www-form-urlencoded"; body = new URLSearchParams(form).toString(); }
  counts.requests++;
  let res;
  try {
    res = await fetch(path.startsWith("http") ? path : `${api}${path}`, { method, headers, body,
      signal: AbortSignal.timeout(90_000) });
  } catch (e) {
    error(`${method} ${path}: ${e.cause?.code ?? e.name}`);
    return { status: 0 };
  }
  countStatus(res.status);
  const text = await res.text();
  if (res.status === 429) counts.limited++;
  else if (!(res.status < 300 || ok.includes(res.status))) error(`${method} ${path.replace(/\?.*/, "")} ${res.status} ${text.slice(0, 120)}`);
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, data };
}

/** A signed-in user whose access token is refreshed before it expires. */
class User {
  constructor(name) { this.name = name; this.password = "soak-password"; this.mine = []; }
  async login() {
    const r = await call("POST", "/auth/token", { form: { grant_type: "password", username: this.name, password: this.password } });
    if (r.status !== 200) throw new Error(`login ${this.name}: ${r.status}`);
    this.take(r.data);
  }
  take(t) { this.token = t.access_token; this.refresh = t.refresh_token; this.expires = Date.now() + t.expires_in * 1000; }
  async fresh() {
    if (Date.now() > this.expires - 60_000) {
      const r = await call("POST", "/auth/token", { form: { grant_type: "refresh_token", refresh_token: this.refresh } });
      if (r.status === 200) this.take(r.data);
    }
    return this.token;
  }
}

async function setup() {
  const stamp = Date.now().toString(36);
  const users = [];
  for (let i = 0; i < Number(o.users); i++) {
    const u = new User(`soak${i}_${stamp}`);
    const r = await call("POST", "/auth/register", { json: { username: u.name, password: u.password } });
    if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.data)}`);
    u.id = r.data.id;
    await u.login();
    users.push(u);
  }
  const r = await call("POST", "/conversations", { token: users[0].token,
    json: { kind: "group", title: "Soak", memberIds: users.slice(1).map((u) => u.id) } });
  return { users, team: r.data.id };
}

async function poster(u, team, others) {
  while (running()) {
    await sleep(jitter(1600));
    const token = await u.fresh();
    const roll = Math.random();
    if (roll < 0.55) {
      const body = Math.random() < 0.2 ? `hello @${pick(others).name} ${Math.random()}` : `soak message ${Math.random()}`;
      const replyTo = u.mine.length && Math.random() < 0.2 ? pick(u.mine) : undefined;
      const r = await call("POST", `/conversations/${team}/messages`, { token, json: { body, replyTo } });
      if (r.status === 201) { u.mine.push(r.data.seq); if (u.mine.length > 20) u.mine.shift(); }
    } else if (roll < 0.65 && u.mine.length) {
      await call("PATCH", `/conversations/${team}/messages/${pick(u.mine)}`, { token, json: { body: `edited ${Math.random()}` } });
    } else if (roll < 0.68 && u.mine.length) {
      await call("DELETE", `/conversations/${team}/messages/${u.mine.pop()}`, { token });
    } else if (roll < 0.8 && u.mine.length) {
      const seq = pick(u.mine), emoji = pick(["👍", "tada", "🎉", "eyes"]);
      await call(Math.random() < 0.7 ? "PUT" : "DELETE", `/conversations/${team}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`,
        { token, ok: [409] }); // the message may have been deleted meanwhile
    } else if (roll < 0.88) {
      await call("POST", `/conversations/${team}/typing`, { token });
    } else if (roll < 0.95) {
      const c = await call("GET", `/conversations/${team}/messages?limit=20`, { token });
      const last = c.data?.items?.at(-1)?.seq;
      if (last) await call("PUT", `/conversations/${team}/read`, { token, json: { seq: last } });
    } else {
      await call("GET", `/search/messages?q=${pick(["soak", "hello", "edited", "message"])}&limit=10`, { token });
      await call("GET", "/conversations", { token });
    }
  }
}

async function flooder(u, team) {
  while (running()) {
    await sleep(jitter(60_000));
    for (let i = 0; i < 40 && running(); i++) { // past 30 in 10 s: the rest are refused
      await call("POST", `/conversations/${team}/messages`, { token: await u.fresh(), json: { body: `flood ${i}` } });
    }
  }
}

async function logins(u) {
  while (running()) {
    await sleep(jitter(4000));
    const r = await call("POST", "/auth/token", { form: { grant_type: "password", username: u.name, password: u.password } });
    if (r.status !== 200) continue;
    await call("GET", "/users/me/sessions?limit=5", { token: r.data.access_token });
    await call("POST", "/auth/revoke", { form: { token: r.data.refresh_token } });
  }
}

/** Where a user's stream starts: the current cursor, no events before it. */
async function currentCursor(u) {
  return (await call("GET", "/events", { token: await u.fresh() })).data?.cursor;
}

/** Checks one user's view of the conversation's seqs across every reconnect. */
class SeqCheck {
  constructor(team) { this.team = team; this.last = null; }
  event(e) {
    counts.events++;
    if (e.type !== "message.created" || e.conversationId !== this.team) return;
    const seq = e.data?.message?.seq ?? e.data?.seq;
    if (typeof seq !== "number") return;
    counts.seqsChecked++;
    if (this.last !== null && seq <= this.last) { counts.seqRepeats++; error(`seq ${seq} again after ${this.last}`); }
    else if (this.last !== null && seq > this.last + 1) { counts.seqGaps++; error(`seq gap ${this.last} -> ${seq}`); }
    this.last = Math.max(this.last ?? seq, seq);
  }
}

async function socketUser(u, team) {
  const check = new SeqCheck(team);
  let cursor = await currentCursor(u);
  while (running()) {
    const token = await u.fresh();
    counts.streamsOpened++;
    await new Promise((resolve) => {
      const ws = new WebSocket(`${base.replace(/^http/, "ws")}/api/v1/ws?after=${encodeURIComponent(cursor)}`, { origin: base });
      const life = setTimeout(() => {
        counts.streamsCut++;
        if (Math.random() < 0.5) ws.close(1000); else ws.terminate();
      }, 10_000 + Math.random() * 50_000);
      const ping = setInterval(() => ws.readyState === 1 && ws.send(JSON.stringify({ type: "ping" })), 20_000);
      ws.on("open", () => ws.send(JSON.stringify({ type: "auth", token })));
      ws.on("message", (m) => {
        let f;
        try { f = JSON.parse(m.toString()); } catch { return; }
        const events = Array.isArray(f.events) ? f.events : f.id && f.type && "data" in f ? [f] : [];
        for (const e of events) { check.event(e); cursor = e.id; }
        if (f.cursor) cursor = f.cursor;
      });
      ws.on("close", (code) => {
        clearTimeout(life); clearInterval(ping);
        if (code === 4001) counts.tokenExpiries++;
        else if (![1000, 1001, 1005, 1006].includes(code)) error(`ws closed ${code}`);
        resolve();
      });
      ws.on("error", (e) => { if (ws.readyState !== 3) error(`ws ${e.message}`); });
    });
    await sleep(jitter(500));
  }
}

async function sseUser(u, team) {
  const check = new SeqCheck(team);
  let cursor = await currentCursor(u);
  while (running()) {
    const token = await u.fresh();
    const stop = new AbortController();
    const life = setTimeout(() => { counts.streamsCut++; stop.abort(); }, 10_000 + Math.random() * 50_000);
    counts.streamsOpened++;
    try {
      const res = await fetch(`${api}/events/stream`, { headers: { authorization: `Bearer ${token}`, "last-event-id": cursor },
        signal: stop.signal });
      countStatus(res.status);
      if (res.status !== 200) { error(`sse ${res.status}`); await sleep(1000); continue; }
      let buf = "";
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        buf += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, end); buf = buf.slice(end + 2);
          const id = block.match(/^id: ?(.*)$/m)?.[1];
          const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
          if (data) { try { check.event(JSON.parse(data)); } catch { /* a comment */ } }
          if (id) cursor = id;
        }
      }
      counts.tokenExpiries++; // the server ended it: the token ran out
    } catch (e) {
      if (e.name !== "AbortError") error(`sse ${e.cause?.code ?? e.name}`);
    } finally {
      clearTimeout(life);
    }
    await sleep(jitter(500));
  }
}

async function longPollUser(u, team) {
  const check = new SeqCheck(team);
  let cursor = await currentCursor(u);
  while (running()) {
    const token = await u.fresh();
    if (Math.random() < 0.05) { // a client that gives up mid-wait
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 2000);
      counts.pollsAbandoned++;
      await fetch(`${api}/events?after=${encodeURIComponent(cursor)}&wait=20`, { headers: { authorization: `Bearer ${token}` },
        signal: stop.signal }).then((r) => r.text()).catch(() => {});
      continue;
    }
    const r = await call("GET", `/events?after=${encodeURIComponent(cursor)}&wait=20`, { token, ok: [401] });
    if (r.status === 401) { counts.tokenExpiries++; continue; }
    for (const e of r.data?.events ?? []) check.event(e);
    if (r.data?.cursor) cursor = r.data.cursor;
  }
}

// ---- the server's figures -------------------------------------------------------------------
const startedAt = Date.now();
function sample() {
  const row = { minute: +((Date.now() - startedAt) / 60_000).toFixed(1), at: new Date().toISOString() };
  if (pid) {
    spawnSync("jcmd", [pid, "GC.run"], { encoding: "utf8" });
    const stat = spawnSync("jstat", ["-gc", pid], { encoding: "utf8" }).stdout.trim().split("\n");
    if (stat.length === 2) {
      const [h, v] = stat.map((l) => l.trim().split(/\s+/));
      const used = ["S0U", "S1U", "EU", "OU"].reduce((s, k) => s + Number(v[h.indexOf(k)]), 0);
      row.heapAfterGcMiB = +(used / 1024).toFixed(1);
    }
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    row.threads = Number(status.match(/^Threads:\s+(\d+)/m)[1]);
    row.rssMiB = +(Number(status.match(/^VmRSS:\s+(\d+)/m)[1]) / 1024).toFixed(1);
    row.fds = readdirSync(`/proc/${pid}/fd`).length;
  }
  Object.assign(row, { requests: counts.requests, limited: counts.limited, errors: counts.errors, events: counts.events,
    streamsOpened: counts.streamsOpened });
  console.log(JSON.stringify(row));
  if (o.out) appendFileSync(o.out, JSON.stringify(row) + "\n");
  return row;
}

/** Least-squares slope per hour of a series, against its spread: is it climbing beyond noise? */
function trend(rows, key) {
  const pts = rows.filter((r) => typeof r[key] === "number").map((r) => [r.minute, r[key]]);
  if (pts.length < 3) return null;
  const n = pts.length, mx = pts.reduce((s, p) => s + p[0], 0) / n, my = pts.reduce((s, p) => s + p[1], 0) / n;
  const slope = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const sd = Math.sqrt(pts.reduce((s, p) => s + (p[1] - my) ** 2, 0) / n);
  return { mean: +my.toFixed(1), min: Math.min(...pts.map((p) => p[1])), max: Math.max(...pts.map((p) => p[1])),
    perHour: +(slope * 60).toFixed(2), sd: +sd.toFixed(2) };
}

const { users, team } = await setup();
log(`${users.length} users in ${team}; ${o.minutes} min, a sample every ${o.sample} s`);
const rows = [sample()];
const sampler = setInterval(() => {
  rows.push(sample());
  if (!running()) clearInterval(sampler); // the last: what is still in flight only ends
}, Number(o.sample) * 1000);
const others = (u) => users.filter((x) => x !== u);
await Promise.all([
  ...users.slice(0, 12).map((u) => poster(u, team, others(u))),
  flooder(users[12], team),
  logins(users[13]),
  ...users.slice(0, 6).map((u) => socketUser(u, team)),
  ...users.slice(6, 10).map((u) => sseUser(u, team)),
  ...users.slice(10, 14).map((u) => longPollUser(u, team)),
]);
clearInterval(sampler);
const summary = { counts, statuses: Object.fromEntries(statuses), errorSamples,
  trends: Object.fromEntries(["heapAfterGcMiB", "threads", "fds", "rssMiB"].map((k) => [k, trend(rows.slice(1), k)])) };
console.log(JSON.stringify({ summary }));
if (o.out) appendFileSync(o.out, JSON.stringify({ summary }) + "\n");
process.exit(counts.errors === 0 ? 0 : 1);
