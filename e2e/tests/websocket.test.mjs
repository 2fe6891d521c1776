// The client's WebSocket path (GET /api/v1/ws per API.md) and its fallback to long polling.
// Bob's browser uses the server's real socket. Alice's browser gets a stand-in that the test
// controls: Playwright answers her upgrade and bridges it to the real event feed (long polls
// with the token of the client's first frame and the cursor of the socket's query), so the test can drop the
// socket or refuse it at will and check the resume and the fallback.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "./browser.mjs";
import { ACCESS_TOKEN_TTL, freePort, startServer } from "./server.mjs";
import { apiAs, bodies, convItem, countOf, eventually, registerByApi, send, signInByKeyboard } from "./helpers.mjs";

let server;
let dataDir;
let browser;
let alice;
let bob;
let bobApi;
let conversationId;
const pageErrors = [];
const bobSockets = [];
let bobRefreshes = 0;

/** The stand-in socket server: every connection, the frames it sent, and a switch to refuse new ones. */
const sockets = { connects: [], current: null, refuse: false, lastSentId: null };

function bridge(ws) {
  const query = new URL(ws.url()).searchParams;
  const connect = { after: query.get("after"), queryToken: query.get("access_token"), token: null };
  sockets.connects.push(connect);
  if (sockets.refuse) {
    ws.close({ code: 1011, reason: "refused" });
    return;
  }
  sockets.current = ws;
  let open = true;
  let headers = null;
  ws.onClose(() => { open = false; });
  ws.onMessage((text) => {
    const frame = JSON.parse(text);
    if (!headers) {
      // as the real server: the first frame authenticates the socket
      if (frame.type !== "auth" || !frame.token) {
        ws.close({ code: 1008, reason: "the first frame must be auth" });
        return;
      }
      connect.token = frame.token;
      headers = { Authorization: "Bearer " + frame.token };
      feed().catch(() => ws.close({ code: 1011, reason: "bridge failed" }));
    } else if (frame.type === "typing") {
      fetch(`${server.url}/api/v1/conversations/${frame.conversationId}/typing`, { method: "POST", headers });
    } else if (frame.type === "ping") {
      ws.send(JSON.stringify({ type: "pong" }));
    }
  });
  async function feed() {
    let cursor = query.get("after");
    while (open) {
      const res = await fetch(`${server.url}/api/v1/events?after=${encodeURIComponent(cursor)}&wait=5`, { headers });
      if (!open) return;
      if (!res.ok) {
        ws.close({ code: 4000 + res.status, reason: "feed refused" });
        return;
      }
      const batch = await res.json();
      for (const event of batch.events) {
        ws.send(JSON.stringify(event));
        sockets.lastSentId = event.id;
      }
      cursor = batch.cursor;
    }
  }
}

