/**
 * `mcp inspect` and `mcp call`: the project's server and the SDK `Client`
 * linked in one process by the SDK's in-memory transport, so what they show
 * is exactly what a real client gets (same schemas, same validation, same
 * error results), without spawning anything.
 * @module
 */

import { loadConfig } from "../../core/config/load.ts";
import type { Context } from "../../core/context.ts";
import { requireProject } from "../../core/paths.ts";
import { VERSION } from "../../core/version.ts";
import type { Client } from "./client_deps.ts";
import { createServices } from "./services.ts";

/**
 * Runs `fn` with a client connected to the project's server, then closes both.
 *
 * @example
 * ```ts
 * const tools = await withInProcessClient(ctx, {}, (client) => client.listTools());
 * ```
 */
export async function withInProcessClient<T>(
  ctx: Context,
  options: { agent?: string },
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const paths = requireProject(ctx);
  const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
  const services = createServices(paths, config, {
    log: ctx.debug ? (m) => ctx.stderr.write(`super-agents mcp: ${m}\n`) : undefined,
  });
  try {
    const [{ Client, InMemoryTransport }, { createProjectServer }] = await Promise.all([
      import("./client_deps.ts"),
      import("./server.ts"),
    ]);
    const server = await createProjectServer(services, options);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "super-agents-cli", version: VERSION });
    await client.connect(clientSide);
    try {
      return await fn(client);
    } finally {
      await client.close();
      await server.close();
    }
  } finally {
    await services.close();
  }
}
