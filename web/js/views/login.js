// Sign in with e-mail and password, or with Google when the server has it configured.

import * as api from "../api.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

export function renderLogin(main, { onSignedIn, showError, clearError }) {
  const email = h("input", { id: "login-email", type: "email", testid: "login-email", autocomplete: "username", required: true });
  const password = h("input", { id: "login-password", type: "password", testid: "login-password", autocomplete: "current-password", required: true });
  const submit = h("button", { type: "submit", testid: "login-submit", class: "primary" }, t("login.submit"));
  const google = h("div", { class: "google-slot" });
  const form = h(
    "form",
    { class: "card login-card", novalidate: true },
    h("h1", {}, t("login.title")),
    h("p", { class: "muted" }, t("login.subtitle")),
    h("label", { for: "login-email" }, t("login.email")),
    email,
    h("label", { for: "login-password" }, t("login.password")),
    password,
    submit,
    google,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!email.value.trim() || !password.value) {
      showError(t("login.missing"));
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    clearError();
    try {
      await api.login(email.value.trim(), password.value);
      await onSignedIn();
    } catch (error) {
      submit.disabled = false;
      showError(error.status === 401 ? t("login.failed") : error);
      password.select();
    }
  });
  main.append(form);
  email.focus();

  api.googleSignInAvailable().then((available) => {
    if (!available || !google.isConnected) return;
    google.append(
      h("div", { class: "divider" }, h("span", {}, t("login.or"))),
      h("a", { class: "button google", href: `${api.API}/auth/google/login`, testid: "google-signin" }, t("login.google")),
    );
  });
  return {};
}
