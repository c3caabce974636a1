// The student's dashboard: totals, charts, classrooms, learning summaries, consent.

import * as api from "../api.js";
import { barChart } from "../charts.js";
import { h, replace } from "../dom.js";
import { formatDate, formatDayShort, t } from "../i18n.js";
import { renderTypedText } from "../render.js";
import { consentCard } from "./research.js";

export const KNOWLEDGE_TYPES = ["K1", "K2", "K3", "K4"];

export function knowledgeChart(counts, testid = "chart-knowledge-types") {
  return barChart({
    data: KNOWLEDGE_TYPES.map((type) => ({ label: `${type} ${t(`knowledge.${type}`)}`, short: `${type}\n${t(`knowledge.${type}`)}`, value: counts?.[type] || 0 })),
    title: t("dashboard.knowledgeTypes"),
    testid,
    emptyText: t("dashboard.noData"),
  });
}

export function summaryItem(summary) {
  return h(
    "li",
    { class: "summary-item", testid: "summary-item" },
    h("div", { class: "summary-meta" }, formatDate(summary.created_at)),
    h("p", { class: "typed" }, renderTypedText(summary.summary)),
    summary.key_concepts?.length
      ? h("ul", { class: "tags", "aria-label": t("dashboard.keyConcepts") }, summary.key_concepts.map((concept) => h("li", { class: "tag" }, concept)))
      : null,
  );
}

export function renderDashboard(main, { showError }) {
  const totals = h("div", { class: "stat-row" });
  const charts = h("div", { class: "chart-grid" });
  const summaries = h("ul", { class: "summary-list" });
  const joinInput = h("input", { id: "join-code-input", testid: "join-code-input", type: "text", maxlength: "32", autocomplete: "off", autocapitalize: "characters" });
  const joinResult = h("p", { class: "join-result", role: "status" });
  const joinForm = h(
    "form",
    { class: "inline-form" },
    h("label", { for: "join-code-input" }, t("dashboard.joinCode")),
    h("div", { class: "row" }, joinInput, h("button", { type: "submit", class: "primary", testid: "join-submit" }, t("dashboard.join"))),
    joinResult,
  );
  joinForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = joinInput.value.trim();
    if (!code) {
      joinInput.focus();
      return;
    }
    try {
      const classroom = await api.post("/student/classrooms/join", { join_code: code });
      joinResult.textContent = t("dashboard.joined", { name: classroom.name });
      joinInput.value = "";
    } catch (error) {
      joinResult.textContent = "";
      showError(error.status === 404 ? t("dashboard.unknownCode") : error);
    }
  });
  const consentSlot = h("div", {});
  replace(
    main,
    h("h1", {}, t("dashboard.title")),
    totals,
    charts,
    h("div", { class: "two-columns" },
      h("section", { class: "card" }, h("h2", {}, t("dashboard.classroom")), joinForm),
      h("section", { class: "card" }, h("h2", {}, t("dashboard.summaries")), summaries),
    ),
    consentSlot,
  );

  Promise.all([api.get("/student/dashboard"), api.get("/student/progress/?days=30")])
    .then(([dashboard, progress]) => {
      replace(
        totals,
        stat(t("dashboard.sessions"), dashboard.sessions_count),
        stat(t("dashboard.questions"), dashboard.questions_count),
      );
      const days = progress.questions_by_day;
      replace(
        charts,
        barChart({
          data: days.map((d) => ({ label: formatDate(d.date), short: formatDayShort(d.date), value: d.count })),
          title: t("dashboard.questionsByDay"),
          testid: "chart-questions-by-day",
          labelEvery: Math.max(1, Math.ceil(days.length / 6)),
          emptyText: t("dashboard.noData"),
        }),
        knowledgeChart(progress.knowledge_types),
      );
      replace(summaries, progress.summaries.length ? progress.summaries.map(summaryItem) : h("li", { class: "muted" }, t("dashboard.noSummaries")));
    })
    .catch(showError);
  consentCard(showError).then((card) => card && consentSlot.append(card));
  return {};
}

export function stat(label, value) {
  return h("div", { class: "stat" }, h("span", { class: "stat-value" }, String(value)), h("span", { class: "stat-label" }, label));
}
