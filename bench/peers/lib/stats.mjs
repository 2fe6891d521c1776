// Small measurement helpers: a log-linear latency histogram and /proc readers.
import { readFileSync, readdirSync } from "node:fs";

// Latency histogram in microseconds, ~0.1 % relative precision (1024 sub-buckets per power of 2),
// exact below 2048 us. Range up to 2^31 us (35 min). Constant memory whatever the sample count.
const SUB = 1024;
const NB = 2 * SUB + 21 * SUB;
export class Histogram {
  constructor() {
    this.counts = new Float64Array(NB);
    this.n = 0;
    this.sum = 0;
    this.max = 0;
  }
  static bucket(us) {
    if (us < 2 * SUB) return us;
    const e = 31 - Math.clz32(us) - 10; // us >>> e in [1024, 2047]
    return Math.min(NB - 1, 2 * SUB + (e - 1) * SUB + ((us >>> e) - SUB));
  }
  static value(b) {
    if (b < 2 * SUB) return b;
    const e = Math.floor((b - 2 * SUB) / SUB) + 1;
    const m = ((b - 2 * SUB) % SUB) + SUB;
    return (m + 0.5) * 2 ** e; // bucket midpoint
  }
  recordMs(ms) {
    let us = Math.round(ms * 1000);
    if (us < 0) us = 0;
    if (us > 2 ** 31 - 1) us = 2 ** 31 - 1;
    this.counts[Histogram.bucket(us)]++;
    this.n++;
    this.sum += us;
    if (us > this.max) this.max = us;
  }
  // quantile q in [0,1] -> milliseconds
  quantileMs(q) {
    if (this.n === 0) return null;
    const target = Math.max(1, Math.ceil(q * this.n));
    let acc = 0;
    for (let b = 0; b < NB; b++) {
      acc += this.counts[b];
      if (acc >= target) return Histogram.value(b) / 1000;
    }
    return this.max / 1000;
  }
  summary() {
    const r = (x) => (x == null ? null : Math.round(x * 1000) / 1000);
    return {
      count: this.n,
      meanMs: this.n ? r(this.sum / this.n / 1000) : null,
      p50Ms: r(this.quantileMs(0.5)),
      p95Ms: r(this.quantileMs(0.95)),
      p99Ms: r(this.quantileMs(0.99)),
      p999Ms: r(this.quantileMs(0.999)),
      maxMs: r(this.max / 1000),
    };
  }
}

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux/x86_64
const PAGE_KB = 4;

function readStat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = s.slice(s.lastIndexOf(")") + 2).split(" ");
  // rest[0] = state (field 3); utime = field 14, stime = field 15, ppid = field 4, rss = field 24
  return {
    ppid: Number(rest[1]),
    utime: Number(rest[11]),
    stime: Number(rest[12]),
    rssKb: Number(rest[21]) * PAGE_KB,
  };
}

function children(pid) {
  // direct and indirect children, via /proc/*/stat ppid (cheap enough at 4 Hz)
  const byParent = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const { ppid } = readStat(d);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(d));
    } catch {}
  }
  const out = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    for (const c of byParent.get(p) || []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

// CPU seconds (user+sys, all threads) and RSS of a server process and its descendants.
export class ProcSampler {
  constructor(pid, intervalMs = 250) {
    this.pid = pid;
    this.intervalMs = intervalMs;
    this.peakRssKb = 0;
    this.timer = null;
    this.kids = [];
    this.kidsAt = 0;
  }
  sample() {
    const now = Date.now();
    if (now - this.kidsAt > 5000) {
      this.kids = children(this.pid);
      this.kidsAt = now;
    }
    let cpu = 0;
    let rss = 0;
    for (const p of [this.pid, ...this.kids]) {
      try {
        const st = readStat(p);
        cpu += st.utime + st.stime;
        rss += st.rssKb;
      } catch {}
    }
    if (rss > this.peakRssKb) this.peakRssKb = rss;
    return { cpuS: cpu / CLK_TCK, rssKb: rss };
  }
  hwmKb() {
    try {
      const m = readFileSync(`/proc/${this.pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/);
      return m ? Number(m[1]) : null;
    } catch {
      return null;
    }
  }
  start() {
    this.sample();
    this.timer = setInterval(() => {
      try {
        this.sample();
      } catch {}
    }, this.intervalMs);
    this.timer.unref();
  }
  resetPeak() {
    this.peakRssKb = 0;
    this.sample();
  }
  stop() {
    clearInterval(this.timer);
  }
}

export function describePid(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").slice(0, 120);
  } catch {
    return null;
  }
}

// Histograms cross process boundaries as their non-empty buckets.
Histogram.prototype.toSparse = function () {
  const b = [];
  for (let i = 0; i < NB; i++) if (this.counts[i]) b.push(i, this.counts[i]);
  return { b, n: this.n, sum: this.sum, max: this.max };
};
Histogram.prototype.addSparse = function (s) {
  for (let i = 0; i < s.b.length; i += 2) this.counts[s.b[i]] += s.b[i + 1];
  this.n += s.n;
  this.sum += s.sum;
  if (s.max > this.max) this.max = s.max;
  return this;
};
