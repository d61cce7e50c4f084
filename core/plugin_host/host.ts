/**
 * The plugin host: reads plugin manifests (data) and builds every table the
 * program uses from them — the command table, the executor table, the
 * providers, queue backends, KM mounts, doctor checks, agent files and
 * configuration sections. Contributions are loaded lazily, through the
 * module references in the manifests; the host imports nothing of a plugin
 * until one of its contributions is used. The composition root (`main.ts`)
 * builds one host from the built-in manifests and the project's third-party
 * plugins and installs it (`current.ts`); tests build their own.
 * @module
 */

import type { CommandEntry, CommandSpec } from "../cli/command.ts";
import { SuperAgentsError } from "../errors.ts";
import {
  type ModuleRef,
  moduleUrl,
  type PluginManifest,
  type ProviderContribution,
} from "./manifest.ts";

/**
 * The executor (contributed by a built-in plugin, the plugin manager) whose
 * worker runs third-party executors: it imports the plugin's `execute`
 * module inside the job's sandbox. A third-party executor `e` of plugin `p`
 * is the pool executor `p/e` on that worker.
 */
export const THIRD_PARTY_EXECUTOR = "third-party";

/** The pool executor name of a third-party plugin's executor. */
export function thirdPartyExecutorName(plugin: string, executor: string): string {
  return `${plugin}/${executor}`;
}

/** One plugin as the host holds it. */
export interface PluginRecord {
  manifest: PluginManifest;
  /** The manifest module's URL: relative module references resolve against it. */
  base?: string;
  /** Where a third-party plugin came from, and what the user accepted for it. */
  external?: {
    specifier: string;
    /** Runs a contribution of this plugin inside its permissions (a Worker). */
    load<T>(ref: ModuleRef): Promise<T>;
    /** The command entry for one of its commands, run inside its permissions. */
    command(name: string, summary: string, ref: ModuleRef): CommandEntry["load"];
  };
}

/** A plugin that could not be loaded; reported (by `plugins list`, `doctor`) and skipped. */
export interface PluginProblem {
  plugin: string;
  message: string;
  hint: string;
}

/** A contribution with the plugin it came from. */
export interface Contributed<T> {
  plugin: string;
  contribution: T;
  /** Imports the contribution's module (inside the plugin's permissions when third-party). */
  load<M>(): Promise<M>;
}

function importUrl<T>(url: URL): Promise<T> {
  return import(url.href) as Promise<T>;
}

/** The plugins files a host's third-party plugins were read from, and how they were then. */
export interface PluginsFilesStamp {
  files: string[];
  /** Inode, size and modification time of each file (or its absence), read before the files. */
  stamp: string;
}

/** The host of a set of plugins. */
export class PluginHost {
  readonly plugins: readonly PluginRecord[];
  readonly problems: readonly PluginProblem[];
  /** The plugins files its third-party plugins came from (a host built from manifests alone has none). */
  readonly builtFrom?: PluginsFilesStamp;

  constructor(
    plugins: PluginRecord[],
    problems: PluginProblem[] = [],
    options: { builtFrom?: PluginsFilesStamp } = {},
  ) {
    if (options.builtFrom) this.builtFrom = options.builtFrom;
    const seen = new Set<string>();
    const kept: PluginRecord[] = [];
    const issues = [...problems];
    for (const record of plugins) {
      if (seen.has(record.manifest.name)) {
        issues.push({
          plugin: record.manifest.name,
          message: `a second plugin named ${record.manifest.name} (${
            record.external?.specifier ?? "built-in"
          }) was skipped`,
          hint: `remove one of them: \`super-agents plugins remove ${record.manifest.name}\``,
        });
        continue;
      }
      seen.add(record.manifest.name);
      kept.push(record);
    }
    this.plugins = kept.map((record) =>
      record.external ? withoutTakenProviders(record, kept, issues) : record
    );
    this.problems = issues;
  }

