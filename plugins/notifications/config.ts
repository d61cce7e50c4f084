/**
 * The `notifications` config section (the plugin's manifest `config`
 * contribution): Slack and Discord incoming webhooks (the URLs may also
 * come from the credential environment variables), which results are
 * posted, and the rate limit, retries and time bound of a post. Loaded
 * with the rest of the configuration (`core/config/sections.ts`), so
 * `config list/get/set` and errors treat these keys like the kernel's.
 * @module
 */

import { z } from "../../core/deps.ts";
import { configSection } from "../../core/config/sections.ts";
import { DEFAULT_NOTIFICATION_EVENTS, NOTIFICATION_EVENTS } from "./default_events.ts";

/** The section's keys, each with its default. */
export const schema = z.object({
  slackWebhookUrl: z.string().default(""),
  discordWebhookUrl: z.string().default(""),
  /** Which results are posted. */
  on: z.array(z.enum(NOTIFICATION_EVENTS)).default([...DEFAULT_NOTIFICATION_EVENTS]),
  /** Token-bucket rate limit per webhook. */
  maxPerMinute: z.number().int().min(1).max(600).default(20),
  retries: z.number().int().min(0).max(10).default(3),
  /** Upper bound on one notification, retries included (hooks never wait longer). */
  timeoutMs: z.number().int().min(100).max(60_000).default(3000),
});

/** The notification settings. */
export type NotificationsConfig = z.infer<typeof schema>;

/** Every setting at its default. */
export const defaults: NotificationsConfig = schema.parse({});

/**
 * The `notifications` section of a loaded configuration, validated.
 *
 * @example
 * ```ts
 * const settings = notificationsConfig(config);
 * settings.maxPerMinute; // 20
 * ```
 */
export function notificationsConfig(config: object): NotificationsConfig {
  return configSection(config, "notifications", schema);
}
