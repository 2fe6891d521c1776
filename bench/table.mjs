#!/usr/bin/env node
// The performance table from one bench/run.sh results file (JSONL from peers/fanout.mjs):
//   node bench/table.mjs RESULTS.jsonl [--version V --server-cmd C --java J --ejabberd E --cores N --pins P ...]
// Every row is a ratio to the peer (ejabberd, measured the same way in the same run) or to the goal.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values: h, positionals } = parseArgs({
  allowPositionals: true,
  options: Object.fromEntries(
    ["version", "server-cmd", "java", "ejabberd", "cores", "pins", "phases", "load"].map((k) => [k, { type: "string" }]),
  ),
});
const rows = readFileSync(positionals[0], "utf8").trim().split("\n").map((l) => JSON.parse(l));
const find = (label) => rows.filter((r) => r.label === label).at(-1);
const cf100 = find("chatflow M=100 P=4");
const ej100 = find("ejabberd M=100 P=4");
const cf1000 = find("chatflow M=1000 P=1");
const ej1000 = find("ejabberd M=1000 P=1");
const ready = rows.filter((r) => r.readyMs != null).map((r) => r.readyMs);

const n = (x, d = 0) => (x == null ? "n/a" : Number(x).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));
const ratio = (a, b) => (a == null || b == null || !b ? "n/a" : `${(a / b).toFixed(2)}×`);
const met = (ok) => (ok == null ? "" : ok ? "met" : "**missed**");
const ph = (r, name) => r?.phases?.find((p) => p.name === name);
const p99 = (r, name = "steady") => ph(r, name)?.latencyMs?.p99Ms;
const dps = (r, name = "steady") => ph(r, name)?.deliveriesPerS;

const out = [];
out.push(`# ChatFlow performance, ${new Date().toISOString().slice(0, 16)}Z`);
out.push("");
out.push(`- server: ${h.version ?? "?"}, started as a user does: \`${h["server-cmd"] ?? "?"}\``);
out.push(`- ${h.java ?? "java ?"}; ejabberd ${h.ejabberd ?? "?"} (MUC, archive on SQLite); node ${cf100?.driver?.node ?? "?"}`);
out.push(`- machine: ${h.cores ?? "?"} cores; ${h.pins ?? ""}; load average at the start ${h.load ?? "?"}`);
out.push(`- phases from the first post: ${h.phases ?? "?"}; the driver in ${cf100?.params?.procs ?? "?"} processes on ${cf100?.params?.driverCores ?? "?"} core(s)`);
out.push("");
out.push("| what | ChatFlow | reference | ratio | goal | |");
out.push("|---|---|---|---|---|---|");
const row = (...c) => out.push(`| ${c.join(" | ")} |`);
row("M=100 P=4 deliveries/s (steady)", n(dps(cf100)), `ejabberd ${n(dps(ej100))}`, ratio(dps(cf100), dps(ej100)), "≥ 2×",
  met(dps(cf100) && dps(ej100) ? dps(cf100) / dps(ej100) >= 2 : null));
row("M=100 P=4 p99 ms (steady)", n(p99(cf100), 1), `ejabberd ${n(p99(ej100), 1)}`, ratio(p99(cf100), p99(ej100)), "≤ 1×",
  met(p99(cf100) && p99(ej100) ? p99(cf100) <= p99(ej100) : null));
row("M=1000 P=1 p99 ms (steady)", n(p99(cf1000), 1), `goal 20${ej1000 ? `; ejabberd ${n(p99(ej1000), 1)}` : ""}`,
  ratio(p99(cf1000), 20), "< 1×", met(p99(cf1000) != null ? p99(cf1000) < 20 : null));
const rss = cf1000?.server?.vmHwmMiB;
row("M=1000 P=1 peak RSS MiB (VmHWM)", n(rss), `goal 256${ej1000 ? `; ejabberd ${n(ej1000.server?.vmHwmMiB)}` : ""}`,
  ratio(rss, 256), "< 1×", met(rss != null ? rss < 256 : null));
