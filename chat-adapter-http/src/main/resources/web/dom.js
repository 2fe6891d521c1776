// Small DOM helpers. Text is only ever set as text: nothing from the server becomes markup.

export const $ = (selector) => document.querySelector(selector);

/** el("p", {class: "x"}, "text", child): attributes as attributes, children as text or nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** Text with http(s) links made clickable; everything else stays text. */
export function linkify(text) {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0].replace(/[.,;:!?)\]]+$/, "");
    let href;
    try {
      href = new URL(url);
    } catch {
      continue;
    }
    if (href.protocol !== "http:" && href.protocol !== "https:") continue;
    out.append(document.createTextNode(text.slice(last, match.index)));
    out.append(el("a", { href: href.href, target: "_blank", rel: "noopener noreferrer nofollow" }, url));
    last = match.index + url.length;
  }
  out.append(document.createTextNode(text.slice(last)));
  return out;
}

const MENTION = /(^|[^\p{L}\p{N}_@.])@([A-Za-z0-9_.-]{3,32})/gu;

/** Text with links (as linkify) and @names marked; the caller's own name marked as theirs. */
export function richText(text, myName) {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const start = match.index + match[1].length;
    const name = match[2].replace(/[.-]+$/, "");
    out.append(linkify(text.slice(last, start)));
    const me = name.toLowerCase() === myName;
    out.append(el("span", { class: me ? "mention me" : "mention" }, "@" + name));
    last = start + 1 + name.length;
  }
  out.append(linkify(text.slice(last)));
  return out;
}

export function when(ready, fn) {
  if (ready) fn();
  else document.addEventListener("DOMContentLoaded", fn, { once: true });
}

export function errorText(e) {
  if (e?.problem?.errors?.length) return e.problem.errors.map((x) => `${x.field}: ${x.message}`).join("; ");
  if (e?.status === 429) return "Too many attempts; try again shortly.";
  if (e instanceof TypeError) return "Cannot reach the server.";
  return e?.message || "Something went wrong.";
}

export function debounce(fn, ms) {
  let t = 0;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
