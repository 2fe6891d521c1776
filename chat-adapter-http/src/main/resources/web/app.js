// The ChatFlow web client: plain modules over the public API, no framework. This one signs
// in and out, starts the event stream and wires the page together.

import { ApiError } from "./api.js";
import { Live } from "./live.js";
import { $, when, errorText } from "./dom.js";
import { api, state, conversations, partners, presence, typing } from "./state.js";
import { loadConversations, loadPresence, renderList, renderListSoon } from "./list.js";
import { closeConversationView } from "./conversation.js";
import { onEvent, resync } from "./events.js";
import "./people.js";
import { clearSearch } from "./search.js";

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
  state.live?.stop();
  state.live = null;
  await api.signOut();
  resetState();
  showSignIn("Signed out.");
});

api.onSignedOut = () => {
  state.live?.stop();
  state.live = null;
  resetState();
  showSignIn("Your session ended. Please sign in again.");
};

function resetState() {
  conversations.clear();
  partners.clear();
  presence.clear();
  typing.clear();
  state.view = null;
  state.me = null;
  $("#conv-list").replaceChildren();
  $("#messages").replaceChildren();
  clearSearch();
  closeConversationView();
}

async function startApp() {
  state.me = await api.get("/users/me");
  $("#signin").hidden = true;
  $("#app").hidden = false;
  $("#me").textContent = state.me.displayName;
  $("#me").title = "@" + state.me.username;
  state.live = new Live(api, { onEvent, onState: setConnection, onResync: resync });
  await state.live.begin();
  await loadConversations();
  state.live.run();
  const first = $("#conv-list button");
  (first || $("#new-conv")).focus();
}

function setConnection(mode, text) {
  const conn = $("#conn");
  conn.dataset.state = mode;
  conn.textContent = text;
}

// ---------- layout ----------

$("#back").addEventListener("click", () => {
  const id = state.view?.id;
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
