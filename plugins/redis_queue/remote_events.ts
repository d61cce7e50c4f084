/**
 * Events of a worker on another host, sent to the project's KM instead of a
 * local log: `POST /api/events` with the KM's bearer token. A worker uses
 * it when `SUPER_AGENTS_KM_URL` and `SUPER_AGENTS_KM_TOKEN` are set (the
 * URL and `.claude/state/km.token` of the project's KM host), so the
 * project's log stays the single audit trail while the work is spread out.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { EventInput } from "../../core/events/schema.ts";

/** Sends one event; resolves with the stored event's id. */
export type EventSink = (event: EventInput) => Promise<{ id: string; seq: number }>;

/**
 * An event sink that posts to a KM.
 *
 * @example
 * ```ts
 * const send = kmEventSink("http://km-host:5001", token);
 * await send({ type: "job.started", task: "job_1" });
 * ```
 */
export function kmEventSink(url: string, token: string, fetchFn: typeof fetch = fetch): EventSink {
  const endpoint = new URL("/api/events", url).toString();
  return async (event) => {
    let response: Response;
    try {
      response = await fetchFn(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw new SuperAgentsError(
        "KM_UNREACHABLE",
        `cannot send event ${event.type} to ${endpoint}`,
        {
          hint: "check SUPER_AGENTS_KM_URL and that the project's KM runs (`super-agents status`)",
          cause,
        },
      );
    }
    const text = await response.text();
    if (response.status !== 201) {
      throw new SuperAgentsError(
        "KM_EVENT_REJECTED",
        `the KM refused event ${event.type}: HTTP ${response.status} ${text.slice(0, 300)}`,
        {
          hint: response.status === 401
            ? "SUPER_AGENTS_KM_TOKEN must be the project's .claude/state/km.token"
            : "the event is invalid; see the message",
        },
      );
    }
    return JSON.parse(text) as { id: string; seq: number };
  };
}

/** The sink named by the environment, or undefined when events stay local. */
export function remoteEventSink(env: (name: string) => string | undefined): EventSink | undefined {
  const url = env("SUPER_AGENTS_KM_URL");
  const token = env("SUPER_AGENTS_KM_TOKEN");
  if (!url && !token) return undefined;
  if (!url || !token) {
    throw new SuperAgentsError(
      "KM_REMOTE_INCOMPLETE",
      "SUPER_AGENTS_KM_URL and SUPER_AGENTS_KM_TOKEN must be set together",
      {
        hint: "set both to report this worker's events to the project's KM, or neither",
        exitCode: 2,
      },
    );
  }
  return kmEventSink(url, token);
}