  #each<T>(pick: (manifest: PluginManifest) => T[] | undefined): Contributed<T>[] {
    return this.plugins.flatMap((record) =>
      (pick(record.manifest) ?? []).map((contribution) => ({
        plugin: record.manifest.name,
        contribution,
        load: <M>() => this.#load<M>(record, this.#refOf(contribution)),
      }))
    );
  }

  #refOf(contribution: unknown): ModuleRef {
    const c = contribution as { module?: ModuleRef; worker?: ModuleRef };
    return (c.module ?? c.worker)!;
  }

  #load<M>(record: PluginRecord, ref: ModuleRef): Promise<M> {
    if (record.external) return record.external.load<M>(ref);
    return importUrl<M>(moduleUrl(ref, record.base));
  }

  /** The command table entries every plugin contributes, in plugin order. */
  commands(): CommandEntry[] {
    return this.plugins.flatMap((record) =>
      (record.manifest.commands ?? []).map((c) => ({
        name: c.name,
        summary: c.summary,
        ...(c.hidden ? { hidden: true } : {}),
        load: record.external
          ? record.external.command(c.name, c.summary, c.module)
          : () => importUrl<{ command: CommandSpec }>(moduleUrl(c.module, record.base)),
      }))
    );
  }

  /**
   * Executor name → the worker module a pool worker for it starts with. A
   * third-party plugin's executor `e` is `<plugin>/e`, on the worker of the
   * built-in {@linkcode THIRD_PARTY_EXECUTOR} (absent without it).
   */
  executors(): Record<string, URL> {
    const table: Record<string, URL> = {};
    for (const record of this.plugins) {
      if (record.external) continue;
      for (const e of record.manifest.executors ?? []) {
        if (e.worker) table[e.name] = moduleUrl(e.worker, record.base);
      }
    }
    const host = table[THIRD_PARTY_EXECUTOR];
    if (!host) return table;
    for (const record of this.plugins) {
      if (!record.external) continue;
      for (const e of record.manifest.executors ?? []) {
        table[thirdPartyExecutorName(record.manifest.name, e.name)] = host;
      }
    }
    return table;
  }

  /** Every provider contribution. */
  providers(): Contributed<ProviderContribution>[] {
    return this.#each((m) => m.providers);
  }

  /** The provider contribution named `name`, or a clear error listing the others. */
  provider(name: string): Contributed<ProviderContribution> {
    const found = this.providers().find((p) => p.contribution.name === name);
    if (found) return found;
    throw new SuperAgentsError("PROVIDER_NOT_FOUND", `no provider named "${name}"`, {
      hint: `providers: ${this.providers().map((p) => p.contribution.name).join(", ")}`,
    });
  }

  /** Every agent-files contribution. */
  agentFiles(): Contributed<{ module: ModuleRef }>[] {
    return this.#each((m) => m.agents);
  }

  /** The queue backend named `name`, if a plugin contributes one. */
  queueBackend(name: string): Contributed<{ name: string; module: ModuleRef }> | undefined {
    return this.#each((m) => m.queueBackends).find((b) => b.contribution.name === name);
  }

  /** Every KM mount contribution. */
  kmMounts(): Contributed<
    { name: string; paths: string[]; module: ModuleRef; metrics?: boolean }
  >[] {
    return this.#each((m) => m.kmMounts);
  }

  /** Every doctor check contribution. */
  doctorChecks(): Contributed<{ id: string; module: ModuleRef }>[] {
    return this.#each((m) => m.doctorChecks);
  }

  /** Every job listener contribution (told about each job a worker finishes). */
  jobListeners(): Contributed<{ name: string; module: ModuleRef }>[] {
    return this.#each((m) => m.jobListeners);
  }

  /** Every tier chooser contribution (the router asks the first that answers). */
  tierChoosers(): Contributed<{ name: string; module: ModuleRef }>[] {
    return this.#each((m) => m.tierChoosers);
  }

  /** Every job hooks contribution (run-time work around a worker's jobs). */
  jobHooks(): Contributed<{ name: string; module: ModuleRef }>[] {
    return this.#each((m) => m.jobHooks);
  }

  /** Every pipeline contribution (`task create --pipeline <name>`). */
  pipelines(): Contributed<{ name: string; module: ModuleRef }>[] {
    return this.#each((m) => m.pipelines);
  }

  /** Every configuration section contribution. */
  configSections(): Contributed<{ section: string; module: ModuleRef }>[] {
    return this.#each((m) => (m.config ? [m.config] : []));
  }
}

/**
 * A third-party record without the executors (and the providers named after
 * them) whose names an earlier plugin's provider already has: `provider:
 * anthropic` must always mean the built-in one.
 */
function withoutTakenProviders(
  record: PluginRecord,
  records: PluginRecord[],
  problems: PluginProblem[],
): PluginRecord {
  const earlier = records.slice(0, records.indexOf(record));
  const taken = new Set(earlier.flatMap((r) => (r.manifest.providers ?? []).map((p) => p.name)));
  const clashing = (record.manifest.executors ?? []).filter((e) => taken.has(e.name));
  if (clashing.length === 0) return record;
  const name = record.manifest.name;
  for (const e of clashing) {
    problems.push({
      plugin: name,
      message: `plugin "${name}": its executor ${e.name} has the name of another plugin's ` +
        "provider; skipped",
      hint: `ask its author to rename it, or remove it: \`super-agents plugins remove ${name}\``,
    });
  }
  const names = new Set(clashing.map((e) => e.name));
  return {
    ...record,
    manifest: {
      ...record.manifest,
      executors: record.manifest.executors?.filter((e) => !names.has(e.name)),
      providers: record.manifest.providers?.filter((p) => !names.has(p.name)),
    },
  };
}
