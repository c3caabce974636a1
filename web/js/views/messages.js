// One message of a conversation, as the chat and the teacher's transcript show it.

import { h, replace, svg } from "../dom.js";
import { formatDateTime, t } from "../i18n.js";
import { renderMarkdown, renderTypedText } from "../render.js";

export const MAX_ROUNDS = 3;

/**
 * The clarification round of each assistant clarification in stored messages: rounds
 * count from the last question (the stored messages do not carry them).
 */
export function clarificationRounds(messages) {
  const rounds = new Map();
  let round = 0;
  for (const message of messages) {
    if (message.role === "user" && message.kind === "question") round = 0;
    if (message.role === "assistant" && message.kind === "clarification") {
      round += 1;
      rounds.set(message.id, round);
    }
  }
  return rounds;
}

export class MessageView {
  /**
   * `onRate(view, helpful)` shows rating buttons on answers; `onFeedbackTarget(view)`
   * shows a "feedback on this message" button (teachers).
   */
  constructor({ role, kind, id = null, content = "", createdAt = null }, { onRate = null, onFeedbackTarget = null } = {}) {
    this.role = role;
    this.content = content;
    this.onRate = onRate;
    this.onFeedbackTarget = onFeedbackTarget;
    this.rating = null;
    this.meta = h("div", { class: "message-meta" });
    this.who = h("span", { class: "who" }, role === "user" ? t("message.you") : t("message.tutor"));
    this.badges = h("span", { class: "badges" });
    this.time = h("time", { class: "when" }, createdAt ? formatDateTime(createdAt) : "");
    this.meta.append(this.who, this.badges, this.time);
    this.body = h("div", { class: role === "assistant" ? "message-body markdown" : "message-body typed" });
    this.status = h("div", { class: "message-status" });
    this.actions = h("div", { class: "message-actions" });
    this.feedback = h("div", { class: "message-feedback" });
    this.element = h(
      "article",
      { class: `message message-${role}`, testid: "message", dataset: { role } },
      this.meta,
      this.body,
      this.status,
      this.actions,
      this.feedback,
    );
    this.badgeSlots = {};
    this.setKind(kind);
    if (id !== null) this.setId(id);
    this.setContent(content);
  }

  setId(id) {
    if (id === null || id === undefined) return;
    this.id = id;
    this.element.dataset.messageId = String(id);
    this.renderActions();
  }

  setKind(kind) {
    this.kind = kind;
    this.element.dataset.kind = kind;
    this.element.classList.remove(...[...this.element.classList].filter((name) => name.startsWith("kind-")));
    this.element.classList.add(`kind-${kind}`);
    this.setBadge("kind", kind === "refusal" ? t("message.refusal") : kind === "clarification_answer" ? t("message.clarificationAnswer") : null);
    this.renderActions();
  }

  setContent(text) {
    this.content = text;
    if (this.role === "assistant") replace(this.body, renderMarkdown(text));
    else replace(this.body, renderTypedText(text));
  }

  setBadge(slot, text, { testid = null, className = "" } = {}) {
    this.badgeSlots[slot]?.remove();
    delete this.badgeSlots[slot];
    if (!text) return;
    const badge = h("span", { class: `badge ${className}`, testid }, text);
    this.badgeSlots[slot] = badge;
    const order = ["round", "kind", "knowledge", "verified", "mode", "rating"];
    const after = order.slice(order.indexOf(slot) + 1).map((name) => this.badgeSlots[name]).find(Boolean);
    this.badges.insertBefore(badge, after || null);
  }

  setRound(round, maxRounds = MAX_ROUNDS) {
    this.setBadge("round", round ? t("message.round", { round, max: maxRounds || MAX_ROUNDS }) : null, {
      testid: "clarification-round",
      className: "badge-round",
    });
  }

  setKnowledgeType(type) {
    this.setBadge("knowledge", type ? `${type} · ${t(`knowledge.${type}`)}` : null, { className: "badge-knowledge" });
  }

  setVerified(verified) {
    this.setBadge("verified", verified ? t("message.verified") : null, { className: "badge-verified" });
  }

