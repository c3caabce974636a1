// Turning text into DOM. Model output: Markdown -> DOMPurify -> KaTeX. What people
// typed: text nodes, with only its math typeset by KaTeX.

import DOMPurify from "../vendor/dompurify/purify.es.mjs";
import katex from "../vendor/katex/katex.mjs";
import { Marked } from "../vendor/marked/marked.esm.js";

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]);

// Raw HTML in a model's Markdown is shown as the text it is, never parsed as markup:
// a tutor needs none, and DOMPurify below is then the second line, not the only one.
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: { html: (token) => escapeHtml(token.text) },
});

const SANITIZE = {
  RETURN_DOM_FRAGMENT: true,
  // Markdown needs none of these; a model that writes them is not to be obeyed.
  FORBID_TAGS: [
    "style", "img", "svg", "math", "form", "input", "button", "textarea", "select",
    "iframe", "object", "embed", "video", "audio", "source", "picture", "link", "meta",
  ],
  FORBID_ATTR: ["style", "class", "id", "srcset", "action", "formaction"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
};

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
});

const KATEX_OPTIONS = {
  // Errors are caught below: KaTeX's own error span carries an inline style attribute.
  throwOnError: true,
  trust: false,
  strict: "ignore",
  maxSize: 20,
  maxExpand: 500,
  output: "htmlAndMathml",
};

/**
 * Split `text` into text and math pieces. Math is $$…$$ and \[…\] (display), \(…\)
 * and $…$ (inline). Inside `code` spans and fenced blocks nothing is math, and with
 * `keepCode` those stay in the text pieces as they are (for Markdown to render).
 * An inline $ opens only before a non-space and closes only after a non-space not
 * followed by a digit, so "$5 and $10" stays text; \$ is a literal dollar.
 */
export function splitMath(text) {
  const pieces = [];
  let plain = "";
  let i = 0;
  const pushMath = (tex, display, raw) => {
    if (!tex.trim()) {
      plain += raw;
      return;
    }
    if (plain) pieces.push({ type: "text", value: plain });
    plain = "";
    pieces.push({ type: "math", value: tex, display, raw });
  };
  const atLineStart = () => i === 0 || text[i - 1] === "\n";
  while (i < text.length) {
    const rest = text.slice(i);
    const fence = atLineStart() ? /^ {0,3}(`{3,}|~{3,})[^\n]*\n?/.exec(rest) : null;
    if (fence) {
      const closing = new RegExp(`^ {0,3}\\${fence[1][0]}{${fence[1].length},}\\s*$`);
      let end = text.length;
      for (let j = i + fence[0].length; j < text.length; ) {
        const newline = text.indexOf("\n", j);
        const next = newline === -1 ? text.length : newline + 1;
        if (closing.test(text.slice(j, newline === -1 ? text.length : newline))) {
          end = next;
          break;
        }
        j = next;
      }
      plain += text.slice(i, end);
      i = end;
      continue;
    }
    const char = text[i];
    if (char === "\\" && (text[i + 1] === "$" || text[i + 1] === "`")) {
      plain += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (char === "`") {
      const run = /^`+/.exec(rest)[0];
      const end = rest.indexOf(run, run.length);
      const length = end === -1 ? run.length : end + run.length;
      plain += rest.slice(0, length);
      i += length;
      continue;
    }
    if (char === "\\" && (text[i + 1] === "[" || text[i + 1] === "(")) {
      const closer = text[i + 1] === "[" ? "\\]" : "\\)";
      const end = text.indexOf(closer, i + 2);
      if (end !== -1) {
        pushMath(text.slice(i + 2, end), text[i + 1] === "[", text.slice(i, end + 2));
        i = end + 2;
        continue;
      }
    }
    if (char === "$" && text[i + 1] === "$") {
      const end = text.indexOf("$$", i + 2);
      if (end !== -1) {
        pushMath(text.slice(i + 2, end), true, text.slice(i, end + 2));
        i = end + 2;
        continue;
      }
    }
    if (char === "$" && text[i + 1] && !/\s/.test(text[i + 1])) {
      const match = /^\$((?:\\.|[^\\$\n])+?)\$(?!\d)/.exec(rest);
      if (match && !/\s$/.test(match[1])) {
        pushMath(match[1], false, match[0]);
        i += match[0].length;
        continue;
      }
    }
    plain += char;
    i += 1;
  }
  if (plain) pieces.push({ type: "text", value: plain });
  return pieces;
}

function typeset(tex, display) {
  const holder = document.createElement(display ? "div" : "span");
  holder.className = display ? "math-display" : "math-inline";
  // katex.render builds nodes and sets styles through the CSSOM, which the page's
  // Content-Security-Policy (no inline style attributes) allows.
  try {
    katex.render(tex, holder, { ...KATEX_OPTIONS, displayMode: display });
  } catch (error) {
    // A formula KaTeX cannot read is shown as the TeX it is.
    holder.className += " math-error";
    holder.title = String(error.message || error).slice(0, 200);
    holder.textContent = display ? `$$${tex}$$` : `$${tex}$`;
  }
  return holder;
}

/** What a person typed: text nodes (newlines kept by CSS), math typeset. */
export function renderTypedText(text) {
  const fragment = document.createDocumentFragment();
  for (const piece of splitMath(text)) {
    fragment.append(
      piece.type === "math" ? typeset(piece.value, piece.display) : document.createTextNode(piece.value),
    );
  }
  return fragment;
}

/** Untrusted Markdown (model output) as a sanitised fragment with typeset math. */
export function renderMarkdown(source) {
  const nonce = Math.random().toString(36).slice(2, 10);
  const formulas = [];
  let markdown = "";
  for (const piece of splitMath(source)) {
    if (piece.type === "text") {
      markdown += piece.value;
      continue;
    }
    // A placeholder of letters and digits only, which Markdown leaves alone.
    const token = `mathx${nonce}x${formulas.length}x`;
    formulas.push(piece);
    markdown += piece.display ? `\n\n${token}\n\n` : token;
  }
  const fragment = DOMPurify.sanitize(marked.parse(markdown), SANITIZE);
  if (formulas.length) replacePlaceholders(fragment, new RegExp(`mathx${nonce}x(\\d+)x`, "g"), formulas);
  return fragment;
}

function replacePlaceholders(root, pattern, formulas) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const text = node.nodeValue;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    const inCode = node.parentElement?.closest("code, pre");
    const parts = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > last) parts.append(text.slice(last, match.index));
      const formula = formulas[Number(match[1])];
      parts.append(inCode ? formula.raw : typeset(formula.value, formula.display));
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.append(text.slice(last));
    const paragraph = node.parentElement;
    node.replaceWith(parts);
    // A display formula alone in its paragraph: drop the paragraph around it.
    if (paragraph?.tagName === "P" && paragraph.childNodes.length === 1 && paragraph.firstChild.classList?.contains("math-display")) {
      paragraph.replaceWith(paragraph.firstChild);
    }
  }
}
