/**
 * What the agents layer plugs into a `super-agents worker`'s job runner:
 * the agent resolver (model agents with the worker's API key, local agents
 * on the `local` executor), one batched event appender shared by the
 * runner and the jobs' relayed events (or the remote KM sink of a worker on
 * another host), the recorder of relayed events, model health and costs
 * (cost lines and closing events to the remote KM too, when there is one),
 * the trigger poller that turns pending trigger files into jobs before each
 * claim, and the job listeners plugins contribute (chat notifications of finished tasks).
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import type { Context } from "../core/context.ts";
import { auditSandboxDenials } from "../core/audit/audit_denials.ts";
import { toDraft } from "../core/events/emit.ts";
import type { EmitFn } from "../core/orchestration/job_events.ts";
import type { ResolvedAgent } from "../core/orchestration/runner.ts";
import type { ProjectPaths } from "../core/paths.ts";
import type { Job } from "../core/queue/job.ts";
import type { TaskQueue } from "../core/queue/queue.ts";
import { withStoredSecrets } from "../core/secrets/get_secret.ts";
import { triggerHandler } from "../core/triggers/handle_trigger.ts";
import { triggerPoller } from "../core/triggers/trigger_poller.ts";
import { loadProvider } from "./plugin_contributions.ts";
import { remoteSinks } from "./remote_sinks.ts";
import { EventBatcher } from "./event_batcher.ts";
import { JobRecorder } from "./job_recorder.ts";
import { loadAgentEnvironment } from "./load_catalog.ts";
import { openMonitor } from "./run_agent.ts";
import { agentResolver } from "./runtime/resolve_agent.ts";
import { loadTierChooser, queuedJobChoice } from "./adaptive_routing.ts";
import { loadPluginHost, maybePluginHost } from "../core/plugin_host/current.ts";
import { freshPluginHost } from "../core/plugin_host/external/host_refresh.ts";
import {
  composeJobHooks,
  type JobHooksModule,
  type JobHooksOptions,
} from "../core/plugin_host/job_hooks.ts";
import type { JobHooks } from "../core/orchestration/runner.ts";
import type {
  JobListener,
  JobListenerModule,
  JobListenerOptions,
} from "../core/plugin_host/job_listener.ts";

/** The runner options the agents layer provides, and how to wind them down. */
export interface WorkerServices {
  resolveAgent: (agent: string) => Promise<ResolvedAgent>;
  emit: EmitFn;
  progressHook: JobRecorder;
  beforeClaim: () => Promise<void>;
  /** Run-time work around jobs the plugins contribute (flows: worktrees, DAG expansion). */
  hooks?: JobHooks;
  /** Told about every job change (only terminal ones matter: notifications). */
  changed(job: Job, what: string): void;
  /** Waits for notifications in flight and writes the last events. */
  close(): Promise<void>;
}

/**
 * Builds the services of one worker process.
 *
 * @example
 * ```ts
 * const services = await workerServices({ ctx, paths, config, queue, onError });
 * const runner = new JobRunner({ ...options, ...services, onChange: services.changed });
 * ```
 */
export async function workerServices(options: {
  ctx: Context;
  paths: ProjectPaths;
  config: Config;
  queue: TaskQueue;
  onError(error: unknown, context: string): void;
}): Promise<WorkerServices> {
  const { paths, config, queue, onError } = options;
  // The API key: the environment first, then the credential store (`secrets set`).
  const ctx = await withStoredSecrets(options.ctx, ["ANTHROPIC_API_KEY"]);
  const remote = remoteSinks((name) => ctx.env(name));
  const events = new EventBatcher(
    paths,
    remote
      ? async (batch) => {
        for (const event of batch) await remote.event(event);
      }
      : undefined,
  );
  const emit = auditSandboxDenials(ctx, paths, (event) => {
    toDraft(event); // an invalid event fails its own caller, not the batch it would join
    events.push(event);
    return events.drain();
  });
  const progressHook = new JobRecorder({
    ctx,
    paths,
    config,
    events,
    monitor: lazy(() => openMonitor(paths, config, ctx)),
    onError,
    ...(remote ? { outcomeSinks: { ledger: remote.cost, event: remote.event } } : {}),
  });
  const beforeClaim = triggerPoller(
    paths,
    triggerHandler({ emit, queue: () => Promise.resolve(queue) }),
    {
      maxAttempts: config.events.triggerMaxAttempts,
      retainProcessed: config.events.triggerRetainProcessed,
      now: ctx.now,
    },
  );
  const listeners = await jobListeners({ ctx, config, paths, onError });
  const chooser = await loadTierChooser(paths, () => ctx.now(), config);
  const hooks = await jobHooks({ ctx, config, paths, queue, emit, onError });
  return {
    ...(hooks ? { hooks } : {}),
    resolveAgent: reloadingResolver(() =>
      agentResolver({
        loadCatalog: async () => (await loadAgentEnvironment(ctx)).catalog,
        loadProvider: (name) => loadProvider(name, config),
        paths,
        config,
        env: (name) => ctx.env(name),
        ...(chooser
          ? {
            chooseTier: (definition, job) =>
              queuedJobChoice(chooser, config, definition, job, (event) =>
                emit(event).catch((error) => onError(error, "router.decision event"))),
          }
          : {}),
      }), (line) => {
      if (!ctx.json) ctx.stderr.write(`${line}\n`);
    }),
    emit,
    progressHook,
    beforeClaim,
    changed: (job, what) => {
      for (const listener of listeners) listener.ended(job, what);
    },
    async close() {
      await Promise.all(listeners.map((listener) => listener.settle()));
      chooser?.close();
      await events.drain().catch((error) => onError(error, "events"));
    },
  };
}

/**
 * Resolves agents with a resolver made by `make`, made again whenever the
 * plugin host was rebuilt because a plugins file changed: a plugin added
 * while the worker runs has its agents, one removed has none, and a plugin
 * whose entry was edited behind its back waits for acceptance again.
 */
function reloadingResolver(
  make: () => WorkerServices["resolveAgent"],
  log: (line: string) => void,
): WorkerServices["resolveAgent"] {
  let built = { host: maybePluginHost(), resolve: make() };
  return async (agent, ...rest) => {
    const host = await freshPluginHost();
    if (host !== built.host) {
      built = { host, resolve: make() };
      const active = (host?.plugins ?? []).filter((plugin) => plugin.external).length;
      log(`worker: the plugins files changed; ${active} third-party plugins active now`);
    }
    return await built.resolve(agent, ...rest);
  };
}

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => value ??= load();
}

/** The job listeners the plugins contribute (chat notifications...), each only if it has work. */
async function jobListeners(options: JobListenerOptions): Promise<JobListener[]> {
  const host = await loadPluginHost();
  const made = await Promise.all(
    host.jobListeners().map(async (entry) =>
      (await entry.load<JobListenerModule>()).createJobListener(options)
    ),
  );
  return made.filter((listener): listener is JobListener => listener !== undefined);
}

/** The job hooks the plugins contribute (flows), composed; undefined when none has work. */
async function jobHooks(options: JobHooksOptions): Promise<JobHooks | undefined> {
  const host = await loadPluginHost();
  const made = await Promise.all(
    host.jobHooks().map(async (entry) =>
      (await entry.load<JobHooksModule>()).createJobHooks(options)
    ),
  );
  return composeJobHooks(made.filter((hooks): hooks is JobHooks => hooks !== undefined));
}
