/**
 * The KM's `/metrics` in the Prometheus text exposition format: its own
 * request counters and latency histogram, store and cache gauges, and —
 * for the project it serves — jobs by priority and state, queue depth,
 * agent latency (a histogram of finished attempts), workers, circuit
 * breakers, model calls, fallbacks, tokens and cost (from the cost ledger),
 * and the event log's size and archives.
 * @module
 */

import type { ProjectObservation } from "./project_observer.ts";
import { type HistogramData, PrometheusWriter } from "./prometheus_text.ts";
import { KEY_SEPARATOR, TOKEN_KINDS } from "./ledger_totals.ts";
import { DURATION_BUCKETS } from "./queue_facts.ts";
import { JOB_STATES, PRIORITIES } from "../../core/queue/job.ts";
import type { LanesView } from "../../core/pool/lane_view.ts";

/** Gauges read at scrape time. */
export interface MetricGauges {
  uptimeSeconds: number;
  counts: Record<string, number>;
  cache: { hits: number; misses: number; size: number };
  rssBytes: number;
}

/** Upper bounds (seconds) of the request latency histogram. */
export const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Collects per-route request metrics. */
export class KmMetrics {
  readonly #requests = new Map<string, { labels: Record<string, string>; value: number }>();
  readonly #durations = new Map<string, HistogramData & { counts: number[] }>();

  /** Records one finished request. */
  observe(route: string, method: string, status: number, seconds: number): void {
    const key = `${route} ${method} ${status}`;
    const entry = this.#requests.get(key) ??
      { labels: { route, method, status: String(status) }, value: 0 };
    entry.value++;
    this.#requests.set(key, entry);
    const duration = this.#durations.get(route) ??
      { bounds: REQUEST_BUCKETS, counts: REQUEST_BUCKETS.map(() => 0), sum: 0, count: 0 };
    const index = REQUEST_BUCKETS.findIndex((bound) => seconds <= bound);
    if (index >= 0) duration.counts[index]++;
    duration.sum += seconds;
    duration.count++;
    this.#durations.set(route, duration);
  }

  /**
   * The metrics as Prometheus text; with `project`, the project's families too.
   *
   * @example
   * ```ts
   * new Response(metrics.render(gauges), { headers: { "content-type": PROMETHEUS_TYPE } });
   * ```
   */
  render(gauges: MetricGauges, project?: ProjectObservation): string {
    const out = new PrometheusWriter();
    out.family("km_requests_total", "counter", "HTTP requests by route, method and status.");
    for (const { labels, value } of this.#requests.values()) {
      out.sample("km_requests_total", labels, value);
    }
    out.family("km_request_duration_seconds", "histogram", "Time spent answering requests.");
    for (const [route, data] of this.#durations) {
      out.histogram("km_request_duration_seconds", { route }, data);
    }
    out.family("km_uptime_seconds", "gauge", "Seconds since the KM started.")
      .sample("km_uptime_seconds", {}, gauges.uptimeSeconds);
    out.family("km_store_rows", "gauge", "Rows per registry table.");
    for (const [table, value] of Object.entries(gauges.counts)) {
      out.sample("km_store_rows", { table }, value);
    }
    out.family("km_search_cache_hits_total", "counter", "Searches answered from the cache.")
      .sample("km_search_cache_hits_total", {}, gauges.cache.hits);
    out.family("km_search_cache_misses_total", "counter", "Searches that ran a query.")
      .sample("km_search_cache_misses_total", {}, gauges.cache.misses);
    out.family("process_resident_memory_bytes", "gauge", "Resident memory of the KM process.")
      .sample("process_resident_memory_bytes", {}, gauges.rssBytes);
    if (project) renderProject(out, project);
    return out.text();
  }
}

