#!/usr/bin/env node
// Fan-out load driver: one room/conversation with M members, all connected; P of them post in a
// closed loop (one post in flight each); every member receives. Same workload against any backend:
//   --backend xmpp      ejabberd / Prosody (XEP-0045 MUC), see backends/xmpp.mjs
//   --backend chatflow  ChatFlow HTTP + WebSocket, see backends/chatflow.mjs
//
// The members are spread over --procs driver processes (default: the driver's cores, at least 2);
// this process sets up, coordinates, merges and reports. Phases, from the first post:
//   first   --warmup seconds (reported on their own: a fresh server's class loading and JIT)
//   steady  --duration seconds (the headline figures)
//   logins  --logins-phase seconds more of the same load with --login-concurrency clients logging
//           in meanwhile (chatflow only): logins/s under load, and what they cost the fan-out
// Then optionally --idle N: the fan-out sockets closed, N idle WebSockets opened (chatflow only).
// The driver reports its own CPU against the cores it may use; above 70% its figures are a floor.
//
// Example (server pinned to CPU 1, driver to CPU 0):
//   taskset -c 0 node fanout.mjs --backend xmpp --members 100 --posters 4 --duration 20 \
//     --server-pid $(./setup-ejabberd.sh pid) --label ejabberd --out results/results.jsonl
// Every loop is bounded in time and count. Loopback targets only.
import { parseArgs } from "node:util";
import { fork, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { Histogram, ProcSampler, describePid } from "./lib/stats.mjs";

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, CLOCK_MONOTONIC: one clock for all processes
const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 23)}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const PHASES = ["first", "steady", "logins"];

if (process.env.FANOUT_CHILD === "1") child();
else await coordinator();

