// The dashboard page: renders /dashboard/api/snapshot and follows /events/stream (SSE).
// Every event refreshes the snapshot (debounced), and a timer refreshes it anyway, so the
// page shows state changes made by any process. Text goes in with textContent only.

const SNAPSHOT_URL = "/dashboard/api/snapshot";
const STREAM_URL = "/events/stream";
const REFRESH_MS = 5000;
const MAX_EVENTS = 200;

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("data-")) node.setAttribute(name, String(value));
    else node[name] = value;
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function fill(target, rows, empty) {
  const node = typeof target === "string" ? $(target) : target;
  node.replaceChildren(...(rows.length ? rows : empty ? [empty] : []));
}

function duration(ms) {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) (n /= 1024, i++);
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

const dollars = (n) => `$${n.toFixed(4)}`;
const clock = (ts) => new Date(ts).toLocaleTimeString();

function renderAlerts(alerts) {
  fill(
    "#alerts",
    alerts.map((a) =>
      el(
        "li",
        { "data-level": a.level, "data-code": a.code },
        `${a.message}`,
        a.hint ? el("span", { class: "muted" }, ` — ${a.hint}`) : null,
      )
    ),
    el("li", { "data-level": "ok" }, "✓ no alerts"),
  );
}

function supervisedWorkerText(w) {
  if (!w) return "unknown";
  const parts = [w.status];
  if (w.pid !== null) parts.push(`pid ${w.pid}`);
  if (w.supervisorPid !== null) parts.push(`supervisor ${w.supervisorPid}`);
  parts.push(`${w.restarts} restart(s)`);
  parts.push(
    w.heartbeatAgeMs === null ? "no heartbeat yet" : `beat ${duration(w.heartbeatAgeMs)} ago`,
  );
  if (w.reason) parts.push(w.reason);
  if (w.status === "stopped") parts.push("start it with `super-agents start`");
  return parts.join(" · ");
}

function renderKm(s) {
  const rows = [
    ["project", s.project.root],
    ["KM", `pid ${s.km.pid} · port ${s.km.port} · v${s.km.version}`],
    ["uptime", duration(s.km.uptimeMs)],
    ["memory", `${bytes(s.km.rssBytes)} (KM)`],
    ["event log", `${bytes(s.eventLog.logBytes)} · ${s.eventLog.archives} archive(s)`],
    ["worker", supervisedWorkerText(s.supervisedWorker)],
  ];
  fill("#km", rows.flatMap(([k, v]) => [el("dt", { class: "muted" }, k), el("dd", {}, v)]));
  fill(
    "#workers",
    s.workers.map((w) => el("li", { class: "mono" }, `${w.id} — ${w.jobs} job(s)`)),
    el("li", { class: "muted" }, "no worker holds a lease"),
  );
  $("#project-name").textContent = s.project.name;
}

function renderProjects(projects) {
  fill(
    "#projects tbody",
    projects.map((p) =>
      el(
        "tr",
        { "data-km": p.km },
        el("td", { title: p.root }, p.current ? `${p.name} (this)` : p.name),
        el("td", {}, p.km),
        el("td", {}, p.port ?? "—"),
      )
    ),
    el("tr", {}, el("td", { colSpan: 3, class: "muted" }, "no project in the global index")),
  );
}

function renderQueue(queue) {
  const table = $("#queue");
  if (!queue.available) {
    fill(table.tBodies[0], [
      el(
        "tr",
        {},
        el("td", { class: "muted" }, "no queue yet: `super-agents task create` makes one"),
      ),
    ]);
    return;
  }
  table.tHead.replaceChildren(
    el(
      "tr",
      {},
      el("th", {}, "priority"),
      ...queue.states.map((s) => el("th", { class: "num" }, s)),
      el("th", { class: "num" }, "ready"),
    ),
  );
  fill(
    table.tBodies[0],
    queue.priorities.map((p) =>
      el(
        "tr",
        { "data-priority": p },
        el("th", {}, p),
        ...queue.states.map((s) =>
          el("td", { class: "num", "data-state": s }, queue.byPriority[p][s])
        ),
        el("td", { class: "num" }, queue.ready[p]),
      )
    ),
  );
}

function jobRow(job) {
  return el(
    "tr",
    { "data-job-id": job.id, "data-state": job.state },
    el("td", { class: "mono" }, job.id),
    el("td", {}, job.agent),
    el("td", {}, job.priority),
    el("td", { class: "state" }, job.state),
    el("td", { class: "num" }, `${job.attempts}/${job.maxAttempts}`),
    el("td", {}, clock(job.createdAt)),
    el(
      "td",
      { class: "muted" },
      job.error ? `[${job.error.code ?? "error"}] ${job.error.message ?? ""}` : "",
    ),
  );
}

function renderRunning(s) {
  fill(
    "#running tbody",
    s.running.map((job) =>
      el(
        "tr",
        { "data-job-id": job.id, "data-state": job.state },
        el("td", { class: "mono" }, job.id),
        el("td", {}, job.agent),
        el("td", {}, job.priority),
        el("td", { class: "mono" }, job.leaseOwner ?? ""),
        el(
          "td",
          {},
          job.progress?.percent !== undefined
            ? `${job.progress.percent}% ${job.progress.message ?? ""}`
            : job.progress?.message ?? "",
        ),
        el("td", {}, job.startedAt ? duration(s.now - job.startedAt) : ""),
      )
    ),
    el("tr", {}, el("td", { colSpan: 6, class: "muted" }, "nothing running")),
  );
  fill("#flows", Object.entries(s.flows).map(([flow, jobs]) => renderDag(flow, jobs)));
  fill(
    "#jobs tbody",
    s.recent.map((job) => jobRow(job)),
    el("tr", {}, el("td", { colSpan: 7, class: "muted" }, "no jobs yet")),
  );
}

