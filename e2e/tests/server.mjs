// Starts the real ChatFlow server (chat-app's runnable jar, `run`) on the SQLite store.

import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "../..");

/** Short-lived access tokens, so the client's refresh before expiry happens within the tests. */
export const ACCESS_TOKEN_TTL = 15;

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function appJar() {
  const dir = join(root, "chat-app", "target");
  if (!existsSync(dir)) return null;
  const jar = readdirSync(dir).find((f) => /^chat-app-.*-all\.jar$/.test(f));
  return jar ? join(dir, jar) : null;
}

function command(dataDir, port) {
  const jar = appJar();
  if (!jar) throw new Error("no chat-app/target/chat-app-*-all.jar: build it first (e2e/run.sh does)");
  return { how: "chat-app jar", args: ["-jar", jar, "run", "--store", "sqlite", "--db", join(dataDir, "chatflow.db"),
    "--host", "127.0.0.1", "--port", String(port), "--access-token-ttl", ACCESS_TOKEN_TTL + "s",
    // the history and search tests post dozens of fillers at once, past the default 30 in 10 s
    // a user may post (and every browser and API client here shares one address)
    "--post-rate-per-user", "1000/10s", "--post-rate-per-address", "1000/10s"] };
}

/** A running server, its output appended to e2e/target/logs/<name>.log; stop() ends it like Ctrl-C (SIGTERM). */
export async function startServer({ dataDir, port, name }) {
  mkdirSync(dataDir, { recursive: true });
  const { how, args } = command(dataDir, port);
  const child = spawn("java", args, { cwd: dataDir, stdio: ["ignore", "pipe", "pipe"] });
  const logs = join(root, "e2e", "target", "logs");
  mkdirSync(logs, { recursive: true });
  const file = createWriteStream(join(logs, `${name}.log`), { flags: "a" });
  let log = "";
  const keep = (d) => { log += d; file.write(d); };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((ok) => child.on("exit", ok));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server (${how}) exited:\n${log}`);
    try {
      const res = await fetch(url + "/health");
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server (${how}) did not come up in 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    how,
    log: () => log,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
