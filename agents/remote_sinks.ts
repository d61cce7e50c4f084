/**
 * What a worker on another host records, sent to the project's KM instead of
 * its own disk: events (`POST /api/events`) and cost-ledger lines (`POST
 * /api/costs`), with the KM's bearer token. A worker uses them when
 * `SUPER_AGENTS_KM_URL` and `SUPER_AGENTS_KM_TOKEN` are set (the URL and
 * `.claude/state/km.token` of the project's KM host), so the project's log
 * and ledger stay the single audit trail while the work is spread out.
 * @module
 */

import { SuperAgentsError } from "../core/errors.ts";
import type { EventInput } from "../core/events/schema.ts";
import type { LedgerLine } from "../core/km_client/ledger_line.ts";

/** Sends one event; resolves with the stored event's id. */
export type EventSink = (event: EventInput) => Promise<{ id: string; seq: number }>;

/** Sends one cost-ledger line. */
export type CostSink = (line: LedgerLine) => Promise<void>;

/** Both sinks of a worker that reports to a remote KM. */
export interface RemoteSinks {
  event: EventSink;
  cost: CostSink;
}

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
  return async (event) => {
    const text = await postToKm(url, "/api/events", token, event, `event ${event.type}`, fetchFn);
    return JSON.parse(text) as { id: string; seq: number };
  };
}

/**
 * A cost sink that posts ledger lines to a KM.
 *
 * @example
 * ```ts
 * const record = kmCostSink("http://km-host:5001", token);
 * await record(line); // appended to the KM host's .claude/state/costs.ndjson
 * ```
 */
export function kmCostSink(url: string, token: string, fetchFn: typeof fetch = fetch): CostSink {
  return async (line) => {
    await postToKm(url, "/api/costs", token, line, `the cost of ${line.task}`, fetchFn);
  };
}

async function postToKm(
  url: string,
  path: string,
  token: string,
  body: unknown,
  what: string,
  fetchFn: typeof fetch,
): Promise<string> {
  const endpoint = new URL(path, url).toString();
  let response: Response;
  try {
    response = await fetchFn(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (cause) {
    throw new SuperAgentsError("KM_UNREACHABLE", `cannot send ${what} to ${endpoint}`, {
      hint: "check SUPER_AGENTS_KM_URL and that the project's KM runs (`super-agents status`)",
      cause,
    });
  }
  const text = await response.text();
  if (response.status !== 201) {
    throw new SuperAgentsError(
      path === "/api/events" ? "KM_EVENT_REJECTED" : "KM_COST_REJECTED",
      `the KM refused ${what}: HTTP ${response.status} ${text.slice(0, 300)}`,
      {
        hint: response.status === 401
          ? "SUPER_AGENTS_KM_TOKEN must be the project's .claude/state/km.token"
          : response.status === 404
          ? "the KM is older than this worker: upgrade super-agents on the KM host"
          : "the request is invalid; see the message",
      },
    );
  }
  return text;
}

/** The sink named by the environment, or undefined when events stay local. */
export function remoteEventSink(env: (name: string) => string | undefined): EventSink | undefined {
  return remoteSinks(env)?.event;
}

/**
 * The KM sinks named by `SUPER_AGENTS_KM_URL` and `SUPER_AGENTS_KM_TOKEN`,
 * or undefined when neither is set (everything stays local); half a
 * configuration is an error.
 *
 * @example
 * ```ts
 * const remote = remoteSinks((name) => ctx.env(name));
 * if (remote) await remote.cost(line);
 * ```
 */
export function remoteSinks(env: (name: string) => string | undefined): RemoteSinks | undefined {
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
  return { event: kmEventSink(url, token), cost: kmCostSink(url, token) };
}
