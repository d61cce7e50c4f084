/**
 * The worker that reads a third-party plugin's manifest without running it
 * in the CLI's process. It starts with no permissions but what importing
 * the plugin needs (read of its folder, or import from its origin), imports
 * the entry module, and posts its default export back as plain data: URL
 * objects become strings, anything that is not JSON (functions, symbols)
 * is dropped, so the parent's zod schema sees exactly what was declared.
 * The SDK (`plugin.ts`) is imported up front, so a plugin that imports it
 * by this checkout's URL needs no read access to the checkout.
 *
 * The same worker reads a plugin's other data exports (its agent files):
 * `pick` names the export (default: `default`).
 *
 * Protocol: `{ entry, pick? }` in; `{ type: "manifest", data }` or
 * `{ type: "failed", error }` out.
 * @module
 */

/// <reference lib="deno.worker" />

import "../../../plugin.ts";
import { reportExits, serializeError } from "./worker_guard.ts";

function plainData(value: unknown): unknown {
  const json = JSON.stringify(value, (_key, item) => item instanceof URL ? item.href : item);
  return json === undefined ? null : JSON.parse(json);
}

reportExits((code, how) =>
  self.postMessage({
    type: "failed",
    error: { name: "Exit", message: `the plugin ended its worker (${how} ${code}) on import` },
  })
);

self.onmessage = async (event: MessageEvent<{ entry?: unknown; pick?: unknown }>) => {
  try {
    const entry = String(event.data?.entry);
    const pick = typeof event.data?.pick === "string" ? event.data.pick : "default";
    const module = await import(entry);
    self.postMessage({ type: "manifest", data: plainData(module[pick]) });
  } catch (error) {
    self.postMessage({ type: "failed", error: serializeError(error) });
  }
};
