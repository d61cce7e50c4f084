/**
 * The plugin list. Entries hold a name, a kind, a summary and a lazy loader
 * (literal specifiers, so `deno compile` sees them); nothing is imported
 * until a command needs that plugin.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import { SuperAgentsError } from "../core/errors.ts";
import {
  activatePlugin,
  type PluginKind,
  type PluginRegistrations,
  type PluginSpec,
  type ProviderPlugin,
} from "../core/plugin.ts";

/** One plugin, loadable on demand. */
export interface PluginEntry {
  name: string;
  kind: PluginKind;
  summary: string;
  /** Contributes agent definitions (loaded when the catalog is built). */
  agents?: boolean;
  // deno-lint-ignore no-explicit-any
  load: () => Promise<{ default: PluginSpec<any> }>;
}

/** Every plugin that uses the `definePlugin` contract. */
export const plugins: PluginEntry[] = [
  {
    name: "anthropic",
    kind: "provider",
    summary: "Claude via the Messages API (tool-use loop, streaming, thinking, caching)",
    load: () => import("./anthropic/mod.ts"),
  },
  {
    name: "anthropic-batch",
    kind: "provider",
    summary: "queued batch-lane jobs through the Message Batches API (half price)",
    load: () => import("./anthropic_batch/mod.ts"),
  },
  {
    name: "claude-code",
    kind: "provider",
    summary: "Claude Code headless (claude -p --output-format stream-json) when installed",
    load: () => import("./claude_code/mod.ts"),
  },
  {
    name: "local",
    kind: "provider",
    summary: "deterministic agents without a model (test runner, local checks)",
    agents: true,
    load: () => import("./local/mod.ts"),
  },
  {
    name: "local-checks",
    kind: "agent",
    summary: "secret scan, contract guardian, file-system guardian, dependency guard",
    load: () => import("./local_checks/mod.ts"),
  },
  {
    name: "git-hooks",
    kind: "integration",
    summary: "git hooks: pre-commit gate, queued post-commit agents, pre-push checks",
    load: () => import("./git_hooks/mod.ts"),
  },
  {
    name: "ci",
    kind: "integration",
    summary: "CI pipelines for GitHub Actions, GitLab CI, Jenkins and Azure Pipelines",
    load: () => import("./ci/mod.ts"),
  },
  {
    name: "redis-queue",
    kind: "queue",
    summary: "the task queue on Redis (BullMQ): workers on several hosts share the work",
    load: () => import("./redis_queue/mod.ts"),
  },
  {
    name: "notifications",
    kind: "integration",
    summary: "Slack and Discord webhook notifications of check and task results",
    load: () => import("./notifications/mod.ts"),
  },
];

const activated = new Map<string, Promise<PluginRegistrations>>();

/** Loads and sets up one plugin (once per process). */
export function activate(name: string, config: Config): Promise<PluginRegistrations> {
  const entry = plugins.find((p) => p.name === name);
  if (!entry) {
    throw new SuperAgentsError("PLUGIN_NOT_FOUND", `no plugin named "${name}"`, {
      hint: `known plugins: ${plugins.map((p) => p.name).join(", ")}`,
    });
  }
  let registrations = activated.get(name);
  if (!registrations) {
    registrations = entry.load().then((module) => activatePlugin(module.default, config));
    activated.set(name, registrations);
  }
  return registrations;
}

/** The agent files of every plugin that contributes agents. */
export async function collectPluginAgents(
  config: Config,
): Promise<PluginRegistrations["agents"]> {
  const contributing = plugins.filter((p) => p.agents);
  const all = await Promise.all(contributing.map((p) => activate(p.name, config)));
  return all.flatMap((registrations) => registrations.agents);
}

/** The provider named `name` (provider plugins register a provider of their own name). */
export async function loadProvider(name: string, config: Config): Promise<ProviderPlugin> {
  const entry = plugins.find((p) => p.name === name && p.kind === "provider");
  if (!entry) {
    throw new SuperAgentsError("PROVIDER_NOT_FOUND", `no provider named "${name}"`, {
      hint: `providers: ${
        plugins.filter((p) => p.kind === "provider").map((p) => p.name).join(", ")
      }`,
    });
  }
  const { providers } = await activate(name, config);
  const provider = providers.find((p) => p.name === name);
  if (!provider) {
    throw new SuperAgentsError(
      "PROVIDER_NOT_FOUND",
      `plugin ${name} registered no provider ${name}`,
      {
        hint: "this is a bug in the plugin; report it",
      },
    );
  }
  return provider;
}
