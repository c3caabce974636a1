// The teacher's screens: classrooms, the dashboard, students, sessions, transcripts
// with feedback, learning summaries and digests; everything filtered by classroom.

import * as api from "../api.js";
import { barChart } from "../charts.js";
import { h, replace } from "../dom.js";
import { formatDate, formatDateTime, t } from "../i18n.js";
import { renderTypedText } from "../render.js";
import { knowledgeChart, stat, summaryItem } from "./dashboard.js";
import { feedbackItem, storedMessageViews } from "./messages.js";
import { assignModesButton, evaluationStats, exportLinks, researchAvailable } from "./research.js";

const CLASSROOM_KEY = "maice.classroom";
const GATES = ["answerable", "needs_clarification", "unanswerable"];

function selectedClassroom() {
  try {
    return sessionStorage.getItem(CLASSROOM_KEY) || "";
  } catch {
    return "";
  }
}

function withClassroom(path, extra = {}) {
  const params = new URLSearchParams(extra);
  const classroom = selectedClassroom();
  if (classroom) params.set("classroom_id", classroom);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function renderTeacher(main, context) {
  const [kind, id] = context.rest;
  if (kind === "students" && /^\d+$/.test(id || "")) return studentSessions(main, context, Number(id));
  if (kind === "sessions" && /^\d+$/.test(id || "")) return transcript(main, context, Number(id));
  return overview(main, context);
}

function classroomFilter(classrooms, onChange) {
  const select = h("select", { id: "classroom-filter" }, h("option", { value: "" }, t("teacher.allClassrooms")));
  for (const classroom of classrooms) select.append(h("option", { value: String(classroom.id) }, classroom.name));
  select.value = classrooms.some((c) => String(c.id) === selectedClassroom()) ? selectedClassroom() : "";
  select.addEventListener("change", () => {
    try {
      sessionStorage.setItem(CLASSROOM_KEY, select.value);
    } catch {
      // the filter lasts as long as the page
    }
    onChange();
  });
  return h("div", { class: "filter" }, h("label", { for: "classroom-filter" }, t("teacher.classroomFilter")), select);
}

function overview(main, { showError, rerender, user }) {
  const filterSlot = h("div", { class: "filter-slot" });
  const classroomList = h("ul", { class: "classroom-list" });
  const nameInput = h("input", { id: "classroom-name-input", testid: "classroom-name-input", type: "text", maxlength: "100", required: true });
  const createForm = h(
    "form",
    { class: "inline-form" },
    h("label", { for: "classroom-name-input" }, t("teacher.classroomName")),
    h("div", { class: "row" }, nameInput, h("button", { type: "submit", class: "primary", testid: "classroom-create" }, t("teacher.createClassroom"))),
  );
  const stats = h("div", { class: "stat-row" });
  const charts = h("div", { class: "chart-grid" });
  const students = h("div", { class: "table-wrap" });
  const summaries = h("ul", { class: "summary-list" });
  const digests = h("ul", { class: "digest-list" });
  const research = h("div", { class: "research-slot" });

  replace(
    main,
    h("div", { class: "page-head" }, h("h1", {}, t("teacher.title")), filterSlot),
    stats,
    charts,
    h("div", { class: "two-columns" },
      h("section", { class: "card" }, h("h2", {}, t("teacher.classrooms")), createForm, classroomList),
      h("section", { class: "card" }, h("h2", {}, t("teacher.summaries")), summaries, h("h3", {}, t("teacher.digests")), digests),
    ),
    h("section", { class: "card" }, h("h2", {}, t("teacher.students")), students),
    research,
  );

  const loadClassrooms = async () => {
    const classrooms = await api.get("/teacher/classrooms/");
    replace(filterSlot, classroomFilter(classrooms, rerender));
    replace(
      classroomList,
      classrooms.length === 0 ? h("li", { class: "muted" }, t("teacher.noClassrooms")) : null,
      classrooms.map((classroom) =>
        h(
          "li",
          { class: "classroom", dataset: { classroomId: classroom.id } },
          h("span", { class: "classroom-name" }, classroom.name),
          h("span", { class: "muted" }, t("teacher.studentCount", { count: classroom.student_count ?? 0 })),
          h("span", { class: "join-code-label" }, t("teacher.joinCode"), " ", h("code", { class: "join-code", testid: "classroom-join-code" }, classroom.join_code)),
          assignModesButton(classroom, showError),
        ),
      ),
    );
    return classrooms;
  };

  createForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) {
      nameInput.focus();
      return;
    }
    try {
      await api.post("/teacher/classrooms/", { name });
      nameInput.value = "";
      await loadClassrooms();
    } catch (error) {
      showError(error);
    }
  });

  loadClassrooms().catch(showError);
  api.get(withClassroom("/teacher/dashboard"))
    .then((dashboard) => {
      replace(
        stats,
        stat(t("teacher.studentsCount"), dashboard.students_count),
        stat(t("teacher.questionsToday"), dashboard.questions_today),
        dashboard.ratings ? stat(t("teacher.ratedHelpfulCount"), dashboard.ratings.helpful ?? 0) : null,
        dashboard.ratings ? stat(t("teacher.ratedNotHelpfulCount"), dashboard.ratings.not_helpful ?? 0) : null,
      );
      replace(
        charts,
        knowledgeChart(dashboard.knowledge_types),
        barChart({
          data: GATES.map((gate) => ({ label: t(`gate.${gate}`), value: dashboard.gates?.[gate] || 0 })),
          title: t("teacher.gates"),
          testid: "chart-gates",
          emptyText: t("dashboard.noData"),
        }),
      );
      replace(digests, (dashboard.recent_digests || []).length ? dashboard.recent_digests.map(digestItem) : h("li", { class: "muted" }, t("teacher.noDigests")));
    })
    .catch(showError);
  api.get(withClassroom("/teacher/summaries/", { limit: "20" }))
    .then((items) => replace(summaries, items.length ? items.map(summaryItem) : h("li", { class: "muted" }, t("dashboard.noSummaries"))))
    .catch(showError);
  api.get(withClassroom("/teacher/students/", { limit: "200" }))
    .then((items) => replace(students, studentTable(items)))
    .catch(showError);
  researchAvailable().then((available) => {
    if (available) research.append(researchCard(showError));
  });
  return {};
}

