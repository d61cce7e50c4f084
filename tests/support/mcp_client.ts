/**
 * Test support: the official SDK client against our MCP servers — the real
 * CLI spawned over STDIO, or a URL over Streamable HTTP — and a helper that
 * calls a tool and parses its JSON text result.
 * @module
 */

import {
  Client,
  StdioClientTransport,
  StreamableHTTPClientTransport,
} from "../../plugins/mcp/client_deps.ts";
import { MAIN } from "./cli.ts";

/**
 * Spawns `super-agents mcp ...args` in `cwd` and connects a client to it.
 * With `stderr` given, the server's stderr is appended to it as it arrives.
 */
export async function connectStdio(
  cwd: string,
  env: Record<string, string>,
  args: string[] = [],
  stderr?: { text: string },
): Promise<Client> {
  const client = new Client({ name: "e2e-test", version: "1.0.0" });
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: ["run", "-A", "--quiet", "--cached-only", MAIN, "mcp", ...args],
    cwd,
    env: { NO_COLOR: "1", ...env },
    stderr: stderr ? "pipe" : "ignore",
  });
  transport.stderr?.on("data", (chunk: Uint8Array) => {
    if (stderr) stderr.text += new TextDecoder().decode(chunk);
  });
  await client.connect(transport);
  return client;
}

/** Connects a client to `<base>/mcp` with a bearer token. */
export async function connectHttp(base: string, token: string): Promise<Client> {
  const client = new Client({ name: "e2e-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** A tool result: whether it is an error, its text, and the parsed JSON (when it is JSON). */
export interface ToolOutcome {
  isError: boolean;
  text: string;
  // deno-lint-ignore no-explicit-any
  json: any;
}

/** Calls a tool and decodes its first text block. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolOutcome> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text?: string }[];
  const text = content.find((c) => c.type === "text")?.text ?? "";
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined; // error results are plain text
  }
  return { isError: result.isError === true, text, json };
}