// ------------------------------------------------------------------------------------------------
async function coordinator() {
  const { values: o } = parseArgs({
    options: {
      backend: { type: "string", default: "xmpp" },
      members: { type: "string", default: "100" },
      posters: { type: "string", default: "4" },
      duration: { type: "string", default: "20" },
      warmup: { type: "string", default: "20" },
      drain: { type: "string", default: "15" },
      window: { type: "string", default: "1" },
      procs: { type: "string" },
      "logins-phase": { type: "string", default: "0" },
      "login-concurrency": { type: "string", default: "8" },
      idle: { type: "string", default: "0" },
      "max-per-poster": { type: "string", default: "1000000" },
      "ack-timeout": { type: "string", default: "10" },
      "connect-concurrency": { type: "string", default: "50" },
      "connect-timeout": { type: "string", default: "300" },
      "server-pid": { type: "string" },
      label: { type: "string" },
      out: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "5222" },
      domain: { type: "string", default: "localhost" },
      muc: { type: "string" },
      "xmpp-impl": { type: "string", default: "raw" },
      "xmpp-sm": { type: "boolean", default: false },
      "tcp-nodelay": { type: "string", default: "on" },
      base: { type: "string", default: "http://127.0.0.1:8080" },
      "user-prefix": { type: "string", default: "fo" },
      help: { type: "boolean", default: false },
    },
  });
  if (o.help) {
    console.log(
      "node fanout.mjs --backend xmpp|chatflow [--members 100] [--posters 4] [--warmup 20] [--duration 20]\n" +
        "  [--procs N] [--logins-phase S --login-concurrency C] [--idle N] [--server-pid PID] [--label X] [--out f.jsonl]\n" +
        "  xmpp: [--host 127.0.0.1 --port 5222 --domain localhost --xmpp-impl xmppjs|raw]\n" +
        "  chatflow: --base http://127.0.0.1:PORT",
    );
    process.exit(0);
  }
  const int = (k) => {
    const v = Number.parseInt(o[k], 10);
    if (!Number.isFinite(v)) die(`--${k} must be an integer`);
    return v;
  };
  const M = int("members");
  const P = int("posters");
  const D = Number(o.duration);
  const W = Number(o.warmup);
  const L = Number(o["logins-phase"]);
  const DRAIN = Number(o.drain);
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const K = o.procs ? int("procs") : Math.max(2, cores);
  const IDLE = int("idle");
  if (P < 1 || P > M) die("need 1 <= posters <= members");
  if (!(D > 0 && D <= 600 && W >= 0 && W <= 120 && L >= 0 && L <= 120 && DRAIN <= 120)) die("phase lengths out of range");
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(o.backend === "chatflow" ? o.base : `x://${o.host}`).hostname))
    die("load tests target loopback only");
  process.on("unhandledRejection", (e) => {
    console.error(`fanout: ${e?.cause?.code ?? ""} ${e?.stack ?? e}`);
    process.exit(1);
  });
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const backendMod = await import(`./backends/${o.backend}.mjs`).catch((e) => die(`backend ${o.backend}: ${e.message}`));
  const backend = backendMod.createBackend({ ...o, now });
  if ((L > 0 || IDLE > 0) && !backend.loginClient) die("--logins-phase and --idle need the chatflow backend");

  const serverPid = o["server-pid"] ? Number(o["server-pid"]) : null;
  const sampler = serverPid ? new ProcSampler(serverPid) : null;
  const snap = () => (sampler ? sampler.sample() : { cpuS: null, rssKb: null });
  if (sampler) sampler.start();
  const sIdle = snap();

  log(`run ${runId}: backend ${backend.name}, M=${M} P=${P} first ${W}s steady ${D}s logins ${L}s, ${K} driver processes on ${cores} core(s)`);
  const tSetup0 = now();
  const setupDeadline = setTimeout(() => die("setup did not finish within --connect-timeout", 3), Number(o["connect-timeout"]) * 1000);
  const sSetup0 = snap();
  const { users, room, setupStats } = await backend.setup({ members: M, runId, log });
  const sSetup1 = snap();
  const tSetup1 = now();

  // ---- children: member m lives in child m % K (so the posters 0..P-1 spread too)
  const kids = [];
  const here = fileURLToPath(import.meta.url);
  for (let k = 0; k < K; k++) {
    const c = fork(here, [], { env: { ...process.env, FANOUT_CHILD: "1" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    c.inbox = [];
    c.waiters = [];
    c.on("message", (msg) => {
      const w = c.waiters.findIndex((x) => x.type === msg.type);
      if (w >= 0) c.waiters.splice(w, 1)[0].resolve(msg);
      else c.inbox.push(msg);
    });
    c.on("exit", (code) => {
      if (code && !c.finished) die(`driver process ${k} exited with ${code}`, 3);
    });
    kids.push(c);
  }
  const expect = (c, type) => {
    const i = c.inbox.findIndex((x) => x.type === type);
    if (i >= 0) return Promise.resolve(c.inbox.splice(i, 1)[0]);
    return new Promise((resolve) => c.waiters.push({ type, resolve }));
  };
  const all = (type) => Promise.all(kids.map((c) => expect(c, type)));
  const childOpts = { backend: o.backend, opts: { ...o }, runId, room, P, window: int("window"),
    maxPerPoster: int("max-per-poster"), ackTimeoutMs: Number(o["ack-timeout"]) * 1000, conc: int("connect-concurrency") };
  kids.forEach((c, k) => {
    const mine = [];
    for (let m = k; m < M; m += K) mine.push({ m, user: users[m] });
    c.send({ type: "init", ...childOpts, members: mine });
  });
  const connected = await all("connected");
  const tConnected = now();
  const sConnected = snap();
  log(`connected ${M} in ${((tConnected - tSetup1) / 1000).toFixed(1)}s`);
  // the room's creator (member 0, in the first driver process) joins alone, then everyone else
  kids[0].send({ type: "join", creator: true });
  await expect(kids[0], "joined");
  kids.forEach((c) => c.send({ type: "join", creator: false }));
  await all("joined");
  const tJoined = now();
  clearTimeout(setupDeadline);
  await sleep(1000); // let join presence floods settle
  const sJoined = snap();
  log(`joined ${M} in ${((tJoined - tConnected) / 1000).toFixed(1)}s; server rss ${mib(sJoined.rssKb)} MiB`);

  // ---- the load
  const tStart = now() + 300;
  const bounds = [tStart, tStart + W * 1000, tStart + (W + D) * 1000, tStart + (W + D + L) * 1000];
  kids.forEach((c) => c.send({ type: "go", bounds }));
  const serverAt = [];
  const ownAt = [];
  let logins = null;
  for (let i = 0; i < bounds.length; i++) {
    await sleep(bounds[i] - now());
    serverAt.push(snap());
    ownAt.push(process.cpuUsage());
    if (i === 1 && sampler) sampler.resetPeak();
    if (i === 2 && L > 0) loginLoad(backend, users, int("login-concurrency"), bounds[3]).then((r) => (logins = r));
  }
  const posted = await all("posted");
  log(`posting stopped`);
  // accepted bitmaps of every poster, for every child's loss count
  const accepted = new Array(P);
  for (const msg of posted) for (const a of msg.accepted) accepted[a.p] = a;
  kids.forEach((c) => c.send({ type: "accepted", accepted }));
  const done = await all("done");
  while (L > 0 && !logins) await sleep(50);
  const sEnd = snap();
  const hwmKb = sampler ? sampler.hwmKb() : null;
  const peakWindowKb = sampler ? sampler.peakRssKb : null;
  kids.forEach((c) => {
    c.finished = true;
    c.send({ type: "exit" });
  });

  // ---- merge
  const phase = PHASES.map((name, i) => {
    const seconds = (bounds[i + 1] - bounds[i]) / 1000;
    const lat = new Histogram();
    const ack = new Histogram();
    let delivered = 0;
    let acceptedN = 0;
    let sys = 0;
    let cpu = (ownAt[i + 1].user + ownAt[i + 1].system - ownAt[i].user - ownAt[i].system) / 1e6;
    for (const d of done) {
      lat.addSparse(d.phases[i].lat);
      ack.addSparse(d.phases[i].ack);
      delivered += d.phases[i].delivered;
      acceptedN += d.phases[i].accepted;
      cpu += d.phases[i].cpuS;
      sys += d.phases[i].sysS;
    }
    const sCpu = serverAt[i + 1].cpuS != null ? serverAt[i + 1].cpuS - serverAt[i].cpuS : null;
    return {
      name,
      seconds,
      acceptedPerS: seconds ? round(acceptedN / seconds, 1) : null,
      deliveriesPerS: seconds ? round(delivered / seconds, 1) : null,
      latencyMs: lat.summary(),
      acceptLatencyMs: ack.summary(),
      serverCpuS: round(sCpu, 2),
      serverCpuUtil: seconds && sCpu != null ? round(sCpu / seconds, 3) : null,
      serverUsPerDelivery: delivered && sCpu != null ? round((sCpu * 1e6) / delivered, 2) : null,
      driverCpuUtil: seconds ? round(cpu / seconds / cores, 3) : null,
      driverKernelShare: cpu ? round(sys / cpu, 2) : null, // of the driver processes' CPU, in the kernel
    };
  });
  const sum = (k) => done.reduce((a, d) => a + d.totals[k], 0);
  const sentTotal = posted.reduce((a, p) => a + p.sent, 0);
  const acceptedTotal = accepted.reduce((a, x) => a + x.count, 0);
  const steady = phase[1];
  const result = {
    label: o.label ?? o.backend,
    backend: backend.name,
    runId,
    at: new Date().toISOString(),
    params: { members: M, posters: P, durationS: D, warmupS: W, loginsPhaseS: L, window: int("window"), procs: K, driverCores: cores },
    acceptedPerS: steady.acceptedPerS,
    deliveriesPerS: steady.deliveriesPerS,
    latencyMs: steady.latencyMs,
    acceptLatencyMs: steady.acceptLatencyMs,
    phases: phase,
    totals: {
      sent: sentTotal,
      accepted: acceptedTotal,
      expectedDeliveries: acceptedTotal * M,
      delivered: sum("delivered"),
      lost: sum("lost"),
      duplicated: sum("duplicated"),
      deliveredUnacked: sum("extra"),
      reordered: sum("reordered"),
      foreign: sum("foreign"),
      sendErrors: posted.reduce((a, p) => a + p.sendErrors, 0),
      closedConnections: sum("closed"),
      otherFrames: sum("otherFrames"),
      drainS: round(Math.max(...done.map((d) => d.drainS)), 2),
    },
    setup: {
      usersS: round((tSetup1 - tSetup0) / 1000, 2),
      connectS: round((tConnected - tSetup1) / 1000, 2),
      joinS: round((tJoined - tConnected) / 1000, 2),
      ...(setupStats ?? {}),
      serverCpuUtilUsers: sampler ? round((sSetup1.cpuS - sSetup0.cpuS) / ((tSetup1 - tSetup0) / 1000), 3) : null,
    },
    logins,
    server: sampler
      ? {
          pid: serverPid,
          cmd: describePid(serverPid),
          rssIdleMiB: mib(sIdle.rssKb),
          rssConnectedMiB: mib(sConnected.rssKb),
          rssJoinedMiB: mib(sJoined.rssKb),
          rssPeakWindowMiB: mib(peakWindowKb),
          vmHwmMiB: mib(hwmKb),
          cpuSWindow: steady.serverCpuS,
          cpuUtilWindow: steady.serverCpuUtil,
          cpuSRun: round(sEnd.cpuS - sJoined.cpuS, 2),
        }
      : null,
    driver: {
      cores,
      procs: K,
      cpuUtilWindow: steady.driverCpuUtil,
      saturated: phase.some((p) => p.seconds > 0 && p.driverCpuUtil > 0.7),
      node: process.version,
      connErrors: done.flatMap((d) => d.connErrors).slice(0, 5),
    },
  };
  if (IDLE > 0) {
    await sleep(2500); // the children's sockets close
    result.idle = await idleSockets(backend, users, IDLE, sampler, serverPid);
  }
  if (sampler) sampler.stop();
  print(result);
  if (o.out) {
    mkdirSync(dirname(o.out), { recursive: true });
    appendFileSync(o.out, JSON.stringify(result) + "\n");
  }
  process.exit(0);
}

/** Logins by `conc` clients until `until`: logins/s and their latency while the fan-out runs. */
async function loginLoad(backend, users, conc, until) {
  const t0 = now();
  const hist = new Histogram();
  let ok = 0;
  let refused = 0;
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: conc }, async (_, i) => {
      const c = backend.loginClient(i);
      while (now() < until) {
        try {
          const r = await c.login(users[next++ % users.length]);
          if (r.status === 200) {
            ok++;
            hist.recordMs(r.ms);
          } else if (r.status === 429) {
            refused++;
            await sleep(Math.min(until - now(), 1000 * (r.retryAfter || 1)));
          } else failed++;
        } catch {
          failed++;
          await sleep(100);
        }
      }
      c.close();
    }),
  );
  const s = (now() - t0) / 1000;
  return { concurrency: conc, seconds: round(s, 2), loginsPerS: round(ok / s, 2), ok, refused429: refused, failed, latencyMs: hist.summary() };
}