function researchCard(showError) {
  return h(
    "section",
    { class: "card" },
    h("h2", {}, t("research.title")),
    h("p", {}, h("a", { href: "#/evaluate", class: "button", testid: "evaluate-link" }, t("research.evaluate"))),
    evaluationStats(selectedClassroom(), showError),
    exportLinks(selectedClassroom()),
  );
}

function digestItem(digest) {
  return h(
    "li",
    { class: "digest" },
    h("details", {}, h("summary", {}, `${formatDate(digest.digest_date)} · ${digest.subject}`), h("pre", { class: "typed digest-body" }, digest.body)),
  );
}

function studentTable(items) {
  if (items.length === 0) return h("p", { class: "muted" }, t("teacher.noStudents"));
  return h(
    "table",
    { class: "data-table" },
    h("thead", {}, h("tr", {}, [t("teacher.name"), t("teacher.email"), t("teacher.sessions"), t("teacher.questions"), t("teacher.lastActive")].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      items.map((student) =>
        h(
          "tr",
          { testid: "student-row", dataset: { studentId: student.id } },
          h("td", { "data-label": t("teacher.name") }, h("a", { href: `#/teacher/students/${student.id}` }, student.name)),
          h("td", { "data-label": t("teacher.email") }, student.email),
          h("td", { "data-label": t("teacher.sessions") }, String(student.sessions_count)),
          h("td", { "data-label": t("teacher.questions") }, String(student.questions_count)),
          h("td", { "data-label": t("teacher.lastActive") }, student.last_active_at ? formatDateTime(student.last_active_at) : "—"),
        ),
      ),
    ),
  );
}

function studentSessions(main, { showError }, studentId) {
  const heading = h("h1", {}, t("teacher.studentSessions"));
  const table = h("div", { class: "table-wrap" }, h("p", { class: "muted" }, t("common.loading")));
  const summaries = h("ul", { class: "summary-list" });
  replace(
    main,
    h("p", {}, h("a", { href: "#/teacher" }, "← ", t("teacher.back"))),
    heading,
    h("section", { class: "card" }, table),
    h("section", { class: "card" }, h("h2", {}, t("teacher.summaries")), summaries),
  );
  api.get(`/users/${studentId}`)
    .then((student) => {
      heading.textContent = t("teacher.sessionsOf", { name: student.name });
    })
    .catch(() => {});
  api.get(withClassroom("/teacher/sessions/", { student_id: String(studentId), limit: "200" }))
    .then((sessions) => replace(table, sessionTable(sessions)))
    .catch(showError);
  api.get(withClassroom("/teacher/summaries/", { student_id: String(studentId) }))
    .then((items) => replace(summaries, items.length ? items.map(summaryItem) : h("li", { class: "muted" }, t("dashboard.noSummaries"))))
    .catch(showError);
  return {};
}

function sessionTable(sessions) {
  if (sessions.length === 0) return h("p", { class: "muted" }, t("teacher.noSessions"));
  return h(
    "table",
    { class: "data-table" },
    h("thead", {}, h("tr", {}, [t("teacher.sessionTitle"), t("teacher.messages"), t("teacher.updated")].map((label) => h("th", { scope: "col" }, label)))),
    h(
      "tbody",
      {},
      sessions.map((session) =>
        h(
          "tr",
          { testid: "session-row", dataset: { sessionId: session.id } },
          h("td", { "data-label": t("teacher.sessionTitle") }, h("a", { href: `#/teacher/sessions/${session.id}` }, session.title || t("chat.untitled"))),
          h("td", { "data-label": t("teacher.messages") }, String(session.message_count ?? 0)),
          h("td", { "data-label": t("teacher.updated") }, formatDateTime(session.updated_at)),
        ),
      ),
    ),
  );
}

function transcript(main, { showError }, sessionId) {
  const heading = h("h1", {}, t("teacher.transcript"));
  const back = h("p", {}, h("a", { href: "#/teacher" }, "← ", t("teacher.back")));
  const log = h("div", { class: "messages transcript", testid: "transcript", role: "log", "aria-label": t("teacher.transcript") });
  const sessionFeedback = h("div", { class: "feedback-panel" });
  const summary = h("div", {});
  const target = { view: null };
  const targetChip = h("p", { class: "target-chip", hidden: true });
  const input = h("textarea", { id: "feedback-input", testid: "feedback-input", rows: "3", maxlength: "4000" });
  const form = h(
    "form",
    { class: "card feedback-form" },
    h("label", { for: "feedback-input" }, t("teacher.feedbackLabel")),
    targetChip,
    input,
    h("div", { class: "row end" }, h("button", { type: "submit", class: "primary", testid: "feedback-submit" }, t("teacher.sendFeedback"))),
  );
  const setTarget = (view) => {
    target.view = view;
    targetChip.hidden = !view;
    if (view) {
      replace(
        targetChip,
        t("teacher.feedbackTarget", { excerpt: view.content.slice(0, 60) }),
        " ",
        h("button", { type: "button", class: "quiet", onclick: () => setTarget(null) }, t("teacher.feedbackWholeSession")),
      );
      input.focus();
    }
  };
  replace(main, back, heading, summary, h("div", { class: "transcript-layout" }, log, h("div", {}, sessionFeedback, form)));

  let views = new Map();
  api.get(`/teacher/sessions/${sessionId}`)
    .then((detail) => {
      heading.textContent = detail.title || t("chat.untitled");
      const built = storedMessageViews(detail, { onFeedbackTarget: setTarget, showMode: true });
      views = built.byId;
      replace(log, built.views.length ? built.views.map((view) => view.element) : h("p", { class: "muted" }, t("chat.emptySession")));
      replace(sessionFeedback, built.sessionFeedback.length ? [h("h2", { class: "panel-title" }, t("feedback.title")), built.sessionFeedback.map(feedbackItem)] : null);
      for (const message of detail.messages) {
        if (message.rating) views.get(message.id)?.setBadge("rating", message.rating.helpful ? t("teacher.ratedHelpful") : t("teacher.ratedNotHelpful"));
      }
      if (detail.summary) replace(summary, h("section", { class: "card" }, h("h2", {}, t("teacher.summary")), h("p", { class: "typed" }, renderTypedText(detail.summary.summary))));
    })
    .catch(showError);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const content = input.value.trim();
    if (!content) {
      input.focus();
      return;
    }
    const body = { session_id: sessionId, content };
    if (target.view?.id) body.message_id = target.view.id;
    try {
      const item = await api.post("/teacher/feedback/", body);
      input.value = "";
      const view = item.message_id ? views.get(item.message_id) : null;
      if (view) view.addFeedback(item);
      else {
        if (!sessionFeedback.firstChild) sessionFeedback.append(h("h2", { class: "panel-title" }, t("feedback.title")));
        sessionFeedback.append(feedbackItem(item));
      }
      setTarget(null);
    } catch (error) {
      showError(error);
    }
  });
  return {};
}
