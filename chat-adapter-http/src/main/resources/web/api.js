// The public HTTP API of ChatFlow (API.md), with the session held in memory only.

const BASE = "/api/v1";

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || problem?.error_description || problem?.error || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function parse(res) {
  const type = res.headers.get("Content-Type") || "";
  if (res.status === 204 || !type.includes("json")) return null;
  return res.json();
}

function form(fields) {
  return new URLSearchParams(fields).toString();
}

/** Tokens live in this object and nowhere else: not in storage, not in the URL. */
export class Api {
  #access = null;
  #refresh = null;
  #refreshTimer = 0;
  #refreshing = null;
  #accessExpiresAt = 0;
  onSignedOut = () => {};

  get signedIn() {
    return this.#access !== null;
  }

  get accessToken() {
    return this.#access;
  }

  /** Seconds the current access token has left: the server ends a long poll or a socket when it expires. */
  get accessSecondsLeft() {
    return Math.max(0, (this.#accessExpiresAt - Date.now()) / 1000);
  }

  async register(username, password, displayName) {
    const body = { username, password };
    if (displayName) body.displayName = displayName;
    return this.#send("POST", "/auth/register", body, { anonymous: true });
  }

  async signIn(username, password) {
    await this.#grant({ grant_type: "password", username, password });
  }

  async signOut() {
    const refresh = this.#refresh;
    this.#forget();
    if (refresh) {
      await fetch(BASE + "/auth/revoke", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: form({ token: refresh }),
      }).catch(() => {});
    }
  }

  async #grant(fields) {
    const res = await fetch(BASE + "/auth/token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form(fields),
    });
    const json = await parse(res);
    if (!res.ok) throw new ApiError(res.status, json);
    this.#access = json.access_token;
    this.#refresh = json.refresh_token;
    this.#accessExpiresAt = Date.now() + json.expires_in * 1000;
    // Refresh well before expiry (4/5 of the lifetime, at least 5 s early), so a request never carries
    // an expired token and a refresh that finds the server away has time to try again.
    this.#scheduleRefresh(Math.max(1, Math.min(json.expires_in * 0.8, json.expires_in - 5)));
  }

  #scheduleRefresh(seconds) {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => this.refresh().catch((e) => {
      // Server unreachable (restarting, offline): try again soon; a refused token has signed us out already.
      if (!(e instanceof ApiError)) this.#scheduleRefresh(1);
    }), seconds * 1000);
  }

  /** One refresh at a time: concurrent callers share it (a second would reuse a rotated token and end the session). */
  refresh() {
    if (!this.#refresh) return Promise.reject(new ApiError(401, null));
    if (!this.#refreshing) {
      const token = this.#refresh;
      this.#refreshing = this.#grant({ grant_type: "refresh_token", refresh_token: token })
        .catch((e) => {
          if (e instanceof ApiError && (e.status === 400 || e.status === 401)) {
            this.#forget();
            this.onSignedOut();
          }
          throw e;
        })
        .finally(() => { this.#refreshing = null; });
    }
    return this.#refreshing;
  }

  #forget() {
    clearTimeout(this.#refreshTimer);
    this.#access = null;
    this.#refresh = null;
  }

  get(path, opts) { return this.#send("GET", path, undefined, opts); }
  post(path, body, opts) { return this.#send("POST", path, body, opts); }
  patch(path, body) { return this.#send("PATCH", path, body); }
  put(path, body) { return this.#send("PUT", path, body); }
  delete(path) { return this.#send("DELETE", path); }

  /** A JSON request; on 401 it refreshes once and tries again. */
  async #send(method, path, body, opts = {}) {
    for (let attempt = 0; ; attempt++) {
      const headers = { Accept: "application/json" };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      if (!opts.anonymous) {
        if (!this.#access) throw new ApiError(401, null);
        headers.Authorization = "Bearer " + this.#access;
      }
      const res = await fetch(BASE + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: opts.signal,
      });
      if (res.status === 401 && !opts.anonymous && attempt === 0 && this.#refresh) {
        await this.refresh();
        continue;
      }
      const json = await parse(res);
      if (!res.ok) throw new ApiError(res.status, json);
      return json;
    }
  }
}
