/**
 * One `GET /health` against a KM with a hard timeout, and the URL of a KM.
 * "No answer" (refused, timed out, not our JSON) is a normal outcome here and
 * is returned as `undefined`; the caller decides what it means.
 * @module
 */

/** What `/health` answers. */
export interface HealthBody {
  status: "ok";
  /** Token-derived instance id (see `instanceIdOf`). */
  instance: string;
  pid: number;
  port: number;
  version: string;
  uptimeMs: number;
}

/** The base URL of a KM, bracketing IPv6 hosts. */
export function kmUrl(host: string, port: number): string {
  const bare = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${bare.includes(":") ? `[${bare}]` : bare}:${port}`;
}

/**
 * Asks `/health` once; `undefined` when nothing healthy answered in time.
 *
 * @example
 * ```ts
 * const health = await fetchHealth("127.0.0.1", 5001, 300);
 * if (health?.instance === await instanceIdOf(token)) console.log("ours");
 * ```
 */
export async function fetchHealth(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<HealthBody | undefined> {
  let response: Response;
  try {
    response = await fetch(`${kmUrl(host, port)}/health`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // Refused, reset or timed out: nothing (healthy) is listening yet.
    if (error instanceof TypeError || (error as Error).name === "TimeoutError") return undefined;
    if (error instanceof Deno.errors.ConnectionRefused) return undefined;
    throw error;
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return undefined; // something answered, but not with JSON: not a KM
  }
  return response.ok && isHealthBody(body) ? body : undefined;
}

function isHealthBody(value: unknown): value is HealthBody {
  const body = value as Record<string, unknown>;
  return value !== null && typeof value === "object" && body.status === "ok" &&
    typeof body.instance === "string" && Number.isInteger(body.pid) &&
    Number.isInteger(body.port);
}
