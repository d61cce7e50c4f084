/**
 * One worker of the pool and what it is running: the Web Worker started
 * with a sandbox's permissions, the tasks sent to it, the tasks waiting for
 * it, and the outbox that sends the runs of one turn in one message. What a
 * worker sends back is validated here with zod (a worker runs agent code).
 * @module
 */

import { Outbox } from "./outbox.ts";
import type { Pending } from "./pending.ts";
import {
  type RunMessage,
  WorkerBatchSchema,
  type WorkerMessage,
  WorkerMessageSchema,
} from "./protocol.ts";
import type { WorkerPermissions } from "./sandbox.ts";

/** A live worker of the pool. */
export interface Slot {
  worker: Worker;
  key: string;
  reusable: boolean;
  permissions: WorkerPermissions;
  running: Map<string, Pending>;
  backlog: Pending[];
  /** Runs sent in one turn go to the worker in one message. */
  outbox: Outbox<RunMessage>;
}

/** What the pool does with a slot's messages and failures. */
export interface SlotEvents {
  onMessages(slot: Slot, messages: WorkerMessage[]): void;
  onCrash(slot: Slot, why: string): void;
}

/** Starts a worker for tasks with `key` (e.g. one executor under one sandbox). */
export function startSlot(
  url: string | URL,
  name: string,
  permissions: WorkerPermissions,
  shape: { key: string; reusable: boolean },
  events: SlotEvents,
): Slot {
  const worker = new Worker(url, { type: "module", name, deno: { permissions } });
  const slot: Slot = {
    worker,
    ...shape,
    permissions,
    running: new Map(),
    backlog: [],
    outbox: new Outbox((message) => worker.postMessage(message)),
  };
  worker.onmessage = (event) => {
    const messages = workerMessagesOf(event.data);
    if (typeof messages === "string") events.onCrash(slot, `sent an invalid message (${messages})`);
    else events.onMessages(slot, messages);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    events.onCrash(slot, event.message ?? "uncaught error");
  };
  worker.onmessageerror = () => events.onCrash(slot, "a message could not be deserialised");
  return slot;
}

/** The messages in what a worker posted (one, or a batch), or what is wrong with it. */
export function workerMessagesOf(data: unknown): WorkerMessage[] | string {
  const batch = (data as { type?: unknown } | null)?.type === "batch";
  const parsed = (batch ? WorkerBatchSchema : WorkerMessageSchema).safeParse(data);
  if (!parsed.success) return parsed.error.issues[0].message;
  return parsed.data.type === "batch" ? parsed.data.messages : [parsed.data];
}
