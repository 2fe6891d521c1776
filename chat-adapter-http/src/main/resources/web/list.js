// The conversation list: recent activity first, unread badges, previews, presence dots.

import { $, el, debounce } from "./dom.js";
import { api, state, conversations, partners, presence } from "./state.js";
import { openConversation } from "./conversation.js";

export async function loadConversations() {
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

export async function loadPartner(c) {
  try {
    // The list names the other person (peer); a conversation from elsewhere may not.
    const other = c.peer ?? (await api.get(`/conversations/${encodeURIComponent(c.id)}`))
      .members.map((m) => m.user).find((u) => u.id !== state.me.id);
    if (other) {
      partners.set(c.id, other);
      await loadPresence(other.id);
    }
  } catch (e) {
    console.warn("no partner for", c.id, e);
  }
}

export async function loadPresence(userId) {
  try {
    const user = await api.get(`/users/${encodeURIComponent(userId)}`);
    presence.set(userId, user.presence.status);
  } catch {
    presence.delete(userId);
  }
}

export function titleOf(c) {
  if (c.title) return c.title;
  if (c.kind === "direct") return partners.get(c.id)?.displayName || "Direct conversation";
  return "Untitled group";
}

function previewOf(c) {
  const m = c.lastMessage;
  if (!m) return "No messages yet";
  const who = m.sender.id === state.me.id ? "You" : m.sender.displayName;
  return `${who}: ${m.deleted ? "message deleted" : m.body.replace(/\s+/g, " ")}`;
}

function sortedConversations() {
  return [...conversations.values()].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}

export function renderList() {
  const list = $("#conv-list");
  const focusedId = document.activeElement?.closest?.("#conv-list li")?.dataset.id;
  const items = sortedConversations().map((c) => {
    const partner = partners.get(c.id);
    const status = partner ? presence.get(partner.id) || "offline" : null;
    const unread = c.unreadCount > 0 && c.id !== state.view?.id ? c.unreadCount : 0;
    const mentions = unread && c.mentionCount > 0 ? c.mentionCount : 0;
    const label = `${titleOf(c)}${status ? ", " + status : ""}${unread ? `, ${unread} unread` : ""}`
      + (mentions ? `, ${mentions} ${mentions === 1 ? "mention" : "mentions"}` : "");
    const button = el("button", { type: "button", class: "conv-item", "aria-label": label,
      "aria-current": c.id === state.view?.id ? "true" : "false" },
      el("span", { class: "avatar", "aria-hidden": "true" }, initials(titleOf(c)),
        status ? el("span", { class: `dot ${status}`, title: status }) : null),
      el("span", { class: "conv-text" },
        el("span", { class: "conv-title" }, titleOf(c)),
        el("span", { class: "conv-preview" }, previewOf(c))),
      el("span", { class: "conv-meta" },
        el("time", { datetime: c.lastActivityAt }, shortTime(c.lastActivityAt)),
        el("span", { class: "badges" },
          mentions ? el("span", { class: "badge mention", "aria-hidden": "true" }, "@" + (mentions > 99 ? "99+" : mentions)) : null,
          unread ? el("span", { class: "badge", "aria-hidden": "true" }, unread > 99 ? "99+" : String(unread)) : null)));
    button.addEventListener("click", () => openConversation(c.id));
    return el("li", { "data-id": c.id }, button);
  });
  list.replaceChildren(...items);
  $("#conv-empty").hidden = items.length > 0 || !$("#search-results").hidden;
  if (focusedId) list.querySelector(`li[data-id="${CSS.escape(focusedId)}"] button`)?.focus();
  document.title = totalUnread() ? `(${totalUnread()}) ChatFlow` : "ChatFlow";
}

function totalUnread() {
  let n = 0;
  for (const c of conversations.values()) if (c.id !== state.view?.id) n += c.unreadCount;
  return n;
}

export const renderListSoon = debounce(renderList, 50);

export function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0].toUpperCase()).join("") || "?";
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateFmt = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

export function shortTime(iso) {
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString() ? timeFmt.format(d) : dateFmt.format(d);
}
