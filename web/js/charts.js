// Small SVG bar charts: people would rather look than read. Colours come from CSS.

import { h, svg } from "./dom.js";

/**
 * A vertical bar chart of `data` ([{label, value, short?}]) in an SVG that scales to
 * its container. `labelEvery` thins the axis labels (days); values sit above bars.
 */
export function barChart({ data, title, testid, labelEvery = 1, emptyText = "" }) {
  const width = 640;
  const height = 240;
  const lines = Math.max(1, ...data.map((d) => String(d.short ?? d.label).split("\n").length));
  const pad = { top: 24, right: 30, bottom: 26 + 22 * lines, left: 44 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...data.map((d) => d.value));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const slot = innerW / Math.max(1, data.length);
  const barW = Math.max(2, Math.min(56, slot * 0.7));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    class: "chart",
    role: "img",
    "aria-label": `${title}: ${data.map((d) => `${d.label} ${d.value}`).join(", ")}`,
    preserveAspectRatio: "xMidYMid meet",
  });
  chart.append(svg("title", {}, title));
  for (let tick = 0; tick <= top; tick += step) {
    const y = pad.top + innerH - (tick / top) * innerH;
    chart.append(
      svg("line", { x1: pad.left, x2: width - pad.right, y1: y, y2: y, class: "chart-gridline" }),
      svg("text", { x: pad.left - 6, y: y + 4, class: "chart-tick", "text-anchor": "end" }, String(tick)),
    );
  }
  data.forEach((d, index) => {
    const x = pad.left + slot * index + (slot - barW) / 2;
    const barH = (d.value / top) * innerH;
    const y = pad.top + innerH - barH;
    const bar = svg("rect", { x, y, width: barW, height: Math.max(barH, d.value ? 1 : 0), rx: 2, class: `chart-bar chart-bar-${index % 6}` });
    bar.append(svg("title", {}, `${d.label}: ${d.value}`));
    chart.append(bar);
    if (d.value && data.length <= 12) {
      chart.append(svg("text", { x: x + barW / 2, y: y - 6, class: "chart-value", "text-anchor": "middle" }, String(d.value)));
    }
    if (index % labelEvery === 0 || index === data.length - 1) {
      // Labels of several lines ("K1\nfactual") keep narrow screens from overlapping them.
      const label = svg("text", { x: x + barW / 2, y: height - pad.bottom + 28, class: "chart-label", "text-anchor": "middle" });
      String(d.short ?? d.label)
        .split("\n")
        .forEach((line, row) => label.append(svg("tspan", { x: x + barW / 2, dy: row ? "1.2em" : 0 }, line)));
      chart.append(label);
    }
  });
  const total = data.reduce((sum, d) => sum + d.value, 0);
  return h(
    "figure",
    { class: "chart-card", testid },
    h("figcaption", {}, title),
    chart,
    total === 0 && emptyText ? h("p", { class: "muted chart-empty" }, emptyText) : null,
  );
}

function niceStep(max) {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= rough) return Math.max(1, factor * power);
  }
  return power * 10;
}
