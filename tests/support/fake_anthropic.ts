/**
 * Test support: a fake Anthropic Messages API on loopback (port 0), driven
 * by the real `@anthropic-ai/sdk` through `baseURL` / `ANTHROPIC_BASE_URL`.
 * Replies are scripted per request: text, tool_use turns, errors (429 with
 * `retry-after`, 529 overloaded, 500), optionally streamed as SSE. The
 * Message Batches endpoints (create, retrieve, results JSONL) answer each
 * batch entry through the same script. Requests with the MCP connector's
 * `mcp_servers` must carry its beta header, as the real API demands. Every
 * request is recorded, with the time the server spent on it (benchmarks
 * subtract it).
 * @module
 */

import { buildMessage, ERROR_TYPES, errorResponse, sse } from "./fake_anthropic_wire.ts";

/** A content block of a scripted message. */
export type FakeBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

/** One scripted reply. */
export type FakeReply =
  | {
    kind: "message";
    content: FakeBlock[];
    stopReason?: "end_turn" | "tool_use" | "max_tokens";
    usage?: { input_tokens?: number; output_tokens?: number };
  }
  | { kind: "error"; status: number; retryAfter?: number; message?: string }
  | { kind: "expired" };

/** A request the fake received. */
export interface FakeRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  // deno-lint-ignore no-explicit-any
  body: any;
  /** Milliseconds the fake spent producing the reply (excluding its scripted latency). */
  serverMs: number;
}

/** Chooses the reply to a Messages request (also used for each batch entry). */
// deno-lint-ignore no-explicit-any
export type Responder = (body: any, request: FakeRequest) => FakeReply;

/** Options of {@linkcode startFakeAnthropic}. */
export interface FakeOptions {
  responder?: Responder;
  /** Batch retrievals answered `in_progress` before a batch ends (default 1). */
  pollsUntilEnded?: number;
  /** Delay added to each Messages reply, simulating model latency. */
  latencyMs?: number;
  /**
   * Messages requests served at once; one more is answered 429 with
   * `retry-after: retryAfterSeconds` (default 1) at once, like a rate limit.
   */
  maxConcurrent?: number;
  retryAfterSeconds?: number;
}

/** A running fake. */
export interface FakeAnthropic {
  url: string;
  requests: FakeRequest[];
  /** Most Messages requests being served at once (rejected ones not counted). */
  peakInFlight(): number;
  /** Messages requests answered 429 by `maxConcurrent`. */
  throttled(): number;
  /** Messages requests only (not batches). */
  messageRequests(): FakeRequest[];
  setResponder(responder: Responder): void;
  close(): Promise<void>;
}

/** A text reply. */
export function text(
  value: string,
  usage?: { input_tokens?: number; output_tokens?: number },
): FakeReply {
  return {
    kind: "message",
    content: [{ type: "text", text: value }],
    stopReason: "end_turn",
    usage,
  };
}

let toolCounter = 0;
/** A tool_use turn (optionally with text before it). */
export function toolUse(name: string, input: Record<string, unknown>, preface?: string): FakeReply {
  const content: FakeBlock[] = preface ? [{ type: "text", text: preface }] : [];
  content.push({ type: "tool_use", id: `toolu_fake${++toolCounter}`, name, input });
  return { kind: "message", content, stopReason: "tool_use" };
}

/** An API error reply; `retryAfter` is in seconds. */
export function apiError(status: number, retryAfter?: number, message?: string): FakeReply {
  return { kind: "error", status, retryAfter, message };
}

/** A responder that replays `replies` in order (the last one repeats). */
export function scripted(replies: FakeReply[]): Responder {
  let index = 0;
  return () => replies[Math.min(index++, replies.length - 1)];
}

/** The MCP connector's beta, which the API requires with `mcp_servers`. */
export const MCP_CONNECTOR_BETA = "mcp-client-2025-04-04";

/**
 * Refuses `mcp_servers` as the real API does: without the connector's beta
 * in `anthropic-beta`, or with an entry that is not `{ type: "url", name, url }`.
 */
function checkConnector(
  // deno-lint-ignore no-explicit-any
  body: any,
  headers: Headers,
): Extract<FakeReply, { kind: "error" }> | undefined {
  if (body.mcp_servers === undefined) return undefined;
  const betas = (headers.get("anthropic-beta") ?? "").split(",").map((b) => b.trim());
  if (!betas.includes(MCP_CONNECTOR_BETA)) {
    return {
      kind: "error",
      status: 400,
      message: `mcp_servers requires the anthropic-beta header ${MCP_CONNECTOR_BETA}`,
    };
  }
  const valid = Array.isArray(body.mcp_servers) &&
    // deno-lint-ignore no-explicit-any
    body.mcp_servers.every((server: any) =>
      server?.type === "url" && typeof server.name === "string" &&
      /^https:\/\//.test(String(server.url))
    );
  if (!valid) {
    return {
      kind: "error",
      status: 400,
      message: "mcp_servers: each entry needs type url, name and an https url",
    };
  }
  return undefined;
}

interface Batch {
  id: string;
  created: string;
  polls: number;
  // deno-lint-ignore no-explicit-any
  results: { custom_id: string; result: any }[];
}

