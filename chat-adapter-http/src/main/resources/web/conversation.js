// One conversation: history paging back on scroll-up, sending (optimistic, idempotent by
// clientMessageId), editing and deleting, the read marker, the typing line.

import { ApiError } from "./api.js";
import { $, el, linkify, richText, errorText, debounce } from "./dom.js";
import { api, state, conversations, partners, presence, typing } from "./state.js";
import { renderList, renderListSoon, titleOf, shortTime } from "./list.js";
import { noteMessage } from "./events.js";
import { renderMembers } from "./people.js";
import { reactionBar } from "./reactions.js";
import { openThread, closeThread, threadRoot, upsertReply, renderRoot } from "./thread.js";

const PAGE = 50;
const TYPING_EVERY_MS = 3000;
const UNREAD_PAGES = 3;

export async function openConversation(id) {
  if (state.view?.id === id) {
    $("#compose").focus();
    return;
  }
  closeConversationView();
  const c = conversations.get(id);
  state.view = { id, messages: new Map(), pending: new Map(), oldest: null, newest: 0, readSent: 0, loadingOlder: false,
    observer: null, lastTypingSent: 0 };
  document.body.classList.add("has-open");
  $("#conv-none").hidden = true;
  $(".conv-head").hidden = false;
  $("#scroller").hidden = false;
  $("#composer").hidden = false;
  renderHeader();
  renderList();
  renderTyping();
  state.view.observer = new IntersectionObserver(onSeen, { root: $("#scroller"), threshold: 0.6 });
  try {
    const firstUnread = c && c.unreadCount > 0 ? c.readSeq + 1 : null;
    const page = await api.get(`/conversations/${encodeURIComponent(id)}/messages?limit=${PAGE}`);
    if (state.view?.id !== id) return;
    for (const m of page.items) upsertMessage(m);
    state.view.oldest = page.items.length ? page.items[0].seq : (c?.lastSeq ?? 0) + 1;
    // Open at the first unread message: page back to it, a few pages at most.
    for (let more = 0; firstUnread && state.view.oldest > firstUnread && more < UNREAD_PAGES; more++) {
      const older = await api.get(`/conversations/${encodeURIComponent(id)}/messages?before=${state.view.oldest}&limit=${PAGE}`);
      if (state.view?.id !== id) return;
      for (const m of older.items) upsertMessage(m);
      state.view.oldest = older.items.length ? Math.min(state.view.oldest, older.items[0].seq) : 1;
    }
    renderHistoryState();
    if (!showFirstUnread(firstUnread)) scrollToBottom();
  } catch (e) {
    $("#history-state").textContent = errorText(e);
  }
  $("#compose").focus();
  if (!$("#members").hidden) renderMembers();
}

/** Puts a "New messages" line before the first unread message still shown and scrolls to it; false when there is none. */
function showFirstUnread(seq) {
  if (!seq) return false;
  const list = $("#messages");
  const first = [...list.querySelectorAll("li.msg[data-seq]:not(.mine)")].find((li) => Number(li.dataset.seq) >= seq);
  if (!first) return false;
  // data-divider orders it among the messages: it stands just before that seq
  const line = el("li", { class: "unread-line", role: "separator", "data-divider": first.dataset.seq }, "New messages");
  list.insertBefore(line, first);
  line.scrollIntoView({ block: "start" });
  return true;
}

const JUMP_PAGES = 40;

/** Shows message {@code seq} of the open conversation (a search hit): pages back to it, then marks it. */
export async function showMessage(seq) {
  const id = state.view?.id;
  for (let pages = 0; state.view?.id === id && state.view.oldest > seq && pages < JUMP_PAGES; pages++) {
    const older = await api.get(`/conversations/${encodeURIComponent(id)}/messages?before=${state.view.oldest}&limit=${PAGE}`);
    if (state.view?.id !== id) return;
    for (const m of older.items) upsertMessage(m);
    state.view.oldest = older.items.length ? Math.min(state.view.oldest, older.items[0].seq) : 1;
  }
  renderHistoryState();
  const li = $("#messages").querySelector(`li[data-seq="${seq}"]`);
  if (!li) return;
  $("#messages").querySelectorAll("li.found").forEach((x) => x.classList.remove("found"));
  li.classList.add("found");
  li.scrollIntoView({ block: "center" });
}

