/**
 * Request counters and durations of the KM, rendered in the Prometheus text
 * exposition format for `/metrics`.
 * @module
 */

/** Gauges read at scrape time. */
export interface MetricGauges {
  uptimeSeconds: number;
  counts: Record<string, number>;
  cache: { hits: number; misses: number; size: number };
  rssBytes: number;
}

/** Collects per-route request metrics. */
export class KmMetrics {
  readonly #requests = new Map<string, number>();
  readonly #durations = new Map<string, { sum: number; count: number }>();

  /** Records one finished request. */
  observe(route: string, method: string, status: number, seconds: number): void {
    const key = `route="${route}",method="${method}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const durationKey = `route="${route}"`;
    const duration = this.#durations.get(durationKey) ?? { sum: 0, count: 0 };
    duration.sum += seconds;
    duration.count++;
    this.#durations.set(durationKey, duration);
  }

  /**
   * The metrics as Prometheus text.
   *
   * @example
   * ```ts
   * new Response(metrics.render(gauges), { headers: { "content-type": PROMETHEUS_TYPE } });
   * ```
   */
  render(gauges: MetricGauges): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family("km_requests_total", "counter", "HTTP requests by route, method and status.");
    for (const [labels, value] of this.#requests) {
      lines.push(`km_requests_total{${labels}} ${value}`);
    }
    family("km_request_duration_seconds", "summary", "Time spent answering requests.");
    for (const [labels, { sum, count }] of this.#durations) {
      lines.push(`km_request_duration_seconds_sum{${labels}} ${sum}`);
      lines.push(`km_request_duration_seconds_count{${labels}} ${count}`);
    }
    family("km_uptime_seconds", "gauge", "Seconds since the KM started.");
    lines.push(`km_uptime_seconds ${gauges.uptimeSeconds}`);
    family("km_store_rows", "gauge", "Rows per registry table.");
    for (const [table, value] of Object.entries(gauges.counts)) {
      lines.push(`km_store_rows{table="${table}"} ${value}`);
    }
    family("km_search_cache_hits_total", "counter", "Searches answered from the cache.");
    lines.push(`km_search_cache_hits_total ${gauges.cache.hits}`);
    family("km_search_cache_misses_total", "counter", "Searches that ran a query.");
    lines.push(`km_search_cache_misses_total ${gauges.cache.misses}`);
    family("process_resident_memory_bytes", "gauge", "Resident memory of the KM process.");
    lines.push(`process_resident_memory_bytes ${gauges.rssBytes}`);
    return lines.join("\n") + "\n";
  }
}

/** Content type of the Prometheus text format. */
export const PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
