// Live events applied to what is on screen. Handlers are idempotent: applying an event
// twice (a replay after reconnecting) changes nothing.

import { $ } from "./dom.js";
import { state, conversations, partners, presence, typing } from "./state.js";
import { loadConversations, loadPartner, renderList, renderListSoon } from "./list.js";
import {
  openConversation, closeConversationView, renderHeader, upsertMessage, applyReadMarker, fetchAfter, atBottom,
  scrollToBottom, renderTyping,
} from "./conversation.js";
import { renderMembers } from "./people.js";
import { onReactionEvent } from "./reactions.js";

export function onEvent(event) {
  const c = event.conversationId ? conversations.get(event.conversationId) : null;
  switch (event.type) {
    case "message.created": {
      const m = event.data;
      noteMessage(m);
      clearTyping(m.conversationId, m.sender.id);
      if (state.view?.id === m.conversationId) {
        const bottom = atBottom();
        if (m.sender.id === state.me.id) settleByEcho(m);
        if (state.view.newest && m.seq > state.view.newest + 1) fetchAfter(state.view.newest).catch(() => {});
        upsertMessage(m);
        if (bottom) scrollToBottom();
      }
      break;
    }
    case "message.updated":
    case "message.deleted": {
      const m = event.data;
      if (c && c.lastMessage?.seq === m.seq) { c.lastMessage = m; renderListSoon(); }
      if (state.view?.id === m.conversationId && state.view.messages.has(m.seq)) upsertMessage(m);
      break;
    }
    case "conversation.created":
    case "conversation.updated": {
      const fresh = event.data;
      conversations.set(fresh.id, fresh);
      const work = fresh.kind === "direct" && !partners.has(fresh.id) ? loadPartner(fresh) : Promise.resolve();
      work.then(() => {
        renderList();
        if (state.view?.id === fresh.id) renderHeader();
      });
      break;
    }
    case "member.joined":
    case "member.left":
    case "member.updated": {
      if (event.type === "member.left" && event.data.user.id === state.me.id) {
        conversations.delete(event.conversationId);
        if (state.view?.id === event.conversationId) closeConversationView();
        renderList();
        break;
      }
      if (c) {
        if (event.type === "member.joined") c.memberCount++;
        if (event.type === "member.left") c.memberCount = Math.max(0, c.memberCount - 1);
        if (event.data.user.id === state.me.id) c.role = event.data.role;
      }
      if (state.view?.id === event.conversationId) {
        renderHeader();
        if (!$("#members").hidden) renderMembers();
      }
      break;
    }
    case "read.updated":
      applyReadMarker(event.data);
      break;
    case "reaction.added":
    case "reaction.removed":
      onReactionEvent(event);
      break;
    case "typing": {
      const u = event.data.user;
      if (u.id === state.me.id) break;
      if (!typing.has(event.conversationId)) typing.set(event.conversationId, new Map());
      const until = Math.min(Date.parse(event.data.expiresAt) || Date.now() + 6000, Date.now() + 10_000);
      typing.get(event.conversationId).set(u.id, { name: u.displayName, until });
      renderTyping();
      break;
    }
    case "presence.changed": {
      presence.set(event.data.user.id, event.data.status);
      renderListSoon();
      if (state.view && partners.get(state.view.id)?.id === event.data.user.id) renderHeader();
      break;
    }
    default:
      break;
  }
}

/** A message came in (or went out): the list's preview, order and unread count follow. */
export function noteMessage(m) {
  const c = conversations.get(m.conversationId);
  if (!c) {
    loadConversations().catch(() => {});
    return;
  }
  if (m.seq <= c.lastSeq && c.lastMessage && c.lastMessage.seq >= m.seq) return;
  c.lastSeq = Math.max(c.lastSeq, m.seq);
  c.lastMessage = m;
  if (m.createdAt > c.lastActivityAt) c.lastActivityAt = m.createdAt;
  if (m.sender.id !== state.me.id) {
    c.unreadCount++;
    if ((m.mentions || []).includes(state.me.id)) c.mentionCount = (c.mentionCount || 0) + 1;
  } else {
    // posting moves one's own read marker
    c.unreadCount = 0;
    c.mentionCount = 0;
    c.readSeq = Math.max(c.readSeq ?? 0, m.seq);
  }
  renderListSoon();
}

/** Our own message's event came before the POST's answer: that pending copy is the same message. */
function settleByEcho(m) {
  for (const p of state.view.pending.values()) {
    if (p.conversationId === m.conversationId && p.body === m.body && !p.li.classList.contains("failed")) {
      state.view.pending.delete(p.clientMessageId);
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
export async function resync() {
  await loadConversations();
  if (state.view) {
    const id = state.view.id;
    closeConversationView();
    await openConversation(id);
  }
}
