// The HTTP API client: tokens, refresh, and errors as ApiError.
//
// The access token lives in memory only; the refresh token in localStorage so a
// reload can sign back in. Refresh tokens rotate (a used one is dead, and reusing it
// ends the login), so tabs refresh one at a time under a Web Lock and always with
// the newest token in storage.

export const API = "/api/v1";
const REFRESH_KEY = "maice.refresh";
const REFRESH_EARLY_MS = 60_000;

export class ApiError extends Error {
  constructor(status, detail, { retryAfter = null, code = null } = {}) {
    super(typeof detail === "string" ? detail : JSON.stringify(detail));
    this.status = status;
    this.detail = detail;
    this.retryAfter = retryAfter;
    this.code = code;
  }
}

const session = { access: null, expiresAt: 0, timer: null, refreshing: null };
const signedOutListeners = new Set();

export function onSignedOut(listener) {
  signedOutListeners.add(listener);
}

export function hasAccessToken() {
  return session.access !== null;
}

export function storedRefreshToken() {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

export function setTokens(pair) {
  session.access = pair.access_token;
  const lifetimeMs = Math.max(Number(pair.expires_in) || 0, 30) * 1000;
  session.expiresAt = Date.now() + lifetimeMs;
  try {
    localStorage.setItem(REFRESH_KEY, pair.refresh_token);
  } catch {
    // Private modes without storage: the login lasts as long as the page.
  }
  clearTimeout(session.timer);
  const early = Math.min(REFRESH_EARLY_MS, lifetimeMs / 4);
  session.timer = setTimeout(() => refresh().catch(() => {}), lifetimeMs - early);
}

export function clearTokens() {
  session.access = null;
  session.expiresAt = 0;
  clearTimeout(session.timer);
  try {
    localStorage.removeItem(REFRESH_KEY);
  } catch {
    // nothing stored
  }
}

function signedOut() {
  clearTokens();
  for (const listener of signedOutListeners) listener();
}

async function withRefreshLock(task) {
  if (navigator.locks?.request) return navigator.locks.request("maice-refresh", task);
  return task();
}

/** Trade the stored refresh token for a new pair; false when there is none or it is dead. */
export function refresh() {
  if (!session.refreshing) {
    session.refreshing = withRefreshLock(async () => {
      const token = storedRefreshToken();
      if (!token) return false;
      let response;
      try {
        response = await fetch(`${API}/auth/refresh`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ refresh_token: token }),
        });
      } catch {
        throw new ApiError(0, "network");
      }
      if (response.status === 401 || response.status === 422) {
        signedOut();
        return false;
      }
      if (!response.ok) throw await errorFrom(response);
      setTokens(await response.json());
      return true;
    }).finally(() => {
      session.refreshing = null;
    });
  }
  return session.refreshing;
}

export async function errorFrom(response) {
  let detail = response.statusText || `HTTP ${response.status}`;
  try {
    const body = await response.json();
    if (body && body.detail !== undefined) detail = body.detail;
  } catch {
    // not JSON: keep the status text
  }
  const retry = Number.parseInt(response.headers.get("Retry-After") || "", 10);
  return new ApiError(response.status, detail, {
    retryAfter: Number.isFinite(retry) ? retry : null,
  });
}

/**
 * Call the API. `raw: true` answers the Response itself (for event streams) once its
 * status is OK. A 401 refreshes once and retries; a second one signs out.
 */
export async function request(method, path, { body, headers = {}, signal, raw = false } = {}) {
  if (session.access && Date.now() > session.expiresAt - 5_000) await refresh();
  for (let attempt = 0; ; attempt += 1) {
    const init = { method, headers: { ...headers }, signal };
    if (session.access) init.headers.Authorization = `Bearer ${session.access}`;
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(API + path, init);
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError(0, "network");
    }
    if (response.status === 401 && session.access && attempt === 0) {
      if (await refresh()) continue;
    }
    if (response.status === 401) {
      signedOut();
      throw await errorFrom(response);
    }
    if (!response.ok) throw await errorFrom(response);
    if (raw) return response;
    if (response.status === 204) return null;
    const type = response.headers.get("Content-Type") || "";
    return type.includes("json") ? response.json() : response.text();
  }
}

export const get = (path, options) => request("GET", path, options);
export const post = (path, body, options) => request("POST", path, { ...options, body });
export const put = (path, body, options) => request("PUT", path, { ...options, body });
export const del = (path, options) => request("DELETE", path, options);

/** Sign in with e-mail and password (429 carries Retry-After). */
export async function login(email, password) {
  let response;
  try {
    response = await fetch(`${API}/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new ApiError(0, "network");
  }
  if (!response.ok) throw await errorFrom(response);
  setTokens(await response.json());
}

/** End this login on the server (best effort) and forget the tokens. */
export async function logout() {
  const token = storedRefreshToken();
  const headers = { "Content-Type": "application/json" };
  if (session.access) headers.Authorization = `Bearer ${session.access}`;
  clearTokens();
  if (!token) return;
  try {
    await fetch(`${API}/auth/logout`, {
      method: "POST",
      headers,
      body: JSON.stringify({ refresh_token: token }),
    });
  } catch {
    // Offline: the tokens are gone from this browser all the same.
  }
}

/**
 * After Google's callback the backend redirects here with the pair in the fragment
 * (#access_token=…&refresh_token=…): take it and wipe it from the address bar.
 */
export function takeTokensFromFragment() {
  const fragment = window.location.hash.replace(/^#/, "");
  if (!fragment.includes("access_token=")) return false;
  const params = new URLSearchParams(fragment);
  history.replaceState(null, "", `${window.location.pathname}${window.location.search}#/`);
  const access = params.get("access_token");
  const refreshToken = params.get("refresh_token");
  if (!access || !refreshToken) return false;
  setTokens({
    access_token: access,
    refresh_token: refreshToken,
    expires_in: Number(params.get("expires_in")) || 1800,
  });
  return true;
}

/** Is Google sign-in configured? Its start route redirects when it is and is 404 when not. */
export async function googleSignInAvailable() {
  try {
    const response = await fetch(`${API}/auth/google/login`, { redirect: "manual" });
    // Read the (small) answer to its end, so the request does not stay open.
    await response.arrayBuffer().catch(() => null);
    return response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);
  } catch {
    return false;
  }
}
