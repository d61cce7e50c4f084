/**
 * A bounded in-memory `EventStore` for the SDK's Streamable HTTP transport:
 * it keeps the last messages of each SSE stream so a client that loses its
 * connection mid-call can reconnect with `Last-Event-ID` and receive what it
 * missed (MCP resumability). Memory only: a KM restart ends the sessions
 * anyway, so persisting the events would buy nothing.
 * @module
 */

import type { EventStore, JSONRPCMessage } from "./deps.ts";

interface StoredEvent {
  id: string;
  streamId: string;
  message: JSONRPCMessage;
}

/**
 * Creates a store keeping at most `limit` events overall (oldest dropped first).
 *
 * @example
 * ```ts
 * const transport = new WebStandardStreamableHTTPServerTransport({
 *   sessionIdGenerator: () => crypto.randomUUID(),
 *   eventStore: createMemoryEventStore(),
 * });
 * ```
 */
export function createMemoryEventStore(limit = 1000): EventStore {
  const events: StoredEvent[] = [];
  let counter = 0;
  return {
    storeEvent(streamId, message) {
      const id = `${streamId}_${(++counter).toString(36).padStart(8, "0")}`;
      events.push({ id, streamId, message });
      if (events.length > limit) events.splice(0, events.length - limit);
      return Promise.resolve(id);
    },
    getStreamIdForEventId(eventId) {
      return Promise.resolve(events.find((e) => e.id === eventId)?.streamId);
    },
    async replayEventsAfter(lastEventId, { send }) {
      const index = events.findIndex((e) => e.id === lastEventId);
      if (index < 0) return "";
      const streamId = events[index].streamId;
      for (const event of events.slice(index + 1)) {
        if (event.streamId === streamId) await send(event.id, event.message);
      }
      return streamId;
    },
  };
}
