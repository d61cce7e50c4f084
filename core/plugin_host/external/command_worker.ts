/**
 * The worker that runs one command of a third-party plugin, inside the
 * permissions the user accepted for it. It imports the command module and
 * either describes the command (help, flags, subcommands, as data) or runs
 * it with a small context: `stdout`/`stderr` writes go to the CLI as
 * messages, `env` reads this worker's (permission-checked) environment,
 * the rest is plain data from the CLI. It answers with the exit code, or
 * the error the command threw — a denied operation included. The SDK
 * (`plugin.ts`) is imported up front, so a plugin that imports it by this
 * checkout's URL needs no read access to the checkout.
 *
 * Protocol: `{ type: "describe", module, listings }` → `{ type: "described", command }`;
 * `{ type: "run", module, path, args, context, listings }` → `write`* then `done` or `failed`.
 * @module
 */

/// <reference lib="deno.worker" />

import "../../../plugin.ts";
import type { CommandArgs, CommandSpec } from "../../cli/command.ts";
import type { Context } from "../../context.ts";
import type { ListedEntry } from "./carve_out.ts";
import { installListings } from "./listing_shim.ts";
import { reportExits, serializeError } from "./worker_guard.ts";
import type { DescribedCommand, RunContextData } from "./worker_protocol.ts";

const post = (message: unknown) => self.postMessage(message);

reportExits((code, how) =>
  how === "exit"
    ? post({ type: "done", code: Math.min(Math.max(code, 0), 255) })
    : post({ type: "failed", error: { name: "Exit", message: "the plugin closed its worker" } })
);

function describe(spec: CommandSpec, depth = 0): DescribedCommand {
  const subcommands = spec.subcommands && depth < 4
    ? Object.fromEntries(
      Object.entries(spec.subcommands).map(([name, sub]) => [name, describe(sub, depth + 1)]),
    )
    : undefined;
  const described = {
    name: spec.name,
    summary: spec.summary,
    description: spec.description,
    flags: spec.flags,
    positionals: spec.positionals,
    examples: spec.examples,
    subcommands,
    runnable: typeof spec.run === "function",
  };
  return JSON.parse(JSON.stringify(described));
}

function context(data: RunContextData): Context {
  const output = (stream: "stdout" | "stderr", isTerminal: boolean) => ({
    write: (text: string) => post({ type: "write", stream, text: String(text) }),
    isTerminal,
  });
  return {
    cwd: data.cwd,
    home: data.home,
    dataHome: data.dataHome,
    env: (name: string) => Deno.env.get(name),
    now: () => Date.now(),
    stdout: output("stdout", data.stdoutIsTerminal),
    stderr: output("stderr", data.stderrIsTerminal),
    json: data.json,
    debug: data.debug,
    color: data.color,
  };
}

async function commandOf(module: string): Promise<CommandSpec> {
  const { command } = await import(module);
  if (!command || typeof command !== "object") {
    throw new TypeError(`${module} does not export \`command\` (defineCommand({ ... }))`);
  }
  return command as CommandSpec;
}

interface Request {
  type: "describe" | "run";
  module: string;
  path?: string[];
  args?: CommandArgs;
  context?: RunContextData;
  /** The listings the read carve took away (see `listing_shim.ts`). */
  listings?: Record<string, ListedEntry[]>;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const request = event.data;
  try {
    installListings(request.listings ?? {});
    let spec = await commandOf(String(request.module));
    if (request.type === "describe") return post({ type: "described", command: describe(spec) });
    for (const name of request.path ?? []) {
      const sub = spec.subcommands?.[name];
      if (!sub) throw new TypeError(`${spec.name} has no subcommand ${name}`);
      spec = sub;
    }
    if (typeof spec.run !== "function") throw new TypeError(`${spec.name} cannot run`);
    const code = await spec.run(context(request.context!), request.args!);
    post({
      type: "done",
      code: Number.isInteger(code) ? Math.min(Math.max(code as number, 0), 255) : 0,
    });
  } catch (error) {
    post({ type: "failed", error: serializeError(error) });
  }
};
