/**
 * `deno task bench mcp`: tools/call round trips (p50, p99) of our MCP server
 * over STDIO and over Streamable HTTP, each next to a minimal SDK server with
 * one no-op tool measured in the same run. Every server is its own process
 * (this script in a server mode); the SDK client runs here. Calls alternate
 * between ours and the reference one by one, so load from elsewhere on the
 * machine hits both alike. Goal: ours ≤ 1.2× the minimal server.
 *
 * Usage: deno run -A scripts/bench/mcp.ts [--calls 2000]
 * @module
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "../../core/deps.ts";
import { McpServer, WebStandardStreamableHTTPServerTransport } from "../../plugins/mcp/deps.ts";
import { StdioServerTransport } from "../../plugins/mcp/stdio_deps.ts";
import {
  Client,
  StdioClientTransport,
  StreamableHTTPClientTransport,
} from "../../plugins/mcp/client_deps.ts";

const SELF = new URL(import.meta.url).pathname;
const MAIN = new URL("../../main.ts", import.meta.url).pathname;

function minimalServer(): McpServer {
  const server = new McpServer({ name: "minimal", version: "1.0.0" });
  server.registerTool("noop", { inputSchema: { q: z.string() } }, () => ({
    content: [{ type: "text", text: "ok" }],
  }));
  return server;
}

/** Server modes: this script re-run as a child process. */
async function serve(mode: string, root?: string): Promise<void> {
  if (mode === "minimal-stdio") {
    await minimalServer().connect(new StdioServerTransport());
    return;
  }
  let handler: (req: Request) => Promise<Response>;
  if (mode === "minimal-http") {
    const sessions = new Map<string, WebStandardStreamableHTTPServerTransport>();
    handler = async (req) => {
      const id = req.headers.get("mcp-session-id");
      const existing = id ? sessions.get(id) : undefined;
      if (existing) return existing.handleRequest(req);
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => crypto.randomUUID(),
        onsessioninitialized: (sid) => void sessions.set(sid, transport),
      });
      await minimalServer().connect(transport);
      return transport.handleRequest(req);
    };
  } else {
    const { defaultConfig } = await import("../../core/config/schema.ts");
    const { projectPaths } = await import("../../core/paths.ts");
    const { KnowledgeStore, registryDbPath } = await import(
      "../../plugins/km/store/knowledge_store.ts"
    );
    const { createMcpHttpHandler } = await import("../../plugins/mcp/http_handler.ts");
    // As main.ts does: the agents' catalog reads the plugins' contributions through the host.
    (await import("../../plugins/builtin.ts")).installBuiltinPlugins();
    const paths = projectPaths(root!);
    handler = createMcpHttpHandler(paths, {
      config: defaultConfig(),
      hostname: "127.0.0.1",
      projectToken: "bench-token",
      store: await KnowledgeStore.open(registryDbPath(paths)),
    });
  }
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  console.log(server.addr.port);
}

interface Target {
  label: string;
  client: Client;
  tool: string;
  args: Record<string, unknown>;
  samples: number[];
}

async function stdioClient(command: string[], cwd: string, env: Record<string, string>) {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(
    new StdioClientTransport({ command: command[0], args: command.slice(1), cwd, env }),
  );
  return client;
}

async function httpServer(mode: string, root: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", SELF, "--serve", mode, "--root", root],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) text += (await reader.read()).value ?? "";
  reader.releaseLock();
  return { port: Number(text.trim()), child };
}

async function httpClient(port: number, token?: string) {
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
      requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : undefined,
    }),
  );
  return client;
}

async function measure(targets: Target[], calls: number): Promise<void> {
  for (const target of targets) {
    for (let i = 0; i < 50; i++) {
      await target.client.callTool({ name: target.tool, arguments: target.args });
    }
  }
  // One call of each target in turn: load from elsewhere on the machine
  // (other processes, GC, the CPU clock) falls on all targets alike.
  for (let i = 0; i < calls; i++) {
    for (const target of targets) {
      const started = performance.now();
      const result = await target.client.callTool({ name: target.tool, arguments: target.args });
      target.samples.push(performance.now() - started);
      if (result.isError) throw new Error(`${target.label}: ${JSON.stringify(result.content)}`);
    }
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(transport: string, ours: Target[], reference: Target): void {
  const ref50 = percentile(reference.samples, 50);
  const ref99 = percentile(reference.samples, 99);
  const line = (t: Target, ratio: boolean) =>
    `  ${t.label.padEnd(34)} p50 ${percentile(t.samples, 50).toFixed(3).padStart(7)} ms` +
    `  p99 ${percentile(t.samples, 99).toFixed(3).padStart(7)} ms` +
    (ratio
      ? `  (${(percentile(t.samples, 50) / ref50).toFixed(2)}x p50, ${
        (percentile(t.samples, 99) / ref99).toFixed(2)
      }x p99)`
      : "  (reference)");
  console.log(`${transport} (${reference.samples.length} calls each):`);
  console.log(line(reference, false));
  for (const target of ours) console.log(line(target, true));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      serve: { type: "string" },
      root: { type: "string" },
      calls: { type: "string", default: "2000" },
    },
  });
  if (values.serve) return await serve(values.serve, values.root);
  const calls = Number(values.calls);
  const base = await Deno.makeTempDir({ prefix: "bench-mcp-" });
  const root = join(base, "project");
  await Deno.mkdir(join(root, ".claude", "registry"), { recursive: true });
  const env = {
    HOME: join(base, "home"),
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
    NO_COLOR: "1",
  };
  const children: Deno.ChildProcess[] = [];
  const clients: Client[] = [];
  try {
    const ourStdio = await stdioClient(
      [Deno.execPath(), "run", "-A", "--quiet", "--cached-only", MAIN, "mcp"],
      root,
      env,
    );
    const refStdio = await stdioClient(
      [Deno.execPath(), "run", "-A", "--quiet", SELF, "--serve", "minimal-stdio"],
      root,
      env,
    );
    clients.push(ourStdio, refStdio);
    await ourStdio.callTool({
      name: "knowledge_save",
      arguments: { title: "bench", content: "benchmark knowledge item" },
    });
    const stdio = [
      target("ours knowledge_query", ourStdio, "knowledge_query", { q: "benchmark" }),
      target("ours agent_list", ourStdio, "agent_list", {}),
    ];
    const stdioRef = target("minimal SDK server noop", refStdio, "noop", { q: "benchmark" });
    await measure([stdioRef, ...stdio], calls);
    report("STDIO", stdio, stdioRef);

    const ours = await httpServer("ours-http", root);
    const ref = await httpServer("minimal-http", root);
    children.push(ours.child, ref.child);
    const ourHttp = await httpClient(ours.port, "bench-token");
    const refHttp = await httpClient(ref.port);
    clients.push(ourHttp, refHttp);
    const http = [
      target("ours knowledge_query (+ bearer auth)", ourHttp, "knowledge_query", {
        q: "benchmark",
      }),
      target("ours agent_list (+ bearer auth)", ourHttp, "agent_list", {}),
    ];
    const httpRef = target("minimal SDK server noop", refHttp, "noop", { q: "benchmark" });
    await measure([httpRef, ...http], calls);
    report("Streamable HTTP (SSE responses)", http, httpRef);
  } finally {
    for (const client of clients) await client.close();
    for (const child of children) {
      child.kill("SIGTERM");
      await child.status;
    }
    await Deno.remove(base, { recursive: true });
  }
}

function target(
  label: string,
  client: Client,
  tool: string,
  args: Record<string, unknown>,
): Target {
  return { label, client, tool, args, samples: [] };
}

await main();