/** Opens n idle WebSockets over the users' tokens; reports how many the server holds, its RSS and heap. */
async function idleSockets(backend, users, n, sampler, pid) {
  const open = [];
  let failure = null;
  let next = 0;
  const t0 = now();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < n && !failure) {
        const i = next++;
        try {
          open.push(await backend.openIdle(users[i % users.length], i));
        } catch (e) {
          failure = String(e.message ?? e);
        }
      }
    }),
  );
  const openS = (now() - t0) / 1000;
  await sleep(3000);
  const held = open.filter((s) => !s.closed).length;
  let heap = null;
  if (pid && spawnSync("jcmd", [String(pid), "GC.run"], { timeout: 20000 }).status === 0) {
    await sleep(500);
    const used = await backend.metric("jvm_memory_used_bytes{area=\"heap\"");
    const max = await backend.metric("jvm_memory_max_bytes{area=\"heap\"");
    const add = (v) => Object.values(v).reduce((a, b) => a + Math.max(0, b), 0);
    heap = { usedAfterGcMiB: round(add(used) / 2 ** 20, 1), maxMiB: round(add(max) / 2 ** 20, 1) };
  }
  const s = sampler ? sampler.sample() : null;
  const r = { asked: n, opened: open.length, held, openS: round(openS, 1), failure, rssMiB: s ? mib(s.rssKb) : null, heap };
  await Promise.all(open.map((c) => c.close().catch(() => {})));
  return r;
}

