/**
 * The KM's JSON API: which HTTP method and path run which handler. Path
 * parameters (`:id`) and, for GET, the query string become the handler's
 * input; for writes the JSON body does (path parameters win). A route's
 * `jobScope` lets agents' job tokens call it (`job_token.ts`).
 * @module
 */

import type { KmHandler } from "./handlers/handler.ts";
import type { JobScope } from "../../core/km_client/job_token.ts";
import {
  addKnowledge,
  createAdr,
  deleteKnowledge,
  getAdr,
  getKnowledge,
  listAdrs,
  listContracts,
  listFiles,
  listKnowledge,
  putContract,
  registerFile,
  searchKnowledge,
  setAdrStatus,
} from "./handlers/mod.ts";
import { emitRemoteEvent } from "./handlers/events.ts";
import { recordRemoteCost } from "./handlers/costs.ts";

/** One API route. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path with `:name` parameters, e.g. `/api/knowledge/:id`. */
  path: string;
  handler: KmHandler;
  /** Status of a successful answer (default 200). */
  status?: number;
  /** The job-token scope that may call this route (the agents' knowledge tools). */
  jobScope?: JobScope;
}

/** The API routes, matched in order. */
export const apiRoutes: Route[] = [
  { method: "GET", path: "/api/knowledge", handler: listKnowledge },
  {
    method: "POST",
    path: "/api/knowledge",
    handler: addKnowledge,
    status: 201,
    jobScope: "knowledge_write",
  },
  { method: "GET", path: "/api/knowledge/:id", handler: getKnowledge },
  { method: "DELETE", path: "/api/knowledge/:id", handler: deleteKnowledge },
  { method: "GET", path: "/api/search", handler: searchKnowledge, jobScope: "knowledge_read" },
  { method: "GET", path: "/api/files", handler: listFiles },
  { method: "PUT", path: "/api/files", handler: registerFile },
  { method: "GET", path: "/api/contracts/:component", handler: listContracts },
  { method: "PUT", path: "/api/contracts", handler: putContract },
  { method: "GET", path: "/api/adrs", handler: listAdrs },
  { method: "POST", path: "/api/adrs", handler: createAdr, status: 201 },
  { method: "GET", path: "/api/adrs/:number", handler: getAdr },
  { method: "PATCH", path: "/api/adrs/:number", handler: setAdrStatus },
  { method: "POST", path: "/api/events", handler: emitRemoteEvent, status: 201 },
  { method: "POST", path: "/api/costs", handler: recordRemoteCost, status: 201 },
];

/** A route matched against a path, with its parameters. */
export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/**
 * Finds the route for a method and path. `allowed` lists the methods the
 * path supports when only the method is wrong (for 405).
 */
export function matchRoute(
  method: string,
  pathname: string,
): { match?: RouteMatch; allowed: string[] } {
  const allowed: string[] = [];
  for (const route of apiRoutes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { match: { route, params }, allowed };
    allowed.push(route.method);
  }
  return { allowed };
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = pathname.replace(/\/+$/, "").split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) {
      if (got[i] === "") return undefined;
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return undefined; // malformed percent-encoding cannot name a record
      }
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}
