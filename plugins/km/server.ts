/**
 * The KM server process (`super-agents km serve`): claims its port (the one
 * `start` allocated, or one it allocates itself under the global port lock
 * when run by a service manager) — bound and state files written before
 * anything heavy loads (`claim.ts`) — then opens the project's registry and
 * starts answering `/health`; the API and the plugin mounts open on the first
 * request that needs them, behind the body limits (`body_limit.ts`). It
 * serves until SIGTERM or SIGINT. Shutdown is graceful:
 * stop accepting, finish in-flight requests, close the database, remove the
 * state files (only if they are still ours).
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";
import { projectPaths } from "../../core/paths.ts";
import { createLogger } from "../../core/log.ts";
import { VERSION } from "../../core/version.ts";
import { type ClaimedKm, claimKm, removeOwnKmState } from "./claim.ts";
import { inspectKm } from "./inspect.ts";
import { contributedKmMounts, withKmMounts } from "./mounts.ts";
import { pluginHost } from "../../core/plugin_host/current.ts";
import { withBodyLimits } from "./body_limit.ts";
import { allocatePort, rememberedPort, updateClaim } from "./ports.ts";
import { kmStatePaths } from "./state.ts";
import { KnowledgeStore, registryDbPath } from "./store/knowledge_store.ts";

/** Options for {@linkcode runKmServer}. */
export interface KmServerOptions {
  root: string;
  config: Config;
  /** Port to bind; allocated from the range when absent. */
  port?: number;
  /** The port already bound by {@linkcode claimKm} (`km serve --host --port`). */
  claimed?: ClaimedKm;
  /** km.host is not loopback and the user allowed it (`checkKmBind`); ignored with `claimed`. */
  remote?: boolean;
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
  const claimed = options.claimed ??
    await claimKm(ctx, paths, host, await choosePort(ctx, options), { remote: options.remote });
  const { listener, token } = claimed;
  const port = listener.port;
  const log = createLogger({
    component: "km",
    file: kmStatePaths(paths).log,
    level: options.config.log.level,
    maxBytes: options.config.km.logMaxBytes,
  });
  let store: KnowledgeStore;
  try {
    store = await KnowledgeStore.open(registryDbPath(paths));
    await updateClaim(ctx, port, options.root, Deno.pid);
  } catch (error) {
    // Waiting requests (`start`'s /health among them) get a 503, then the KM goes away.
    const failure = error instanceof Error ? error : new Error(String(error));
    log.error("failed to open", { error: failure.message });
    await claimed.release(failure);
    log.close();
    throw error;
  }
  claimed.announce();
  const server = listener.server;
  const openStore = store;
  log.info("listening", { url: `http://${host}:${port}`, pid: Deno.pid, root: options.root });
  // `start` polls /health: answer it before a waiting request makes the API load (zod and
  // ~70 modules, evaluated synchronously) and hold that answer back by 100-200 ms.
  await listener.healthAnswered(100);

  let stopping: Promise<void> | undefined;
  let mounts: Awaited<ReturnType<typeof withKmMounts>> | undefined;
  let apiFailure: Error | undefined;
  let resource: Awaited<ReturnType<typeof openResourceServer>> | undefined;
  const stop = (reason: string) => {
    stopping ??= (async () => {
      log.info("shutting down", { signal: reason });
      const drained = server.shutdown();
      await mounts?.close(); // ends long-lived streams (SSE), which would hold the shutdown open
      await drained;
      await resource?.close();
      openStore.close();
      await removeOwnKmState(paths);
      log.info("stopped", { pid: Deno.pid });
      log.close();
    })();
  };
  // The HTTP API, metrics and mounts (zod, ~60 modules, ~10 MB) load on the first request
  // that needs them: a KM that only answers health checks stays small (`scripts/bench/km.ts`).
  listener.openOnDemand(async () => {
    try {
      const { createKmApp } = await import("./app.ts");
      resource = await openResourceServer(ctx, paths, options.config, log);
      const app = await createKmApp(openStore, {
        token,
        instance: claimed.instance,
        pid: Deno.pid,
        port,
        version: VERSION,
        startedAt: claimed.startedAt,
        maxBodyBytes: options.config.km.maxBodyBytes,
        bodyTimeoutMs: options.config.km.bodyTimeoutMs,
        readsNeedToken: claimed.remote,
        log,
        principals: resource.principals,
      });
      mounts = await withKmMounts(
        { ctx, paths, config: options.config, host, token, store: openStore, log },
        app.handle,
        contributedKmMounts(pluginHost()),
      );
      listener.ready(withBodyLimits(mounts.handle, {
        maxBytes: options.config.km.maxBodyBytes,
        timeoutMs: options.config.km.bodyTimeoutMs,
      }));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      apiFailure = failure;
      listener.fail(failure); // waiting requests get a 503 naming the cause
      log.error("failed to open the API", { error: failure.message });
      stop("API failed to open");
    }
  });
  const onTerm = () => stop("SIGTERM");
  const onInt = () => stop("SIGINT");
  Deno.addSignalListener("SIGTERM", onTerm);
  Deno.addSignalListener("SIGINT", onInt);
  await server.finished;
  await stopping;
  Deno.removeSignalListener("SIGTERM", onTerm);
  Deno.removeSignalListener("SIGINT", onInt);
  if (apiFailure) throw apiFailure; // `km serve` exits non-zero with the cause
}

/**
 * The API's scoped principals: per-user tokens (with the scopes they were
 * created with) and, with `auth.issuer`, SSO JWTs, checked by the access gate.
 */
async function openResourceServer(
  ctx: Context,
  paths: ReturnType<typeof projectPaths>,
  config: Config,
  log: ReturnType<typeof createLogger>,
) {
  const { createResourceServer } = await import("../km_auth/resource_server.ts");
  const { createTokenVerifier } = await import("../mcp/http_auth.ts");
  const { tokenStorePath } = await import("../mcp/token_store.ts");
  const server = await createResourceServer({
    ctx,
    paths,
    config,
    warn: (message, fields) => log.warn(message, fields),
  });
  return {
    principals: {
      verifiers: [createTokenVerifier({ userStorePath: tokenStorePath(ctx) }), ...server.verifiers],
      gate: server.gate,
    },
    close: () => server.close(),
  };
}

/** The port to claim without `--port`: the previous one when free, else one from the range. */
async function choosePort(ctx: Context, options: KmServerOptions): Promise<number> {
  if (options.port !== undefined) return options.port;
  const existing = await inspectKm(projectPaths(options.root), { healthTimeoutMs: 300 });
  return await allocatePort(ctx, {
    root: options.root,
    host: options.config.km.host,
    min: options.config.km.portMin,
    max: options.config.km.portMax,
    preferred: existing.port ?? await rememberedPort(ctx, options.root),
  });
}