function print(r) {
  const line = (k, v) => console.log(`${k.padEnd(28)} ${v}`);
  console.log(`\n== ${r.label} (${r.backend}) M=${r.params.members} P=${r.params.posters} run=${r.runId}`);
  for (const p of r.phases) {
    if (!p.seconds) continue;
    const l = p.latencyMs;
    line(`${p.name} ${p.seconds}s`, `${p.deliveriesPerS} deliveries/s, ${p.acceptedPerS} posts/s, p50/p95/p99 ${l.p50Ms} / ${l.p95Ms} / ${l.p99Ms} ms (max ${l.maxMs}); server ${Math.round(100 * p.serverCpuUtil)}% ${p.serverUsPerDelivery} us/delivery; driver ${Math.round(100 * p.driverCpuUtil)}% of ${r.driver.cores} core(s) (${Math.round(100 * (p.driverKernelShare ?? 0))}% of it in the kernel)`);
  }
  const t = r.totals;
  line("lost / duplicated", `${t.lost} / ${t.duplicated}  (expected ${t.expectedDeliveries}, delivered ${t.delivered}, reordered ${t.reordered}, send errors ${t.sendErrors}, closed ${t.closedConnections}, other frames ${t.otherFrames})`);
  if (r.server) line("server rss MiB", `joined ${r.server.rssJoinedMiB}, peak (steady) ${r.server.rssPeakWindowMiB}, VmHWM ${r.server.vmHwmMiB}`);
  line("setup", JSON.stringify(r.setup));
  if (r.logins) line("logins under load", JSON.stringify(r.logins));
  if (r.idle) line("idle sockets", JSON.stringify(r.idle));
  if (r.driver.saturated) line("DRIVER SATURATED", "the driver used over 70% of its CPU in some phase: its figures are a floor, not the server's capacity");
  if (r.driver.connErrors.length) line("connection problems", r.driver.connErrors.join(" | "));
}

