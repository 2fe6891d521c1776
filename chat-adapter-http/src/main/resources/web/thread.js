// The thread panel beside the conversation: a root, its replies in seq order, a composer that
// posts replies (replyTo), and live replies as they come.

import { $, el, errorText } from "./dom.js";
import { api, state } from "./state.js";
import { messageElement } from "./conversation.js";

const PAGE = 200;

/** The open thread: {root seq, replies: Map(seq -> message)}, or null. */
let open = null;

export function threadRoot() {
  return open?.root ?? null;
}

/** A reply shown in the panel, or undefined. */
export function threadMessage(seq) {
  return open?.replies.get(seq);
}

/** Keeps a newer copy of a reply shown in the panel (its reactions changed). */
export function keepThreadMessage(m) {
  if (open?.replies.has(m.seq)) open.replies.set(m.seq, m);
}

export async function openThread(rootSeq) {
  if (!state.view) return;
  const id = state.view.id;
  open = { root: rootSeq, replies: new Map() };
  $("#thread").hidden = false;
  $("#members").hidden = true;
  $("#thread-replies").replaceChildren();
  $("#thread-error").textContent = "";
  renderRoot();
  try {
    let cursor = null;
    do {
      const page = await api.get(`/conversations/${encodeURIComponent(id)}/messages/${rootSeq}/replies?limit=${PAGE}`
        + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
      if (state.view?.id !== id || open?.root !== rootSeq) return;
      for (const m of page.items) upsertReply(m);
      cursor = page.nextCursor;
    } while (cursor);
  } catch (e) {
    $("#thread-error").textContent = errorText(e);
  }
  $("#thread-compose").focus();
}

export function closeThread() {
  open = null;
  $("#thread").hidden = true;
  $("#thread-replies").replaceChildren();
}

/** The root changed (a new reply count, an edit): shown again. */
export function renderRoot() {
  if (!open || !state.view) return;
  const root = state.view.messages.get(open.root);
  $("#thread-root").replaceChildren(root ? messageElement(root, { inThread: true }) : el("p", { class: "muted" }, "…"));
}

/** A reply of the open thread (from the list, a post or an event); once per seq. */
export function upsertReply(m) {
  if (!open || m.replyTo !== open.root || m.conversationId !== state.view?.id) return;
  open.replies.set(m.seq, m);
  const list = $("#thread-replies");
  const li = messageElement(m, { inThread: true });
  const existing = list.querySelector(`li[data-seq="${m.seq}"]`);
  if (existing) {
    existing.replaceWith(li);
    return;
  }
  const next = [...list.children].find((item) => Number(item.dataset.seq) > m.seq) ?? null;
  list.insertBefore(li, next);
  list.scrollTop = list.scrollHeight;
}

$("#thread-close").addEventListener("click", closeThread);

$("#thread-compose").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $("#thread-composer").requestSubmit();
  }
});

$("#thread-composer").addEventListener("submit", async (e) => {
  e.preventDefault();
  const box = $("#thread-compose");
  const body = box.value;
  if (!open || !state.view || !body.trim()) return;
  const root = open.root;
  box.value = "";
  $("#thread-error").textContent = "";
  try {
    const m = await api.post(`/conversations/${encodeURIComponent(state.view.id)}/messages`,
      { body, replyTo: root, clientMessageId: crypto.randomUUID() });
    upsertReply(m);
  } catch (err) {
    box.value = body;
    $("#thread-error").textContent = errorText(err);
  }
});
