/**
 * The analytics plugin's settings (its manifest's `config` contribution):
 * how long outcomes are kept, the adaptive router's success target and
 * exploration, the regression and failure-trend tests, and per-agent SLOs.
 * They live in the `analytics` section of the configuration
 * (`.claude/config.json`, `super-agents config set analytics.routing.target
 * 0.95`; every key optional, unknown keys refused), validated with this
 * zod schema; `upgrade` moves an older `.claude/analytics.json` there.
 * @module
 */

import { join } from "node:path";
import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { loadConfig } from "../../core/config/load.ts";
import type { Config } from "../../core/config/schema.ts";
import { configSection } from "../../core/config/sections.ts";
import type { Context } from "../../core/context.ts";

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

/**
 * The analytics section of a loaded configuration (`analytics` in
 * `.claude/config.json` or the global file), validated, defaults filled
 * in; an invalid section is a `CONFIG_INVALID` error naming the key and
 * the fix.
 *
 * @example
 * ```ts
 * const settings = analyticsConfig(config);
 * settings.routing.target; // 0.9
 * ```
 */
export function analyticsConfig(config: object): AnalyticsConfig {
  return configSection(config, "analytics", schema);
}

/**
 * The analytics settings, or undefined when the section is invalid (the
 * configuration loader has then reported it with its file, key and fix,
 * and analytics stays off for this run while the rest works).
 */
export function analyticsConfigOrOff(config: object): AnalyticsConfig | undefined {
  try {
    return analyticsConfig(config);
  } catch (error) {
    if (error instanceof SuperAgentsError && error.code === "CONFIG_INVALID") return undefined;
    throw error;
  }
}

/**
 * The project's configuration and its analytics settings, for a command
 * (an invalid section is an error naming the key and the fix).
 *
 * @example
 * ```ts
 * const { settings } = await loadAnalyticsSettings(ctx, paths);
 * ```
 */
export async function loadAnalyticsSettings(
  ctx: Context,
  paths: { config: string },
): Promise<{ config: Config; settings: AnalyticsConfig }> {
  const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
  return { config, settings: analyticsConfig(config) };
}

/** The settings file of earlier versions, which `upgrade` moves into the project's config. */
export function legacyAnalyticsPath(paths: { root: string }): string {
  return join(paths.root, ".claude", "analytics.json");
}
