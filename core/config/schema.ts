/**
 * The configuration schema: one zod object per section, every key defaulted.
 * The TypeScript type is inferred from it, so the schema is the single source
 * of truth for files, environment variables and `config set`.
 * @module
 */

import { z } from "../deps.ts";

/** Current schema version of config files; older files are migrated on read. */
export const CONFIG_SCHEMA_VERSION = 1;

const port = z.number().int().min(1024).max(65535);

/** The full configuration, with defaults. */
export const ConfigSchema = z.object({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION).default(CONFIG_SCHEMA_VERSION),
  km: z.object({
    host: z.string().default("127.0.0.1"),
    portMin: port.default(5001),
    portMax: port.default(5100),
    logMaxBytes: z.number().int().positive().default(5 * 1024 * 1024),
  }).prefault({}),
  events: z.object({
    fsync: z.enum(["always", "group", "never"]).default("always"),
    groupCommitMs: z.number().int().min(1).max(1000).default(5),
    rotateBytes: z.number().int().positive().default(64 * 1024 * 1024),
    rotateAgeHours: z.number().int().positive().default(24 * 7),
    retainArchives: z.number().int().min(0).default(20),
  }).prefault({}),
  queue: z.object({
    backend: z.enum(["sqlite", "redis"]).default("sqlite"),
    redisUrl: z.string().default("redis://127.0.0.1:6379"),
    maxAttempts: z.number().int().min(1).max(100).default(3),
    leaseMs: z.number().int().min(100).default(30_000),
  }).prefault({}),
  pool: z.object({
    minWorkers: z.number().int().min(1).max(64).default(2),
    maxWorkers: z.number().int().min(1).max(64).default(8),
  }).prefault({}),
  models: z.object({
    opus: z.string().default("claude-opus-5-5"),
    sonnet: z.string().default("claude-sonnet-5-5"),
    haiku: z.string().default("claude-haiku-5-5"),
    fallback: z.boolean().default(true),
  }).prefault({}),
  log: z.object({
    level: z.enum(["debug", "info", "warn", "error"]).default("info"),
    maxBytes: z.number().int().positive().default(5 * 1024 * 1024),
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