const cfRuns = [cf100, cf1000].filter(Boolean);
const lost = cfRuns.reduce((a, r) => a + r.totals.lost, 0);
const dup = cfRuns.reduce((a, r) => a + r.totals.duplicated, 0);
const expected = cfRuns.reduce((a, r) => a + r.totals.expectedDeliveries, 0);
row("lost / duplicated (both ChatFlow runs, warm-up included)", `${lost} / ${dup} of ${n(expected)}`, "goal 0 / 0", "", "0", met(cfRuns.length ? lost + dup === 0 : null));
const idle = cf1000?.idle;
row(`idle WebSockets held, default heap`, idle ? `${n(idle.held)} of ${n(idle.asked)}; heap after GC ${n(idle.heap?.usedAfterGcMiB)} of ${n(idle.heap?.maxMiB)} MiB; RSS ${n(idle.rssMiB)} MiB` : "n/a",
  "goal 10,000", idle ? ratio(idle.held, 10000) : "n/a", "≥ 1×", met(idle ? idle.held >= 10000 : null));
const s1000 = cf1000?.setup;
row(`logins/s on one core, idle server (${s1000?.concurrency ?? "?"} clients, default Argon2id)`, n(s1000?.loginsPerS, 1),
  `registrations ${n(s1000?.registrationsPerS, 1)}/s; server CPU ${n(100 * (s1000?.serverCpuUtilUsers ?? NaN))}%`, "", "no goal set", "");
const lg = cf100?.logins;
row(`logins/s while M=100 P=4 runs (${lg?.concurrency ?? "?"} clients)`, lg ? `${n(lg.loginsPerS, 1)} (p99 ${n(lg.latencyMs?.p99Ms)} ms, ${lg.refused429} refused)` : "n/a",
  `deliveries/s meanwhile ${n(dps(cf100, "logins"))} against ${n(dps(cf100))} without`, ratio(dps(cf100, "logins"), dps(cf100)),
  "delivery not starved", met(lg ? dps(cf100, "logins") / dps(cf100) >= 0.75 : null));
for (const [r, label] of [[cf100, "M=100 P=4"], [cf1000, "M=1000 P=1"]]) {
  row(`${label} first ${ph(r, "first")?.seconds ?? "?"} s: deliveries/s, p99 ms`, `${n(dps(r, "first"))}, ${n(p99(r, "first"), 1)}`,
    `steady ${n(dps(r))}, ${n(p99(r), 1)}`, `${ratio(dps(r, "first"), dps(r))}, ${ratio(p99(r, "first"), p99(r))}`, "", "");
}
row("start to /health, ms (launcher included)", ready.map((x) => n(x)).join(", ") || "n/a", "", "", "", "");
const drivers = rows.filter((r) => r.driver).map((r) => `${r.label.split(" ")[0]} ${r.params.members}: ${Math.round(100 * Math.max(...r.phases.map((p) => p.driverCpuUtil ?? 0)))}%`);
const saturated = rows.filter((r) => r.driver?.saturated).map((r) => r.label);
row("driver CPU, busiest phase, of its cores", drivers.join("; "), "limit 70%", "", "",
  saturated.length ? `**saturated: ${saturated.join(", ")} (a floor)**` : "below");
out.push("");
out.push("Every run, phase by phase:");
out.push("");
out.push("| run | phase | deliveries/s | posts/s | p50 ms | p99 ms | max ms | server CPU | µs/delivery | driver CPU | lost | dup | peak RSS MiB |");
out.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows.filter((x) => x.phases)) {
  for (const p of r.phases.filter((x) => x.seconds)) {
    out.push(`| ${r.label} | ${p.name} ${p.seconds}s | ${n(p.deliveriesPerS)} | ${n(p.acceptedPerS)} | ${n(p.latencyMs.p50Ms, 2)} | ${n(p.latencyMs.p99Ms, 2)} | ${n(p.latencyMs.maxMs, 1)} | ${n(100 * p.serverCpuUtil)}% | ${n(p.serverUsPerDelivery, 1)} | ${n(100 * p.driverCpuUtil)}% | ${r.totals.lost} | ${r.totals.duplicated} | ${n(r.server?.vmHwmMiB)} |`);
  }
}
console.log(out.join("\n"));
