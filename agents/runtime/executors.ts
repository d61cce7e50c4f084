/**
 * The executor table: executor name → the module a pool worker for it
 * starts with. The runtime's own test executors (`noop`, `script`) are
 * listed here; every other executor is a plugin's `executors` contribution,
 * read from the installed plugin host. Each worker module imports its one
 * executor statically, so a worker loads only the code it runs (the no-op
 * worker does not load the Anthropic SDK) and needs no read permission for
 * its own code, which a dynamic import inside the sandbox would. `deno
 * compile` gets the modules from the `--include` folders of the `compile`
 * task.
 * @module
 */

import { maybePluginHost } from "../../core/plugin_host/current.ts";

/** The runtime's own executors (they win over a plugin's of the same name). */
export const runtimeExecutors: Readonly<Record<string, URL>> = {
  noop: new URL("./workers/noop.ts", import.meta.url),
  script: new URL("./workers/script.ts", import.meta.url),
};

/**
 * Every executor a worker can run, with its worker module: the runtime's
 * own and those of the installed plugin host (none without one).
 *
 * @example
 * ```ts
 * Object.keys(executorTable()); // ["anthropic", "local", "noop", "script"]
 * ```
 */
export function executorTable(): Record<string, URL> {
  return { ...maybePluginHost()?.executors(), ...runtimeExecutors };
}

/**
 * The worker module of `executor`, or undefined when there is no such executor.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool({ workerUrl: workerUrlOf, size: 2, place });
 * ```
 */
export function workerUrlOf(executor: string): URL | undefined {
  const table = executorTable();
  return Object.hasOwn(table, executor) ? table[executor] : undefined;
}
