/**
 * An MCP client transport over a child process's stdin/stdout, spawned with
 * `Deno.Command`, or inside an agent's worker with the job's contained
 * command (the server runs in the agent's OS sandbox with only its grants).
 * The child gets exactly the environment it is given (`clearEnv`), never the
 * worker's, and messages are newline-delimited JSON-RPC validated with the
 * SDK's schema, as the MCP STDIO transport specifies.
 * @module
 */

import { JSONRPCMessageSchema } from "./client_deps.ts";
import type { JSONRPCMessage, Transport } from "./client_deps.ts";

/** How to start the server. */
export interface DenoStdioOptions {
  command: string;
  args: string[];
  /** The server's whole environment. */
  env: Record<string, string>;
  cwd?: string;
  /** Where the server's stderr goes (default: discarded). */
  stderr?: "inherit" | "null";
  /** How long `close` waits for the server to exit before killing it (default 2 s). */
  exitGraceMs?: number;
  /**
   * Builds the command (default: a plain `Deno.Command`). Inside an agent's
   * worker it is the job's `containedCommand`, so the server runs in the
   * agent's OS sandbox: a server command from `.mcp.json` — which a merged
   * branch can change — gets only the agent's grants.
   */
  spawn?: StdioSpawn;
}

/** How a STDIO server's process is made. */
export type StdioSpawn = (
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string; stderr: "inherit" | "null" },
) => Deno.Command;

const plainSpawn: StdioSpawn = (command, args, { env, cwd, stderr }) =>
  new Deno.Command(command, {
    args,
    env,
    clearEnv: true,
    ...(cwd ? { cwd } : {}),
    stdin: "piped",
    stdout: "piped",
    stderr,
  });

/**
 * A STDIO client transport on `Deno.Command`.
 *
 * @example
 * ```ts
 * const transport = new DenoStdioClientTransport({ command: "deno", args: ["run", "server.ts"], env: {} });
 * await client.connect(transport); // client: the SDK's Client
 * ```
 */
export class DenoStdioClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #options: DenoStdioOptions;
  #child?: Deno.ChildProcess;
  #writer?: WritableStreamDefaultWriter<Uint8Array>;
  #reading?: Promise<void>;
  #closed = false;

  constructor(options: DenoStdioOptions) {
    this.#options = options;
  }

  /** Spawns the server; throws `NotCapable` when the sandbox does not grant the command. */
  start(): Promise<void> {
    if (this.#child) throw new Error("DenoStdioClientTransport already started");
    const { command, args, env, cwd, stderr } = this.#options;
    const spawn = this.#options.spawn ?? plainSpawn;
    const child = spawn(command, args, {
      env,
      ...(cwd ? { cwd } : {}),
      stderr: stderr ?? "null",
    }).spawn();
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#reading = this.#read(child.stdout);
    child.status.then(() => this.#finish(), (error) => this.onerror?.(asError(error)));
    return Promise.resolve();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (!this.#writer || this.#closed) throw new Error("the MCP server is not running");
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  }

  /** Closes stdin, waits for the server to exit, then kills it if it lingers. */
  async close(): Promise<void> {
    const child = this.#child;
    if (!child || this.#closed) return;
    try {
      await this.#writer?.close();
    } catch {
      // the server already closed its end: nothing left to flush
    }
    const exited = await Promise.race([
      child.status.then(() => true),
      new Promise<false>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.#options.exitGraceMs ?? 2_000);
        child.status.finally(() => clearTimeout(timer));
      }),
    ]);
    if (!exited) {
      try {
        child.kill("SIGKILL");
      } catch (error) {
        // It exited between the timeout and the kill: that is what we wanted.
        if (!(error instanceof TypeError)) throw error;
      }
      await child.status;
    }
    await this.#reading;
    this.#finish();
  }

  async #read(stdout: ReadableStream<Uint8Array>): Promise<void> {
    let buffer = "";
    const decoder = new TextDecoder();
    try {
      for await (const chunk of stdout) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, "");
          buffer = buffer.slice(newline + 1);
          if (line.trim()) this.#deliver(line);
        }
      }
    } catch (error) {
      if (!this.#closed) this.onerror?.(asError(error));
    }
  }

  #deliver(line: string): void {
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line)) as JSONRPCMessage;
    } catch (error) {
      // A line that is not JSON-RPC (a stray log line on stdout) is reported, not fatal.
      this.onerror?.(new Error(`the MCP server wrote an invalid line: ${asError(error).message}`));
      return;
    }
    this.onmessage?.(message);
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose?.();
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
