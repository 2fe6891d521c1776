// Alice and Bob chat in two browser contexts against the real server on SQLite.
// One scenario, step by step: each step builds on the conversation the previous ones made.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch } from "./browser.mjs";
import { ACCESS_TOKEN_TTL, freePort, startServer } from "./server.mjs";
import {
  PASSWORD, apiAs as apiAsUser, bodies as bodiesOf, convItem as convItemOf, countOf as countOfText, eventually,
  registerByApi, send as sendText, signInByKeyboard,
} from "./helpers.mjs";

const SHOTS = resolve(import.meta.dirname, "..", "target", "screenshots");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const XSS = "<img src=x onerror=alert(1)>";

let server;
let port;
let dataDir;
let browser;
let alice;
let bob;
const dialogs = [];
const pageErrors = [];

async function person(name, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(`${name}: ${d.type()} ${d.message()}`);
    d.type() === "confirm" ? d.accept() : d.dismiss();
  });
  page.on("pageerror", (e) => pageErrors.push(`${name}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) pageErrors.push(`${name}: ${m.text()}`);
  });
  const p = { name, context, page, refreshes: 0, refused: [] };
  page.on("request", (r) => {
    if (r.url().endsWith("/api/v1/auth/token") && r.postData()?.includes("grant_type=refresh_token")) p.refreshes++;
  });
  page.on("response", (r) => {
    if (r.status() === 401) p.refused.push(r.url());
  });
  await page.goto(server.url + "/");
  return p;
}

async function register(p, username, displayName) {
  const { page } = p;
  await page.click("#signin-toggle");
  await page.fill("#signin-username", username);
  await page.fill("#signin-password", PASSWORD);
  await page.fill("#signin-display", displayName);
  await page.click("#signin-submit");
  await page.locator("#app").waitFor();
}

const convItem = (p, title) => convItemOf(p.page, title);
const bodies = (p) => bodiesOf(p.page);
const countOf = (p, text) => countOfText(p.page, text);
const send = (p, text) => sendText(p.page, text);
const apiAs = (username) => apiAsUser(server.url, username);

async function shot(p, name) {
  await p.page.screenshot({ path: join(SHOTS, name), fullPage: false });
}

describe("ChatFlow in the browser", { timeout: 180_000 }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), "chatflow-e2e-"));
    port = await freePort();
    server = await startServer({ dataDir, port, name: "chat" });
    console.log(`server: ${server.how} on ${server.url}`);
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("opens on the sign-in page", async () => {
    alice = await person("alice");
    await alice.page.locator("#signin-form").waitFor();
    assert.equal(await alice.page.title(), "ChatFlow");
    await shot(alice, "signin-desktop.png");
  });

  it("registers alice and bob and signs them in", async () => {
    await register(alice, "alice", "Alice");
    bob = await person("bob");
    await register(bob, "bob", "Bob");
    assert.equal(await alice.page.textContent("#me"), "Alice");
    assert.equal(await bob.page.textContent("#me"), "Bob");
    await eventually(async () => assert.equal(await alice.page.getAttribute("#conn", "data-state"), "live"));
  });

  it("alice starts a direct conversation by searching for bob, and bob gets it live with an unread badge", async () => {
    const { page } = alice;
    await page.click("#new-conv");
    await page.fill("#new-search", "bo");
    await page.locator("#new-results button", { hasText: "Bob" }).click();
    await page.click("#new-start");
    await page.locator(".conv-head h2", { hasText: "Bob" }).waitFor();
    await send(alice, "Hello Bob");
    await eventually(async () => assert.equal(await countOf(alice, "Hello Bob"), 1));

    const item = convItem(bob, "Alice");
    await item.waitFor();
    await eventually(async () => assert.equal(await item.locator(".badge").textContent(), "1"));
    assert.equal(await item.locator(".conv-preview").textContent(), "Alice: Hello Bob");
    assert.match(await item.locator("button").getAttribute("aria-label"), /^Alice, online, 1 unread$/);
    assert.equal(await item.locator(".dot.online").count(), 1, "alice's presence dot");
  });

  it("bob opens it: the badge goes and his read marker moves on the server", async () => {
    await convItem(bob, "Alice").locator("button").click();
    await eventually(async () => assert.deepEqual(await bodies(bob), ["Hello Bob"]));
    assert.equal(await convItem(bob, "Alice").locator(".badge").count(), 0);
    const api = await apiAs("bob");
    await eventually(async () => {
      const list = await api.get("/conversations");
      assert.equal(list.json.items[0].unreadCount, 0);
    });
  });

  it("bob replies over two lines (Shift+Enter) and alice sees it live; typing shows first", async () => {
    const { page } = bob;
    await page.focus("#compose");
    await page.keyboard.type("Hi Alice");
    await eventually(async () => assert.equal(await alice.page.textContent("#typing"), "Bob is typing…"));
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("second line");
    await page.keyboard.press("Enter");
    await eventually(async () => assert.ok((await bodies(alice)).includes("Hi Alice\nsecond line")));
    await eventually(async () => assert.equal(await alice.page.textContent("#typing"), ""));
    assert.equal(await countOf(bob, "Hi Alice\nsecond line"), 1);
  });

  it("shows a hostile body as the characters it is, and makes links clickable but safe", async () => {
    await send(alice, XSS);
    await send(alice, "see https://example.com/a?b=1 and javascript:alert(2)");
    await eventually(async () => assert.equal(await countOf(bob, XSS), 1));
    assert.equal(await bob.page.locator("#messages img").count(), 0);
    const link = bob.page.locator("#messages a");
    await eventually(async () => assert.equal(await link.count(), 1));
    assert.equal(await link.getAttribute("href"), "https://example.com/a?b=1");
    assert.match(await link.getAttribute("rel"), /noopener/);
    assert.deepEqual(dialogs.filter((d) => d.includes("alert")), []);
  });

  it("an edit and a delete by alice are seen by bob", async () => {
    const { page } = alice;
    const mine = page.locator("#messages li.msg.mine", { has: page.locator(".body", { hasText: /^Hello Bob$/ }) });
    await mine.hover();
    await mine.getByRole("button", { name: /^Edit message/ }).click();
    await page.fill(".edit-box", "Hello Bob, edited");
    await page.press(".edit-box", "Enter");
    await eventually(async () => assert.equal(await countOf(bob, "Hello Bob, edited"), 1));
    assert.equal(await bob.page.locator("#messages li.msg", { hasText: "Hello Bob, edited" }).locator(".edited").count(), 1);

    const xss = page.locator("#messages li.msg.mine", { has: page.locator(".body", { hasText: XSS }) });
    await xss.hover();
    await xss.getByRole("button", { name: /^Delete message/ }).click();
    await eventually(async () => assert.equal(await countOf(bob, XSS), 0));
    assert.equal(await bob.page.locator("#messages .body.deleted").count(), 1);
  });

  it("a group message while bob looks elsewhere shows an unread badge until he opens it", async () => {
    const { page } = alice;
    await page.click("#new-conv");
    await page.fill("#new-search", "bob");
    await page.locator("#new-results button", { hasText: "Bob" }).click();
    await page.fill("#new-group-title", "Project");
    await page.click("#new-start");
    await page.locator(".conv-head h2", { hasText: "Project" }).waitFor();
    await send(alice, "Group hello 1");
    await send(alice, "Group hello 2");
    const item = convItem(bob, "Project");
    await eventually(async () => assert.equal(await item.locator(".badge").textContent(), "2"));
    await eventually(async () =>
      assert.equal(await bob.page.locator("#conv-list li .conv-title").first().textContent(), "Project"));
    await shot(bob, "conversations-desktop.png");
    await item.locator("button").click();
    await eventually(async () => assert.deepEqual(await bodies(bob), ["Group hello 1", "Group hello 2"]));
    await eventually(async () => assert.equal(await item.locator(".badge").count(), 0));
  });

  it("the members panel adds someone, changes their role, removes them and renames the group; bob sees it live", async () => {
    const { page } = alice;
    await registerByApi(server.url, "charlie", "Charlie");
    const charlie = await apiAs("charlie");
    await page.click("#members-toggle");
    await page.fill("#member-search", "char");
    await page.locator("#member-results button", { hasText: "Charlie" }).click();
    await page.locator("#member-list li", { hasText: "Charlie" }).waitFor();
    await shot(alice, "members-desktop.png");
    await eventually(async () => assert.equal(await bob.page.textContent("#conv-sub"), "3 members"));

    await page.getByLabel("Role of Charlie").selectOption("admin");
    await eventually(async () => {
      const list = await charlie.get("/conversations");
      assert.equal(list.json.items.find((c) => c.title?.startsWith("Project"))?.role, "admin");
    });

    const project = (await charlie.get("/conversations")).json.items.find((c) => c.title?.startsWith("Project"));
    await page.getByRole("button", { name: "Remove Charlie" }).click();
    await eventually(async () => assert.equal((await charlie.get(`/conversations/${project.id}`)).status, 404));
    await eventually(async () => assert.equal(await bob.page.textContent("#conv-sub"), "2 members"));
    await page.fill("#rename-input", "Project Apollo");
    // the panel refreshes while alice types (bob made admin from elsewhere): what she typed stays
    const api = await apiAs("alice");
    const bobId = (await api.get(`/conversations/${project.id}`)).json.members.find((m) => m.user.username === "bob").user.id;
    assert.equal((await api.patch(`/conversations/${project.id}/members/${bobId}`, { role: "admin" })).status, 200);
    await eventually(async () => assert.equal(await page.getByLabel("Role of Bob").inputValue(), "admin"));
    assert.equal(await page.inputValue("#rename-input"), "Project Apollo");
    await page.click("#rename-form button");
    await eventually(async () => assert.equal(await bob.page.textContent("#conv-title"), "Project Apollo"));
    await convItem(bob, "Project Apollo").waitFor();
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#members").isVisible(), false);
  });

  it("a send whose answer is lost is retried with its clientMessageId and shows once on both sides", async () => {
    const { page } = alice;
    const posts = [];
    await page.route("**/api/v1/conversations/*/messages", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      posts.push(JSON.parse(route.request().postData()));
      if (posts.length === 1) {
        await route.fetch(); // the server stores it...
        return route.abort("connectionreset"); // ...but its answer never arrives
      }
      return route.continue();
    });
    const retried = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/messages"));
    await send(alice, "Sent exactly once");
    assert.equal((await retried).status(), 200, "the retry gets the original message back, not a new one");
    assert.equal(posts.length, 2);
    assert.equal(posts[1].clientMessageId, posts[0].clientMessageId);
    await eventually(async () => assert.equal(await page.locator("#messages li.pending").count(), 0));
    await eventually(async () => assert.equal(await countOf(bob, "Sent exactly once"), 1));
    assert.equal(await countOf(alice, "Sent exactly once"), 1);
    await page.unroute("**/api/v1/conversations/*/messages");
  });

  it("survives a server restart mid-conversation: nothing lost, nothing doubled", async () => {
    const before = await bodies(bob);
    await server.stop();
    await eventually(async () => assert.equal(await alice.page.getAttribute("#conn", "data-state"), "offline"));
    await eventually(async () => assert.equal(await bob.page.getAttribute("#conn", "data-state"), "offline"));
    server = await startServer({ dataDir, port, name: "chat" });
    await eventually(async () => assert.equal(await bob.page.getAttribute("#conn", "data-state"), "live"), 20_000);

    // Events made while bob's client resumes, sent from a separate API client of alice's.
    const api = await apiAs("alice");
    const group = (await api.get("/conversations")).json.items.find((c) => c.title?.startsWith("Project"));
    for (let i = 1; i <= 5; i++) {
      assert.equal((await api.post(`/conversations/${group.id}/messages`, { body: `after restart ${i}` })).status, 201);
    }
    const expected = [...before, ...[1, 2, 3, 4, 5].map((i) => `after restart ${i}`)];
    await eventually(async () => assert.deepEqual(await bodies(bob), expected), 20_000);
    await eventually(async () => assert.deepEqual(await bodies(alice), expected), 20_000);

    // And live both ways in the browser again.
    await send(bob, "Back online");
    await eventually(async () => assert.equal(await countOf(alice, "Back online"), 1));
    await shot(alice, "conversation-desktop.png");
  });

  it("history pages backwards on scroll-up", async () => {
    const api = await apiAs("bob");
    const direct = (await api.get("/conversations")).json.items.find((c) => c.kind === "direct");
    for (let i = 1; i <= 60; i++) {
      await api.post(`/conversations/${direct.id}/messages`, { body: `filler ${i}` });
    }
    // alice reads them elsewhere (another session), so her client opens at the newest page
    const last = (await api.get("/conversations")).json.items.find((c) => c.id === direct.id).lastSeq;
    await (await apiAs("alice")).put(`/conversations/${direct.id}/read`, { seq: last });
    await eventually(async () => assert.equal(await convItem(alice, "Bob").locator(".badge").count(), 0));
    const { page } = alice;
    await convItem(alice, "Bob").locator("button").click();
    await eventually(async () => assert.equal((await bodies(alice)).length, 50));
    await page.locator("#scroller").evaluate((s) => { s.scrollTop = 0; });
    await eventually(async () => assert.ok((await bodies(alice)).includes("Hello Bob, edited")));
    const all = await bodies(alice);
    assert.equal(all[0], "Hello Bob, edited");
    assert.equal(new Set(all).size, all.length - 0, "no message twice");
    assert.equal(await page.textContent("#history-state"), "This is the beginning of the conversation.");
  });

  it("opens at the first unread message, under a 'New messages' line, paging back to it", async () => {
    const { page } = alice;
    await convItem(alice, "Project").locator("button").click();
    await page.locator(".conv-head h2", { hasText: "Project" }).waitFor();
    const api = await apiAs("bob");
    const direct = (await api.get("/conversations")).json.items.find((c) => c.kind === "direct");
    for (let i = 1; i <= 70; i++) {
      await api.post(`/conversations/${direct.id}/messages`, { body: `later ${i}` });
    }
    await eventually(async () => assert.equal(await convItem(alice, "Bob").locator(".badge").textContent(), "70"));
    await convItem(alice, "Bob").locator("button").click();
    await page.locator(".unread-line").waitFor();
    assert.equal(await page.locator(".unread-line").count(), 1);
    assert.equal(await page.locator(".unread-line + li.msg .body").textContent(), "later 1");
    assert.equal(await page.locator(".unread-line").getAttribute("role"), "separator");
    const place = await page.evaluate(() => {
      const s = document.querySelector("#scroller").getBoundingClientRect();
      const line = document.querySelector(".unread-line").getBoundingClientRect();
      const newest = [...document.querySelectorAll("#messages li.msg")].pop().getBoundingClientRect();
      return { lineInView: line.top >= s.top - 1 && line.bottom <= s.bottom + 1, newestBelow: newest.top > s.bottom };
    });
    assert.deepEqual(place, { lineInView: true, newestBelow: true });
    await shot(alice, "first-unread-desktop.png");
  });

  it("refreshes the access token before it expires: no request is ever refused", async () => {
    await eventually(async () => {
      assert.ok(alice.refreshes >= 1 && bob.refreshes >= 1, `refreshes: ${alice.refreshes}, ${bob.refreshes}`);
    }, (ACCESS_TOKEN_TTL + 5) * 1000);
    await send(bob, "still signed in");
    await eventually(async () => assert.equal(await countOf(bob, "still signed in"), 1));
    assert.deepEqual([...alice.refused, ...bob.refused], []);
  });

  it("fits a phone: one pane at a time, nothing wider than the screen", async () => {
    const { page } = bob;
    await page.setViewportSize(PHONE);
    await page.click("#back");
    await page.locator("#conv-list").waitFor();
    assert.equal(await page.locator("#conv").isVisible(), false);
    await shot(bob, "conversations-phone.png");
    await convItem(bob, "Project").locator("button").click();
    await page.locator("#composer").waitFor();
    assert.equal(await page.locator("#sidebar").isVisible(), false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await shot(bob, "conversation-phone.png");
  });

  it("works with the keyboard alone: sign in, start a chat, send (the token lived only in memory)", async () => {
    const p = await person("charlie", PHONE);
    await signInByKeyboard(p.page, "charlie");
    const { page } = p;
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), "new-conv"));
    await page.keyboard.press("Enter");
    await page.keyboard.type("ali");
    await page.locator("#new-results button", { hasText: "Alice" }).waitFor();
    await page.keyboard.press("Enter");
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement.id)) !== "new-start"; i++) {
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement.id), "compose"));
    await page.keyboard.type("typed without a mouse");
    await page.keyboard.press("Enter");
    await eventually(async () => assert.equal(await convItem(alice, "Charlie").locator(".conv-preview").textContent(),
      "Charlie: typed without a mouse"));
    await p.context.close();
  });

  it("gives every control a name for screen readers", async () => {
    for (const p of [alice, bob]) {
      const unnamed = await p.page.evaluate(() => [...document.querySelectorAll("button, input, textarea, select, a")]
        .filter((e) => e.checkVisibility())
        .filter((e) => !(e.getAttribute("aria-label") || e.labels?.length || e.textContent.trim() || e.title))
        .map((e) => e.outerHTML.slice(0, 80)));
      assert.deepEqual(unnamed, [], p.name);
    }
  });

  it("bob leaves the group and it goes from his list", async () => {
    const { page } = bob;
    await page.click("#members-toggle");
    await page.click("#leave");
    await eventually(async () => assert.equal(await convItem(bob, "Project").count(), 0));
    const api = await apiAs("alice");
    const project = (await api.get("/conversations")).json.items.find((c) => c.title?.startsWith("Project"));
    assert.equal(project.memberCount, 1);
  });

  it("sign out revokes the session's refresh token", async () => {
    const { page } = alice;
    const revoke = page.waitForRequest("**/api/v1/auth/revoke");
    await page.click("#signout");
    const request = await revoke;
    const token = new URLSearchParams(request.postData()).get("token");
    assert.ok(token);
    await page.locator("#signin-form").waitFor();
    const res = await fetch(server.url + "/api/v1/auth/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: token }),
    });
    assert.equal(res.status, 400);
  });

  it("raised no errors in the pages, Content Security Policy violations included", () => {
    assert.deepEqual(pageErrors, []);
  });
});
