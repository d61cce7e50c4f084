/**
 * The KM server process (`super-agents km serve`): opens the project's
 * registry, binds its port (the one `start` allocated, or one it allocates
 * itself under the global port lock when run by a service manager), writes
 * the state files, and serves until SIGTERM or SIGINT. Shutdown is graceful:
 * stop accepting, finish in-flight requests, close the database, remove the
 * state files (only if they are still ours).
 * @module
 */

import type { Config } from "../config/schema.ts";
import type { Context } from "../context.ts";
import { SuperAgentsError } from "../errors.ts";
import { projectPaths } from "../paths.ts";
import { createLogger } from "../log.ts";
import { VERSION } from "../version.ts";
import { createKmApp } from "./app.ts";
import { inspectKm } from "./inspect.ts";
import { withKmMounts } from "./mounts.ts";
import { allocatePort, rememberedPort, updateClaim } from "./ports.ts";
import { processStartTicks } from "./process_info.ts";
import { EXIT_PORT_IN_USE } from "./spawn.ts";
import { instanceIdOf, kmStatePaths, newToken, removeKmState, writeKmState } from "./state.ts";
import { KnowledgeStore, registryDbPath } from "./store/knowledge_store.ts";

/** Options for {@linkcode runKmServer}. */
export interface KmServerOptions {
  root: string;
  config: Config;
  /** Port to bind; allocated from the range when absent. */
  port?: number;
}

/**
 * Serves the project's KM until a termination signal; resolves after the
 * graceful shutdown completes.
 *
 * @example
 * ```ts
 * await runKmServer(ctx, { root: "/repo", config });
 * ```
 */
export async function runKmServer(ctx: Context, options: KmServerOptions): Promise<void> {
  const paths = projectPaths(options.root);
  const { host } = options.config.km;
  const log = createLogger({
    component: "km",
    file: kmStatePaths(paths).log,
    level: options.config.log.level,
    maxBytes: options.config.km.logMaxBytes,
  });
  const existing = await inspectKm(paths, { healthTimeoutMs: 300 });
  if (existing.status === "running" && existing.pid !== Deno.pid) {
    throw new SuperAgentsError(
      "KM_ALREADY_RUNNING",
      `a KM already serves ${options.root} (pid ${existing.pid}, port ${existing.port})`,
      { hint: "use `super-agents status`, or `super-agents stop` first" },
    );
  }
  const store = await KnowledgeStore.open(registryDbPath(paths));
  let server: Deno.HttpServer;
  let port: number;
  let mounts: Awaited<ReturnType<typeof withKmMounts>>;
  const token = newToken();
  const startedAt = ctx.now();
  try {
    port = options.port ?? await allocatePort(ctx, {
      root: options.root,
      host,
      min: options.config.km.portMin,
      max: options.config.km.portMax,
      preferred: existing.port ?? await rememberedPort(ctx, options.root),
    });
    const app = await createKmApp(store, {
      token,
      instance: await instanceIdOf(token),
      pid: Deno.pid,
      port,
      version: VERSION,
      startedAt,
      maxBodyBytes: options.config.km.maxBodyBytes,
      log,
    });
    mounts = await withKmMounts(
      { ctx, paths, config: options.config, host, token, store, log },
      app.handle,
    );
    server = serveOn(host, port, mounts.handle);
  } catch (error) {
    store.close();
    throw error;
  }
  const started = {
    startedAt,
    startTicks: processStartTicks(Deno.pid),
    nonce: crypto.randomUUID(),
    host,
    version: VERSION,
  };
  await writeKmState(paths, { port, pid: Deno.pid, token, started });
  await updateClaim(ctx, port, options.root, Deno.pid);
  log.info("listening", { url: `http://${host}:${port}`, pid: Deno.pid, root: options.root });

  let stopping: Promise<void> | undefined;
  const stop = (signal: Deno.Signal) => {
    stopping ??= (async () => {
      log.info("shutting down", { signal });
      await server.shutdown();
      await mounts.close();
      store.close();
      await removeOwnState(paths);
      log.info("stopped", { pid: Deno.pid });
      log.close();
    })();
  };
  const onTerm = () => stop("SIGTERM");
  const onInt = () => stop("SIGINT");
  Deno.addSignalListener("SIGTERM", onTerm);
  Deno.addSignalListener("SIGINT", onInt);
  await server.finished;
  await stopping;
  Deno.removeSignalListener("SIGTERM", onTerm);
  Deno.removeSignalListener("SIGINT", onInt);
}

function serveOn(
  host: string,
  port: number,
  handler: (request: Request) => Promise<Response>,
): Deno.HttpServer {
  try {
    return Deno.serve({ hostname: host, port, onListen: () => {} }, handler);
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new SuperAgentsError("KM_PORT_IN_USE", `port ${port} on ${host} is already in use`, {
        hint: "run `super-agents start` again; it picks another free port",
        exitCode: EXIT_PORT_IN_USE,
        cause: error,
      });
    }
    throw error;
  }
}

/** Removes the state files unless another KM has replaced them meanwhile. */
async function removeOwnState(paths: ReturnType<typeof projectPaths>): Promise<void> {
  let pidText: string;
  try {
    pidText = await Deno.readTextFile(kmStatePaths(paths).pid);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return; // `stop` already removed them
    throw error;
  }
  if (Number(pidText.trim()) === Deno.pid) await removeKmState(paths);
}
