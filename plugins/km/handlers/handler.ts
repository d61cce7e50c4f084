/**
 * The shape of a KM operation: a name, a description, a zod input schema,
 * whether it writes, and a plain function `(store, input) => output`. The
 * HTTP API and the MCP server both expose the same handlers, so an operation
 * is written once and validated the same way everywhere.
 * @module
 */

import type { z } from "../../../core/deps.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import type { KnowledgeStore } from "../store/knowledge_store.ts";

/** One KM operation. */
export interface KmHandler<S extends z.ZodType = z.ZodType, O = unknown> {
  /** Stable name, e.g. `knowledge.add` (MCP tool names derive from it). */
  name: string;
  description: string;
  input: S;
  /** Writes to the store (needs the bearer token over HTTP). */
  mutates: boolean;
  run(store: KnowledgeStore, input: z.infer<S>): O | Promise<O>;
}

/**
 * Identity helper that ties a handler's input type to its schema.
 *
 * @example
 * ```ts
 * export const countHandler = defineHandler({
 *   name: "knowledge.count", description: "count items", input: z.object({}),
 *   mutates: false, run: (store) => store.counts().knowledge,
 * });
 * ```
 */
export function defineHandler<S extends z.ZodType, O>(handler: KmHandler<S, O>): KmHandler<S, O> {
  return handler;
}

/** Validates `raw` against the handler's schema and runs it. */
export async function callHandler<S extends z.ZodType, O>(
  handler: KmHandler<S, O>,
  store: KnowledgeStore,
  raw: unknown,
): Promise<O> {
  const parsed = handler.input.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    throw new SuperAgentsError("KM_INVALID_INPUT", `${handler.name}: ${where}${issue.message}`, {
      hint: "fix the request body or query; see the KM API in the README",
      exitCode: 2,
      details: {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
    });
  }
  return await handler.run(store, parsed.data);
}

/**
 * The error handlers throw for a missing record (HTTP 404). The hint names
 * how to list what exists both ways the KM is reached: the MCP tool and the
 * HTTP route.
 */
export function notFound(
  what: string,
  list: { tool: string; route: string },
): SuperAgentsError {
  return new SuperAgentsError("KM_NOT_FOUND", `${what} not found`, {
    hint: `list what exists with the ${list.tool} tool (MCP) or GET ${list.route} (HTTP)`,
  });
}
