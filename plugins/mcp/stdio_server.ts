/**
 * `super-agents mcp` proper: the project's MCP server on stdin/stdout for
 * Claude Code and other local clients. stdout carries only MCP messages; every
 * diagnostic goes to stderr. The server ends when the client closes stdin or
 * sends SIGTERM/SIGINT, closing the queue and store it opened.
 * @module
 */

import process from "node:process";
import { loadConfig } from "../../core/config/load.ts";
import type { Context } from "../../core/context.ts";
import { errorMessage } from "../../core/errors.ts";
import { requireProject } from "../../core/paths.ts";
import { createServices } from "./services.ts";

/** Options of {@linkcode serveStdio}. */
export interface StdioOptions {
  /** Serve one agent instead of the whole project. */
  agent?: string;
}

/**
 * Serves until the client goes away; resolves with the exit code.
 *
 * @example
 * ```ts
 * return await serveStdio(ctx, { agent: "reviewer-agent" });
 * ```
 */
export async function serveStdio(ctx: Context, options: StdioOptions = {}): Promise<number> {
  const paths = requireProject(ctx);
  const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
  const log = (message: string) => ctx.stderr.write(`super-agents mcp: ${message}\n`);
  const services = createServices(paths, config, { log: ctx.debug ? log : undefined });
  const [{ StdioServerTransport }, { createProjectServer }] = await Promise.all([
    import("./stdio_deps.ts"),
    import("./server.ts"),
  ]);
  const server = await createProjectServer(services, { agent: options.agent });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
    const onSignal = () => resolve();
    Deno.addSignalListener("SIGTERM", onSignal);
    Deno.addSignalListener("SIGINT", onSignal);
  });
  transport.onerror = (error) => log(`transport error: ${errorMessage(error)}`);
  await server.connect(transport);
  if (ctx.debug) log(`serving ${paths.root}${options.agent ? ` (agent ${options.agent})` : ""}`);
  await closed;
  try {
    await server.close();
  } finally {
    await services.close();
  }
  return 0;
}
