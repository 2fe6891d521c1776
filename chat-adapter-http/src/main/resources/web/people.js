// People: the members panel (add, remove, roles, rename, leave) and starting a conversation.

import { $, el, errorText, debounce } from "./dom.js";
import { api, state, conversations, partners } from "./state.js";
import { renderList, loadPresence, initials } from "./list.js";
import { openConversation, closeConversationView, renderHeader } from "./conversation.js";
import { closeThread } from "./thread.js";

// ---------- members ----------

$("#members-toggle").addEventListener("click", () => {
  const open = $("#members").hidden;
  $("#members").hidden = !open;
  if (open) closeThread();
  $("#members-toggle").setAttribute("aria-expanded", String(open));
  if (open) renderMembers().then(() => $("#members-close").focus());
});

$("#members-close").addEventListener("click", () => {
  $("#members").hidden = true;
  $("#members-toggle").setAttribute("aria-expanded", "false");
  $("#members-toggle").focus();
});

export async function renderMembers() {
  if (!state.view) return;
  const id = state.view.id;
  const c = conversations.get(id);
  $("#members-error").textContent = "";
  let detail;
  try {
    detail = await api.get(`/conversations/${encodeURIComponent(id)}`);
  } catch (e) {
    $("#members-error").textContent = errorText(e);
    return;
  }
  if (state.view?.id !== id) return;
  const myRole = detail.role;
  const group = detail.kind === "group";
  const manager = group && (myRole === "owner" || myRole === "admin");
  $("#rename-form").hidden = !manager;
  showTitle(id, detail.title || "");
  $("#member-add").hidden = !manager;
  $("#leave").hidden = !group;
  const items = detail.members.map((m) => {
    const self = m.user.id === state.me.id;
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

/** The rename field follows the title, except while someone is editing it: a refresh must not wipe what they typed. */
function showTitle(id, title) {
  const input = $("#rename-input");
  const untouched = input.dataset.conversation !== id || input.value === input.dataset.shown;
  if (untouched) input.value = title;
  input.dataset.conversation = id;
  input.dataset.shown = title;
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
  if (!state.view || !title) return;
  const id = state.view.id;
  memberAction(async () => {
    const updated = await api.patch(`/conversations/${encodeURIComponent(id)}`, { title });
    const c = conversations.get(id);
    if (c) { c.title = updated.title; renderList(); renderHeader(); }
    showTitle(id, updated.title);
    $("#rename-input").value = updated.title;
  });
});

$("#leave").addEventListener("click", async () => {
  if (!state.view || !confirm("Leave this conversation? You lose access to its history.")) return;
  const id = state.view.id;
  try {
    await api.delete(`/conversations/${encodeURIComponent(id)}/members/${encodeURIComponent(state.me.id)}`);
    conversations.delete(id);
    closeConversationView();
    renderList();
    $("#new-conv").focus();
  } catch (e) {
    $("#members-error").textContent = errorText(e);
  }
});

searchBox($("#member-search"), $("#member-results"), (user) => state.view && memberAction(() =>
  api.post(`/conversations/${encodeURIComponent(state.view.id)}/members`, { userId: user.id })
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
      const other = c.members?.map((m) => m.user).find((u) => u.id !== state.me.id);
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
      const items = page.items.filter((u) => u.id !== state.me.id).map((u) => {
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
