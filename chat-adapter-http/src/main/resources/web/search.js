// Message search: a box above the conversation list; its results replace the list while there
// is a query, and choosing one opens its conversation at that message.

import { $, el, errorText, debounce } from "./dom.js";
import { api, state, conversations } from "./state.js";
import { titleOf, shortTime } from "./list.js";
import { openConversation, showMessage } from "./conversation.js";

const PAGE = 20;
let asked = 0;

/** The highlight as nodes: the marked words (between U+0002 and U+0003) in <mark>, the rest as text. */
function marked(highlight) {
  const out = document.createDocumentFragment();
  for (const [i, part] of highlight.split(/[\u0002\u0003]/).entries()) {
    if (part) out.append(i % 2 === 1 ? el("mark", {}, part) : document.createTextNode(part));
  }
  return out;
}

function resultItem(hit) {
  const c = conversations.get(hit.conversationId);
  const button = el("button", { type: "button", class: "hit" },
    el("span", { class: "hit-where" }, c ? titleOf(c) : "Conversation",
      el("span", { class: "muted" }, ` · ${hit.sender.displayName} · ${shortTime(hit.createdAt)}`)),
    el("span", { class: "hit-body" }, marked(hit.highlight)));
  button.addEventListener("click", async () => {
    await openConversation(hit.conversationId);
    await showMessage(hit.seq);
  });
  return el("li", { "data-conversation": hit.conversationId, "data-seq": String(hit.seq) }, button);
}

function showResults(searching) {
  $("#search-results").hidden = !searching;
  $("#search-state").hidden = !searching;
  $("#conv-list").hidden = searching;
  if (!searching) $("#conv-empty").hidden = conversations.size > 0;
  else $("#conv-empty").hidden = true;
}

async function search() {
  const q = $("#search-input").value.trim();
  const mine = ++asked;
  if (!q) {
    $("#search-results").replaceChildren();
    showResults(false);
    return;
  }
  showResults(true);
  $("#search-state").textContent = "Searching…";
  $("#search-results").replaceChildren();
  await showPage(q, mine, null);
}

/** Appends the page of hits after {@code cursor} (the first when null), then a button for the next. */
async function showPage(q, mine, cursor) {
  const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
  try {
    const page = await api.get(`/search/messages?q=${encodeURIComponent(q.slice(0, 200))}&limit=${PAGE}${after}`);
    if (mine !== asked) return; // a newer query is under way
    const results = $("#search-results");
    results.querySelector("li.more")?.remove();
    results.append(...page.items.map(resultItem));
    const shown = results.querySelectorAll("li[data-seq]").length;
    $("#search-state").textContent = shown ? `${shown}${page.nextCursor ? "+" : ""} found` : "Nothing found.";
    if (page.nextCursor) {
      const more = el("button", { type: "button", class: "more" }, "More results");
      more.addEventListener("click", () => {
        more.disabled = true;
        showPage(q, mine, page.nextCursor);
      });
      results.append(el("li", { class: "more" }, more));
    }
  } catch (e) {
    if (mine === asked) $("#search-state").textContent = errorText(e);
  }
}

$("#search-input").addEventListener("input", debounce(search, 250));
$("#search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  search();
});
$("#search-input").addEventListener("keydown", (e) => {
  if (e.key === "Escape") {
    $("#search-input").value = "";
    search();
  }
});

/** Forgets the query (on sign-out). */
export function clearSearch() {
  $("#search-input").value = "";
  $("#search-results").replaceChildren();
  asked++;
  if (state) showResults(false);
}
