// The student's chat: sessions, asking, the streamed answer, stop, resume, rating.

import * as api from "../api.js";
import { h, replace } from "../dom.js";
import { describeEventError, formatDate, t } from "../i18n.js";
import { followJob } from "../stream.js";
import { MAX_ROUNDS, MessageView, feedbackItem, storedMessageViews } from "./messages.js";

const QUESTION_MAX = 4000;

export function renderChat(main, context) {
  const chat = new ChatView(main, context);
  chat.start();
  return chat;
}

class ChatView {
  constructor(main, { user, rest, showError, clearError }) {
    this.main = main;
    this.user = user;
    this.showError = showError;
    this.clearError = clearError;
    this.sessionId = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest[0]) : null;
    // Opened without a session (a reload before the new session was named): go to the
    // one whose answer is still coming, if any.
    this.findActive = this.sessionId === null;
    this.sessions = [];
    this.showArchived = false;
    this.job = null;
    this.views = [];
    this.alive = true;
    this.onKey = (event) => {
      if (event.key === "Escape" && this.job && !event.defaultPrevented) {
        event.preventDefault();
        this.stop();
      }
    };
    document.addEventListener("keydown", this.onKey);
  }

  leave() {
    this.alive = false;
    document.removeEventListener("keydown", this.onKey);
    this.job?.abort.abort();
  }

  start() {
    this.list = h("ul", { class: "session-list", "aria-label": t("chat.sessions") });
    this.archivedToggle = h("input", { type: "checkbox", id: "show-archived" });
    this.archivedToggle.addEventListener("change", () => {
      this.showArchived = this.archivedToggle.checked;
      this.renderSessions();
    });
    const panel = h(
      "aside",
      { class: "sessions-panel", "aria-label": t("chat.sessions") },
      h("div", { class: "panel-head" },
        h("h2", { class: "panel-title" }, t("chat.sessions")),
        h("button", { type: "button", class: "primary new-chat", testid: "new-chat", onclick: () => this.newChat() }, t("chat.new")),
      ),
      this.list,
      h("label", { class: "archived-toggle", for: "show-archived" }, this.archivedToggle, t("chat.showArchived")),
    );
    this.title = h("h1", { class: "conversation-title" });
    this.tools = h("div", { class: "conversation-tools" });
    this.feedbackPanel = h("section", { class: "feedback-panel", "aria-label": t("feedback.title"), hidden: true });
    this.log = h("div", { class: "messages", role: "log", "aria-label": t("chat.conversation") });
    this.input = h("textarea", {
      id: "question-input",
      testid: "question-input",
      rows: "2",
      maxlength: String(QUESTION_MAX),
      placeholder: t("chat.placeholder"),
      "aria-describedby": "composer-hint",
    });
    this.input.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter is a new line; never while an IME is composing (Korean).
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        this.send();
      }
    });
    this.sendButton = h("button", { type: "submit", class: "primary", testid: "send" }, t("chat.send"));
    this.stopButton = h("button", { type: "button", class: "danger", testid: "stop", hidden: true, onclick: () => this.stop() }, t("chat.stop"));
    const composer = h(
      "form",
      { class: "composer" },
      h("label", { for: "question-input", class: "visually-hidden" }, t("chat.question")),
      this.input,
      h("div", { class: "composer-buttons" }, this.stopButton, this.sendButton),
      h("p", { id: "composer-hint", class: "hint" }, t("chat.hint")),
    );
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    const conversation = h(
      "section",
      { class: "conversation" },
      h("div", { class: "conversation-head" }, this.title, this.tools),
      this.feedbackPanel,
      this.log,
      composer,
    );
    replace(this.main, h("div", { class: "chat-layout" }, panel, conversation));
    this.loadSessions();
    if (this.sessionId) this.openSession(this.sessionId);
    else this.showEmpty();
    this.input.focus();
  }

  // ---- sessions ----

  async loadSessions() {
    try {
      this.sessions = await api.get("/maice/sessions/");
      if (!this.alive) return;
      const active = this.findActive && !this.job && this.sessions.find((s) => s.active_job_id);
      this.findActive = false;
      if (active && this.sessionId === null) {
        window.location.replace(`#/chat/${active.id}`);
        return;
      }
      this.renderSessions();
    } catch (error) {
      if (this.alive) this.showError(error);
    }
  }

  renderSessions() {
    const visible = this.sessions.filter((s) => this.showArchived || s.status !== "archived" || s.id === this.sessionId);
    replace(
      this.list,
      visible.length === 0 ? h("li", { class: "muted empty" }, t("chat.noSessions")) : null,
      visible.map((session) =>
        h(
          "li",
          {},
          h(
            "a",
            {
              href: `#/chat/${session.id}`,
              class: `session-item${session.status === "archived" ? " archived" : ""}`,
              testid: "session-item",
              dataset: { sessionId: session.id },
              "aria-current": session.id === this.sessionId ? "page" : null,
            },
            h("span", { class: "session-title" }, session.title || t("chat.untitled")),
            h("span", { class: "session-date" }, formatDate(session.updated_at || session.created_at), session.status === "archived" ? ` · ${t("chat.archived")}` : ""),
          ),
        ),
      ),
    );
  }

  newChat() {
    this.findActive = false;
    if (this.job) this.detachJob();
    this.sessionId = null;
    if (window.location.hash !== "#/chat") history.pushState(null, "", "#/chat");
    this.renderSessions();
    this.showEmpty();
    this.input.focus();
  }

  showEmpty() {
    this.views = [];
    this.title.textContent = t("chat.newTitle");
    this.tools.replaceChildren();
    this.feedbackPanel.hidden = true;
    replace(this.log, h("div", { class: "empty-chat" }, h("p", {}, t("chat.emptyHello", { name: this.user.name })), h("p", { class: "muted" }, t("chat.emptyHint"))));
  }

  async openSession(id) {
    let detail;
    try {
      detail = await api.get(`/maice/sessions/${id}`);
    } catch (error) {
      if (!this.alive) return;
      this.showError(error);
      if (error.status === 404) this.newChat();
      return;
    }
    if (!this.alive || this.sessionId !== id) return;
    this.detail = detail;
    this.renderHeader(detail);
    const { views, sessionFeedback } = storedMessageViews(detail, { onRate: (view, helpful) => this.rate(view, helpful) });
    this.views = views;
    replace(this.log, views.length ? views.map((view) => view.element) : h("p", { class: "muted empty-chat" }, t("chat.emptySession")));
    this.renderFeedback(sessionFeedback);
    this.scrollToEnd();
    if (detail.active_job_id && !this.job) this.resume(detail.active_job_id);
  }

  renderHeader(detail) {
    this.title.textContent = detail.title || t("chat.untitled");
    const archived = detail.status === "archived";
    replace(
      this.tools,
      h("button", { type: "button", class: "quiet", onclick: () => this.rename() }, t("chat.rename")),
      h("button", { type: "button", class: "quiet", onclick: () => this.setArchived(!archived) }, archived ? t("chat.unarchive") : t("chat.archive")),
      h("button", { type: "button", class: "quiet danger-text", onclick: () => this.confirmDelete() }, t("chat.delete")),
    );
  }

  renderFeedback(items) {
    this.feedbackPanel.hidden = items.length === 0;
    replace(this.feedbackPanel, h("h2", { class: "panel-title" }, t("feedback.title")), items.map(feedbackItem));
  }

  rename() {
    const field = h("input", { type: "text", value: this.detail?.title || "", maxlength: "200", "aria-label": t("chat.renameLabel"), class: "rename-input" });
    const save = async () => {
      const title = field.value.trim();
      if (!title) return;
      try {
        this.detail = await api.put(`/maice/sessions/${this.sessionId}`, { title });
        this.renderHeader(this.detail);
        this.loadSessions();
      } catch (error) {
        this.showError(error);
      }
    };
    field.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        save();
      } else if (event.key === "Escape") {
        event.preventDefault();
        this.renderHeader(this.detail);
      }
    });
    replace(
      this.tools,
      field,
      h("button", { type: "button", class: "primary", onclick: save }, t("common.save")),
      h("button", { type: "button", class: "quiet", onclick: () => this.renderHeader(this.detail) }, t("common.cancel")),
    );
    this.title.textContent = "";
    field.focus();
    field.select();
  }

  async setArchived(archived) {
    try {
      this.detail = await api.put(`/maice/sessions/${this.sessionId}`, { status: archived ? "archived" : "active" });
      this.renderHeader(this.detail);
      this.loadSessions();
    } catch (error) {
      this.showError(error);
    }
  }

  confirmDelete() {
    const yes = h("button", { type: "button", class: "danger", onclick: () => this.deleteSession() }, t("chat.deleteConfirm"));
    replace(
      this.tools,
      h("span", { class: "confirm-text", role: "alert" }, t("chat.deleteQuestion")),
      yes,
      h("button", { type: "button", class: "quiet", onclick: () => this.renderHeader(this.detail) }, t("common.cancel")),
    );
    yes.focus();
  }

  async deleteSession() {
    try {
      await api.del(`/maice/sessions/${this.sessionId}`);
      this.job?.abort.abort();
      this.job = null;
      this.setComposerBusy(false);
      await this.loadSessions();
      this.newChat();
    } catch (error) {
      this.showError(error);
    }
  }

  // ---- asking and streaming ----

  lastAssistant() {
    return [...this.views].reverse().find((view) => view.role === "assistant");
  }

  async send() {
    const question = this.input.value.trim();
    if (!question || this.job) return;
    this.findActive = false;
    if (question.length > QUESTION_MAX) {
      this.showError(t("chat.tooLong", { max: QUESTION_MAX }));
      return;
    }
    this.clearError();
    const previous = this.lastAssistant();
    const answersClarification = previous?.kind === "clarification" && this.sessionId !== null;
    if (this.views.length === 0) this.log.replaceChildren();
    const userView = new MessageView({ role: "user", kind: answersClarification ? "clarification_answer" : "question", content: question });
    this.addView(userView);
    const assistantView = this.addAssistantPlaceholder();
    const body = { question };
    if (this.sessionId !== null) body.session_id = this.sessionId;
    const abort = new AbortController();
    this.job = { id: null, abort, userView, assistantView, text: "", nextRound: answersClarification ? (this.roundOf(previous) || 0) + 1 : 1 };
    this.setComposerBusy(true);
    this.input.value = "";
    let response;
    try {
      response = await api.request("POST", "/maice/chat/streaming", {
        body,
        raw: true,
        signal: abort.signal,
        headers: { "Idempotency-Key": this.idempotencyKey(question) },
      });
    } catch (error) {
      if (error.name === "AbortError") return;
      // Nothing was asked: take the bubbles back and give the question back.
      userView.element.remove();
      assistantView.element.remove();
      this.views = this.views.filter((view) => view !== userView && view !== assistantView);
      this.job = null;
      this.setComposerBusy(false);
      this.input.value = question;
      this.showError(error);
      return;
    }
    this.unsent = null;
    this.job.id = response.headers.get("X-Job-Id");
    this.follow(this.job, response);
  }

  // One key per question: sending the same question again after a failed request reuses
  // it, so a question the server admitted before the connection broke is not asked twice.
  idempotencyKey(question) {
    if (this.unsent?.question !== question || this.unsent?.sessionId !== this.sessionId) {
      const key = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
      this.unsent = { question, sessionId: this.sessionId, key };
    }
    return this.unsent.key;
  }

  roundOf(view) {
    const badge = view?.badgeSlots.round;
    const match = badge ? /(\d+)/.exec(badge.textContent) : null;
    return match ? Number(match[1]) : null;
  }

  /** Take up the session's unfinished job (after a reload): its events from the start. */
  resume(jobId) {
    const previousClarification = this.lastAssistant()?.kind === "clarification" ? this.lastAssistant() : null;
    const assistantView = this.addAssistantPlaceholder();
    const userView = [...this.views].reverse().find((view) => view.role === "user") || null;
    this.job = {
      id: jobId,
      abort: new AbortController(),
      userView,
      assistantView,
      text: "",
      nextRound: previousClarification ? (this.roundOf(previousClarification) || 0) + 1 : 1,
      resumed: true,
    };
    this.setComposerBusy(true);
    this.follow(this.job, null);
  }

  addAssistantPlaceholder() {
    const view = new MessageView({ role: "assistant", kind: "answer" }, { onRate: (v, helpful) => this.rate(v, helpful) });
    view.setStreaming(true);
    this.addView(view);
    return view;
  }

  addView(view) {
    this.views.push(view);
    this.log.append(view.element);
    this.scrollToEnd();
  }

  scrollToEnd() {
    const nearEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 160;
    if (nearEnd || !this.job) this.log.scrollTop = this.log.scrollHeight;
    this.log.lastElementChild?.scrollIntoView?.({ block: "end" });
  }

  async follow(job, response) {
    try {
      await followJob({
        jobId: job.id,
        response,
        signal: job.abort.signal,
        onEvent: (type, data) => this.onEvent(job, type, data),
        onRetry: () => {
          if (this.job === job) job.assistantView.setStreaming(true);
        },
      });
    } catch (error) {
      if (this.job !== job) return;
      this.finishJob(job);
      job.assistantView.setNote(t("chat.streamLost"), "note note-error");
      this.showError(error);
      if (this.sessionId) this.openSession(this.sessionId);
    }
  }

  onEvent(job, type, data) {
    if (this.job !== job || !this.alive) return;
    const view = job.assistantView;
    switch (type) {
      case "session":
        if (this.sessionId === null && data.session_id) {
          this.sessionId = data.session_id;
          history.replaceState(null, "", `#/chat/${data.session_id}`);
          this.title.textContent = data.title || t("chat.untitled");
          this.detail = { id: data.session_id, title: data.title, status: "active" };
          this.renderHeader(this.detail);
          this.loadSessions();
        }
        if (data.question_message_id) job.userView?.setId(data.question_message_id);
        break;
      case "classification":
        job.userView?.setKnowledgeType(data.knowledge_type);
        break;
      case "waiting":
        // The tutor is busy with earlier questions; cleared by the first piece of answer.
        if (!job.text) view.setNote(t("chat.waiting"));
        break;
      case "clarification":
        view.setKind("clarification");
        view.setRound(data.round || job.nextRound, data.max_rounds || MAX_ROUNDS);
        job.text = data.text;
        view.setContent(job.text);
        break;
      case "token":
        if (!job.text) view.setNote("");
        job.text += data.text;
        this.scheduleRender(job);
        break;
      case "reset":
        job.text = "";
        view.setContent("");
        break;
      case "done":
        this.finishJob(job);
        view.setKind(data.kind);
        if (data.kind === "clarification" && !view.badgeSlots.round) view.setRound(data.round || job.nextRound, data.max_rounds || MAX_ROUNDS);
        view.setContent(data.content ?? job.text);
        view.setVerified(data.verified === true);
        view.setId(data.message_id);
        if (data.finish_reason === "cancelled") view.setNote(t("chat.stopped"));
        this.reconcile(job);
        this.loadSessions();
        break;
      case "error":
        this.finishJob(job);
        if (job.text) view.setContent(job.text);
        view.setNote(describeEventError(data), "note note-error");
        this.showError(describeEventError(data));
        break;
      default:
        break;
    }
    this.scrollToEnd();
  }

  scheduleRender(job) {
    if (job.renderPending) return;
    job.renderPending = true;
    requestAnimationFrame(() => {
      job.renderPending = false;
      if (this.job === job) {
        job.assistantView.setContent(job.text);
        this.scrollToEnd();
      }
    });
  }

  finishJob(job) {
    job.assistantView.setStreaming(false);
    if (this.job === job) {
      this.job = null;
      this.setComposerBusy(false);
    }
  }

  /** After an answer, take the question's id and kind from what the server stored. */
  async reconcile(job) {
    if (!this.sessionId) return;
    try {
      const detail = await api.get(`/maice/sessions/${this.sessionId}`);
      if (!this.alive) return;
      this.detail = detail;
      const question = detail.messages.find((m) => m.role === "user" && m.job_id === job.id);
      if (question && job.userView) {
        job.userView.setId(question.id);
        job.userView.setKind(question.kind);
      }
    } catch {
      // The answer is shown already; ids come with the next load.
    }
  }

  /** Leave the running job to itself (it still finishes and is stored). */
  detachJob() {
    this.job.abort.abort();
    this.job = null;
    this.setComposerBusy(false);
  }

  async stop() {
    const job = this.job;
    if (!job || !job.id) return;
    this.stopButton.disabled = true;
    try {
      await api.post(`/maice/chat/jobs/${encodeURIComponent(job.id)}/cancel`);
    } catch (error) {
      // 409: it had ended already, and its done is on the way.
      if (error.status !== 409) {
        this.stopButton.disabled = false;
        this.showError(error);
      }
    }
  }

  setComposerBusy(busy) {
    this.sendButton.disabled = busy;
    this.stopButton.hidden = !busy;
    this.stopButton.disabled = false;
    if (!busy && this.alive && document.activeElement === document.body) this.input.focus();
  }

  // ---- rating ----

  async rate(view, helpful) {
    if (!view.id) return;
    try {
      const rating = await api.put(`/maice/messages/${view.id}/rating`, { helpful });
      view.setRating(rating);
      view.actions.querySelector(`[data-testid="${helpful ? "rating-up" : "rating-down"}"]`)?.focus();
    } catch (error) {
      this.showError(error);
    }
  }
}
