/**
 * Test support: the wire format of the fake Anthropic Messages API — a
 * scripted reply as a Messages API message (with token usage estimated from
 * the request), as an error response of the right type, or streamed as the
 * SSE events the SDK parses.
 * @module
 */

import type { FakeReply } from "./fake_anthropic.ts";

export const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  404: "not_found_error",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

function estimateTokens(value: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(value ?? "").length / 4));
}

const seenSystems = new Set<string>();

// deno-lint-ignore no-explicit-any
export function buildMessage(body: any, reply: Extract<FakeReply, { kind: "message" }>) {
  const cached = Array.isArray(body.system) &&
    // deno-lint-ignore no-explicit-any
    body.system.some((block: any) => block.cache_control);
  const systemTokens = estimateTokens(body.system);
  const key = JSON.stringify(body.system);
  const hit = cached && seenSystems.has(key);
  if (cached) seenSystems.add(key);
  return {
    id: `msg_fake${crypto.randomUUID().slice(0, 8)}`,
    type: "message",
    role: "assistant",
    model: body.model,
    content: reply.content,
    stop_reason: reply.stopReason ??
      (reply.content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn"),
    stop_sequence: null,
    usage: {
      input_tokens: reply.usage?.input_tokens ?? estimateTokens(body.messages),
      output_tokens: reply.usage?.output_tokens ?? estimateTokens(reply.content),
      cache_creation_input_tokens: cached && !hit ? systemTokens : 0,
      cache_read_input_tokens: hit ? systemTokens : 0,
    },
  };
}

export function errorResponse(reply: Extract<FakeReply, { kind: "error" }>): Response {
  const headers = new Headers({ "content-type": "application/json", "request-id": "req_fake" });
  if (reply.retryAfter !== undefined) headers.set("retry-after", String(reply.retryAfter));
  const type = ERROR_TYPES[reply.status] ?? "api_error";
  return new Response(
    JSON.stringify({ type: "error", error: { type, message: reply.message ?? type } }),
    { status: reply.status, headers },
  );
}

// deno-lint-ignore no-explicit-any
export function sse(message: any): Response {
  const events: [string, unknown][] = [[
    "message_start",
    { type: "message_start", message: { ...message, content: [], stop_reason: null } },
  ]];
  // deno-lint-ignore no-explicit-any
  message.content.forEach((block: any, index: number) => {
    if (block.type === "text") {
      events.push(["content_block_start", {
        type: "content_block_start",
        index,
        content_block: { type: "text", text: "" },
      }]);
      for (const piece of block.text.match(/.{1,16}/gs) ?? [""]) {
        events.push(["content_block_delta", {
          type: "content_block_delta",
          index,
          delta: { type: "text_delta", text: piece },
        }]);
      }
    } else {
      events.push(["content_block_start", {
        type: "content_block_start",
        index,
        content_block: { ...block, input: {} },
      }]);
      events.push(["content_block_delta", {
        type: "content_block_delta",
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) },
      }]);
    }
    events.push(["content_block_stop", { type: "content_block_stop", index }]);
  });
  events.push(["message_delta", {
    type: "message_delta",
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: message.usage.output_tokens },
  }]);
  events.push(["message_stop", { type: "message_stop" }]);
  const text = events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
    .join("");
  return new Response(text, { headers: { "content-type": "text/event-stream" } });
}
