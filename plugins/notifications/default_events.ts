/**
 * The results posted when `notifications.on` is not set, in a module of
 * its own (no zod): the pre-commit gate decides from it whether to load
 * the notifier at all, and the section's schema (`config.ts`) takes its
 * default from it, so the default has one source.
 * @module
 */

/** The kinds of result a notification can be about. */
export const NOTIFICATION_EVENTS = [
  "check.failed",
  "check.passed",
  "task.failed",
  "task.completed",
] as const;

/** What `notifications.on` is by default. */
export const DEFAULT_NOTIFICATION_EVENTS: readonly (typeof NOTIFICATION_EVENTS)[number][] = [
  "check.failed",
  "task.failed",
];
