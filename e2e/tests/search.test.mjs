// Message search in the browser: the box above the conversation list finds a message by its
// words (case and accents aside), shows the matches marked, and opens its conversation at it,
// paging back through history when the message is older than the first page.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch } from "./browser.mjs";
import { freePort, startServer } from "./server.mjs";
import { apiAs, eventually, registerByApi, signInByKeyboard } from "./helpers.mjs";

const SHOTS = resolve(import.meta.dirname, "..", "target", "screenshots");

describe("Message search in the browser", { timeout: 180_000 }, () => {
  let server;
  let dataDir;
  let browser;
  let page;
  let group;
  const pageErrors = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), "chatflow-e2e-search-"));
    server = await startServer({ dataDir, port: await freePort(), name: "search" });
    browser = await launch();
    await registerByApi(server.url, "carol", "Carol");
    await registerByApi(server.url, "dan", "Dan");
    const carol = await apiAs(server.url, "carol");
    const dan = await apiAs(server.url, "dan");
    const created = await carol.post("/conversations", { kind: "group", title: "Field notes", memberIds: [] });
    group = created.json.id;
    const post = async (body) => assert.equal((await carol.post(`/conversations/${group}/messages`, { body })).status, 201);
    await post("warming up");
    await post("more of nothing");
    await post("The Ötter report is due on Friday");
    for (let i = 0; i < 117; i++) await post(`filler message ${i}`);
    // a conversation carol is not in: its messages never show up in her results
    const other = await dan.post("/conversations", { kind: "group", title: "Dan's", memberIds: [] });
    assert.equal((await dan.post(`/conversations/${other.json.id}/messages`, { body: "otter report, private" })).status, 201);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("finds the message with its words marked and opens its conversation at it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.url + "/");
    await signInByKeyboard(page, "carol");

    await page.fill("#search-input", "otter rep");
    const hit = page.locator("#search-results li");
    await eventually(async () => assert.equal(await hit.count(), 1));
    assert.deepEqual(await hit.locator("mark").allTextContents(), ["Ötter", "report"]);
    assert.equal(await hit.locator(".hit-body").textContent(), "The Ötter report is due on Friday");
    assert.match(await hit.locator(".hit-where").textContent(), /^Field notes · Carol · /);
    assert.equal(await page.locator("#conv-list").isHidden(), true);
    await page.screenshot({ path: join(SHOTS, "search-results.png") });

    await hit.locator("button").click();
    await page.locator(".conv-head h2", { hasText: "Field notes" }).waitFor();
    const found = page.locator("#messages li.msg.found");
    await eventually(async () => assert.equal(await found.getAttribute("data-seq"), "3"));
    assert.equal(await found.locator(".body").textContent(), "The Ötter report is due on Friday");
    await eventually(async () => assert.equal(await found.isVisible(), true));
    const inView = await found.evaluate((li) => {
      const box = li.getBoundingClientRect();
      const scroller = document.querySelector("#scroller").getBoundingClientRect();
      return box.top >= scroller.top && box.bottom <= scroller.bottom;
    });
    assert.equal(inView, true, "the found message is scrolled into view");
    await page.screenshot({ path: join(SHOTS, "search-jump.png") });
  });

  it("shows more results page by page until every hit is listed once", async () => {
    await page.fill("#search-input", "filler");
    const hits = page.locator("#search-results li[data-seq]");
    const more = page.locator("#search-results li.more button");
    await eventually(async () => assert.equal(await hits.count(), 20));
    assert.equal(await page.textContent("#search-state"), "20+ found");
    for (let shown = 20; shown < 117; shown = Math.min(117, shown + 20)) {
      await more.click();
      await eventually(async () => assert.equal(await hits.count(), Math.min(117, shown + 20)));
    }
    assert.equal(await more.count(), 0, "no button once every hit is shown");
    assert.equal(await page.textContent("#search-state"), "117 found");
    const seqs = await hits.evaluateAll((items) => items.map((li) => li.dataset.seq));
    assert.equal(new Set(seqs).size, 117, "each hit once");
  });

  it("clearing the box brings the conversation list back; a query without a match says so", async () => {
    await page.fill("#search-input", "zebra");
    await eventually(async () => assert.equal(await page.textContent("#search-state"), "Nothing found."));
    await page.press("#search-input", "Escape");
    await eventually(async () => assert.equal(await page.locator("#conv-list").isVisible(), true));
    assert.equal(await page.locator("#search-results").isHidden(), true);
    assert.deepEqual(pageErrors, []);
  });
});
