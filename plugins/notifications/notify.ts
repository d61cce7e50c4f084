/**
 * Sending a notification to every configured webhook: targets come from the
 * `notifications` config section or, for the secrets themselves, from the
 * credential environment variables `SUPER_AGENTS_SLACK_WEBHOOK` and
 * `SUPER_AGENTS_DISCORD_WEBHOOK` (the per-user credential store will supply
 * them later). Each target is rate-limited by a token bucket and posted
 * with retries inside one deadline; failures are returned, never thrown,
 * so a hook can report them and go on.
 * @module
 */

import { join } from "node:path";
import type { NotificationsConfig } from "./config.ts";
import { errorMessage } from "../../core/errors.ts";
import { discordPayload, type Message, slackPayload } from "./message.ts";
import { takeFromFile, TokenBucket } from "./token_bucket.ts";
import { postWebhook } from "./webhook.ts";

export { checkMessage, taskMessage } from "./message.ts";

/** A chat webhook. */
export interface WebhookTarget {
  kind: "slack" | "discord";
  url: string;
}

/** What happened to one target. */
export interface NotifyResult {
  target: "slack" | "discord";
  ok: boolean;
  /** True when the rate limit dropped the message. */
  limited?: boolean;
  attempts?: number;
  error?: string;
}

/** Options of {@linkcode notifyAll} beyond the config section. */
export interface NotifyOptions {
  /** Directory for shared bucket state (`.claude/state`); in-memory buckets without it. */
  stateDir?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Environment variables holding webhook URLs (secrets: not in config files). */
export const WEBHOOK_ENV = {
  slack: "SUPER_AGENTS_SLACK_WEBHOOK",
  discord: "SUPER_AGENTS_DISCORD_WEBHOOK",
} as const;

const memoryBuckets = new Map<string, TokenBucket>();

/**
 * The configured targets (environment first, then config); URLs that are
 * not http(s) are left out.
 *
 * @example
 * ```ts
 * webhookTargets(notificationsConfig(config), ctx.env); // [{ kind: "slack", url: "https://hooks.slack.com/..." }]
 * ```
 */
export function webhookTargets(
  settings: NotificationsConfig,
  env: (name: string) => string | undefined,
): WebhookTarget[] {
  const candidates: WebhookTarget[] = [
    { kind: "slack", url: env(WEBHOOK_ENV.slack) || settings.slackWebhookUrl },
    { kind: "discord", url: env(WEBHOOK_ENV.discord) || settings.discordWebhookUrl },
  ];
  return candidates.filter((target) => /^https?:\/\/[^\s]+$/.test(target.url));
}

/** Posts `message` to every target in parallel; resolves when all are done or timed out. */
export async function notifyAll(
  targets: WebhookTarget[],
  message: Message,
  settings: NotificationsConfig,
  options: NotifyOptions = {},
): Promise<NotifyResult[]> {
  return await Promise.all(targets.map((target) => notifyOne(target, message, settings, options)));
}

async function notifyOne(
  target: WebhookTarget,
  message: Message,
  settings: NotificationsConfig,
  options: NotifyOptions,
): Promise<NotifyResult> {
  try {
    if (!(await takeToken(target, settings, options))) {
      return {
        target: target.kind,
        ok: false,
        limited: true,
        error: "rate limit reached; message dropped",
      };
    }
    const payload = target.kind === "slack" ? slackPayload(message) : discordPayload(message);
    const result = await postWebhook(target.url, payload, {
      retries: settings.retries,
      timeoutMs: settings.timeoutMs,
      fetch: options.fetch,
      now: options.now,
    });
    return { target: target.kind, ok: result.ok, attempts: result.attempts, error: result.error };
  } catch (error) {
    return { target: target.kind, ok: false, error: errorMessage(error) };
  }
}

async function takeToken(
  target: WebhookTarget,
  settings: NotificationsConfig,
  options: NotifyOptions,
): Promise<boolean> {
  if (options.stateDir) {
    const path = join(options.stateDir, `notify-${target.kind}.bucket.json`);
    return await takeFromFile(path, settings.maxPerMinute, 60_000, options.now);
  }
  const key = `${target.kind} ${target.url}`;
  let bucket = memoryBuckets.get(key);
  if (!bucket) {
    bucket = new TokenBucket(settings.maxPerMinute, 60_000, options.now);
    memoryBuckets.set(key, bucket);
  }
  return bucket.take();
}