/**
 * Starts the fake on a free loopback port.
 *
 * @example
 * ```ts
 * const fake = await startFakeAnthropic({ responder: scripted([toolUse("Read", { file_path: "a" }), text("done")]) });
 * const client = new Anthropic({ apiKey: "test", baseURL: fake.url, maxRetries: 0 });
 * await fake.close();
 * ```
 */
export function startFakeAnthropic(options: FakeOptions = {}): Promise<FakeAnthropic> {
  let responder: Responder = options.responder ?? (() => text("ok"));
  const requests: FakeRequest[] = [];
  const batches = new Map<string, Batch>();
  let url = "";
  let inFlight = 0;
  let peak = 0;
  let throttled = 0;

  // deno-lint-ignore no-explicit-any
  const batchResult = (customId: string, params: any, record: FakeRequest) => {
    const reply = responder(params, record);
    if (reply.kind === "expired") return { custom_id: customId, result: { type: "expired" } };
    if (reply.kind === "error") {
      return {
        custom_id: customId,
        result: {
          type: "errored",
          error: {
            type: "error",
            error: {
              type: ERROR_TYPES[reply.status] ?? "api_error",
              message: reply.message ?? "failed",
            },
          },
        },
      };
    }
    return {
      custom_id: customId,
      result: { type: "succeeded", message: buildMessage(params, reply) },
    };
  };

  const batchView = (batch: Batch, ended: boolean) => {
    const count = (type: string) => batch.results.filter((r) => r.result.type === type).length;
    return {
      id: batch.id,
      type: "message_batch",
      processing_status: ended ? "ended" : "in_progress",
      request_counts: ended
        ? {
          processing: 0,
          succeeded: count("succeeded"),
          errored: count("errored"),
          canceled: 0,
          expired: count("expired"),
        }
        : { processing: batch.results.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      created_at: batch.created,
      expires_at: batch.created,
      ended_at: ended ? new Date().toISOString() : null,
      archived_at: null,
      cancel_initiated_at: null,
      results_url: ended ? `${url}/v1/messages/batches/${batch.id}/results` : null,
    };
  };

  const handle = async (request: Request): Promise<Response> => {
    const started = performance.now();
    const path = new URL(request.url).pathname;
    const body = request.method === "POST" ? await request.json() : undefined;
    const record: FakeRequest = {
      path,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body,
      serverMs: 0,
    };
    requests.push(record);
    const finish = (response: Response) => {
      record.serverMs = performance.now() - started;
      return response;
    };
    if (!request.headers.get("x-api-key") && !request.headers.get("authorization")) {
      return finish(errorResponse({ kind: "error", status: 401, message: "missing x-api-key" }));
    }
    if (path === "/v1/messages" && request.method === "POST") {
      const connectorRefusal = checkConnector(body, request.headers);
      if (connectorRefusal) return finish(errorResponse(connectorRefusal));
      if (options.maxConcurrent !== undefined && inFlight >= options.maxConcurrent) {
        throttled++;
        const retryAfter = options.retryAfterSeconds ?? 1;
        return finish(errorResponse({ kind: "error", status: 429, retryAfter }));
      }
      const reply = responder(body, record);
      if (reply.kind === "error") return finish(errorResponse(reply));
      if (reply.kind === "expired") return finish(errorResponse({ kind: "error", status: 500 }));
      const message = buildMessage(body, reply);
      const response = finish(body.stream ? sse(message) : Response.json(message));
      peak = Math.max(peak, ++inFlight);
      try {
        if (options.latencyMs) {
          await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        }
      } finally {
        inFlight--;
      }
      return response;
    }
    if (path === "/v1/messages/batches" && request.method === "POST") {
      const batch: Batch = {
        id: `msgbatch_fake${batches.size + 1}`,
        created: new Date().toISOString(),
        polls: 0,
        // deno-lint-ignore no-explicit-any
        results: body.requests.map((entry: any) =>
          batchResult(entry.custom_id, entry.params, record)
        ),
      };
      batches.set(batch.id, batch);
      return finish(Response.json(batchView(batch, false)));
    }
    const match = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(path);
    const batch = match ? batches.get(match[1]) : undefined;
    if (match && !batch) {
      return finish(errorResponse({ kind: "error", status: 404, message: "no such batch" }));
    }
    if (batch && match![2]) {
      const lines = batch.results.map((line) => JSON.stringify(line)).join("\n") + "\n";
      return finish(new Response(lines, { headers: { "content-type": "application/binary" } }));
    }
    if (batch) {
      batch.polls++;
      return finish(Response.json(batchView(batch, batch.polls > (options.pollsUntilEnded ?? 1))));
    }
    return finish(errorResponse({ kind: "error", status: 404, message: `no route ${path}` }));
  };

  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen: ({ port }) => {
        url = `http://127.0.0.1:${port}`;
        resolve({
          url,
          requests,
          messageRequests: () => requests.filter((r) => r.path === "/v1/messages"),
          peakInFlight: () => peak,
          throttled: () => throttled,
          setResponder: (next) => {
            responder = next;
          },
          close: () => server.shutdown(),
        });
      },
    }, handle);
  });
}
