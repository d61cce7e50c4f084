/**
 * The settings the pre-commit gate needs (`checks`, `hooks`,
 * `notifications`), without loading the configuration schema when nothing
 * overrides them. Building and running the zod schema costs 100-200 ms of
 * process start — more than the checks — so when neither config file nor
 * the environment mentions these sections, the defaults below are used as
 * they are; otherwise the full, validated configuration is loaded. A test
 * keeps these defaults equal to the schema's.
 * @module
 */

import { join } from "node:path";
import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";

/** The sections the gate reads. */
export type GateSettings = Pick<Config, "checks" | "hooks" | "notifications">;

/** The schema defaults of the gate's sections (kept equal by `fast_settings_test.ts`). */
export function defaultGateSettings(): GateSettings {
  return {
    checks: {
      enabled: ["secret-scan", "contract-guardian", "filesystem-guardian", "dependency-guard"],
      failOn: "error",
      maxFileBytes: 1024 * 1024,
      forbiddenPaths: [],
      allowPaths: [],
      allowlistFile: ".claude/secrets-allowlist",
      entropyThreshold: 3.5,
      sandbox: "auto",
    },
    hooks: {
      prePushChecks: ["secret-scan", "contract-guardian"],
      enqueueAgents: true,
      disabledAgents: [],
    },
    notifications: {
      slackWebhookUrl: "",
      discordWebhookUrl: "",
      on: ["check.failed", "task.failed"],
      maxPerMinute: 20,
      retries: 3,
      timeoutMs: 3000,
    },
  };
}

const SECTIONS = ["checks", "hooks", "notifications"];
const ENV_PREFIXES = ["SUPER_AGENTS_CHECKS_", "SUPER_AGENTS_HOOKS_", "SUPER_AGENTS_NOTIFICATIONS_"];

/** True when a config file exists and sets one of the gate's sections (or cannot be read as JSON). */
async function overrides(path: string): Promise<boolean> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    return true; // unreadable: let the full loader report it properly
  }
  try {
    const value = JSON.parse(text);
    return value === null || typeof value !== "object" ||
      SECTIONS.some((section) => section in value);
  } catch {
    return true; // invalid JSON: the full loader names the file and the problem
  }
}

/**
 * The gate's settings: the defaults when nothing overrides them, else the
 * sections of the full configuration.
 *
 * @example
 * ```ts
 * const settings = await gateSettings(ctx, paths?.config);
 * settings.checks.maxFileBytes; // 1048576
 * ```
 */
export async function gateSettings(ctx: Context, projectConfig?: string): Promise<GateSettings> {
  const files = [join(ctx.dataHome, "config.json"), ...(projectConfig ? [projectConfig] : [])];
  const fromEnv = ENV_PREFIXES.some((prefix) =>
    Object.keys(Deno.env.toObject()).some((name) => name.startsWith(prefix) && ctx.env(name))
  );
  const fromFiles = (await Promise.all(files.map(overrides))).some(Boolean);
  if (!fromEnv && !fromFiles) return defaultGateSettings();
  const { loadConfig } = await import("../../core/config/load.ts");
  const { config } = await loadConfig(ctx, { projectConfigPath: projectConfig });
  return { checks: config.checks, hooks: config.hooks, notifications: config.notifications };
}
