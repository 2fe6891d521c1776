// What the modules of the client share: the API session and what is on screen.

import { Api } from "./api.js";

export const api = new Api();

export const state = {
  /** the signed-in user */
  me: null,
  /** the event stream */
  live: null,
  /** the open conversation: {id, messages, pending, oldest, newest, readSent, ...} */
  view: null,
};

/** id -> conversation as the list shows it */
export const conversations = new Map();
/** conversation id -> the other person of a direct conversation */
export const partners = new Map();
/** user id -> "online" | "offline" */
export const presence = new Map();
/** conversation id -> Map(user id -> {name, until}) */
export const typing = new Map();
