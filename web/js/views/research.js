// Research tools (issue 13's API): blind rubric evaluation, exports, mode assignment
// and the student's consent. Each screen shows only once its API answers (not 404).

import * as api from "../api.js";
import { barChart } from "../charts.js";
import { h, replace } from "../dom.js";
import { getLanguage, t } from "../i18n.js";
import { MessageView } from "./messages.js";

let rubricProbe = null;

/** Does this server have the research routes? (The rubric answers, or 404.) */
export function researchAvailable() {
  rubricProbe ??= api
    .get("/teacher/evaluations/rubric")
    .then(() => true)
    .catch(() => false);
  return rubricProbe;
}

export async function consentCard(showError) {
  let consent;
  try {
    consent = await api.get("/student/consent");
  } catch (error) {
    if (error.status !== 404) showError(error);
    return null;
  }
  const toggle = h("input", { type: "checkbox", id: "consent-toggle", testid: "consent-toggle", checked: consent.accepted });
  const status = h("p", { class: "muted", role: "status" });
  const describe = (value) => {
    status.textContent = value.accepted ? t("consent.accepted", { version: value.version }) : t("consent.notAccepted");
  };
  describe(consent);
  toggle.addEventListener("change", async () => {
    try {
      describe(await api.put("/student/consent", { accepted: toggle.checked }));
    } catch (error) {
      toggle.checked = !toggle.checked;
      showError(error);
    }
  });
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("consent.title")),
    h("p", {}, t("consent.text")),
    h("label", { class: "check", for: "consent-toggle" }, toggle, t("consent.label")),
    status,
  );
}

export function assignModesButton(classroom, showError) {
  const slot = h("span", { class: "modes-slot" });
  researchAvailable().then((available) => {
    if (!available || !slot.isConnected) return;
    const result = h("span", { class: "muted", role: "status" });
    const button = h("button", { type: "button", class: "quiet", testid: "assign-modes" }, t("research.assignModes"));
    button.addEventListener("click", async () => {
      try {
        const counts = await api.post(`/teacher/classrooms/${classroom.id}/modes`);
        result.textContent = t("research.modesAssigned", { agent: counts.agent, freepass: counts.freepass });
      } catch (error) {
        showError(error);
      }
    });
    slot.append(button, result);
  });
  return slot;
}

const DATASETS = ["sessions", "messages", "evaluations", "summaries", "ratings"];

export function exportLinks(classroomId) {
  const list = h("ul", { class: "export-list" });
  for (const dataset of DATASETS) {
    const links = ["csv", "xlsx"].map((format) => {
      const params = classroomId ? `?classroom_id=${encodeURIComponent(classroomId)}` : "";
      const path = `/teacher/exports/${dataset}.${format}${params}`;
      const link = h("a", { href: api.API + path, class: "button quiet", testid: "export-link", dataset: { dataset, format } }, format.toUpperCase());
      link.addEventListener("click", (event) => {
        // The download needs the bearer token, which a plain link cannot send.
        event.preventDefault();
        download(path, `${dataset}.${format}`).catch((error) => document.dispatchEvent(new CustomEvent("maice-error", { detail: error })));
      });
      return link;
    });
    list.append(h("li", {}, h("span", { class: "export-name" }, t(`research.dataset.${dataset}`)), ...links));
  }
  return h("div", { class: "exports" }, h("h3", {}, t("research.exports")), list);
}

