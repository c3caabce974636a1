// The admin's users: list, search, create, change role, deactivate, delete.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { formatDate, t } from "../i18n.js";

const ROLES = ["student", "teacher", "admin"];
const PAGE = 200;

export function renderAdmin(main, { showError, user: me }) {
  const state = { users: [], total: 0, query: "", role: "" };
  const search = h("input", { id: "user-search", type: "search", placeholder: t("admin.searchPlaceholder") });
  const roleFilter = h("select", { id: "user-role-filter" }, h("option", { value: "" }, t("admin.allRoles")), ROLES.map((role) => h("option", { value: role }, t(`role.${role}`))));
  const table = h("div", { class: "table-wrap" });
  const count = h("p", { class: "muted", role: "status" });

  const fields = {
    email: h("input", { id: "new-user-email", type: "email", required: true, autocomplete: "off" }),
    name: h("input", { id: "new-user-name", type: "text", required: true, maxlength: "100" }),
    password: h("input", { id: "new-user-password", type: "password", required: true, autocomplete: "new-password", minlength: "8" }),
    role: h("select", { id: "new-user-role" }, ROLES.map((role) => h("option", { value: role }, t(`role.${role}`)))),
  };
  const createForm = h(
    "form",
    { class: "grid-form" },
    [["email", t("admin.email")], ["name", t("admin.name")], ["password", t("admin.password")], ["role", t("admin.role")]].map(([key, label]) =>
      h("div", { class: "field" }, h("label", { for: fields[key].id }, label), fields[key]),
    ),
    h("div", { class: "field end" }, h("button", { type: "submit", class: "primary", testid: "user-create" }, t("admin.create"))),
  );
  createForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api.post("/users/", {
        email: fields.email.value.trim(),
        name: fields.name.value.trim(),
        password: fields.password.value,
        role: fields.role.value,
      });
      createForm.reset();
      await load();
    } catch (error) {
      showError(error);
    }
  });

  const render = () => {
    const query = state.query.toLowerCase();
    const shown = state.users.filter((u) => !query || u.name.toLowerCase().includes(query) || u.email.toLowerCase().includes(query));
    count.textContent = t("admin.count", { shown: shown.length, total: state.total });
    replace(table, shown.length ? userTable(shown) : h("p", { class: "muted" }, t("admin.noUsers")));
  };

  const userTable = (users) =>
    h(
      "table",
      { class: "data-table" },
      h("thead", {}, h("tr", {}, [t("admin.name"), t("admin.email"), t("admin.role"), t("admin.research"), t("admin.status"), t("admin.created"), t("admin.actions")].map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, users.map(userRow)),
    );

  const userRow = (u) => {
    const role = h("select", { "aria-label": t("admin.roleOf", { name: u.name }), disabled: u.id === me.id }, ROLES.map((r) => h("option", { value: r, selected: r === u.role }, t(`role.${r}`))));
    role.addEventListener("change", () => update(u, { role: role.value }, row));
    const actions = h("td", { "data-label": t("admin.actions"), class: "actions" });
    const showActions = () =>
      replace(
        actions,
        u.id === me.id
          ? h("span", { class: "muted" }, t("admin.you"))
          : [
              h("button", { type: "button", class: "quiet", onclick: () => update(u, { is_active: !u.is_active }, row) }, u.is_active ? t("admin.deactivate") : t("admin.activate")),
              h("button", { type: "button", class: "quiet danger-text", onclick: confirmDelete }, t("admin.delete")),
            ],
      );
    const confirmDelete = () => {
      const yes = h("button", { type: "button", class: "danger", onclick: () => remove(u) }, t("admin.deleteConfirm"));
      replace(actions, h("span", { class: "confirm-text" }, t("admin.deleteQuestion")), yes, h("button", { type: "button", class: "quiet", onclick: showActions }, t("common.cancel")));
      yes.focus();
    };
    showActions();
    const row = h(
      "tr",
      { testid: "user-row", dataset: { userId: u.id }, class: u.is_active ? "" : "inactive" },
      h("td", { "data-label": t("admin.name") }, u.name),
      h("td", { "data-label": t("admin.email") }, u.email),
      h("td", { "data-label": t("admin.role") }, role),
      h("td", { "data-label": t("admin.research") }, researchFields(u, (change) => update(u, change, row))),
      h("td", { "data-label": t("admin.status") }, u.is_active ? t("admin.active") : t("admin.inactive")),
      h("td", { "data-label": t("admin.created") }, formatDate(u.created_at)),
      actions,
    );
    return row;
  };

  // A student's research mode and own daily question limit (empty: the default).
  const researchFields = (u, change) => {
    if (u.role !== "student" || u.mode === undefined) return "—";
    // A checkbox (on: freepass), not a second select: the row keeps one combobox, its role.
    const freepass = h("input", { type: "checkbox", testid: "user-mode", checked: u.mode === "freepass", "aria-label": t("admin.freepassOf", { name: u.name }) });
    freepass.addEventListener("change", () => change({ mode: freepass.checked ? "freepass" : "agent" }));
    const mode = h("label", { class: "check" }, freepass, t("mode.freepass"));
    const limit = h("input", { type: "number", min: "1", max: "100000", class: "limit-input", testid: "user-daily-limit", value: u.daily_question_limit ?? "", placeholder: t("admin.limitDefault"), "aria-label": t("admin.limitOf", { name: u.name }) });
    limit.addEventListener("change", () => change({ daily_question_limit: limit.value ? Number(limit.value) : null }));
    return h("div", { class: "row" }, mode, limit);
  };

  // Only the changed row is drawn again: a whole-table reload could replace a row a
  // person is working in (a delete being confirmed).
  const update = async (u, change, row) => {
    try {
      await api.put(`/users/${u.id}`, change);
      Object.assign(u, change);
    } catch (error) {
      showError(error);
    }
    if (row.isConnected) row.replaceWith(userRow(u));
  };

  const remove = async (u) => {
    try {
      await api.del(`/users/${u.id}`);
      await load();
    } catch (error) {
      showError(error);
    }
  };

  const load = async () => {
    const params = new URLSearchParams({ limit: String(PAGE), offset: "0" });
    if (state.role) params.set("role", state.role);
    const page = await api.get(`/users/?${params}`);
    state.users = page.items;
    state.total = page.total;
    render();
  };

  search.addEventListener("input", () => {
    state.query = search.value.trim();
    render();
  });
  roleFilter.addEventListener("change", () => {
    state.role = roleFilter.value;
    load().catch(showError);
  });

  replace(
    main,
    h("h1", {}, t("admin.title")),
    h("section", { class: "card" }, h("h2", {}, t("admin.createTitle")), createForm),
    h(
      "section",
      { class: "card" },
      h("div", { class: "filters" },
        h("div", { class: "field" }, h("label", { for: "user-search" }, t("admin.search")), search),
        h("div", { class: "field" }, h("label", { for: "user-role-filter" }, t("admin.role")), roleFilter),
      ),
      count,
      table,
    ),
  );
  load().catch(showError);
  return {};
}