/** Lays a flow's jobs out in columns by dependency depth. */
function renderDag(flow, jobs) {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const depth = new Map();
  const depthOf = (job, seen = new Set()) => {
    if (depth.has(job.id)) return depth.get(job.id);
    if (seen.has(job.id)) return 0; // a cycle cannot be enqueued; guard anyway
    seen.add(job.id);
    const parents = job.dependsOn.map((id) => byId.get(id)).filter(Boolean);
    const d = parents.length ? 1 + Math.max(...parents.map((p) => depthOf(p, seen))) : 0;
    depth.set(job.id, d);
    return d;
  };
  const levels = [];
  for (const job of jobs) (levels[depthOf(job)] ??= []).push(job);
  return el(
    "div",
    { class: "flow", "data-flow": flow },
    el(
      "h3",
      {},
      `pipeline ${flow}`,
      jobs.some((job) => job.state === "dead")
        ? el("span", { class: "attention" }, " · needs attention")
        : null,
    ),
    el(
      "div",
      { class: "dag" },
      levels.map((level) =>
        el(
          "div",
          { class: "dag-level" },
          level.map((job) =>
            el(
              "div",
              { class: "dag-node", "data-state": job.state, "data-job-id": job.id, title: job.id },
              el("strong", {}, job.node ?? job.agent),
              el("div", { class: "small muted" }, `${job.agent} · ${job.state}`),
              job.dependsOn.length
                ? el(
                  "div",
                  { class: "small muted" },
                  `after ${job.dependsOn.map((id) => byId.get(id)?.node ?? id).join(", ")}`,
                )
                : null,
            )
          ),
        )
      ),
    ),
  );
}

function renderCosts(costs) {
  $("#cost-total").textContent = `${dollars(costs.totalUsd)} over ${costs.tasks} task(s)`;
  fill(
    "#costs tbody",
    costs.byModel.map((m) =>
      el(
        "tr",
        {},
        el("td", {}, m.model),
        el("td", { class: "num" }, m.tokens),
        el("td", { class: "num" }, dollars(m.costUsd)),
      )
    ),
  );
  fill(
    "#agent-costs tbody",
    costs.byAgent.map((a) =>
      el(
        "tr",
        {},
        el("td", {}, a.agent),
        el("td", { class: "num" }, a.modelCalls),
        el("td", { class: "num" }, a.fallbacks),
        el("td", { class: "num" }, dollars(a.costUsd)),
      )
    ),
  );
}

const fallbacks = [];
function noteFallback(event) {
  const p = event.payload ?? {};
  fallbacks.unshift(
    el(
      "li",
      {},
      `${clock(event.ts)} ${event.agent ?? p.agent ?? ""}: ${p.from ?? "?"} → ${p.to ?? "?"} (${
        p.reason ?? p.status ?? "failure"
      })`,
    ),
  );
  fallbacks.length = Math.min(fallbacks.length, 20);
  fill("#fallbacks", fallbacks);
}

let lastSeq = 0;
function addEvent(event) {
  if (event.seq <= lastSeq) return false; // replayed after a reconnect
  lastSeq = event.seq;
  const list = $("#events");
  const summary = [event.agent, event.task, event.payload?.state].filter(Boolean).join(" · ");
  list.prepend(
    el(
      "li",
      { "data-type": event.type, title: JSON.stringify(event) },
      `${clock(event.ts)} #${event.seq} ${event.type} ${summary}`,
    ),
  );
  while (list.children.length > MAX_EVENTS) list.lastChild.remove();
  if (event.type === "model.fallback") noteFallback(event);
  return true;
}

let refreshing = false;
let again = false;
async function refresh() {
  if (refreshing) return void (again = true);
  refreshing = true;
  try {
    const response = await fetch(SNAPSHOT_URL, { credentials: "same-origin", cache: "no-store" });
    if (response.status === 401) return void location.assign("/");
    if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
    const s = await response.json();
    renderAlerts(s.alerts);
    renderKm(s);
    renderProjects(s.projects);
    renderQueue(s.queue);
    renderRunning(s);
    renderCosts(s.costs);
    document.body.dataset.updated = String(s.now);
  } catch (error) {
    console.error(error);
  } finally {
    refreshing = false;
    if (again) (again = false, refresh());
  }
}

let pending;
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 150);
}

function connect() {
  const status = $("#connection");
  const source = new EventSource(STREAM_URL);
  source.addEventListener("open", () => {
    status.dataset.state = "live";
    status.textContent = "live";
  });
  source.addEventListener("error", () => {
    status.dataset.state = "lost";
    status.textContent = "reconnecting…";
  });
  source.addEventListener("event", (message) => {
    if (addEvent(JSON.parse(message.data))) refreshSoon();
  });
}

refresh();
connect();
setInterval(refresh, REFRESH_MS);
