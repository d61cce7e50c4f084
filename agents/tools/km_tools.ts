/**
 * The knowledge tools talk to the project's Knowledge Manager over its HTTP
 * API, so a sandboxed agent needs only network access to the KM's loopback
 * port, never write access to the registry database nor read access to
 * `.claude/state/`. The bearer token is the job token the parent minted
 * (`agents/km_endpoint.ts`): it opens search and save, nothing else, until
 * the job's time is up. When no KM is running the tools are not offered.
 * @module
 */

import { ToolError } from "./file_tools.ts";

/** Where the KM answers, and the job's token for it. */
export interface KmEndpoint {
  url: string;
  /** A job token (`sajob.…`), never the KM's own token. */
  token: string;
}

async function call(km: KmEndpoint, path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${km.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${km.token}`,
      "content-type": "application/json",
      ...init.headers,
    },
  });
  const body = await response.text();
  if (!response.ok) {
    throw new ToolError(`knowledge base answered ${response.status}: ${body.slice(0, 300)}`);
  }
  return body ? JSON.parse(body) : null;
}

/** Full-text search; returns the hits as compact text. */
export async function knowledgeQuery(
  km: KmEndpoint,
  input: { q: string; limit?: number },
): Promise<string> {
  const params = new URLSearchParams({ q: input.q, limit: String(input.limit ?? 5) });
  const result = await call(km, `/api/search?${params}`) as {
    hits?: { item: { id: number; title: string; type: string; content: string } }[];
  };
  const hits = result?.hits ?? [];
  if (hits.length === 0) return `no knowledge matches "${input.q}"`;
  return hits.map(({ item }) =>
    `#${item.id} [${item.type}] ${item.title}\n${item.content.slice(0, 1500)}`
  ).join("\n\n");
}

/** Saves an item; returns its id. */
export async function knowledgeSave(
  km: KmEndpoint,
  input: { title: string; content: string; type?: string; tags?: string[] },
  task: string,
): Promise<string> {
  const result = await call(km, "/api/knowledge", {
    method: "POST",
    body: JSON.stringify({ ...input, task }),
  }) as { item?: { id: number }; duplicate?: boolean };
  return result?.item
    ? `saved as #${result.item.id}${result.duplicate ? " (already known)" : ""}`
    : "saved";
}
