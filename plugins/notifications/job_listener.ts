/**
 * Chat notifications of queued task results, for the worker. When a job
 * ends (succeeded → `task.completed`; dead or failed → `task.failed`) and
 * that kind is in `notifications.on`, the result is posted to every
 * configured Slack/Discord webhook in the background: the worker never
 * waits for a webhook between jobs, each post is bounded by
 * `notifications.timeoutMs` (retries included) and rate-limited across
 * processes, and `settle` lets the worker wait for the posts in flight
 * before it exits. Contributed to the worker through the plugin's manifest
 * (`jobListeners`); `notify.ts` is loaded only when a webhook is configured.
 * @module
 */

import type { JobListener, JobListenerOptions } from "../../core/plugin_host/job_listener.ts";
import { withStoredSecrets } from "../../core/secrets/get_secret.ts";
import { notificationsConfig } from "./config.ts";

const KINDS: Record<string, "task.completed" | "task.failed"> = {
  "job.succeeded": "task.completed",
  cached: "task.completed",
  "job.dead": "task.failed",
  "job.failed": "task.failed",
};

function summaryOf(result: unknown): string | undefined {
  const output = (result as { output?: unknown } | null)?.output;
  if (typeof output !== "string") return undefined;
  return output.length > 1500 ? `${output.slice(0, 1500)}…` : output;
}

/**
 * The chat notifier of a worker (the plugin's `jobListeners` contribution),
 * or `undefined` when no webhook is configured.
 *
 * @example
 * ```ts
 * const notifier = await createJobListener({ ctx, config, paths, onError });
 * notifier?.ended(job, "job.dead");
 * await notifier?.settle();
 * ```
 */
export async function createJobListener(
  options: JobListenerOptions,
): Promise<JobListener | undefined> {
  const settings = notificationsConfig(options.config);
  const { notifyAll, taskMessage, webhookTargets, WEBHOOK_ENV } = await import("./notify.ts");
  // Webhook URLs are secrets: the environment first, then the credential store.
  const credentials = await withStoredSecrets(options.ctx, Object.values(WEBHOOK_ENV));
  const targets = webhookTargets(settings, (name) => credentials.env(name));
  if (targets.length === 0) return undefined;
  const inFlight = new Set<Promise<void>>();
  return {
    ended(job, what) {
      const kind = KINDS[what];
      if (kind === undefined || !settings.on.includes(kind)) return;
      const message = taskMessage({
        id: job.id,
        agent: job.agent,
        state: job.state,
        error: job.error ? `${job.error.code ?? "error"}: ${job.error.message}` : undefined,
        summary: summaryOf(job.result),
      });
      const post = notifyAll(targets, message, settings, { stateDir: options.paths.state })
        .then((results) => {
          for (const result of results.filter((r) => !r.ok)) {
            options.onError(
              new Error(result.error ?? "not delivered"),
              `${result.target} notification`,
            );
          }
        }, (error) => options.onError(error, "notification"))
        .finally(() => inFlight.delete(post));
      inFlight.add(post);
    },
    async settle() {
      await Promise.all([...inFlight]);
    },
  };
}
