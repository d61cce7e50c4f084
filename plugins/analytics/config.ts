/**
 * The analytics plugin's settings (its manifest's `config` contribution):
 * how long outcomes are kept, the adaptive router's success target and
 * exploration, the regression and failure-trend tests, and per-agent SLOs.
 * They live in `.claude/analytics.json` (every key optional, unknown keys
 * refused), validated here with zod; an error names the file, the key and
 * the fix.
 * @module
 */

import { join } from "node:path";
import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";

const fraction = z.number().min(0).max(1);

/** One agent's service level objectives (any subset). */
export const SloSchema = z.strictObject({
  /** 95th percentile latency objective, in milliseconds. */
  latencyP95Ms: z.number().positive().optional(),
  /** Fraction of tasks that must succeed, e.g. 0.95. */
  successRate: z.number().gt(0).lt(1).optional(),
  /** Cost objective per task in US dollars (95 % of tasks at or under it). */
  costPerTaskUsd: z.number().positive().optional(),
});
/** One agent's SLOs. */
export type Slo = z.infer<typeof SloSchema>;

/** The whole section. */
export const schema = z.strictObject({
  history: z.strictObject({
    /** Off: workers record no outcomes (routing then keeps its rule-based tiers). */
    enabled: z.boolean().default(true),
    /** Outcomes older than this are deleted. */
    retentionDays: z.number().positive().max(3650).default(90),
    /** At most this many outcomes are kept (the oldest go first). */
    maxRows: z.number().int().min(1000).max(50_000_000).default(1_000_000),
  }).prefault({}),
  routing: z.strictObject({
    /** Off: the router keeps its rule-based tier. */
    enabled: z.boolean().default(true),
    /** Success rate a tier must reach on an agent's task kind to be chosen. */
    target: z.number().min(0.5).max(1).default(0.9),
    /** Outcomes a tier needs before its rate counts. */
    minSamples: z.number().int().min(1).max(1000).default(10),
    /** The most recent outcomes per tier that count. */
    window: z.number().int().min(5).max(1000).default(50),
    /** Outcomes older than this many days do not count. */
    maxAgeDays: z.number().positive().max(365).default(30),
    /** Chance of trying one tier cheaper (Thompson sampling); 0 never explores. */
    explore: fraction.max(0.5).default(0.05),
    /** Seed of the exploration draws (with the job id), so runs repeat. */
    seed: z.number().int().min(0).default(1),
  }).prefault({}),
  thinking: z.strictObject({
    /** Off: the router never turns extended thinking on (an agent file's own setting still applies). */
    enabled: z.boolean().default(true),
    /** Thinking budget in tokens (bounded by half the agent's token budget). */
    budgetTokens: z.number().int().min(1024).max(64_000).default(4096),
  }).prefault({}),
  lessons: z.strictObject({
    /** Off: no lessons are kept or given. */
    enabled: z.boolean().default(true),
    /** Lessons given to one task at most. */
    perTask: z.number().int().min(0).max(10).default(3),
  }).prefault({}),
  regression: z.strictObject({
    /** False-alarm bound of one comparison (split over latency, cost and success). */
    alpha: z.number().gt(0).max(0.2).default(0.01),
    /** Outcomes each side needs before versions are compared. */
    minSamples: z.number().int().min(5).max(10_000).default(20),
  }).prefault({}),
  failureTrend: z.strictObject({
    /** The recent outcomes compared with the ones before them. */
    recentJobs: z.number().int().min(5).max(1000).default(20),
    baselineJobs: z.number().int().min(10).max(10_000).default(100),
    /** Recent failure rate below this never alerts. */
    minRate: fraction.default(0.2),
    alpha: z.number().gt(0).max(0.2).default(0.01),
  }).prefault({}),
  /** Agent name → objectives. */
  slos: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/), SloSchema).default({}),
});
/** The analytics settings. */
export type AnalyticsConfig = z.infer<typeof schema>;

/** Every setting at its default. */
export const defaults: AnalyticsConfig = schema.parse({});

/** The settings file of a project. */
export function analyticsConfigPath(paths: { root: string }): string {
  return join(paths.root, ".claude", "analytics.json");
}

/**
 * Reads `.claude/analytics.json` (defaults when it does not exist).
 *
 * @example
 * ```ts
 * const settings = await loadAnalyticsConfig(paths);
 * settings.routing.target; // 0.9
 * ```
 */
export async function loadAnalyticsConfig(paths: { root: string }): Promise<AnalyticsConfig> {
  const file = analyticsConfigPath(paths);
  const text = await readTextIfExists(file);
  if (text === undefined) return defaults;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SuperAgentsError(
      "ANALYTICS_CONFIG",
      `${file} is not JSON: ${(error as Error).message}`,
      {
        hint: `fix the JSON syntax in ${file}, or delete it to use the defaults`,
      },
    );
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue.path.join(".") || "(root)";
  const keys = issue.code === "unrecognized_keys" ? ` ${issue.keys.join(", ")}` : "";
  throw new SuperAgentsError(
    "ANALYTICS_CONFIG",
    `${file}: ${key}: ${issue.message}${keys}`,
    { hint: `fix "${key}" in ${file} (see the Analytics section of the README)` },
  );
}
