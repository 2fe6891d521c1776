// What both browser suites share: awaiting conditions, a plain API client, reading the page.

import assert from "node:assert/strict";

export const PASSWORD = "correct horse battery";

/** Retries an assertion until it holds or the time is up: the UI updates asynchronously. */
export async function eventually(check, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function registerByApi(baseUrl, username, displayName) {
  const res = await fetch(baseUrl + "/api/v1/auth/register", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD, displayName }),
  });
  assert.equal(res.status, 201);
  return res.json();
}

/** A second client of the API itself, to check what the server holds or to act from outside the browser. */
export async function apiAs(baseUrl, username) {
  const res = await fetch(baseUrl + "/api/v1/auth/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", username, password: PASSWORD }),
  });
  assert.equal(res.status, 200);
  const { access_token: token } = await res.json();
  const call = async (method, path, body) => {
    const r = await fetch(baseUrl + "/api/v1" + path, {
      method,
      headers: { Authorization: "Bearer " + token, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, json: r.status === 204 ? null : await r.json() };
  };
  return {
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
    put: (path, body) => call("PUT", path, body),
    patch: (path, body) => call("PATCH", path, body),
  };
}

/** Signs in with the keyboard alone: type, Tab, type, Enter. */
export async function signInByKeyboard(page, username) {
  await page.locator("#signin-username").waitFor();
  await page.focus("#signin-username");
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await page.locator("#app").waitFor();
}

export const bodies = (page) => page.locator("#messages li.msg:not(.pending) .body").allTextContents();
export const countOf = async (page, text) => (await bodies(page)).filter((b) => b === text).length;
export const convItem = (page, title) =>
  page.locator("#conv-list li", { has: page.locator(".conv-title", { hasText: title }) });

export async function send(page, text) {
  await page.fill("#compose", text);
  await page.press("#compose", "Enter");
}
