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
 * its jobs without a retry. A URL plugin's worker may import from its
 * plugin's origin only (the pool's import grant); the modules recorded
 * when the user accepted it (the executor's import graph) are first
 * imported as text and compared with their digests — the same bytes the
 * module import then uses (Deno fetches a URL once) — so code changed on
 * the server since is refused. An import from another origin is the pool's
 * boundary error.
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
import { bytesDigest } from "../../core/plugin_host/external/integrity.ts";

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

/** Deno refuses an import from a host outside the grant with a TypeError; the pool wants NotCapable. */
function importDenial(error: unknown): Deno.errors.NotCapable | undefined {
  const message = (error as Error)?.message ?? "";
  const denied = /Requires import access to "[^"]+"/.exec(message);
  return denied ? new Deno.errors.NotCapable(denied[0]) : undefined;
}

/** The bytes of `module`: a file of the plugin's copy as it is on disk, else as text. */
async function moduleBytes(module: string): Promise<Uint8Array<ArrayBuffer>> {
  if (module.startsWith("file:")) return await Deno.readFile(new URL(module));
  const source: string = (await import(module, { with: { type: "text" } })).default;
  return new TextEncoder().encode(source);
}

/** Refuses a module whose source is no longer the one accepted (`digest`). */
async function checkDigest(module: string, digest: string): Promise<void> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await moduleBytes(module);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error; // the pool names the boundary
    throw importDenial(error) ?? new PermanentJobError(
      `the module ${module} could not be read: ${(error as Error)?.message ?? error}`,
      "PLUGIN_BROKEN",
    );
  }
  if (await bytesDigest(bytes) !== digest) {
    throw new PermanentJobError(
      `the module ${module} changed since you accepted the plugin; its executor was not run`,
      "PLUGIN_CHANGED",
    );
  }
}

/** Checks every recorded module (the executor's first) before any of them is imported as code. */
async function checkDigests(module: string, digests: Record<string, string>): Promise<void> {
  const urls = Object.keys(digests).filter((url) => url !== module);
  for (const url of [module, ...urls]) await checkDigest(url, digests[url]);
}

async function load(
  module: string,
  digests: Record<string, string> | undefined,
): Promise<Executor> {
  if (digests !== undefined) await checkDigests(module, digests);
  let imported: { execute?: unknown };
  try {
    imported = await import(module);
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error; // the pool names the boundary
    const denied = importDenial(error);
    if (denied) throw denied;
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
  const execute = load(config.module, config.digests);
  execute.catch(() => {}); // reported by each job below
  serveExecutor(name, async (ctx) => {
    if (configOf(ctx.agentConfig).module !== config.module) {
      throw new PermanentJobError(
        "a job of another plugin reached this worker",
        "EXECUTOR_MISMATCH",
      );
    }
    const run = await execute;
    try {
      return await run({ ...ctx, agentConfig: undefined });
    } catch (error) {
      throw importDenial(error) ?? error; // an import from another origin is a boundary
    }
  });
}

scope.onmessage = (event) => {
  const messages = runMessagesOf(event.data);
  if (typeof messages === "string") throw new Error(`invalid message from the pool: ${messages}`);
  const [first] = messages;
  start(first.executor, configOf(first.agentConfig));
  scope.onmessage?.(event); // now the executor's own handler
};
