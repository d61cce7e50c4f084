// The charts page: reads /analytics/series.json and /analytics/alerts.json and draws four uPlot charts.
"use strict";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
const WIDTH = 600;
const HEIGHT = 240;
let charts = [];

function chart(id, title, series, data, scales) {
  const element = document.getElementById(id);
  element.textContent = "";
  element.dataset.points = String(data[0].length);
  element.dataset.series = String(series.length);
  if (series.length === 0) {
    element.appendChild(text("no data in this window"));
    return null;
  }
  const options = {
    title,
    width: WIDTH,
    height: HEIGHT,
    scales: scales || {},
    axes: [{}, { size: 70 }],
    series: [{}].concat(series),
  };
  return new uPlot(options, data, element);
}

function text(value) {
  const span = document.createElement("span");
  span.textContent = value;
  return span;
}

async function load() {
  const since = document.getElementById("since").value;
  const status = document.getElementById("status");
  status.textContent = "loading…";
  const [seriesResponse, alertsResponse] = await Promise.all([
    fetch(`/analytics/series.json?since=${encodeURIComponent(since)}`, {
      credentials: "same-origin",
    }),
    fetch("/analytics/alerts.json", { credentials: "same-origin" }),
  ]);
  if (!seriesResponse.ok) {
    status.textContent = `could not load the series (${seriesResponse.status})`;
    return;
  }
  const s = await seriesResponse.json();
  for (const plot of charts) if (plot) plot.destroy();
  charts = [
    chart("chart-queue", "jobs", [
      { label: "queue depth", stroke: COLORS[0], width: 2 },
      { label: "finished", stroke: COLORS[2], width: 2 },
    ], [s.times, s.queueDepth, s.throughput]),
    chart("chart-latency", "latency (ms)", [
      { label: "p50", stroke: COLORS[0], width: 2, spanGaps: true },
      { label: "p95", stroke: COLORS[1], width: 2, spanGaps: true },
    ], [s.times, s.latencyP50Ms, s.latencyP95Ms]),
    chart("chart-cost", "cost (USD)", [
      { label: "cost", stroke: COLORS[4], width: 2, fill: "rgba(255,127,14,0.15)" },
    ], [s.times, s.costUsd]),
    chart(
      "chart-success",
      "success rate",
      s.success.map((a, i) => ({
        label: a.agent,
        stroke: COLORS[i % COLORS.length],
        width: 2,
        spanGaps: true,
      })),
      [s.times].concat(s.success.map((a) => a.rates)),
      { y: { range: [0, 1] } },
    ),
  ];
  const list = document.getElementById("alerts");
  list.textContent = "";
  const alerts = alertsResponse.ok ? (await alertsResponse.json()).alerts : [];
  for (const alert of alerts) {
    const item = document.createElement("li");
    item.className = alert.level;
    item.appendChild(text(`${alert.message}: ${alert.evidence.join("; ")}`));
    list.appendChild(item);
  }
  if (alerts.length === 0) list.appendChild(text("none"));
  status.textContent = `${s.throughput.reduce((a, b) => a + b, 0)} jobs in the window`;
  document.body.dataset.ready = "true";
}

document.getElementById("since").addEventListener("change", () => void load());
void load();
