#!/usr/bin/env node
// The soak's samples (bench/soak.sh's jsonl) as a Markdown table, with each series' trend.
import { readFileSync } from "node:fs";

const lines = readFileSync(process.argv[2], "utf8").trim().split("\n").map((l) => JSON.parse(l));
const rows = lines.filter((l) => "minute" in l);
const summary = lines.find((l) => l.summary)?.summary;
console.log("| minute | heap after GC (MiB) | threads | open fds | RSS (MiB) | requests | 429s | errors | events received |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.minute} | ${r.heapAfterGcMiB} | ${r.threads} | ${r.fds} | ${r.rssMiB} | ${r.requests} | ${r.limited} | ${r.errors} | ${r.events} |`);
}
if (summary) {
  console.log("\nTrend of each series after minute 0 (least-squares slope per hour; sd = spread):");
  for (const [k, t] of Object.entries(summary.trends)) if (t) console.log(`- ${k}: mean ${t.mean}, min ${t.min}, max ${t.max}, ${t.perHour}/h, sd ${t.sd}`);
  console.log(`\nCounts: ${JSON.stringify(summary.counts)}\nStatuses: ${JSON.stringify(summary.statuses)}`);
  if (summary.errorSamples.length) console.log(`Errors (first ${summary.errorSamples.length}):\n- ${summary.errorSamples.join("\n- ")}`);
}
