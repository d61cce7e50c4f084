/**
 * The configuration schema of the kernel: one zod object per section, every
 * key defaulted. The TypeScript type is inferred from it, so the schema is
 * the single source of truth for files, environment variables and `config
 * set`. Plugins add their own sections through their manifests
 * (`config.ts` in the plugin, joined by `sections.ts`), not here.
 * @module
 */

import { z } from "../deps.ts";
import { ModelsConfigSchema } from "../router/models_config.ts";
import { DEFAULT_QUEUE_BACKEND } from "../queue/default_backend.ts";

/** Current schema version of config files; older files are migrated on read. */
export const CONFIG_SCHEMA_VERSION = 1;

const port = z.number().int().min(1024).max(65535);
const checkNames = [
  "secret-scan",
  "contract-guardian-check",
  "filesystem-guardian-check",
  "dependency-check",
] as const;

/** The full configuration, with defaults. */
export const ConfigSchema = z.object({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION).default(CONFIG_SCHEMA_VERSION),
  km: z.object({
    host: z.string().default("127.0.0.1"),
    portMin: port.default(5001),
    portMax: port.default(5100),
    logMaxBytes: z.number().int().positive().default(5 * 1024 * 1024),
    /** Largest accepted HTTP request body, in bytes (larger → 413). */
    maxBodyBytes: z.number().int().min(1024).default(1024 * 1024),
    /** How long a request body may take to arrive, in ms (longer → 408). */
    bodyTimeoutMs: z.number().int().min(100).default(30_000),
    /** How long `start` waits for `/health` before giving up. */
    startTimeoutMs: z.number().int().min(100).default(10_000),
    /** How long `stop` waits after SIGTERM before sending SIGKILL. */
    stopTimeoutMs: z.number().int().min(100).default(5_000),
  }).prefault({}),
  events: z.object({
    fsync: z.enum(["always", "group", "never"]).default("always"),
    groupCommitMs: z.number().int().min(1).max(1000).default(5),
    rotateBytes: z.number().int().positive().default(64 * 1024 * 1024),
    rotateAgeHours: z.number().int().positive().default(24 * 7),
    /** Rotated archives kept; 0 keeps all. */
    retainArchives: z.number().int().min(0).default(20),
    /** Attempts per trigger file before it moves to `triggers/failed/`. */
    triggerMaxAttempts: z.number().int().min(1).max(100).default(3),
    /** Processed trigger files kept in `triggers/processed/`. */
    triggerRetainProcessed: z.number().int().min(0).default(200),
  }).prefault({}),
  queue: z.object({
    backend: z.enum(["sqlite", "redis"]).default(DEFAULT_QUEUE_BACKEND),
    redisUrl: z.string().default("redis://127.0.0.1:6379"),
    /** Queue name on Redis, the same on every host sharing the work (default: the project directory's name). */
    redisQueue: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/).optional(),
    maxAttempts: z.number().int().min(1).max(100).default(3),
    leaseMs: z.number().int().min(100).default(30_000),
    /** Retry backoff: base * 2^(attempt-1), capped, with jitter. */
    backoffBaseMs: z.number().int().min(0).default(1_000),
    backoffMaxMs: z.number().int().min(0).default(5 * 60_000),
    /** How often an idle worker looks for new jobs. */
    pollMs: z.number().int().min(5).max(60_000).default(250),
    /**
     * Succeeded and cancelled jobs (and cached results) older than this many
     * days are deleted by `queue prune` and by workers, at most hourly (0: kept).
     */
    finishedMaxAgeDays: z.number().min(0).default(30),
  }).prefault({}),
  pool: z.object({
    minWorkers: z.number().int().min(1).max(64).default(2),
    maxWorkers: z.number().int().min(1).max(64).default(8),
    /** Concurrent jobs inside one Web Worker (I/O-bound agents can share one). */
    jobsPerWorker: z.number().int().min(1).max(64).default(1),
    /** Default per-job timeout; the worker is terminated and the job retried. */
    jobTimeoutMs: z.number().int().min(100).default(10 * 60_000),
    /** Graceful shutdown: how long running jobs may finish before being released. */
    drainMs: z.number().int().min(0).default(30_000),
    /** Free memory wanted per worker when sizing the pool. */
    memoryPerWorkerMb: z.number().int().min(16).default(256),
    /** The one host agents may reach by default (the model API). */
    modelApiHost: z.string().default("api.anthropic.com"),
    /** Circuit breaker: consecutive failures that open an agent's circuit, and its cool-down. */
    circuitFailures: z.number().int().min(1).default(5),
    circuitCoolDownMs: z.number().int().min(0).default(60_000),
  }).prefault({}),
  /** Lanes by what a job waits on: model-bound jobs are admitted by the API, not by cores. */
  lanes: z.object({
    model: z.object({
      /** Ceiling of model calls in flight per worker process (it adapts down on 429/529). */
      maxInFlight: z.number().int().min(1).max(1024).default(64),
      /** Model-bound jobs sharing one sandboxed worker (same agent and permissions). */
      jobsPerWorker: z.number().int().min(1).max(256).default(32),
      /** How long the slots of a worker that stopped answering (killed) stay taken, shared budget. */
      slotLeaseMs: z.number().int().min(100).max(600_000).default(15_000),
    }).prefault({}),
  }).prefault({}),
  models: ModelsConfigSchema.prefault({}),
  /** The local checks of `super-agents check` and the pre-commit gate. */
  checks: z.object({
    enabled: z.array(z.enum(checkNames)).default([...checkNames]),
    /** The lowest severity that blocks (exit 1); `never` only reports. */
    failOn: z.enum(["error", "warning", "never"]).default("error"),
    maxFileBytes: z.number().int().positive().default(1024 * 1024),
    /** Globs added to the built-in forbidden paths (.env, id_rsa, *.pem, ...). */
    forbiddenPaths: z.array(z.string()).default([]),
    /** Globs the file-system guardian leaves alone. */
    allowPaths: z.array(z.string()).default([]),
    /** Secret allow-list, relative to the repository root. */
    allowlistFile: z.string().default(".claude/secrets-allowlist"),
    /** Bits per character a secret-named value needs to be reported. */
    entropyThreshold: z.number().min(2).max(6).default(3.5),
    /** Where checks run: sandboxed Workers, inline, or `auto` (Workers for large changes). */
    sandbox: z.enum(["auto", "workers", "inline"]).default("auto"),
  }).prefault({}),
  /** Git hooks installed by `super-agents hooks install`. */
  hooks: z.object({
    /** Checks pre-push runs over the pushed commits. */
    prePushChecks: z.array(z.enum(checkNames)).default(["secret-scan", "contract-guardian-check"]),
    /** post-commit and post-merge enqueue agents for the change. */
    enqueueAgents: z.boolean().default(true),
    /** Agents the hooks never enqueue (per-agent opt-out), e.g. ["security-agent"]. */
    disabledAgents: z.array(z.string()).default([]),
  }).prefault({}),
  /** The worker `start` runs beside the KM, under a supervisor that restarts it. */
  worker: z.object({ autostart: z.boolean().default(true) }).prefault({}),
  /** Disk-space guard, workspace clean-up (`super-agents clean`) and rate limits. */
  resources: z.object({
    /** Free disk space kept: big writes (workspaces, archives) below it fail with a clear error. */
    minFreeDiskMb: z.number().int().min(0).default(256),
    /** Workspaces untouched for this many days are removed by `clean` and the automatic clean-up. */
    workspaceMaxAgeDays: z.number().positive().default(7),
    /** Total size kept in `.claude/workspaces/`; the oldest beyond it are removed (0: no cap). */
    workspaceMaxTotalMb: z.number().int().min(0).default(2048),
    /** Workspaces touched more recently than this are never removed (a job may be using them). */
    workspaceGraceMinutes: z.number().int().min(0).default(60),
    /** Clean up automatically (at most hourly) when a worker starts. */
    autoClean: z.boolean().default(true),
    /** Token-bucket limit on `run` starts per minute in one project (0: unlimited). */
    runsPerMinute: z.number().int().min(0).default(60),
    /** Tasks created per minute by `task create` and MCP `task_create` (0: unlimited). */
    tasksPerMinute: z.number().int().min(0).default(120),
  }).prefault({}),
  log: z.object({
    level: z.enum(["debug", "info", "warn", "error"]).default("info"),
    maxBytes: z.number().int().positive().default(5 * 1024 * 1024),
    /** Rotated log files kept (`<name>.log.1` … `.N`). */
    keep: z.number().int().min(0).max(100).default(3),
  }).prefault({}),
});

/** The resolved configuration. */
export type Config = z.infer<typeof ConfigSchema>;

/** A config file as written by users: every key optional. */
export const ConfigFileSchema = ConfigSchema.partial().loose();

/** Environment variables that are aliases of config keys (kept from the roadmap). */
export const envAliases: Record<string, string> = {
  SUPER_AGENTS_PORT_MIN: "km.portMin",
  SUPER_AGENTS_PORT_MAX: "km.portMax",
};

/** The default configuration. */
export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}
