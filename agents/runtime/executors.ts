/**
 * The executor table: executor name → the module a pool worker for it
 * starts with. Each of those modules imports its one executor statically,
 * so a worker loads only the code it runs (the no-op worker does not load
 * the Anthropic SDK) and needs no read permission for its own code, which
 * a dynamic import inside the sandbox would. This is the one place to add an
 * executor (model providers add theirs here); `deno compile` gets the
 * modules from the `--include` folders of the `compile` task.
 * @module
 */

/** Every executor a worker can run, with its worker module. */
export const executorWorkers: Readonly<Record<string, URL>> = {
  noop: new URL("./workers/noop.ts", import.meta.url),
  script: new URL("./workers/script.ts", import.meta.url),
  anthropic: new URL("../../plugins/anthropic/worker.ts", import.meta.url),
  local: new URL("../../plugins/local/worker.ts", import.meta.url),
};

/** The worker module of `executor`, or undefined when there is no such executor. */
export function workerUrlOf(executor: string): URL | undefined {
  return Object.hasOwn(executorWorkers, executor) ? executorWorkers[executor] : undefined;
}