function renderProject(out: PrometheusWriter, { queue, ledger, eventLog }: ProjectObservation) {
  out.family("super_agents_queue_available", "gauge", "1 when the project has a queue database.")
    .sample("super_agents_queue_available", {}, queue ? 1 : 0);
  out.family("super_agents_jobs", "gauge", "Jobs in the queue by priority and state.");
  for (const priority of PRIORITIES) {
    for (const state of JOB_STATES) {
      out.sample("super_agents_jobs", { priority, state }, queue?.byPriority[priority][state] ?? 0);
    }
  }
  out.family("super_agents_queue_depth", "gauge", "Jobs claimable now, by priority.");
  for (const priority of PRIORITIES) {
    out.sample("super_agents_queue_depth", { priority }, queue?.ready[priority] ?? 0);
  }
  out.family("super_agents_dlq_jobs", "gauge", "Jobs in the dead-letter queue.")
    .sample("super_agents_dlq_jobs", {}, queue?.byState.dead ?? 0);
  out.family("super_agents_dlq_recent_jobs", "gauge", "Jobs dead-lettered in the last 10 minutes.")
    .sample("super_agents_dlq_recent_jobs", {}, queue?.recentlyDead ?? 0);
  out.family(
    "super_agents_agent_duration_seconds",
    "histogram",
    "Duration of finished job attempts per agent (from queue.db).",
  );
  for (const agent of queue?.durations ?? []) {
    out.histogram("super_agents_agent_duration_seconds", { agent: agent.agent }, {
      bounds: DURATION_BUCKETS,
      counts: agent.counts,
      sum: agent.sum,
      count: agent.count,
    });
  }
  out.family("super_agents_workers", "gauge", "Worker processes holding a live lease.")
    .sample("super_agents_workers", {}, queue?.workers.length ?? 0);
  renderLanes(out, queue?.lanes);
  out.family("super_agents_circuit_open", "gauge", "1 while an agent's circuit breaker is open.");
  for (const circuit of queue?.circuits ?? []) {
    out.sample(
      "super_agents_circuit_open",
      { agent: circuit.agent },
      circuit.state === "open" ? 1 : 0,
    );
  }
  const k = KEY_SEPARATOR;
  out.family("super_agents_agent_tasks_total", "counter", "Finished agent tasks (cost ledger).");
  for (const [key, value] of ledger.tasks) {
    const [agent, provider, status] = key.split(k);
    out.sample("super_agents_agent_tasks_total", { agent, provider, status }, value);
  }
  out.family(
    "super_agents_model_calls_total",
    "counter",
    "Model calls (turns) by agent and provider.",
  );
  for (const [key, value] of ledger.modelCalls) {
    const [agent, provider] = key.split(k);
    out.sample("super_agents_model_calls_total", { agent, provider }, value);
  }
  out.family("super_agents_model_fallbacks_total", "counter", "Model fallbacks by agent.");
  for (const [agent, value] of ledger.fallbacks) {
    out.sample("super_agents_model_fallbacks_total", { agent }, value);
  }
  out.family("super_agents_tokens_total", "counter", "Tokens by model and kind.");
  for (const [key, value] of ledger.tokens) {
    const [model, kind] = key.split(k);
    if ((TOKEN_KINDS as readonly string[]).includes(kind)) {
      out.sample("super_agents_tokens_total", { model, kind }, value);
    }
  }
  out.family("super_agents_cost_usd_total", "counter", "Model cost in US dollars by model.");
  for (const [model, value] of ledger.costByModel) {
    out.sample("super_agents_cost_usd_total", { model }, value);
  }
  out.family("super_agents_agent_cost_usd_total", "counter", "Model cost in US dollars by agent.");
  for (const [agent, value] of ledger.costByAgent) {
    out.sample("super_agents_agent_cost_usd_total", { agent }, value);
  }
  out.family(
    "super_agents_cost_ledger_invalid_lines",
    "gauge",
    "Ledger lines that failed validation.",
  )
    .sample("super_agents_cost_ledger_invalid_lines", {}, ledger.invalidLines);
  out.family("super_agents_event_log_bytes", "gauge", "Size of the live event log.")
    .sample("super_agents_event_log_bytes", {}, eventLog.logBytes);
  out.family("super_agents_event_archives", "gauge", "Rotated event log archives.")
    .sample("super_agents_event_archives", {}, eventLog.archives);
  out.family("super_agents_event_archive_bytes", "gauge", "Total size of the event log archives.")
    .sample("super_agents_event_archive_bytes", {}, eventLog.archiveBytes);
}

/** Content type of the Prometheus text format. */
export const PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** The two lanes: jobs in flight and capacity per lane, the model lane's ceiling and maximum. */
function renderLanes(out: PrometheusWriter, lanes: LanesView | undefined) {
  out.family("super_agents_lane_in_flight", "gauge", "Jobs in flight per lane, every worker's.");
  for (const lane of ["cpu", "model"] as const) {
    out.sample("super_agents_lane_in_flight", { lane }, lanes?.[lane].inFlight ?? 0);
  }
  out.family(
    "super_agents_lane_capacity",
    "gauge",
    "Jobs a lane may run now: CPU slots, or the model lane's adapted ceiling.",
  );
  for (const lane of ["cpu", "model"] as const) {
    out.sample("super_agents_lane_capacity", { lane }, lanes?.[lane].capacity ?? 0);
  }
  out.family(
    "super_agents_lane_ceiling",
    "gauge",
    "The model lane's ceiling of calls in flight, adapted to the API's rate limits.",
  ).sample("super_agents_lane_ceiling", { lane: "model" }, lanes?.model.capacity ?? 0);
  out.family(
    "super_agents_lane_max_in_flight",
    "gauge",
    "The model lane's configured ceiling (lanes.model.maxInFlight).",
  ).sample("super_agents_lane_max_in_flight", { lane: "model" }, lanes?.model.max ?? 0);
}
