/**
 * The plugin manifest: the one way anything is contributed to super-agents.
 * A plugin declares, as data, what it contributes — commands, agent files,
 * executors (pool worker modules), model providers, queue backends, KM
 * mounts, doctor checks and a configuration section — each with a lazy
 * module reference, plus the permissions its code needs. The host
 * (`host.ts`) reads manifests and builds its tables from them; nothing of a
 * plugin is imported until one of its contributions is used. Built-in
 * plugins write their manifest with {@linkcode definePlugin}; third-party
 * plugins do the same through the SDK (`plugin.ts`).
 *
 * Module contracts (what each referenced module exports):
 * - command: `command` (a `CommandSpec`);
 * - agents: `agentFiles` (file name → Markdown with frontmatter);
 * - executor: a worker module that calls `serveExecutor` once (`worker`,
 *   built-in plugins), or a module that exports `execute` (`module`, what
 *   third-party plugins give: super-agents' own worker imports it);
 * - provider: `createProvider(config, options)` → a `ProviderPlugin`;
 * - queue backend: `openQueue(paths, settings, options)` → a `TaskQueue`;
 * - KM mount: `createMount(context)` → a `KmMount`;
 * - doctor check: `check` (a `DoctorCheck`);
 * - job listener: `createJobListener(options)` → a `JobListener` or undefined;
 * - job hooks: `createJobHooks(options)` → `JobHooks` or undefined;
 * - pipeline: `buildPipeline(options)` → a `Pipeline`, or undefined where it does not apply;
 * - tier chooser: `createTierChooser(options)` → a `TierChooser` or undefined;
 * - config: `schema` (zod) and `defaults`.
 * @module
 */

/** What a plugin mainly is (for listings). */
export type PluginKind = "agent" | "provider" | "transport" | "queue" | "integration";

/** A module a contribution loads: a URL (`new URL("./x.ts", import.meta.url)`) or a specifier. */
export type ModuleRef = string | URL;

/** Deno permissions a plugin's code needs, in the shape of an agent's grants. */
export interface PluginPermissions {
  read?: boolean | string[];
  write?: boolean | string[];
  net?: boolean | string[];
  run?: boolean | string[];
  env?: boolean | string[];
}

/** A CLI command. */
export interface CommandContribution {
  name: string;
  summary: string;
  module: ModuleRef;
  /** Hidden from the command list (plumbing such as `hook`). */
  hidden?: boolean;
  /**
   * Runs without building the plugin host, so it starts faster (`status`,
   * `version`). Built-in plugins only: `main.ts` imports the few manifests
   * that have one (`lightManifests`, which a test keeps equal to the
   * manifests); a third-party manifest cannot declare it (its data schema
   * rejects the key).
   */
  light?: boolean;
}

/** Agent definition files. */
export interface AgentsContribution {
  module: ModuleRef;
}

/**
 * A pool executor: a worker module that serves it (`worker`, which calls
 * `serveExecutor`), or a module exporting `execute` (`module`), which
 * super-agents' own worker imports inside the job's sandbox. Third-party
 * plugins give `module`; their agents name the executor as their
 * `provider:`.
 */
export interface ExecutorContribution {
  name: string;
  worker?: ModuleRef;
  module?: ModuleRef;
}

/** A model provider (`provider: <name>` in agent files). */
export interface ProviderContribution {
  name: string;
  summary: string;
  module: ModuleRef;
  /** The executor its queued jobs run on (absent: it runs in the calling process). */
  executor?: string;
}

/** A queue backend (`queue.backend: <name>`). */
export interface QueueBackendContribution {
  name: string;
  module: ModuleRef;
}

/** Request handlers mounted on the KM's server. */
export interface KmMountContribution {
  name: string;
  /** Paths it owns: exact paths, or prefixes ending in `/` (`/` alone is exact: the root page). */
  paths: string[];
  module: ModuleRef;
  /**
   * The mount adds families to the KM's `/metrics` (its `metrics()`, see
   * `plugins/km/mounts.ts`). Built-in plugins only for now.
   */
  metrics?: boolean;
}

/** A `doctor` check. */
export interface DoctorCheckContribution {
  id: string;
  module: ModuleRef;
}

/** Something told about every job a worker finishes (module: `createJobListener`). */
export interface JobListenerContribution {
  name: string;
  module: ModuleRef;
}

/** A learned model-tier chooser the router asks (module: `createTierChooser`; the first wins). */
export interface TierChooserContribution {
  name: string;
  module: ModuleRef;
}

/** Run-time work around a worker's jobs (module: `createJobHooks`; see `job_hooks.ts`). */
export interface JobHooksContribution {
  name: string;
  module: ModuleRef;
}

/** A named pipeline for `task create --pipeline <name>` (module: `buildPipeline`). */
export interface PipelineContribution {
  name: string;
  module: ModuleRef;
}

/** A configuration section (`<section>.*` keys in the config files). */
export interface ConfigContribution {
  section: string;
  module: ModuleRef;
}

/** Everything one plugin contributes, as data. */
export interface PluginManifest {
  /** Lower-case, digits and dashes; unique among the plugins of a project. */
  name: string;
  version: string;
  kind: PluginKind;
  /** One line for `plugins list`, `--help` and `doctor`. */
  summary: string;
  /** The permissions its code runs with (enforced for third-party plugins). */
  permissions?: PluginPermissions;
  commands?: CommandContribution[];
  agents?: AgentsContribution[];
  executors?: ExecutorContribution[];
  providers?: ProviderContribution[];
  queueBackends?: QueueBackendContribution[];
  kmMounts?: KmMountContribution[];
  doctorChecks?: DoctorCheckContribution[];
  jobListeners?: JobListenerContribution[];
  jobHooks?: JobHooksContribution[];
  pipelines?: PipelineContribution[];
  tierChoosers?: TierChooserContribution[];
  config?: ConfigContribution;
}

/**
 * Identity helper that type-checks a manifest.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   name: "hello",
 *   version: "1.0.0",
 *   kind: "integration",
 *   summary: "says hello",
 *   commands: [{ name: "hello", summary: "print a greeting", module: new URL("./hello.ts", import.meta.url) }],
 * });
 * ```
 */
export function definePlugin(manifest: PluginManifest): PluginManifest {
  return manifest;
}

/** The URL of a module reference, resolved against the manifest's own URL. */
export function moduleUrl(ref: ModuleRef, base?: string | URL): URL {
  return ref instanceof URL ? ref : new URL(ref, base);
}