export function closeConversationView() {
  closeThread();
  state.view?.observer?.disconnect();
  state.view = null;
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

export function renderHeader() {
  const c = conversations.get(state.view.id);
  if (!c) return;
  $("#conv-title").textContent = titleOf(c);
  const partner = partners.get(c.id);
  $("#conv-sub").textContent = partner
    ? presence.get(partner.id) === "online" ? "online" : "offline"
    : `${c.memberCount} members`;
}

function renderHistoryState() {
  $("#history-state").textContent = state.view.oldest <= 1
    ? "This is the beginning of the conversation."
    : state.view.loadingOlder ? "Loading earlier messages…" : "";
}

async function loadOlder() {
  if (!state.view || state.view.loadingOlder || state.view.oldest <= 1) return;
  const id = state.view.id;
  state.view.loadingOlder = true;
  renderHistoryState();
  const scroller = $("#scroller");
  const before = scroller.scrollHeight - scroller.scrollTop;
  try {
    const page = await api.get(`/conversations/${encodeURIComponent(id)}/messages?before=${state.view.oldest}&limit=${PAGE}`);
    if (state.view?.id !== id) return;
    for (const m of page.items) upsertMessage(m);
    state.view.oldest = page.items.length ? Math.min(state.view.oldest, page.items[0].seq) : 1;
    scroller.scrollTop = scroller.scrollHeight - before;
  } catch (e) {
    $("#history-state").textContent = errorText(e);
  } finally {
    if (state.view?.id === id) {
      state.view.loadingOlder = false;
      renderHistoryState();
    }
  }
}

$("#scroller").addEventListener("scroll", () => {
  if ($("#scroller").scrollTop < 120) loadOlder();
});

export function atBottom() {
  const s = $("#scroller");
  return s.scrollHeight - s.scrollTop - s.clientHeight < 80;
}

export function scrollToBottom() {
  const s = $("#scroller");
  s.scrollTop = s.scrollHeight;
}

/** Fills a gap (seq jumped) or catches up after a resync, from the message list itself. */
export async function fetchAfter(seq) {
  const id = state.view.id;
  let after = seq;
  for (;;) {
    const page = await api.get(`/conversations/${encodeURIComponent(id)}/messages?after=${after}&limit=200`);
    if (state.view?.id !== id) return;
    for (const m of page.items) upsertMessage(m);
    if (page.items.length < 200) return;
    after = page.items[page.items.length - 1].seq;
  }
}

/** A message as a list item; {inThread: true} for the thread panel, which has no thread links of its own. */
export function messageElement(m, { inThread = false } = {}) {
  const mine = m.sender.id === state.me.id;
  const mentionsMe = !mine && (m.mentions || []).includes(state.me.id);
  const body = m.deleted
    ? el("p", { class: "body deleted" }, "This message was deleted.")
    : el("p", { class: "body" }, m.mentions?.length ? richText(m.body, state.me.username) : linkify(m.body));
  const li = el("li", { class: `msg${mine ? " mine" : ""}${m.deleted ? " is-deleted" : ""}${mentionsMe ? " mentions-me" : ""}`,
    "data-seq": String(m.seq) },
    el("div", { class: "msg-head" },
      el("span", { class: "sender" }, mine ? "You" : m.sender.displayName),
      el("time", { datetime: m.createdAt, title: new Date(m.createdAt).toLocaleString() }, shortTime(m.createdAt)),
      m.editedAt && !m.deleted ? el("span", { class: "edited" }, "(edited)") : null,
      m.replyTo && !inThread ? threadLink(m.replyTo, "in thread", `Open the thread of message ${m.replyTo}`) : null),
    body);
  if (!m.deleted) li.append(reactionBar(m));
  if (!inThread && !m.replyTo && !m.deleted) {
    li.append(m.replyCount > 0
      ? threadLink(m.seq, m.replyCount === 1 ? "1 reply" : `${m.replyCount} replies`, `Open the thread of message ${m.seq}`)
      : threadLink(m.seq, "Reply", `Reply in a thread to message ${m.seq}`));
  } else if (!inThread && !m.replyTo && m.replyCount > 0) {
    li.append(threadLink(m.seq, `${m.replyCount} replies`, `Open the thread of message ${m.seq}`));
  }
  if (mine && !m.deleted && !inThread) {
    const edit = el("button", { type: "button", class: "tiny", "aria-label": `Edit message ${m.seq}` }, "Edit");
    const del = el("button", { type: "button", class: "tiny danger", "aria-label": `Delete message ${m.seq}` }, "Delete");
    edit.addEventListener("click", () => startEdit(m.seq));
    del.addEventListener("click", () => deleteMessage(m.seq));
    li.append(el("div", { class: "msg-actions" }, edit, del));
  }
  return li;
}

function threadLink(seq, text, label) {
  const b = el("button", { type: "button", class: "link thread-link", "aria-label": label }, text);
  b.addEventListener("click", () => openThread(seq));
  return b;
}

function same(a, b) {
  return a.editedAt === b.editedAt && a.deleted === b.deleted && a.body === b.body && a.replyCount === b.replyCount
    && JSON.stringify(a.reactions) === JSON.stringify(b.reactions);
}

export function upsertMessage(m) {
  if (!state.view || m.conversationId !== state.view.id) return;
  const old = state.view.messages.get(m.seq);
  if (old && same(old, m)) return;
  state.view.messages.set(m.seq, m);
  if (m.replyTo) upsertReply(m);
  if (threadRoot() === m.seq) renderRoot();
  const list = $("#messages");
  const li = messageElement(m);
  const existing = list.querySelector(`li[data-seq="${m.seq}"]`);
  if (existing) {
    if (existing.querySelector(".edit-box")) return;
    state.view.observer.unobserve(existing);
    existing.replaceWith(li);
  } else {
    let next = null;
    for (const item of list.children) {
      const at = item.dataset.seq ?? item.dataset.divider;
      if (at === undefined || Number(at) > m.seq) { next = item; break; }
    }
    list.insertBefore(li, next);
  }
  state.view.newest = Math.max(state.view.newest, m.seq);
  if (m.sender.id !== state.me.id) state.view.observer.observe(li);
}

// ---------- read marker ----------

function onSeen(entries) {
  if (!state.view || document.visibilityState !== "visible") return;
  let max = 0;
  for (const e of entries) {
    if (e.isIntersecting) {
      max = Math.max(max, Number(e.target.dataset.seq));
      state.view.observer.unobserve(e.target);
    }
  }
  if (max > state.view.readSent) {
    state.view.readSent = max;
    sendRead();
  }
}

const sendRead = debounce(async () => {
  if (!state.view) return;
  const id = state.view.id;
  try {
    const marker = await api.put(`/conversations/${encodeURIComponent(id)}/read`, { seq: state.view.readSent });
    applyReadMarker(marker);
  } catch (e) {
    console.warn("read marker", e);
  }
}, 200);

export function applyReadMarker(marker) {
  const c = conversations.get(marker.conversationId);
  if (c) {
    c.unreadCount = marker.unreadCount;
    c.readSeq = Math.max(c.readSeq ?? 0, marker.seq);
    if (marker.unreadCount === 0) c.mentionCount = 0;
    else if (c.mentionCount > 0) refreshMentionCount(c.id);
    renderListSoon();
  }
}

/** The marker says how many are unread, not how many of them mention us: the summary does. */
const refreshMentionCount = debounce(async (id) => {
  try {
    const fresh = await api.get(`/conversations/${encodeURIComponent(id)}`);
    const c = conversations.get(id);
    if (c) { c.mentionCount = fresh.mentionCount; renderListSoon(); }
  } catch (e) {
    console.warn("mention count", e);
  }
}, 300);

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "visible" || !state.view) return;
  // Messages that arrived while hidden are observed again now that someone can see them.
  for (const li of $("#messages").children) {
    if (li.dataset.seq && Number(li.dataset.seq) > state.view.readSent && !li.classList.contains("mine")) state.view.observer.observe(li);
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
  if (state.view && t.value.trim() && Date.now() - state.view.lastTypingSent > TYPING_EVERY_MS) {
    state.view.lastTypingSent = Date.now();
    const id = state.view.id;
    if (!state.live?.send({ type: "typing", conversationId: id })) {
      api.post(`/conversations/${encodeURIComponent(id)}/typing`).catch(() => {});
    }
  }
});

