/**
 * What both plugin workers (the manifest reader and the command runner) do
 * before they import a plugin's code: keep a worker that calls
 * `Deno.exit` or `close()` from vanishing silently (a Web Worker that ends
 * itself tells its parent nothing, which would leave the CLI waiting), and
 * turn any thrown value into plain data the parent can validate. Nothing
 * here is a security boundary — the worker's Deno permissions are; a plugin
 * that works around these only hangs its own command.
 * @module
 */

/** The worker's global scope, as much of it as this module touches (no worker lib needed). */
const scope = globalThis as unknown as { close(): void };

/** A thrown value as data. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
  exitCode?: number;
}

function text(value: unknown, limit: number): string {
  return String(value).slice(0, limit);
}

/**
 * `error` as plain data (a `SuperAgentsError`'s code, hint and exit code kept).
 *
 * @example
 * ```ts
 * serializeError(new TypeError("x")); // { name: "TypeError", message: "x" }
 * ```
 */
export function serializeError(error: unknown): SerializedError {
  try {
    if (!(error instanceof Error)) return { name: "Error", message: text(error, 4000) };
    const extra = error as Error & { code?: unknown; hint?: unknown; exitCode?: unknown };
    return {
      name: text(error.name, 100),
      message: text(error.message, 4000),
      ...(typeof extra.code === "string" ? { code: text(extra.code, 100) } : {}),
      ...(typeof extra.hint === "string" ? { hint: text(extra.hint, 1000) } : {}),
      ...(typeof extra.exitCode === "number" ? { exitCode: extra.exitCode } : {}),
    };
  } catch {
    // A hostile error object (throwing getters): say so rather than fail to report.
    return { name: "Error", message: "the plugin threw a value that cannot be read" };
  }
}

/**
 * Makes `Deno.exit(code)` and `close()` report to the parent through
 * `onExit` before the worker ends.
 *
 * @example
 * ```ts
 * reportExits((code, how) => self.postMessage({ type: "exit", code, how }));
 * ```
 */
export function reportExits(onExit: (code: number, how: "exit" | "close") => void): void {
  const close = scope.close.bind(scope);
  const fixed = { configurable: false, writable: false };
  Object.defineProperty(Deno, "exit", {
    ...fixed,
    value: (code?: number) => {
      onExit(Number.isInteger(code) ? code as number : 0, "exit");
      close();
    },
  });
  Object.defineProperty(scope, "close", {
    ...fixed,
    value: () => {
      onExit(0, "close");
      close();
    },
  });
}