  setStreaming(streaming) {
    this.element.setAttribute("aria-busy", streaming ? "true" : "false");
    this.status.replaceChildren();
    if (streaming) {
      this.status.append(
        h("span", { class: "typing", testid: "streaming", role: "status" }, h("span", { class: "dots", "aria-hidden": "true" }), t("message.streaming")),
      );
    }
  }

  /** A line beside the streaming indicator (the tutor is busy), or none. */
  setWaiting(text) {
    this.waitingNote?.remove();
    this.waitingNote = text ? h("span", { class: "note", testid: "waiting" }, text) : null;
    if (this.waitingNote) this.status.append(this.waitingNote);
  }

  setNote(text, className = "note") {
    this.status.replaceChildren();
    if (text) this.status.append(h("span", { class: className }, text));
  }

  setRating(rating) {
    this.rating = rating;
    this.renderActions();
  }

  renderActions() {
    if (!this.actions) return;
    this.actions.replaceChildren();
    if (this.id === undefined || this.role !== "assistant") return;
    if (this.onRate && this.kind === "answer") {
      const helpful = this.rating ? this.rating.helpful : null;
      const button = (value, testid, label) =>
        h(
          "button",
          {
            type: "button",
            class: "rate",
            testid,
            "aria-pressed": helpful === value ? "true" : "false",
            "aria-label": label,
            title: label,
            onclick: () => this.onRate(this, value),
          },
          thumb(value),
          h("span", { class: "rate-label" }, label),
        );
      this.actions.append(
        button(true, "rating-up", t("message.helpful")),
        button(false, "rating-down", t("message.notHelpful")),
      );
    }
    if (this.onFeedbackTarget) {
      this.actions.append(
        h("button", { type: "button", class: "quiet", onclick: () => this.onFeedbackTarget(this) }, t("teacher.feedbackOnMessage")),
      );
    }
  }

  addFeedback(item) {
    this.feedback.append(feedbackItem(item));
  }
}

/** A thumb up (or down) drawn in SVG: emoji fonts are not on every school computer. */
function thumb(up) {
  return svg(
    "svg",
    { viewBox: "0 0 24 24", width: "18", height: "18", "aria-hidden": "true", class: up ? "thumb" : "thumb thumb-down" },
    svg("path", { d: "M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.9-4.3A2 2 0 0 0 12.5 3L8 9.5z" }),
  );
}

export function feedbackItem(item) {
  return h(
    "div",
    { class: "feedback-item", testid: "feedback-item", dataset: { feedbackId: item.id } },
    h("div", { class: "feedback-meta" }, t("feedback.fromTeacher"), " · ", h("time", {}, formatDateTime(item.created_at))),
    h("p", { class: "typed" }, renderTypedText(item.content)),
  );
}

/** Views for stored messages, with rounds, badges, ratings and feedback in place. */
export function storedMessageViews(detail, options = {}) {
  const rounds = clarificationRounds(detail.messages);
  const views = [];
  const byId = new Map();
  let lastQuestion = null;
  for (const message of detail.messages) {
    const view = new MessageView(
      { role: message.role, kind: message.kind, id: message.id, content: message.content, createdAt: message.created_at },
      options,
    );
    if (message.role === "user") {
      view.setKnowledgeType(message.knowledge_type);
      lastQuestion = view;
    } else {
      if (message.kind === "clarification") view.setRound(rounds.get(message.id), MAX_ROUNDS);
      view.setVerified(message.verified === true);
      if (message.rating) view.setRating(message.rating);
    }
    if (options.showMode && message.mode) view.setBadge("mode", t(`mode.${message.mode}`));
    views.push(view);
    byId.set(message.id, view);
  }
  const sessionFeedback = [];
  for (const item of detail.feedback || []) {
    const target = item.message_id !== null ? byId.get(item.message_id) : null;
    if (target) target.addFeedback(item);
    else sessionFeedback.push(item);
  }
  return { views, byId, sessionFeedback, lastQuestion };
}