async function download(path, filename) {
  const response = await api.request("GET", path, { raw: true });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The blind evaluation screen: a session without its student, the 32 elements, a total. */
export function renderEvaluate(main, { showError }) {
  const transcript = h("div", { class: "messages transcript", testid: "transcript" });
  const checklist = h("form", { class: "checklist" });
  const total = h("output", { class: "evaluation-total", testid: "evaluation-total" }, "0");
  const submit = h("button", { type: "submit", class: "primary", testid: "evaluation-submit" }, t("research.submit"));
  const next = h("button", { type: "button", class: "quiet", testid: "evaluate-next" }, t("research.next"));
  const status = h("p", { class: "muted", role: "status" });
  let current = null;
  let rubric = null;

  const recount = () => {
    const met = checklist.querySelectorAll('[data-testid="element-checkbox"]:checked').length;
    total.textContent = String(met * 1.25);
  };
  const loadNext = async () => {
    status.textContent = t("common.loading");
    let classroom = "";
    try {
      classroom = sessionStorage.getItem("maice.classroom") || "";
    } catch {
      // no filter
    }
    const response = await api.request("GET", `/teacher/evaluations/next${classroom ? `?classroom_id=${classroom}` : ""}`, { raw: true });
    checklist.reset();
    recount();
    if (response.status === 204) {
      current = null;
      transcript.replaceChildren();
      status.textContent = t("research.noneLeft");
      submit.disabled = true;
      return;
    }
    current = await response.json();
    submit.disabled = false;
    status.textContent = "";
    replace(transcript, current.messages.map((m) => new MessageView({ role: m.role, kind: m.kind, content: m.content, createdAt: m.created_at }).element));
  };
  next.addEventListener("click", () => loadNext().catch(showError));
  checklist.addEventListener("change", recount);
  checklist.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    const elements = {};
    const evidence = {};
    for (const box of checklist.querySelectorAll('[data-testid="element-checkbox"]')) elements[box.dataset.code] = box.checked ? 1 : 0;
    for (const field of checklist.querySelectorAll('[data-testid="evidence-input"]')) {
      if (field.value.trim()) evidence[field.dataset.code] = field.value.trim();
    }
    try {
      const saved = await api.post("/teacher/evaluations/", { session_id: current.session_id, elements, evidence });
      status.textContent = t("research.saved", { total: saved.total });
      await loadNext();
    } catch (error) {
      showError(error);
    }
  });

  replace(
    main,
    h("p", {}, h("a", { href: "#/teacher" }, "← ", t("teacher.back"))),
    h("h1", {}, t("research.evaluate")),
    status,
    h("div", { class: "transcript-layout" }, transcript, h("div", { class: "card" }, checklist)),
  );
  api.get("/teacher/evaluations/rubric", { headers: { "Accept-Language": getLanguage() } })
    .then((body) => {
      rubric = body;
      replace(
        checklist,
        rubric.items.map((item) =>
          h(
            "fieldset",
            { class: "rubric-item" },
            h("legend", {}, `${item.code} ${item.title}`),
            item.elements.map((element) => {
              const id = `element-${element.code}`;
              return h(
                "div",
                { class: "rubric-element" },
                h("label", { class: "check", for: id, title: element.description }, h("input", { type: "checkbox", id, testid: "element-checkbox", dataset: { code: element.code } }), `${element.code} ${element.title}`),
                h("input", { type: "text", maxlength: "100", testid: "evidence-input", dataset: { code: element.code }, "aria-label": t("research.evidenceFor", { code: element.code }), placeholder: t("research.evidence") }),
              );
            }),
          ),
        ),
        h("div", { class: "row end sticky-total" }, h("span", {}, t("research.total"), " "), total, h("span", {}, " / 40"), next, submit),
      );
      return loadNext();
    })
    .catch((error) => {
      if (error.status === 404) status.textContent = t("research.unavailable");
      else showError(error);
    });
  return {};
}

const ITEMS = ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2"];

/** Teacher vs agent per rubric item (means, 0–5), the agreement between them, and a
 * button that has the agent score the sessions it has not scored yet. */
export function evaluationStats(classroomId, showError) {
  const slot = h("div", { class: "evaluation-stats", testid: "evaluation-stats" });
  const query = classroomId ? `?classroom_id=${encodeURIComponent(classroomId)}` : "";
  const status = h("span", { class: "muted", role: "status" });
  const auto = h("button", { type: "button", class: "quiet", testid: "auto-evaluate" }, t("research.autoEvaluate"));
  auto.addEventListener("click", async () => {
    try {
      const batch = await api.post("/teacher/evaluations/auto", classroomId ? { classroom_id: Number(classroomId) } : {});
      status.textContent = t("research.autoStarted", { sessions: batch.sessions });
    } catch (error) {
      showError(error);
    }
  });
  api
    .get(`/teacher/evaluations/stats${query}`)
    .then((stats) => {
      const chart = (who) =>
        barChart({
          title: t(`research.statsBy.${who}`, { n: stats.by_evaluator[who].evaluations }),
          testid: `chart-evaluations-${who}`,
          data: ITEMS.map((code) => ({ label: code, value: stats.by_evaluator[who].by_item[code]?.mean ?? 0 })),
        });
      const agreement = stats.teacher_vs_agent.element_agreement;
      replace(
        slot,
        h("h3", {}, t("research.stats")),
        h("p", { class: "muted" }, t("research.statsSummary", { sessions: stats.sessions_scored, total: stats.total_mean ?? "—" })),
        h("div", { class: "chart-row" }, chart("teacher"), chart("agent")),
        h("p", { class: "muted", testid: "evaluation-agreement" }, t("research.agreement", { pairs: stats.teacher_vs_agent.pairs, share: agreement === null ? "—" : `${Math.round(agreement * 100)}%` })),
        h("p", { class: "row" }, auto, status),
      );
    })
    .catch(showError);
  return slot;
}
