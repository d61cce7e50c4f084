/**
 * A writer for the Prometheus text exposition format (version 0.0.4): one
 * `# HELP` and `# TYPE` line per family, then its samples; label values
 * escaped (`\\`, `"`, newline), HELP text escaped (`\\`, newline), numbers
 * written as Prometheus reads them (`+Inf`, `-Inf`, `NaN`), histograms as
 * cumulative `_bucket{le=...}` lines ending with `le="+Inf"`, then `_sum`
 * and `_count`.
 * @module
 */

/** Label names and values of one sample. */
export type Labels = Record<string, string | number>;

/** Metric types of the text format. */
export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

/** A histogram's observations: counts per upper bound (not cumulative), sum and count. */
export interface HistogramData {
  /** Upper bounds, ascending (without +Inf). */
  bounds: readonly number[];
  /** Observations that fell in each bound's bucket (`counts[i]` for `bounds[i]`), not cumulative. */
  counts: readonly number[];
  sum: number;
  /** All observations, including those above the last bound. */
  count: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Builds one exposition; each family is declared once, before its samples. */
export class PrometheusWriter {
  readonly #lines: string[] = [];
  readonly #declared = new Set<string>();

  /**
   * Declares a family (HELP and TYPE lines). Samples must follow directly.
   *
   * @example
   * ```ts
   * const out = new PrometheusWriter();
   * out.family("jobs", "gauge", "Jobs by state.").sample("jobs", { state: "queued" }, 3);
   * out.text(); // "# HELP jobs Jobs by state.\n# TYPE jobs gauge\njobs{state=\"queued\"} 3\n"
   * ```
   */
  family(name: string, type: MetricType, help: string): this {
    if (!NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    if (this.#declared.has(name)) throw new Error(`metric family ${name} declared twice`);
    this.#declared.add(name);
    const escapedHelp = help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
    this.#lines.push(`# HELP ${name} ${escapedHelp}`, `# TYPE ${name} ${type}`);
    return this;
  }

  /** One sample line. */
  sample(name: string, labels: Labels, value: number): this {
    this.#lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
    return this;
  }

  /** The bucket, sum and count lines of one labelled histogram series. */
  histogram(name: string, labels: Labels, data: HistogramData): this {
    let cumulative = 0;
    data.bounds.forEach((bound, i) => {
      cumulative += data.counts[i] ?? 0;
      this.sample(`${name}_bucket`, { ...labels, le: formatValue(bound) }, cumulative);
    });
    this.sample(`${name}_bucket`, { ...labels, le: "+Inf" }, data.count);
    this.sample(`${name}_sum`, labels, data.sum);
    this.sample(`${name}_count`, labels, data.count);
    return this;
  }

  /** The exposition, newline-terminated. */
  text(): string {
    return this.#lines.length ? this.#lines.join("\n") + "\n" : "";
  }
}

/** `{a="x",b="y"}`, or nothing without labels. */
export function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => {
    if (!LABEL.test(name) || name.startsWith("__")) throw new Error(`invalid label name ${name}`);
    return `${name}="${escapeLabelValue(String(value))}"`;
  });
  return parts.length ? `{${parts.join(",")}}` : "";
}

/** Escapes a label value: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** A number as Prometheus writes it. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/**
 * Sorts observations into histogram buckets.
 *
 * @example
 * ```ts
 * const data = histogramOf([0.2, 3], [0.5, 1, 5]); // counts [1, 0, 1], sum 3.2, count 2
 * ```
 */
export function histogramOf(values: Iterable<number>, bounds: readonly number[]): HistogramData {
  const counts = bounds.map(() => 0);
  let sum = 0;
  let count = 0;
  for (const value of values) {
    sum += value;
    count++;
    const index = bounds.findIndex((bound) => value <= bound);
    if (index >= 0) counts[index]++;
  }
  return { bounds, counts, sum, count };
}
