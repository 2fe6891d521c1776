// Reactions, threads and mentions in the browser: Alice and Bob in a group with Carol, on the
// real server (SQLite). Each step builds on the previous ones.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch } from "./browser.mjs";
import { freePort, startServer } from "./server.mjs";
import { apiAs, convItem, eventually, registerByApi, send, signInByKeyboard } from "./helpers.mjs";

const SHOTS = resolve(import.meta.dirname, "..", "target", "screenshots");

let server;
let dataDir;
let browser;
let alice;
let bob;
let carolApi;
let conversationId;
const pageErrors = [];

async function open(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${name}: ${e.message}`));
  await page.goto(server.url + "/");
  await signInByKeyboard(page, name);
  return page;
}

const message = (page, seq) => page.locator(`#messages li.msg[data-seq="${seq}"]`);
const reaction = (page, seq, emoji) => message(page, seq).locator(".reaction", { hasText: emoji });

describe("reactions, threads and mentions", { timeout: 120_000 }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), "chatflow-social-"));
    server = await startServer({ dataDir, port: await freePort(), name: "social" });
    browser = await launch();
    await registerByApi(server.url, "alice", "Alice");
    const bobUser = await registerByApi(server.url, "bob", "Bob");
    const carolUser = await registerByApi(server.url, "carol", "Carol");
    const aliceApi = await apiAs(server.url, "alice");
    const created = await aliceApi.post("/conversations",
      { kind: "group", title: "Garden", memberIds: [bobUser.id, carolUser.id] });
    conversationId = created.json.id;
    carolApi = await apiAs(server.url, "carol");
    alice = await open("alice");
    bob = await open("bob");
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("counts a mention in the conversation list and highlights it in the message", async () => {
    await carolApi.post(`/conversations/${conversationId}/messages`, { body: "Tomatoes are in, @alice and @bob!" });
    await carolApi.post(`/conversations/${conversationId}/messages`, { body: "no names here" });
    const item = convItem(alice, "Garden");
    await eventually(async () => assert.equal(await item.locator(".badge.mention").textContent(), "@1"));
    // the second post may reach the list a moment after the first one's mention
    await eventually(async () => assert.match(await item.locator("button").getAttribute("aria-label"), /2 unread, 1 mention$/));

    await item.locator("button").click();
    await message(alice, 1).waitFor();
    assert.equal(await message(alice, 1).getAttribute("class"), "msg mentions-me");
    assert.equal(await message(alice, 1).locator(".mention.me").textContent(), "@alice");
    assert.equal(await message(alice, 1).locator(".mention:not(.me)").textContent(), "@bob");
    assert.equal(await message(alice, 2).locator(".mention").count(), 0);
    await eventually(async () => assert.equal(await item.locator(".badge.mention").count(), 0));
  });

  it("reacts with the picker and the other side sees the count live, pressed only for whoever reacted", async () => {
    await convItem(bob, "Garden").locator("button").click();
    await message(bob, 1).waitFor();

    await message(alice, 1).locator(".react-add").click();
    await alice.locator(".picker button[aria-label='React with 🎉']").click();
    await eventually(async () => assert.equal(await reaction(alice, 1, "🎉").locator(".count").textContent(), "1"));
    assert.equal(await reaction(alice, 1, "🎉").getAttribute("aria-pressed"), "true");
    await eventually(async () => assert.equal(await reaction(bob, 1, "🎉").locator(".count").textContent(), "1"));
    assert.equal(await reaction(bob, 1, "🎉").getAttribute("aria-pressed"), "false");

    await reaction(bob, 1, "🎉").click();
    await eventually(async () => assert.equal(await reaction(alice, 1, "🎉").locator(".count").textContent(), "2"));
    await eventually(async () => assert.equal(await reaction(bob, 1, "🎉").getAttribute("aria-pressed"), "true"));

    await carolApi.put(`/conversations/${conversationId}/messages/1/reactions/${encodeURIComponent("👀")}`);
    await eventually(async () => assert.deepEqual(
      await message(bob, 1).locator(".reaction .emoji").allTextContents(), ["🎉", "👀"]));

    await reaction(alice, 1, "🎉").click();
    await eventually(async () => assert.equal(await reaction(bob, 1, "🎉").locator(".count").textContent(), "1"));
    assert.equal(await reaction(alice, 1, "🎉").getAttribute("aria-pressed"), "false");
    await alice.screenshot({ path: join(SHOTS, "reactions.png") });
  });

  it("replies in a thread beside the conversation, and the other side sees the reply and the count live", async () => {
    await message(alice, 1).locator(".thread-link", { hasText: "Reply" }).click();
    await alice.locator("#thread").waitFor();
    assert.match(await alice.locator("#thread-root .body").textContent(), /^Tomatoes are in/);
    await alice.fill("#thread-compose", "Save me a few");
    await alice.press("#thread-compose", "Enter");
    await eventually(async () => assert.deepEqual(
      await alice.locator("#thread-replies .body").allTextContents(), ["Save me a few"]));

    await eventually(async () => assert.equal(
      await message(bob, 1).locator(".thread-link").textContent(), "1 reply"));
    await message(bob, 1).locator(".thread-link").click();
    await eventually(async () => assert.deepEqual(
      await bob.locator("#thread-replies .body").allTextContents(), ["Save me a few"]));
    await bob.fill("#thread-compose", "Me too");
    await bob.press("#thread-compose", "Enter");
    await eventually(async () => assert.deepEqual(
      await alice.locator("#thread-replies .body").allTextContents(), ["Save me a few", "Me too"]));
    await eventually(async () => assert.equal(
      await message(alice, 1).locator(".thread-link").textContent(), "2 replies"));
    // a reply is a message of the conversation too, with its own seq
    assert.equal(await message(alice, 4).locator(".thread-link").textContent(), "in thread");
    await alice.screenshot({ path: join(SHOTS, "thread.png") });
  });

  it("a mention typed in the browser reaches the other side highlighted", async () => {
    await send(bob, "@alice look at the thread");
    await eventually(async () => assert.equal(await message(alice, 5).locator(".mention.me").textContent(), "@alice"));
  });

  it("threw no page errors", () => {
    assert.deepEqual(pageErrors, []);
  });
});
