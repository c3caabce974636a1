// The app shell: sign-in state, the top bar, hash routes, the error banner.

import * as api from "./api.js";
import { h, replace } from "./dom.js";
import { describeError, getLanguage, setLanguage, t } from "./i18n.js";
import { renderAdmin } from "./views/admin.js";
import { renderChat } from "./views/chat.js";
import { renderDashboard } from "./views/dashboard.js";
import { renderLogin } from "./views/login.js";
import { renderEvaluate } from "./views/research.js";
import { renderTeacher } from "./views/teacher.js";

const root = document.getElementById("app");
const state = { user: null, view: null };

const banner = h("div", { class: "error-banner", testid: "error-banner", role: "alert", hidden: true });

/** Show an API error (or any message) in the banner; the app never goes blank. */
export function showError(error) {
  const text = typeof error === "string" ? error : describeError(error);
  replace(
    banner,
    h("span", { class: "error-text" }, text),
    h("button", { class: "banner-close", type: "button", "aria-label": t("common.dismiss"), onclick: clearError }, "×"),
  );
  banner.hidden = false;
}

export function clearError() {
  banner.hidden = true;
  banner.replaceChildren();
}

function homeFor(user) {
  if (user.role === "admin") return "#/admin";
  if (user.role === "teacher") return "#/teacher";
  return "#/chat";
}

function navItems(user) {
  const items = [["nav-chat", "#/chat", t("nav.chat")]];
  if (user.role === "student") items.push(["nav-dashboard", "#/dashboard", t("nav.dashboard")]);
  if (user.role !== "student") items.push(["nav-teacher", "#/teacher", t("nav.teacher")]);
  if (user.role === "admin") items.push(["nav-admin", "#/admin", t("nav.admin")]);
  return items;
}

function languageToggle() {
  const other = getLanguage() === "ko" ? "en" : "ko";
  return h(
    "button",
    {
      type: "button",
      class: "lang-toggle",
      testid: "lang-toggle",
      lang: other,
      "aria-label": t("nav.languageLabel"),
      onclick: () => {
        setLanguage(other);
        route();
      },
    },
    other === "en" ? "English" : "한국어",
  );
}

function topBar(section) {
  const bar = h("header", { class: "top-bar" }, h("a", { class: "brand", href: state.user ? homeFor(state.user) : "#/" }, "MAICE"));
  if (state.user) {
    const nav = h("nav", { class: "main-nav", "aria-label": t("nav.label") });
    for (const [testid, href, label] of navItems(state.user)) {
      const current = href.slice(2) === section;
      nav.append(h("a", { href, testid, "aria-current": current ? "page" : null }, label));
    }
    bar.append(nav);
  }
  const tools = h("div", { class: "top-tools" }, languageToggle());
  if (state.user) {
    tools.append(
      h("span", { class: "user-name", title: state.user.email }, state.user.name),
      h("button", { type: "button", testid: "logout", class: "quiet", onclick: signOut }, t("nav.logout")),
    );
  }
  bar.append(tools);
  return bar;
}

async function signOut() {
  state.view?.leave?.();
  await api.logout();
  state.user = null;
  window.location.hash = "#/login";
}

function parseRoute() {
  const parts = window.location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  return { section: parts[0] || "", rest: parts.slice(1) };
}

const VIEWS = {
  chat: renderChat,
  dashboard: renderDashboard,
  teacher: renderTeacher,
  admin: renderAdmin,
  evaluate: renderEvaluate,
};

function allowed(section, user) {
  if (section === "dashboard") return user.role === "student";
  if (section === "teacher" || section === "evaluate") return user.role !== "student";
  if (section === "admin") return user.role === "admin";
  return section === "chat";
}

async function route() {
  state.view?.leave?.();
  state.view = null;
  document.documentElement.lang = getLanguage();
  document.title = t("app.title");
  const { section, rest } = parseRoute();
  if (!state.user) {
    const main = h("main", { class: "main login-main", id: "main" });
    replace(root, topBar("login"), banner, main);
    renderLogin(main, { onSignedIn: signedIn, showError, clearError });
    return;
  }
  if (!allowed(section, state.user)) {
    window.location.replace(homeFor(state.user));
    return;
  }
  const main = h("main", { class: `main main-${section}`, id: "main" });
  replace(root, h("a", { class: "skip-link", href: "#main", onclick: skipToMain }, t("nav.skip")), topBar(section), banner, main);
  state.view = VIEWS[section](main, { user: state.user, rest, showError, clearError, rerender: route });
}

function skipToMain(event) {
  event.preventDefault();
  const target = document.querySelector("main textarea, main input, main button, main a");
  target?.focus();
}

async function loadUser() {
  state.user = await api.get("/auth/me");
}

async function signedIn() {
  clearError();
  await loadUser();
  const wanted = parseRoute().section;
  if (wanted && wanted !== "login" && allowed(wanted, state.user)) await route();
  else window.location.hash = homeFor(state.user);
}

api.onSignedOut(() => {
  const wasSignedIn = state.user !== null;
  state.user = null;
  state.view?.leave?.();
  state.view = null;
  if (wasSignedIn) {
    route();
    showError(t("error.sessionExpired"));
  }
});

window.addEventListener("hashchange", () => {
  if (window.location.hash === "#main") return;
  clearError();
  route();
});

// Views that cannot reach the banner themselves (downloads) send their errors here.
document.addEventListener("maice-error", (event) => showError(event.detail));

window.addEventListener("unhandledrejection", (event) => {
  if (event.reason?.name === "AbortError") return;
  showError(event.reason);
});

async function boot() {
  document.documentElement.lang = getLanguage();
  try {
    const fromGoogle = api.takeTokensFromFragment();
    if (fromGoogle || api.storedRefreshToken()) {
      if (fromGoogle || (await api.refresh())) await loadUser();
    }
  } catch (error) {
    state.user = null;
    await route();
    showError(error);
    return;
  }
  if (state.user && !parseRoute().section) {
    window.location.replace(homeFor(state.user));
    return;
  }
  await route();
}

boot();
