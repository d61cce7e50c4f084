/**
 * Finds the project's running Knowledge Manager for an agent job, so the job
 * can be offered the knowledge tools. The parent process reads the KM's port
 * and token from `.claude/state/` and hands the worker a job token
 * (`core/km_client/job_token.ts`): scoped to what the knowledge tools do (search and
 * save), naming the agent, and expiring with the job. The KM's own token
 * never reaches the worker. A KM that does not answer `/health` within a
 * short timeout counts as absent.
 * @module
 */

import { join } from "node:path";
import { kmUrl } from "../core/km_client/health_probe.ts";
import { JOB_SCOPES, mintJobToken } from "../core/km_client/job_token.ts";
import type { ProjectPaths } from "../core/paths.ts";
import type { KmEndpoint } from "./tools/km_tools.ts";

/** Who the token is for and how long it lives. */
export interface JobTokenRequest {
  /** The agent the job runs (named in the token and the KM's log). */
  agent: string;
  /** How long the job may run (default 15 minutes); the token lasts a minute longer. */
  ttlMs?: number;
  /** Clock (epoch ms), for tests. */
  now?: () => number;
}

async function readState(path: string): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * The URL of the project's running KM, or `undefined` (for callers that only
 * need to know whether one answers, e.g. to list the knowledge tools).
 *
 * @example
 * ```ts
 * const url = await runningKmUrl(paths, config.km.host);
 * const tools = runtimeTools(agent.tools, { knowledge: url !== undefined });
 * ```
 */
export async function runningKmUrl(
  paths: ProjectPaths,
  host: string,
): Promise<string | undefined> {
  const port = await readState(join(paths.state, "km.port"));
  if (!port || !/^\d+$/.test(port)) return undefined;
  const url = kmUrl(host, Number(port));
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
    await response.body?.cancel();
    return response.ok ? url : undefined;
  } catch (error) {
    if (error instanceof TypeError || (error instanceof DOMException)) return undefined; // not running
    throw error;
  }
}

/**
 * The running KM of the project with a job token for `job.agent`, or `undefined`.
 *
 * @example
 * ```ts
 * const km = await findKm(paths, config.km.host, { agent: "reviewer-agent", ttlMs: 600_000 });
 * if (km) await knowledgeQuery(km, { q: "auth" });
 * ```
 */
export async function findKm(
  paths: ProjectPaths,
  host: string,
  job: JobTokenRequest,
): Promise<KmEndpoint | undefined> {
  const kmToken = await readState(join(paths.state, "km.token"));
  if (!kmToken) return undefined;
  const url = await runningKmUrl(paths, host);
  if (!url) return undefined;
  const now = job.now ?? Date.now;
  const token = mintJobToken(kmToken, {
    agent: job.agent,
    scopes: [...JOB_SCOPES],
    expiresAt: now() + (job.ttlMs ?? 15 * 60_000) + 60_000,
  });
  return { url, token };
}
