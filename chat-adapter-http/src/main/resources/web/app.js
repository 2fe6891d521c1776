// The ChatFlow web client: plain modules over the public API, no framework.

import { Api, ApiError } from "./api.js";
import { Live } from "./live.js";
import { $, el, linkify, when, errorText, debounce } from "./dom.js";

const PAGE = 50;
const TYPING_EVERY_MS = 3000;

const api = new Api();
let live = null;
let me = null;
/** id -> conversation as the list shows it */
const conversations = new Map();
/** conversation id -> the other person of a direct conversation */
const partners = new Map();
/** user id -> "online" | "offline" */
const presence = new Map();
/** conversation id -> Map(user id -> {name, until}) */
const typing = new Map();
/** The open conversation. */
let view = null;

// ---------- sign in ----------

let registering = false;

function showSignIn(message = "") {
  $("#app").hidden = true;
  $("#signin").hidden = false;
  $("#signin-error").textContent = message;
  $("#signin-username").focus();
}

$("#signin-toggle").addEventListener("click", () => {
  registering = !registering;
  $("#signin-display-row").hidden = !registering;
  $("#signin-submit").textContent = registering ? "Create account" : "Sign in";
  $("#signin-toggle").textContent = registering ? "Have an account? Sign in" : "New here? Create an account";
  $("#signin-mode-text").textContent = registering ? "Create an account, then start chatting." : "Sign in to chat.";
  $("#signin-password").autocomplete = registering ? "new-password" : "current-password";
});

$("#signin-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const username = $("#signin-username").value.trim();
  const password = $("#signin-password").value;
  const button = $("#signin-submit");
  button.disabled = true;
  $("#signin-error").textContent = "";
  try {
    if (registering) await api.register(username, password, $("#signin-display").value.trim());
    await api.signIn(username, password);
    $("#signin-password").value = "";
    await startApp();
  } catch (err) {
    $("#signin-error").textContent = err instanceof ApiError && err.problem?.error === "invalid_grant"
      ? "Wrong username or password." : errorText(err);
  } finally {
    button.disabled = false;
  }
});

$("#signout").addEventListener("click", async () => {
  live?.stop();
  live = null;
  await api.signOut();
  resetState();
  showSignIn("Signed out.");
});

api.onSignedOut = () => {
  live?.stop();
  live = null;
  resetState();
  showSignIn("Your session ended. Please sign in again.");
};

function resetState() {
  conversations.clear();
  partners.clear();
  presence.clear();
  typing.clear();
  view = null;
  me = null;
  $("#conv-list").replaceChildren();
  $("#messages").replaceChildren();
  closeConversationView();
}

async function startApp() {
  me = await api.get("/users/me");
  $("#signin").hidden = true;
  $("#app").hidden = false;
  $("#me").textContent = me.displayName;
  $("#me").title = "@" + me.username;
  live = new Live(api, { onEvent, onState: setConnection, onResync: resync });
  await live.begin();
  await loadConversations();
  live.run();
  const first = $("#conv-list button");
  (first || $("#new-conv")).focus();
}

function setConnection(state, text) {
  const conn = $("#conn");
  conn.dataset.state = state;
  conn.textContent = text;
}

// ---------- conversation list ----------

