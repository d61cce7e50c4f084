/**
 * Finds the project's running Knowledge Manager (port and token from
 * `.claude/state/`), so agents can be offered the knowledge tools. A KM
 * that does not answer `/health` within a short timeout counts as absent.
 * @module
 */

import { join } from "node:path";
import type { ProjectPaths } from "../core/paths.ts";
import type { KmEndpoint } from "./tools/km_tools.ts";

async function readState(path: string): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** The running KM of the project, or `undefined`. */
export async function findKm(paths: ProjectPaths, host: string): Promise<KmEndpoint | undefined> {
  const port = await readState(join(paths.state, "km.port"));
  const token = await readState(join(paths.state, "km.token"));
  if (!port || !token || !/^\d+$/.test(port)) return undefined;
  const url = `http://${host}:${port}`;
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
    await response.body?.cancel();
    return response.ok ? { url, token } : undefined;
  } catch (error) {
    if (error instanceof TypeError || (error instanceof DOMException)) return undefined; // not running
    throw error;
  }
}
