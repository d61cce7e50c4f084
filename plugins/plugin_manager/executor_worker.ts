/**
 * The pool worker of every third-party executor (the `third-party`
 * executor). The pool starts it with the job's sandbox — the plugin's
 * accepted permissions — for one plugin executor (`<plugin>/<executor>`);
 * on its first job it gives back the directory listings the read carve
 * took away (`listing_shim.ts`), imports the plugin's `execute` module
 * (named in the job's `agentConfig`, which the CLI built from the accepted
 * manifest) and serves it like any executor (`worker_host.ts`): results,
 * progress, and a denied operation reported as the pool's boundary error.
 * A module that fails to import, or exports no `execute`, fails each of
 * its jobs without a retry.
 * @module
 */

// The SDK is loaded up front, so an executor that imports it by this checkout's URL needs no
// read access to the checkout (a module the worker has not loaded yet is read under its grants).
import "../../plugin.ts";
import { type Executor, PermanentJobError } from "../../agents/runtime/executor.ts";
import { serveExecutor } from "../../agents/runtime/worker_host.ts";
import { runMessagesOf } from "../../core/pool/run_message_check.ts";
import type { ThirdPartyAgentConfig } from "../../core/plugin_host/external/external_provider.ts";
import { installListings } from "../../core/plugin_host/external/listing_shim.ts";

const scope = self as unknown as { onmessage: ((event: MessageEvent) => void) | null };

/**
 * A Web Worker that ends itself tells the pool nothing, which would leave
 * its jobs waiting for their timeout: `Deno.exit` and `close()` throw
 * instead, failing the job that called them (for good) and keeping the
 * worker. Set before the plugin's module is imported, so it cannot keep the
 * originals. Not a security boundary (the Deno permissions are).
 */
function refuseToEnd(what: string) {
  return () => {
    throw Object.assign(new Error(`an executor may not end its worker (it called ${what})`), {
      retryable: false,
      code: "PLUGIN_EXITED",
    });
  };
}
const fixed = { configurable: false, writable: false };
Object.defineProperty(Deno, "exit", { ...fixed, value: refuseToEnd("Deno.exit") });
Object.defineProperty(globalThis, "close", { ...fixed, value: refuseToEnd("close()") });

function configOf(agentConfig: unknown): ThirdPartyAgentConfig {
  const config = agentConfig as Partial<ThirdPartyAgentConfig> | null;
  if (typeof config?.module !== "string" || typeof config.listings !== "object") {
    throw new PermanentJobError("the job names no plugin executor module", "AGENT_TASK_INVALID");
  }
  return config as ThirdPartyAgentConfig;
}

async function load(module: string): Promise<Executor> {
  let imported: { execute?: unknown };
  try {
    imported = await import(module);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error; // the pool names the boundary
    throw new PermanentJobError(
      `the executor module ${module} could not be imported: ${(error as Error)?.message ?? error}`,
      "PLUGIN_BROKEN",
    );
  }
  if (typeof imported.execute !== "function") {
    throw new PermanentJobError(
      `the executor module ${module} does not export \`execute\` (an Executor)`,
      "PLUGIN_BROKEN",
    );
  }
  return imported.execute as Executor;
}

/** Serves the executor of the first job (replacing `onmessage`); later jobs must name its module. */
function start(name: string, config: ThirdPartyAgentConfig): void {
  installListings(config.listings);
  const execute = load(config.module);
  execute.catch(() => {}); // reported by each job below
  serveExecutor(name, async (ctx) => {
    if (configOf(ctx.agentConfig).module !== config.module) {
      throw new PermanentJobError(
        "a job of another plugin reached this worker",
        "EXECUTOR_MISMATCH",
      );
    }
    return await (await execute)({ ...ctx, agentConfig: undefined });
  });
}

scope.onmessage = (event) => {
  const messages = runMessagesOf(event.data);
  if (typeof messages === "string") throw new Error(`invalid message from the pool: ${messages}`);
  const [first] = messages;
  start(first.executor, configOf(first.agentConfig));
  scope.onmessage?.(event); // now the executor's own handler
};
