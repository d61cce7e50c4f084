/**
 * `GET /events/stream`: the project's hash-chained event log as
 * Server-Sent Events. The stream opens with the last events of the live
 * log, then follows it (through rotations) with the event bus's own
 * tail-follow reader. Each message is `event: event`, `id: <seq>` and the
 * event as JSON (large payloads cut). A comment line every 15 s keeps
 * proxies from closing an idle stream. The stream ends when the client
 * goes away or the KM shuts down.
 * @module
 */

import { eventLogPaths } from "../../../core/events/event_paths.ts";
import { followEvents, readLiveTail } from "../../../core/events/follow.ts";
import type { EventRecord } from "../../../core/events/schema.ts";
import type { ProjectPaths } from "../../../core/paths.ts";

/** Options of {@linkcode eventStreamResponse}. */
export interface EventStreamOptions {
  /** Events replayed when the stream opens (default 50). */
  tail?: number;
  /** Ends the stream (client gone, or shutdown). */
  signal: AbortSignal;
  /** Poll interval of the follower (default 250 ms). */
  intervalMs?: number;
  /** Keep-alive comment interval (default 15 s). */
  keepAliveMs?: number;
}

/** Payloads longer than this (as JSON) are replaced by a note with their size. */
export const MAX_PAYLOAD_CHARS = 4096;

/**
 * The SSE response for a project's events.
 *
 * @example
 * ```ts
 * return eventStreamResponse(paths, { signal: request.signal });
 * ```
 */
export function eventStreamResponse(
  paths: Pick<ProjectPaths, "events">,
  options: EventStreamOptions,
): Response {
  const files = eventLogPaths(paths);
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const abort = () => stop.abort();
  options.signal.addEventListener("abort", abort, { once: true });
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      keepAlive = setInterval(() => send(": keep-alive\n\n"), options.keepAliveMs ?? 15_000);
      send("retry: 1000\n\n");
      try {
        const { events, offset } = await readLiveTail(files, {}, options.tail ?? 50);
        for (const event of events) send(message(event));
        const follower = followEvents(files, {
          fromOffset: offset,
          intervalMs: options.intervalMs ?? 250,
          signal: stop.signal,
        });
        for await (const event of follower) send(message(event));
      } catch (error) {
        send(`event: failure\ndata: ${JSON.stringify({ error: String(error) })}\n\n`);
      } finally {
        clearInterval(keepAlive);
        options.signal.removeEventListener("abort", abort);
        if (!stop.signal.aborted) stop.abort();
        try {
          controller.close();
        } catch {
          // already closed because the client cancelled: nothing left to end
        }
      }
    },
    cancel() {
      clearInterval(keepAlive);
      stop.abort();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}

/** One SSE message for an event. */
export function message(event: EventRecord): string {
  let payload = event.payload;
  const json = payload === undefined ? "" : JSON.stringify(payload);
  if (json.length > MAX_PAYLOAD_CHARS) payload = { truncated: true, chars: json.length };
  const { id, ts, seq, type, agent, task, correlation_id, parent } = event;
  const data = JSON.stringify({ id, ts, seq, type, agent, task, correlation_id, parent, payload });
  return `event: event\nid: ${seq}\ndata: ${data}\n\n`;
}