$("#composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const t = $("#compose");
  const body = t.value;
  if (!state.view || !body.trim()) return;
  t.value = "";
  t.style.height = "auto";
  const pending = { clientMessageId: crypto.randomUUID(), body, conversationId: state.view.id, li: null };
  state.view.pending.set(pending.clientMessageId, pending);
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
  state.view?.pending.delete(pending.clientMessageId);
  pending.li.remove();
  if (state.view?.id === m.conversationId) {
    const bottom = atBottom();
    upsertMessage(m);
    state.view.readSent = Math.max(state.view.readSent, m.seq);
    if (bottom) scrollToBottom();
  }
}

// ---------- editing ----------

function startEdit(seq) {
  const li = $("#messages").querySelector(`li[data-seq="${seq}"]`);
  const m = state.view?.messages.get(seq);
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
    const latest = state.view?.messages.get(seq);
    if (latest) { state.view.messages.delete(seq); upsertMessage(latest); }
    $("#messages").querySelector(`li[data-seq="${seq}"] button`)?.focus();
  };
  const commit = async () => {
    if (!box.value.trim() || box.value === m.body) { done(); return; }
    save.disabled = true;
    try {
      const updated = await api.patch(`/conversations/${encodeURIComponent(state.view.id)}/messages/${seq}`, { body: box.value });
      state.view.messages.set(seq, updated);
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
  if (!state.view || !confirm("Delete this message for everyone?")) return;
  try {
    const m = await api.delete(`/conversations/${encodeURIComponent(state.view.id)}/messages/${seq}`);
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

export function renderTyping() {
  const now = Date.now();
  const people = state.view ? [...(typing.get(state.view.id)?.values() || [])].filter((t) => t.until > now) : [];
  $("#typing").textContent = people.length === 0 ? ""
    : people.length === 1 ? `${people[0].name} is typing…`
    : `${people.map((p) => p.name).join(", ")} are typing…`;
}

setInterval(renderTyping, 1000);