async function loadConversations() {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(`/conversations?limit=200${cursor ? "&cursor=" + encodeURIComponent(cursor) : ""}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  conversations.clear();
  for (const c of items) conversations.set(c.id, c);
  await Promise.all(items.filter((c) => c.kind === "direct" && !partners.has(c.id)).map(loadPartner));
  renderList();
}

async function loadPartner(c) {
  try {
    const detail = await api.get(`/conversations/${encodeURIComponent(c.id)}`);
    const other = detail.members.map((m) => m.user).find((u) => u.id !== me.id);
    if (other) {
      partners.set(c.id, other);
      await loadPresence(other.id);
    }
  } catch (e) {
    console.warn("no partner for", c.id, e);
  }
}

async function loadPresence(userId) {
  try {
    const user = await api.get(`/users/${encodeURIComponent(userId)}`);
    presence.set(userId, user.presence.status);
  } catch {
    presence.delete(userId);
  }
}

function titleOf(c) {
  if (c.title) return c.title;
  if (c.kind === "direct") return partners.get(c.id)?.displayName || "Direct conversation";
  return "Untitled group";
}

function previewOf(c) {
  const m = c.lastMessage;
  if (!m) return "No messages yet";
  const who = m.sender.id === me.id ? "You" : m.sender.displayName;
  return `${who}: ${m.deleted ? "message deleted" : m.body.replace(/\s+/g, " ")}`;
}

function sortedConversations() {
  return [...conversations.values()].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}

function renderList() {
  const list = $("#conv-list");
  const focusedId = document.activeElement?.closest?.("#conv-list li")?.dataset.id;
  const items = sortedConversations().map((c) => {
    const partner = partners.get(c.id);
    const status = partner ? presence.get(partner.id) || "offline" : null;
    const unread = c.unreadCount > 0 && c.id !== view?.id ? c.unreadCount : 0;
    const label = `${titleOf(c)}${status ? ", " + status : ""}${unread ? `, ${unread} unread` : ""}`;
    const button = el("button", { type: "button", class: "conv-item", "aria-label": label,
      "aria-current": c.id === view?.id ? "true" : "false" },
      el("span", { class: "avatar", "aria-hidden": "true" }, initials(titleOf(c)),
        status ? el("span", { class: `dot ${status}`, title: status }) : null),
      el("span", { class: "conv-text" },
        el("span", { class: "conv-title" }, titleOf(c)),
        el("span", { class: "conv-preview" }, previewOf(c))),
      el("span", { class: "conv-meta" },
        el("time", { datetime: c.lastActivityAt }, shortTime(c.lastActivityAt)),
        unread ? el("span", { class: "badge", "aria-hidden": "true" }, unread > 99 ? "99+" : String(unread)) : null));
    button.addEventListener("click", () => openConversation(c.id));
    return el("li", { "data-id": c.id }, button);
  });
  list.replaceChildren(...items);
  $("#conv-empty").hidden = items.length > 0;
  if (focusedId) list.querySelector(`li[data-id="${CSS.escape(focusedId)}"] button`)?.focus();
  document.title = totalUnread() ? `(${totalUnread()}) ChatFlow` : "ChatFlow";
}

function totalUnread() {
  let n = 0;
  for (const c of conversations.values()) if (c.id !== view?.id) n += c.unreadCount;
  return n;
}

const renderListSoon = debounce(renderList, 50);

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0].toUpperCase()).join("") || "?";
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateFmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

function shortTime(iso) {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString() ? timeFmt.format(d) : dateFmt.format(d);
}

// ---------- a conversation ----------

async function openConversation(id) {
  if (view?.id === id) {
    $("#compose").focus();
    return;
  }
  closeConversationView();
  const c = conversations.get(id);
  view = { id, messages: new Map(), pending: new Map(), oldest: null, newest: 0, readSent: 0, loadingOlder: false,
    observer: null, lastTypingSent: 0 };
  document.body.classList.add("has-open");
  $("#conv-none").hidden = true;
  $(".conv-head").hidden = false;
  $("#scroller").hidden = false;
  $("#composer").hidden = false;
  renderHeader();
  renderList();
  renderTyping();
  view.observer = new IntersectionObserver(onSeen, { root: $("#scroller"), threshold: 0.6 });
  try {
    const page = await api.get(`/conversations/${encodeURIComponent(id)}/messages?limit=${PAGE}`);
    if (view?.id !== id) return;
    for (const m of page.items) upsertMessage(m);
    view.oldest = page.items.length ? page.items[0].seq : (c?.lastSeq ?? 0) + 1;
    renderHistoryState();
    scrollToBottom();
  } catch (e) {
    $("#history-state").textContent = errorText(e);
  }
  $("#compose").focus();
  if (!$("#members").hidden) renderMembers();
}

function closeConversationView() {
  view?.observer?.disconnect();
  view = null;
  document.body.classList.remove("has-open");
  $("#messages").replaceChildren();
  $("#conv-none").hidden = false;
  $(".conv-head").hidden = true;
  $("#scroller").hidden = true;
  $("#composer").hidden = true;
  $("#typing").textContent = "";
  $("#members").hidden = true;
  $("#members-toggle").setAttribute("aria-expanded", "false");
}

function renderHeader() {
  const c = conversations.get(view.id);
  if (!c) return;
  $("#conv-title").textContent = titleOf(c);
  const partner = partners.get(c.id);
  $("#conv-sub").textContent = partner
    ? presence.get(partner.id) === "online" ? "online" : "offline"
    : `${c.memberCount} members`;
}

function renderHistoryState() {
  $("#history-state").textContent = view.oldest <= 1
    ? "This is the beginning of the conversation."
    : view.loadingOlder ? "Loading earlier messages…" : "";
}

async function loadOlder() {
  if (!view || view.loadingOlder || view.oldest <= 1) return;
  const id = view.id;
  view.loadingOlder = true;
  renderHistoryState();
  const scroller = $("#scroller");
  const before = scroller.scrollHeight - scroller.scrollTop;
  try {
    const page = await api.get(`/conversations/${encodeURIComponent(id)}/messages?before=${view.oldest}&limit=${PAGE}`);
    if (view?.id !== id) return;
    for (const m of page.items) upsertMessage(m);
    view.oldest = page.items.length ? Math.min(view.oldest, page.items[0].seq) : 1;
    scroller.scrollTop = scroller.scrollHeight - before;
  } catch (e) {
    $("#history-state").textContent = errorText(e);
  } finally {
    if (view?.id === id) {
      view.loadingOlder = false;
      renderHistoryState();
    }
  }
}

$("#scroller").addEventListener("scroll", () => {
  if ($("#scroller").scrollTop < 120) loadOlder();
});

function atBottom() {
  const s = $("#scroller");
  return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
}

function scrollToBottom() {
  const s = $("#scroller");
  s.scrollTop = s.scrollHeight;
}

/** Fills a gap (seq jumped) or catches up after a resync, from the message list itself. */
async function fetchAfter(seq) {
  const id = view.id;
  let after = seq;
  for (;;) {
    const page = await api.get(`/conversations/${encodeURIComponent(id)}/messages?after=${after}&limit=200`);
    if (view?.id !== id) return;
    for (const m of page.items) upsertMessage(m);
    if (page.items.length < 200) return;
    after = page.items[page.items.length - 1].seq;
  }
}

function messageElement(m) {
  const mine = m.sender.id === me.id;
  const body = m.deleted
    ? el("p", { class: "body deleted" }, "This message was deleted.")
    : el("p", { class: "body" }, linkify(m.body));
  const li = el("li", { class: `msg${mine ? " mine" : ""}${m.deleted ? " is-deleted" : ""}`, "data-seq": String(m.seq) },
    el("div", { class: "msg-head" },
      el("span", { class: "sender" }, mine ? "You" : m.sender.displayName),
      el("time", { datetime: m.createdAt, title: new Date(m.createdAt).toLocaleString() }, shortTime(m.createdAt)),
      m.editedAt && !m.deleted ? el("span", { class: "edited" }, "(edited)") : null),
    body);
  if (mine && !m.deleted) {
    const edit = el("button", { type: "button", class: "tiny", "aria-label": `Edit message ${m.seq}` }, "Edit");
    const del = el("button", { type: "button", class: "tiny danger", "aria-label": `Delete message ${m.seq}` }, "Delete");
    edit.addEventListener("click", () => startEdit(m.seq));
    del.addEventListener("click", () => deleteMessage(m.seq));
    li.append(el("div", { class: "msg-actions" }, edit, del));
  }
  return li;
}

function upsertMessage(m) {
  if (!view || m.conversationId !== view.id) return;
  const old = view.messages.get(m.seq);
  if (old && old.editedAt === m.editedAt && old.deleted === m.deleted && old.body === m.body) return;
  view.messages.set(m.seq, m);
  const list = $("#messages");
  const li = messageElement(m);
  const existing = list.querySelector(`li[data-seq="${m.seq}"]`);
  if (existing) {
    if (existing.querySelector(".edit-box")) return;
    view.observer.unobserve(existing);
    existing.replaceWith(li);
  } else {
    let next = null;
    for (const item of list.children) {
      const s = Number(item.dataset.seq);
      if (!item.dataset.seq || s > m.seq) { next = item; break; }
    }
    list.insertBefore(li, next);
  }
  view.newest = Math.max(view.newest, m.seq);
  if (m.sender.id !== me.id) view.observer.observe(li);
}

// ---------- read marker ----------

function onSeen(entries) {
  if (!view || document.visibilityState !== "visible") return;
  let max = 0;
  for (const e of entries) {
    if (e.isIntersecting) {
      max = Math.max(max, Number(e.target.dataset.seq));
      view.observer.unobserve(e.target);
    }
  }
  if (max > view.readSent) {
    view.readSent = max;
    sendRead();
  }
}

const sendRead = debounce(async () => {
  if (!view) return;
  const id = view.id;
  try {
    const marker = await api.put(`/conversations/${encodeURIComponent(id)}/read`, { seq: view.readSent });
    applyReadMarker(marker);
  } catch (e) {
    console.warn("read marker", e);
  }
}, 200);

function applyReadMarker(marker) {
  const c = conversations.get(marker.conversationId);
  if (c) {
    c.unreadCount = marker.unreadCount;
    renderListSoon();
  }
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "visible" || !view) return;
  // Messages that arrived while hidden are observed again now that someone can see them.
  for (const li of $("#messages").children) {
    if (li.dataset.seq && Number(li.dataset.seq) > view.readSent && !li.classList.contains("mine")) view.observer.observe(li);
  }
});

// ---------- sending ----------

$("#compose").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $("#composer").requestSubmit();
  }
});

$("#compose").addEventListener("input", () => {
  const t = $("#compose");
  t.style.height = "auto";
  t.style.height = Math.min(t.scrollHeight, 200) + "px";
  if (view && t.value.trim() && Date.now() - view.lastTypingSent > TYPING_EVERY_MS) {
    view.lastTypingSent = Date.now();
    const id = view.id;
    if (!live?.send({ type: "typing", conversationId: id })) {
      api.post(`/conversations/${encodeURIComponent(id)}/typing`).catch(() => {});
    }
  }
});

$("#composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const t = $("#compose");
  const body = t.value;
  if (!view || !body.trim()) return;
  t.value = "";
  t.style.height = "auto";
  const pending = { clientMessageId: crypto.randomUUID(), body, conversationId: view.id, li: null };
  view.pending.set(pending.clientMessageId, pending);
  pending.li = el("li", { class: "msg mine pending", "data-client-id": pending.clientMessageId },
    el("div", { class: "msg-head" }, el("span", { class: "sender" }, "You"), el("span", { class: "status" }, "Sending…")),
    el("p", { class: "body" }, linkify(body)));
  $("#messages").append(pending.li);
  scrollToBottom();
  send(pending);
});

/** Posts a pending message; a retry carries the same clientMessageId, so the server never makes two. */
async function send(pending, attempt = 0) {
  const status = pending.li.querySelector(".status");
  status.textContent = "Sending…";
  pending.li.classList.remove("failed");
  pending.li.querySelector(".retry")?.remove();
  try {
    const m = await api.post(`/conversations/${encodeURIComponent(pending.conversationId)}/messages`,
      { body: pending.body, clientMessageId: pending.clientMessageId });
    settle(pending, m);
    noteMessage(m);
  } catch (e) {
    const retryable = !(e instanceof ApiError) || e.status >= 500 || e.status === 429;
    if (retryable && attempt < 2) {
      await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
      return send(pending, attempt + 1);
    }
    pending.li.classList.add("failed");
    status.textContent = retryable ? "Not sent." : `Not sent: ${errorText(e)}`;
    if (retryable) {
      const retry = el("button", { type: "button", class: "tiny retry" }, "Retry");
      retry.addEventListener("click", () => send(pending));
      pending.li.append(retry);
      retry.focus();
    }
  }
}

function settle(pending, m) {
  view?.pending.delete(pending.clientMessageId);
  pending.li.remove();
  if (view?.id === m.conversationId) {
    const bottom = atBottom();
    upsertMessage(m);
    view.readSent = Math.max(view.readSent, m.seq);
    if (bottom) scrollToBottom();
  }
}

// ---------- editing ----------

function startEdit(seq) {
  const li = $("#messages").querySelector(`li[data-seq="${seq}"]`);
  const m = view?.messages.get(seq);
  if (!li || !m || li.querySelector(".edit-box")) return;
  const box = el("textarea", { class: "edit-box", "aria-label": `Edit message ${seq}`, rows: "2" });
  box.value = m.body;
  const save = el("button", { type: "button", class: "tiny primary" }, "Save");
  const cancel = el("button", { type: "button", class: "tiny" }, "Cancel");
  const wrap = el("div", { class: "edit" }, box, el("div", { class: "row" }, save, cancel));
  const body = li.querySelector(".body");
  body.hidden = true;
  li.querySelector(".msg-actions").hidden = true;
  body.after(wrap);
  const done = () => {
    wrap.remove();
    body.hidden = false;
    li.querySelector(".msg-actions").hidden = false;
    const latest = view?.messages.get(seq);
    if (latest) { view.messages.delete(seq); upsertMessage(latest); }
    $("#messages").querySelector(`li[data-seq="${seq}"] button`)?.focus();
  };
  const commit = async () => {
    if (!box.value.trim() || box.value === m.body) { done(); return; }
    save.disabled = true;
    try {
      const updated = await api.patch(`/conversations/${encodeURIComponent(view.id)}/messages/${seq}`, { body: box.value });
      view.messages.set(seq, updated);
      done();
    } catch (e) {
      save.disabled = false;
      alertError(e);
    }
  };
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); commit(); }
    if (e.key === "Escape") { e.preventDefault(); done(); }
  });
  save.addEventListener("click", commit);
  cancel.addEventListener("click", done);
  box.focus();
}

async function deleteMessage(seq) {
  if (!view || !confirm("Delete this message for everyone?")) return;
  try {
    const m = await api.delete(`/conversations/${encodeURIComponent(view.id)}/messages/${seq}`);
    if (m) upsertMessage(m);
  } catch (e) {
    alertError(e);
  }
}

function alertError(e) {
  const p = el("li", { class: "msg-error", role: "alert" }, errorText(e));
  $("#messages").append(p);
  setTimeout(() => p.remove(), 5000);
}

// ---------- typing ----------

function renderTyping() {
  const now = Date.now();
  const people = view ? [...(typing.get(view.id)?.values() || [])].filter((t) => t.until > now) : [];
  $("#typing").textContent = people.length === 0 ? ""
    : people.length === 1 ? `${people[0].name} is typing…`
    : `${people.map((p) => p.name).join(", ")} are typing…`;
}

setInterval(renderTyping, 1000);

// ---------- events ----------

function onEvent(event) {
  const c = event.conversationId ? conversations.get(event.conversationId) : null;
  switch (event.type) {
    case "message.created": {
      const m = event.data;
      noteMessage(m);
      clearTyping(m.conversationId, m.sender.id);
      if (view?.id === m.conversationId) {
        const bottom = atBottom();
        if (m.sender.id === me.id) settleByEcho(m);
        if (view.newest && m.seq > view.newest + 1) fetchAfter(view.newest).catch(() => {});
        upsertMessage(m);
        if (bottom) scrollToBottom();
      }
      break;
    }
    case "message.updated":
    case "message.deleted": {
      const m = event.data;
      if (c && c.lastMessage?.seq === m.seq) { c.lastMessage = m; renderListSoon(); }
      if (view?.id === m.conversationId && view.messages.has(m.seq)) upsertMessage(m);
      break;
    }
    case "conversation.created":
    case "conversation.updated": {
      const fresh = event.data;
      conversations.set(fresh.id, fresh);
      const work = fresh.kind === "direct" && !partners.has(fresh.id) ? loadPartner(fresh) : Promise.resolve();
      work.then(() => {
        renderList();
        if (view?.id === fresh.id) renderHeader();
      });
      break;
    }
    case "member.joined":
    case "member.left":
    case "member.updated": {
      if (event.type === "member.left" && event.data.user.id === me.id) {
        conversations.delete(event.conversationId);
        if (view?.id === event.conversationId) closeConversationView();
        renderList();
        break;
      }
      if (c) {
        if (event.type === "member.joined") c.memberCount++;
        if (event.type === "member.left") c.memberCount = Math.max(0, c.memberCount - 1);
        if (event.data.user.id === me.id) c.role = event.data.role;
      }
      if (view?.id === event.conversationId) {
        renderHeader();
        if (!$("#members").hidden) renderMembers();
      }
      break;
    }
    case "read.updated":
      applyReadMarker(event.data);
      break;
    case "typing": {
      const u = event.data.user;
      if (u.id === me.id) break;
      if (!typing.has(event.conversationId)) typing.set(event.conversationId, new Map());
      const until = Math.min(Date.parse(event.data.expiresAt) || Date.now() + 6000, Date.now() + 10_000);
      typing.get(event.conversationId).set(u.id, { name: u.displayName, until });
      renderTyping();
      break;
    }
    case "presence.changed": {
      presence.set(event.data.user.id, event.data.status);
      renderListSoon();
      if (view && partners.get(view.id)?.id === event.data.user.id) renderHeader();
      break;
    }
    default:
      break;
  }
}

/** A message came in (or went out): the list's preview, order and unread count follow. */
function noteMessage(m) {
  const c = conversations.get(m.conversationId);
  if (!c) {
    loadConversations().catch(() => {});
    return;
  }
  if (m.seq <= c.lastSeq && c.lastMessage && c.lastMessage.seq >= m.seq) return;
  c.lastSeq = Math.max(c.lastSeq, m.seq);
  c.lastMessage = m;
  if (m.createdAt > c.lastActivityAt) c.lastActivityAt = m.createdAt;
  if (m.sender.id !== me.id) c.unreadCount++;
  else c.unreadCount = 0;
  renderListSoon();
}

/** Our own message's event came before the POST's answer: that pending copy is the same message. */
function settleByEcho(m) {
  for (const p of view.pending.values()) {
    if (p.conversationId === m.conversationId && p.body === m.body && !p.li.classList.contains("failed")) {
      view.pending.delete(p.clientMessageId);
      p.li.remove();
      return;
    }
  }
}

function clearTyping(conversationId, userId) {
  typing.get(conversationId)?.delete(userId);
  renderTyping();
}

/** The server no longer had our cursor: reload what is shown from the lists themselves. */
async function resync() {
  await loadConversations();
  if (view) {
    const id = view.id;
    closeConversationView();
    await openConversation(id);
  }
}

// ---------- members ----------

$("#members-toggle").addEventListener("click", () => {
  const open = $("#members").hidden;
  $("#members").hidden = !open;
  $("#members-toggle").setAttribute("aria-expanded", String(open));
  if (open) renderMembers().then(() => $("#members-close").focus());
});

$("#members-close").addEventListener("click", () => {
  $("#members").hidden = true;
  $("#members-toggle").setAttribute("aria-expanded", "false");
  $("#members-toggle").focus();
});

async function renderMembers() {
  if (!view) return;
  const id = view.id;
  const c = conversations.get(id);
  $("#members-error").textContent = "";
  let detail;
  try {
    detail = await api.get(`/conversations/${encodeURIComponent(id)}`);
  } catch (e) {
    $("#members-error").textContent = errorText(e);
    return;
  }
  if (view?.id !== id) return;
  const myRole = detail.role;
  const group = detail.kind === "group";
  const manager = group && (myRole === "owner" || myRole === "admin");
  $("#rename-form").hidden = !manager;
  $("#rename-input").value = detail.title || "";
  $("#member-add").hidden = !manager;
  $("#leave").hidden = !group;
  const items = detail.members.map((m) => {
    const self = m.user.id === me.id;
    const li = el("li", { class: "member" },
      el("span", { class: "member-name" }, m.user.displayName + (self ? " (you)" : ""),
        el("span", { class: "muted" }, " @" + m.user.username)));
    if (group && myRole === "owner" && !self && m.role !== "owner") {
      const select = el("select", { "aria-label": `Role of ${m.user.displayName}` },
        el("option", { value: "member" }, "member"), el("option", { value: "admin" }, "admin"));
      select.value = m.role;
      select.addEventListener("change", () => memberAction(() =>
        api.patch(`/conversations/${encodeURIComponent(id)}/members/${encodeURIComponent(m.user.id)}`, { role: select.value })));
      li.append(select);
    } else {
      li.append(el("span", { class: "role" }, m.role));
    }
    const mayRemove = manager && !self && m.role !== "owner" && (myRole === "owner" || m.role === "member");
    if (mayRemove) {
      const remove = el("button", { type: "button", class: "tiny danger", "aria-label": `Remove ${m.user.displayName}` }, "Remove");
      remove.addEventListener("click", () => memberAction(() =>
        api.delete(`/conversations/${encodeURIComponent(id)}/members/${encodeURIComponent(m.user.id)}`)));
      li.append(remove);
    }
    return li;
  });
  $("#member-list").replaceChildren(...items);
  if (c) { c.role = myRole; c.memberCount = detail.members.length; }
}

async function memberAction(work) {
  $("#members-error").textContent = "";
  try {
    await work();
    await renderMembers();
  } catch (e) {
    $("#members-error").textContent = errorText(e);
  }
}

$("#rename-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const title = $("#rename-input").value.trim();
  if (!view || !title) return;
  const id = view.id;
  memberAction(async () => {
    const updated = await api.patch(`/conversations/${encodeURIComponent(id)}`, { title });
    const c = conversations.get(id);
    if (c) { c.title = updated.title; renderList(); renderHeader(); }
  });
});

$("#leave").addEventListener("click", async () => {
  if (!view || !confirm("Leave this conversation? You lose access to its history.")) return;
  const id = view.id;
  try {
    await api.delete(`/conversations/${encodeURIComponent(id)}/members/${encodeURIComponent(me.id)}`);
    conversations.delete(id);
    closeConversationView();
    renderList();
    $("#new-conv").focus();
  } catch (e) {
    $("#members-error").textContent = errorText(e);
  }
});

searchBox($("#member-search"), $("#member-results"), (user) => view && memberAction(() =>
  api.post(`/conversations/${encodeURIComponent(view.id)}/members`, { userId: user.id })
    .then(() => { $("#member-search").value = ""; $("#member-results").replaceChildren(); })));

// ---------- new conversation ----------

const chosen = new Map();

function renderChosen() {
  $("#new-chosen").replaceChildren(...(chosen.size === 0 ? ["nobody yet"] : [...chosen.values()].map((u) => {
    const chip = el("button", { type: "button", class: "chip", "aria-label": `Remove ${u.displayName}` }, u.displayName, " ✕");
    chip.addEventListener("click", () => { chosen.delete(u.id); renderChosen(); });
    return chip;
  })));
  $("#new-start").disabled = chosen.size === 0;
  $("#new-start").textContent = chosen.size > 1 || $("#new-group-title").value.trim() ? "Start group" : "Start chat";
}

$("#new-group-title").addEventListener("input", renderChosen);

$("#new-conv").addEventListener("click", () => {
  chosen.clear();
  renderChosen();
  $("#new-search").value = "";
  $("#new-group-title").value = "";
  $("#new-results").replaceChildren();
  $("#new-error").textContent = "";
  $("#new-dialog").showModal();
  $("#new-search").focus();
});

$("#new-cancel").addEventListener("click", () => $("#new-dialog").close());

searchBox($("#new-search"), $("#new-results"), (user) => {
  chosen.set(user.id, user);
  renderChosen();
  $("#new-search").focus();
});

$("#new-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (chosen.size === 0) return;
  const title = $("#new-group-title").value.trim();
  const group = chosen.size > 1 || title;
  const body = group ? { kind: "group", memberIds: [...chosen.keys()], title: title || undefined }
    : { kind: "direct", memberIds: [...chosen.keys()] };
  try {
    const c = await api.post("/conversations", body);
    const summary = conversations.get(c.id) || { ...c };
    delete summary.members;
    conversations.set(c.id, summary);
    if (c.kind === "direct") {
      const other = c.members?.map((m) => m.user).find((u) => u.id !== me.id);
      if (other) { partners.set(c.id, other); await loadPresence(other.id); }
    }
    $("#new-dialog").close();
    renderList();
    await openConversation(c.id);
  } catch (err) {
    $("#new-error").textContent = errorText(err);
  }
});

/** A search field whose results are buttons; picking one calls pick(user). */
function searchBox(input, results, pick) {
  const run = debounce(async () => {
    const q = input.value.trim();
    if (!q) { results.replaceChildren(); return; }
    try {
      const page = await api.get(`/users?q=${encodeURIComponent(q)}&limit=10`);
      if (input.value.trim() !== q) return;
      const items = page.items.filter((u) => u.id !== me.id).map((u) => {
        const b = el("button", { type: "button", class: "result" },
          el("span", { class: "avatar small", "aria-hidden": "true" }, initials(u.displayName)),
          u.displayName, el("span", { class: "muted" }, " @" + u.username));
        b.addEventListener("click", () => pick(u));
        return el("li", {}, b);
      });
      results.replaceChildren(...(items.length ? items : [el("li", { class: "muted" }, "Nobody found.")]));
    } catch (e) {
      results.replaceChildren(el("li", { class: "error" }, errorText(e)));
    }
  }, 200);
  input.addEventListener("input", run);
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { e.preventDefault(); results.querySelector("button")?.focus(); }
    if (e.key === "Enter") { e.preventDefault(); results.querySelector("button")?.click(); }
  });
  results.addEventListener("keydown", (e) => {
    const buttons = [...results.querySelectorAll("button")];
    const i = buttons.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && i >= 0) { e.preventDefault(); buttons[Math.min(i + 1, buttons.length - 1)].focus(); }
    if (e.key === "ArrowUp" && i >= 0) { e.preventDefault(); (i === 0 ? input : buttons[i - 1]).focus(); }
  });
}

// ---------- layout ----------

$("#back").addEventListener("click", () => {
  const id = view?.id;
  closeConversationView();
  renderList();
  if (id) $("#conv-list").querySelector(`li[data-id="${CSS.escape(id)}"] button`)?.focus();
});

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !$("#members").hidden) $("#members-close").click();
});

// Presence of direct partners drifts (the server sweeps idle users): refresh it now and then.
setInterval(() => {
  if (!api.signedIn) return;
  const ids = new Set([...partners.values()].map((u) => u.id));
  Promise.all([...ids].map(loadPresence)).then(renderListSoon);
}, 60_000);

when(document.readyState !== "loading", () => showSignIn());