async function open(name, withSocket, watch = () => {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  if (withSocket) await context.routeWebSocket(/\/api\/v1\/ws/, bridge);
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${name}: ${e.message}`));
  watch(page);
  await page.goto(server.url + "/");
  await signInByKeyboard(page, name);
  return page;
}

describe("live over a WebSocket, falling back to long polling", { timeout: 120_000 }, () => {
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "chatflow-ws-"));
    server = await startServer({ dataDir, port: await freePort(), name: "websocket" });
    browser = await launch();
    await registerByApi(server.url, "alice", "Alice");
    const bobUser = await registerByApi(server.url, "bob", "Bob");
    alice = await open("alice", true);
    bob = await open("bob", false, (page) => {
      page.on("websocket", (ws) => {
        const seen = { url: ws.url(), closed: false };
        bobSockets.push(seen);
        ws.on("close", () => { seen.closed = true; });
      });
      page.on("request", (r) => {
        if (r.url().endsWith("/api/v1/auth/token") && (r.postData() || "").includes("grant_type=refresh_token")) bobRefreshes++;
      });
    });

    bobApi = await apiAs(server.url, "bob");
    const aliceApi = await apiAs(server.url, "alice");
    const created = await aliceApi.post("/conversations", { kind: "direct", memberIds: [bobUser.id] });
    conversationId = created.json.id;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("connects over the socket with the token in its first frame, never in its URL, the real one too", async () => {
    await eventually(async () => assert.equal(await alice.textContent("#conn"), "Live"));
    await eventually(async () => assert.ok(sockets.connects[0].token, "the token in the first frame"));
    assert.equal(sockets.connects[0].queryToken, null, "no access_token in the socket's URL");
    assert.match(sockets.connects[0].after, /^\S+$/);
    await eventually(async () => assert.equal(await bob.textContent("#conn"), "Live"));
  });

  it("delivers messages and typing both ways", async () => {
    await convItem(alice, "Bob").locator("button").click();
    await convItem(bob, "Alice").locator("button").click();
    await send(bob, "over the socket");
    await eventually(async () => assert.equal(await countOf(alice, "over the socket"), 1));

    await alice.focus("#compose");
    await alice.keyboard.type("typing via a socket frame");
    await eventually(async () => assert.equal(await bob.textContent("#typing"), "Alice is typing…"));
    await alice.keyboard.press("Enter");
    await eventually(async () => assert.equal(await countOf(bob, "typing via a socket frame"), 1));
  });

  it("reconnects after a dropped socket, resuming from the last event it received", async () => {
    await eventually(async () => assert.equal(await countOf(alice, "typing via a socket frame"), 1));
    const lastDelivered = sockets.lastSentId;
    const before = sockets.connects.length;
    await sockets.current.close({ code: 1001, reason: "going away" });
    await eventually(async () => assert.equal(sockets.connects.length, before + 1));
    assert.equal(sockets.connects[before].after, lastDelivered);
    await eventually(async () => assert.equal(await alice.textContent("#conn"), "Live"));
    for (const body of ["after the drop 1", "after the drop 2"]) {
      await bobApi.post(`/conversations/${conversationId}/messages`, { body });
    }
    await eventually(async () => assert.deepEqual((await bodies(alice)).slice(-2), ["after the drop 1", "after the drop 2"]));
  });

  it("falls back to long polling when the socket is refused, losing and doubling nothing", async () => {
    sockets.refuse = true;
    await sockets.current.close({ code: 1011, reason: "server trouble" });
    for (const body of ["while switching 1", "while switching 2", "while switching 3"]) {
      await bobApi.post(`/conversations/${conversationId}/messages`, { body });
    }
    await eventually(async () => assert.equal(await alice.textContent("#conn"), "Live (polling)"));
    await eventually(async () => assert.deepEqual((await bodies(alice)).slice(-3),
      ["while switching 1", "while switching 2", "while switching 3"]));
    await send(bob, "polling still live");
    await eventually(async () => assert.equal(await countOf(alice, "polling still live"), 1));
    const all = await bodies(alice);
    assert.equal(new Set(all).size, all.length, "no message twice");
  });

  it("resyncs from the message lists when the server no longer has its cursor (410)", async () => {
    let gone = 0;
    await alice.route(/\/api\/v1\/events\?after=/, async (route) => {
      if (gone++ > 0) return route.continue();
      return route.fulfill({
        status: 410,
        contentType: "application/problem+json",
        body: JSON.stringify({ type: "about:blank", title: "Gone", status: 410, detail: "resync from the message lists" }),
      });
    });
    await bobApi.post(`/conversations/${conversationId}/messages`, { body: "before the gap" });
    await eventually(async () => assert.ok(gone >= 2, "a 410, then polling again"));
    await bobApi.post(`/conversations/${conversationId}/messages`, { body: "after the resync" });
    await eventually(async () => assert.deepEqual((await bodies(alice)).slice(-2), ["before the gap", "after the resync"]));
    const all = await bodies(alice);
    assert.equal(new Set(all).size, all.length, "no message twice");
    await alice.unroute(/\/api\/v1\/events\?after=/);
  });

  it("ends a real socket when its access token expires; the client refreshes, reconnects and misses nothing", async () => {
    // the server closes with 4001 at the token's expiry (ACCESS_TOKEN_TTL s); the client refreshes and resumes
    await eventually(async () => assert.ok(bobSockets.some((b) => b.closed), "a socket closed at its token's expiry"),
      (ACCESS_TOKEN_TTL + 10) * 1000);
    await eventually(async () => assert.ok(bobSockets.filter((b) => !b.closed).length === 1, "and a new one open"));
    assert.ok(bobRefreshes >= 1, "the client refreshed its token");
    assert.ok(bobSockets.every((b) => !b.url.includes("access_token")), "never a token in a socket's URL");
    await eventually(async () => assert.equal(await bob.textContent("#conn"), "Live"));
    const aliceApi = await apiAs(server.url, "alice");
    await aliceApi.post(`/conversations/${conversationId}/messages`, { body: "after the expiry" });
    await eventually(async () => assert.equal(await countOf(bob, "after the expiry"), 1));
  });

  it("raised no errors in the pages", () => {
    assert.deepEqual(pageErrors, []);
  });
});
