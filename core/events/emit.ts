/**
 * The public entry point of the event bus: {@linkcode emitEvent} and
 * {@linkcode emitEvents} validate producer input and append through the one
 * {@linkcode EventAppender} of the project (one per log per process, created
 * on first use with the project's `events` configuration).
 * @module
 */

import type { ProjectPaths } from "../paths.ts";
import { createContext } from "../context.ts";
import { loadConfig } from "../config/load.ts";
import { defaultConfig } from "../config/schema.ts";
import { SuperAgentsError } from "../errors.ts";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../json_depth.ts";
import { type AppenderSettings, type AppendOptions, EventAppender } from "./appender.ts";
import { eventLogPaths } from "./event_paths.ts";
import { validatePayload } from "./payloads.ts";
import { type EventDraft, type EventInput, EventInputSchema, type EventRecord } from "./schema.ts";

export { correlationIdFrom, newCorrelationId } from "./correlation.ts";
export type { EventInput, EventRecord } from "./schema.ts";

const appenders = new Map<string, Promise<EventAppender>>();

/**
 * Appends one event to the project's log and resolves with the stored record
 * (after it is durable, unless `durable: false` or the policy is `never`).
 *
 * @example
 * ```ts
 * const correlationId = newCorrelationId();
 * const started = await emitEvent(paths, { type: "task.started", task: "T1", correlationId });
 * await emitEvent(paths, { type: "task.done", task: "T1", correlationId, parent: started.id });
 * ```
 */
export async function emitEvent(
  paths: Pick<ProjectPaths, "events" | "config" | "root">,
  input: EventInput,
  options: AppendOptions = {},
): Promise<EventRecord> {
  const draft = toDraft(input);
  return await (await eventLogFor(paths)).append(draft, options);
}

/** Appends several events together: one locked write, consecutive seq numbers. */
export async function emitEvents(
  paths: Pick<ProjectPaths, "events" | "config" | "root">,
  inputs: EventInput[],
  options: AppendOptions = {},
): Promise<EventRecord[]> {
  const drafts = inputs.map(toDraft);
  return await (await eventLogFor(paths)).appendBatch(drafts, options);
}

/**
 * The appender of a project's log in this process, created on first use.
 * Pass `settings` to override the configuration (tests, benchmarks).
 */
export function eventLogFor(
  paths: Pick<ProjectPaths, "events" | "config" | "root">,
  settings?: Partial<AppenderSettings>,
): Promise<EventAppender> {
  let appender = appenders.get(paths.events);
  if (!appender) {
    appender = resolveSettings(paths, settings).then((resolved) =>
      new EventAppender(eventLogPaths(paths), resolved)
    );
    appender.catch(() => appenders.delete(paths.events));
    appenders.set(paths.events, appender);
  }
  return appender;
}

/** Flushes and closes every appender of this process (tests and shutdown). */
export async function closeEventLogs(): Promise<void> {
  const all = [...appenders.values()];
  appenders.clear();
  for (const appender of all) await (await appender).close();
}

/**
 * Validates producer input and turns it into a draft record. A payload
 * nested deeper than {@linkcode MAX_JSON_DEPTH} is refused here: the
 * appender's `JSON.stringify` would overflow the stack on it.
 */
export function toDraft(input: EventInput): EventDraft {
  const result = EventInputSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join(".") || "event";
    throw new SuperAgentsError("EVENT_INVALID", `invalid event ${field}: ${issue.message}`, {
      hint: "see `super-agents events emit --help` for the fields of an event",
      exitCode: 2,
    });
  }
  const { type, agent, task, correlationId, parent, payload } = result.data;
  if (exceedsJsonDepth(payload, MAX_JSON_DEPTH)) {
    throw new SuperAgentsError(
      "EVENT_INVALID",
      `invalid event payload: nested deeper than ${MAX_JSON_DEPTH} levels`,
      {
        hint: `flatten the payload to at most ${MAX_JSON_DEPTH} levels of objects and arrays`,
        exitCode: 2,
      },
    );
  }
  const draft: EventDraft = { type };
  if (agent !== undefined) draft.agent = agent;
  if (task !== undefined) draft.task = task;
  if (correlationId !== undefined) draft.correlation_id = correlationId;
  if (parent !== undefined) draft.parent = parent;
  const checked = validatePayload(type, payload);
  if (checked !== undefined) draft.payload = checked;
  return draft;
}

async function resolveSettings(
  paths: Pick<ProjectPaths, "config" | "root">,
  overrides: Partial<AppenderSettings> = {},
): Promise<AppenderSettings> {
  let events = defaultConfig().events;
  try {
    const ctx = createContext({ cwd: paths.root, stdout: silent, stderr: silent });
    events = (await loadConfig(ctx, { projectConfigPath: paths.config })).config.events;
  } catch (error) {
    // Inside a sandboxed worker without read/env permission the defaults apply; other errors matter.
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
  }
  return { ...events, ...overrides };
}

const silent = { write() {/* emit never prints */}, isTerminal: false };
