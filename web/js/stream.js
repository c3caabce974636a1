// Follow a chat job's event stream with fetch (EventSource cannot send Authorization).
//
// Events are parsed by eventsource-parser. A dropped connection resumes by itself
// with Last-Event-ID after a growing pause; events at or before the last id seen are
// dropped, so nothing is shown twice.

import { createParser } from "../vendor/eventsource-parser/index.js";
import { ApiError, request } from "./api.js";

const NOTICES = new Set(["waiting"]);
const FINAL = new Set(["done", "error"]);

/** Compare two event ids ("1712345678901-3"); negative when a comes first. */
export function compareEventIds(a, b) {
  const [aTime, aSeq] = a.split("-").map(Number);
  const [bTime, bSeq] = b.split("-").map(Number);
  return aTime - bTime || (aSeq || 0) - (bSeq || 0);
}

export function retryDelayMs(attempt) {
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Read one response body; true when the job's last event (done or error) came. */
async function readEvents(response, handle, signal) {
  let finished = false;
  const parser = createParser({
    onEvent(event) {
      if (finished) return;
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      const type = data.type || event.event;
      if (handle(event.id || null, type, data) && FINAL.has(type)) finished = true;
    },
    // Notices the API sends as comments (`: waiting {...}`), outside the contract's events.
    onComment(comment) {
      if (finished) return;
      const space = comment.indexOf(" ");
      if (space < 1 || !NOTICES.has(comment.slice(0, space))) return;
      try {
        handle(null, comment.slice(0, space), JSON.parse(comment.slice(space + 1)));
      } catch {
        // not a notice of ours
      }
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const stop = () => reader.cancel().catch(() => {});
  signal?.addEventListener("abort", stop);
  try {
    while (!finished) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } catch (error) {
    if (signal?.aborted) return true;
    // A dropped connection: the caller resumes from the last id.
  } finally {
    signal?.removeEventListener("abort", stop);
    if (finished) stop();
  }
  return finished;
}

/**
 * Deliver every event of job `jobId` once to `onEvent(type, data, id)`, from the
 * start (or after `after`), resuming until `done` or `error`. `response` is an
 * already open stream (the POST that asked the question). `onRetry(attempt)` is
 * told of each reconnection. Resolves when the job ended or `signal` aborted.
 */
export async function followJob({ jobId, response = null, after = null, onEvent, onRetry, signal }) {
  let lastId = after;
  let attempt = 0;
  const handle = (id, type, data) => {
    if (id && lastId && compareEventIds(id, lastId) <= 0) return false;
    if (id) lastId = id;
    attempt = 0;
    onEvent(type, data, id);
    return true;
  };
  for (;;) {
    if (signal?.aborted) return;
    if (!response) {
      try {
        const headers = lastId ? { "Last-Event-ID": lastId } : {};
        response = await request("GET", `/maice/chat/jobs/${encodeURIComponent(jobId)}/events`, {
          raw: true,
          headers,
          signal,
        });
      } catch (error) {
        if (signal?.aborted || error.name === "AbortError") return;
        // Gone, not ours, or signed out: no retry can help.
        if (error instanceof ApiError && [401, 403, 404, 422].includes(error.status)) throw error;
        onRetry?.(attempt);
        await sleep(retryDelayMs(attempt), signal);
        attempt += 1;
        continue;
      }
    }
    const finished = await readEvents(response, handle, signal);
    response = null;
    if (finished || signal?.aborted) return;
    onRetry?.(attempt);
    await sleep(retryDelayMs(attempt), signal);
    attempt += 1;
  }
}