// ------------------------------------------------------------------------------------------------
async function child() {
  const inbox = [];
  const waiters = [];
  process.on("message", (msg) => {
    const w = waiters.findIndex((x) => x.type === msg.type);
    if (w >= 0) waiters.splice(w, 1)[0].resolve(msg);
    else inbox.push(msg);
  });
  const expect = (type) => {
    const i = inbox.findIndex((x) => x.type === type);
    if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]);
    return new Promise((resolve) => waiters.push({ type, resolve }));
  };
  const init = await expect("init");
  const { runId, room, P } = init;
  const mod = await import(`./backends/${init.backend}.mjs`);
  const backend = mod.createBackend({ ...init.opts, runId, now });
  const mine = init.members; // [{m, user}]
  const n = mine.length;
  const counts = Array.from({ length: n }, () => Array.from({ length: P }, () => new Uint8Array(1024)));
  const lastSeen = Array.from({ length: n }, () => new Int32Array(P).fill(-1));
  const posterOf = new Map(); // local index -> poster number
  mine.forEach((x, li) => x.m < P && posterOf.set(li, x.m));
  const accepted = new Map(); // p -> Uint8Array
  const maxSeq = new Map();
  for (const p of posterOf.values()) {
    accepted.set(p, new Uint8Array(1024));
    maxSeq.set(p, -1);
  }
  let bounds = [Infinity, Infinity, Infinity, Infinity];
  const phaseOf = (t) => (t < bounds[0] ? -1 : t < bounds[1] ? 0 : t < bounds[2] ? 1 : t < bounds[3] ? 2 : -1);
  const stats = PHASES.map(() => ({ lat: new Histogram(), ack: new Histogram(), delivered: 0, accepted: 0 }));
  const tot = { delivered: 0, lost: 0, duplicated: 0, extra: 0, reordered: 0, foreign: 0, closed: 0, otherFrames: 0 };
  const grow = (arr, need, Ctor) => {
    if (need < arr.length) return arr;
    let len = arr.length;
    while (len <= need) len *= 2;
    const a = new Ctor(len);
    a.set(arr);
    return a;
  };
  const onDelivery = (li, body, tRecv) => {
    // body: "fo1 <runId> <poster> <seq> <sendTimeMs>"
    const parts = body.split(" ");
    if (parts.length !== 5 || parts[1] !== runId) return void tot.foreign++;
    onFields(li, Number(parts[2]), Number(parts[3]), Number(parts[4]), tRecv);
  };
  const onFields = (li, p, s, tSend, tRecv) => {
    if (!(p >= 0 && p < P && s >= 0)) return void tot.foreign++;
    let c = counts[li][p];
    if (s >= c.length) c = counts[li][p] = grow(c, s, Uint8Array);
    if (c[s] < 255) c[s]++;
    if (s < lastSeen[li][p]) tot.reordered++;
    else lastSeen[li][p] = s;
    tot.delivered++;
    const pr = phaseOf(tRecv);
    if (pr >= 0) stats[pr].delivered++;
    const ps = phaseOf(tSend);
    if (ps >= 0) stats[ps].lat.recordMs(tRecv - tSend);
  };

  // connect + join
  const conns = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(init.conc, n) }, async () => {
      while (next < n) {
        const li = next++;
        const c = await backend.connect(mine[li].user, mine[li].m);
        if (c.onFields) c.onFields((p, s, tSend, t) => onFields(li, p, s, tSend, t));
        else c.onMessage((body, t) => onDelivery(li, body, t));
        conns[li] = c;
      }
    }),
  ).catch((e) => fail("connect", e));
  process.send({ type: "connected" });
  // the room's creator (member 0) joins first, alone
  const first = mine.findIndex((x) => x.m === 0);
  if ((await expect("join")).creator) {
    if (first >= 0) await conns[first].join(room).catch((e) => fail("join", e));
    process.send({ type: "joined" });
    await expect("join");
  }
  next = 0;
  await Promise.all(
    Array.from({ length: Math.min(20, n) }, async () => {
      while (next < n) {
        const li = next++;
        if (li !== first) await conns[li].join(room);
      }
    }),
  ).catch((e) => fail("join", e));
  process.send({ type: "joined" });

  // load
  bounds = (await expect("go")).bounds;
  const cpuAt = [];
  const marks = bounds.map((t, i) =>
    setTimeout(() => {
      cpuAt[i] = process.cpuUsage();
    }, t - now()),
  );
  let sent = 0;
  let sendErrors = 0;
  const postOne = (li, p) => {
    const s = maxSeq.get(p) + 1;
    maxSeq.set(p, s);
    const t = now();
    let acc = accepted.get(p);
    if (s >= acc.length) accepted.set(p, (acc = grow(acc, s, Uint8Array)));
    sent++;
    let timer;
    const timeout = new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(`not accepted within ${init.ackTimeoutMs} ms`)), init.ackTimeoutMs);
    });
    return Promise.race([conns[li].send(room, `fo1 ${runId} ${p} ${s} ${t.toFixed(3)}`), timeout]).then(
      (tAck) => {
        clearTimeout(timer);
        accepted.get(p)[s] = 1;
        const ph = phaseOf(t);
        if (ph >= 0) {
          stats[ph].accepted++;
          stats[ph].ack.recordMs((typeof tAck === "number" ? tAck : now()) - t);
        }
      },
      (e) => {
        clearTimeout(timer);
        if (++sendErrors <= 5) log(`send error (poster ${p}): ${e?.message ?? e}`);
      },
    );
  };
  await sleep(bounds[0] - now());
  const lanes = [];
  for (const [li, p] of posterOf) {
    for (let w = 0; w < init.window; w++) {
      lanes.push(
        (async () => {
          while (now() < bounds[3] && maxSeq.get(p) + 1 < init.maxPerPoster && !conns[li].closed) await postOne(li, p);
        })(),
      );
    }
  }
  await Promise.all(lanes);
  await sleep(bounds[3] - now() + 20);
  marks.forEach(clearTimeout);
  const acceptedOut = [...posterOf.values()].map((p) => {
    const a = accepted.get(p).subarray(0, maxSeq.get(p) + 1);
    return { p, maxSeq: maxSeq.get(p), bits: Buffer.from(a).toString("base64"), count: a.reduce((x, y) => x + y, 0) };
  });
  process.send({ type: "posted", sent, sendErrors, accepted: acceptedOut });

  // drain, then count loss over every accepted post
  const all = (await expect("accepted")).accepted.map((a) => ({ ...a, bits: Buffer.from(a.bits, "base64") }));
  const expected = all.reduce((x, a) => x + a.count, 0) * n;
  const tDrain = now();
  while (tot.delivered < expected && now() - tDrain < Number(init.opts.drain) * 1000) await sleep(50);
  const drainS = (now() - tDrain) / 1000;
  for (let li = 0; li < n; li++) {
    for (const a of all) {
      const c = counts[li][a.p];
      for (let s = 0; s <= a.maxSeq; s++) {
        const k = s < c.length ? c[s] : 0;
        if (a.bits[s]) {
          if (k === 0) tot.lost++;
          else if (k > 1) tot.duplicated += k - 1;
        } else if (k > 0) tot.extra += k;
      }
    }
  }
  tot.closed = conns.filter((c) => c.closed).length;
  tot.otherFrames = conns.reduce((a, c) => a + (c.counts?.otherFrames ?? 0), 0);
  const cpuS = (i) => (cpuAt[i + 1] && cpuAt[i] ? (cpuAt[i + 1].user + cpuAt[i + 1].system - cpuAt[i].user - cpuAt[i].system) / 1e6 : 0);
  const sysS = (i) => (cpuAt[i + 1] && cpuAt[i] ? (cpuAt[i + 1].system - cpuAt[i].system) / 1e6 : 0);
  process.send({
    type: "done",
    drainS,
    totals: tot,
    connErrors: conns.flatMap((c) => c.errors ?? []).slice(0, 5),
    phases: stats.map((s, i) => ({ lat: s.lat.toSparse(), ack: s.ack.toSparse(), delivered: s.delivered, accepted: s.accepted, cpuS: cpuS(i), sysS: sysS(i) })),
  });
  await expect("exit");
  await Promise.all(conns.map((c) => c.close().catch(() => {})));
  process.exit(0);
}

function fail(what, e) {
  console.error(`fanout: ${what} failed: ${e?.cause?.code ?? ""} ${e?.message ?? e}`);
  process.exit(3);
}
function die(msg, code = 2) {
  console.error(`fanout: ${msg}`);
  process.exit(code);
}
function round(x, d = 2) {
  if (x == null || !Number.isFinite(x)) return null;
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
function mib(k) {
  return k == null ? null : round(k / 1024, 1);
}
