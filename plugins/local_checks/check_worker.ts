/**
 * The entry point of a sandboxed check Worker. It is started with every Deno
 * permission denied (no read, write, net, env, run, ffi or sys), receives
 * `{ names, files, options }` with the file contents as bytes, runs the
 * checks and posts back `{ findings }` or `{ error }`.
 * @module
 */

/// <reference lib="deno.worker" />

import { runChecksInline } from "./checks.ts";
import type { ChangedFile, CheckName, CheckOptions } from "./types.ts";

/** The message a check Worker receives. */
export interface CheckRequest {
  names: CheckName[];
  files: ChangedFile[];
  options: CheckOptions;
}

self.onmessage = async (event: MessageEvent<CheckRequest>) => {
  const { names, files, options } = event.data;
  try {
    self.postMessage({ findings: await runChecksInline(names, files, options) });
  } catch (error) {
    self.postMessage({
      error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error),
    });
  }
};
