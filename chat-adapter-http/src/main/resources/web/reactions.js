// Reactions under each message: counts in order of first use, the caller's own pressed, a
// small picker to add one. Counts follow reaction.added / reaction.removed events live.

import { el, errorText } from "./dom.js";
import { api, state } from "./state.js";
import { threadMessage, keepThreadMessage } from "./thread.js";

export const PICKER = ["👍", "❤️", "😂", "🎉", "😮", "😢", "👀", "🚀"];

function path(seq, emoji) {
  return `/conversations/${encodeURIComponent(state.view.id)}/messages/${seq}/reactions/${encodeURIComponent(emoji)}`;
}

/** The bar under a message: one toggle per emoji and the button that opens the picker. */
export function reactionBar(m) {
  const bar = el("div", { class: "reactions", "data-reactions": String(m.seq) });
  for (const r of m.reactions || []) {
    const b = el("button", { type: "button", class: "reaction", "aria-pressed": String(r.me), "data-emoji": r.emoji,
      "aria-label": `${r.emoji} ${r.count}${r.me ? ", yours: remove it" : ": add yours"}` },
      el("span", { class: "emoji" }, r.emoji), el("span", { class: "count" }, String(r.count)));
    b.addEventListener("click", () => toggle(m.seq, r.emoji));
    bar.append(b);
  }
  const add = el("button", { type: "button", class: "tiny react-add", "aria-haspopup": "menu",
    "aria-label": `Add a reaction to message ${m.seq}` }, "☺+");
  add.addEventListener("click", (e) => {
    e.stopPropagation();
    openPicker(bar, m.seq);
  });
  bar.append(add);
  return bar;
}

function openPicker(bar, seq) {
  closePickers();
  const menu = el("div", { class: "picker", role: "menu", "aria-label": "Pick a reaction" });
  for (const emoji of PICKER) {
    const b = el("button", { type: "button", role: "menuitem", class: "pick", "aria-label": `React with ${emoji}` }, emoji);
    b.addEventListener("click", (e) => {
      e.stopPropagation();
      closePickers();
      react(seq, emoji);
    });
    menu.append(b);
  }
  menu.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { closePickers(); bar.querySelector(".react-add")?.focus(); }
  });
  bar.append(menu);
  menu.querySelector("button").focus();
}

export function closePickers() {
  for (const p of document.querySelectorAll(".picker")) p.remove();
}

document.addEventListener("click", (e) => {
  if (!e.target.closest?.(".picker")) closePickers();
});

function toggle(seq, emoji) {
  const mine = lookUp(seq)?.reactions?.find((r) => r.emoji === emoji)?.me;
  return mine ? unreact(seq, emoji) : react(seq, emoji);
}

async function react(seq, emoji) {
  if (!state.view) return;
  try {
    const m = await api.put(path(seq, emoji));
    if (state.view?.id === m.conversationId) replaceReactions(seq, m.reactions);
  } catch (e) {
    console.warn("reaction", errorText(e));
  }
}

async function unreact(seq, emoji) {
  if (!state.view) return;
  change(seq, emoji, state.me.id, -1);
  try {
    await api.delete(path(seq, emoji));
  } catch (e) {
    console.warn("reaction", errorText(e));
  }
}

/** A reaction event: counts move by one; the caller's own change only when it is news (it may have shown already). */
export function onReactionEvent(event) {
  if (state.view?.id !== event.conversationId) return;
  const { seq, emoji, userId } = event.data;
  change(seq, emoji, userId, event.type === "reaction.added" ? 1 : -1);
}

/** A message on screen: in the conversation, or only in the thread panel (an older reply). */
function lookUp(seq) {
  return state.view?.messages.get(seq) ?? threadMessage(seq);
}

function change(seq, emoji, userId, by) {
  const m = lookUp(seq);
  if (!m) return;
  const reactions = (m.reactions || []).map((r) => ({ ...r }));
  let r = reactions.find((x) => x.emoji === emoji);
  const mine = userId === state.me.id;
  if (mine && r && r.me === (by > 0)) return;
  if (mine && !r && by < 0) return;
  if (!r) {
    if (by < 0) return;
    r = { emoji, count: 0, me: false };
    reactions.push(r);
  }
  r.count += by;
  if (mine) r.me = by > 0;
  replaceReactions(seq, reactions.filter((x) => x.count > 0));
}

function replaceReactions(seq, reactions) {
  const m = lookUp(seq);
  if (!m) return;
  const updated = { ...m, reactions };
  if (state.view.messages.has(seq)) state.view.messages.set(seq, updated);
  keepThreadMessage(updated);
  for (const bar of document.querySelectorAll(`[data-reactions="${seq}"]`)) bar.replaceWith(reactionBar(updated));
}
