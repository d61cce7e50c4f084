/**
 * The `script` executor: runs a declared list of operations (read, write,
 * append, fetch, spawn, env, sleep, progress, checkpoint, fail). It exists so
 * tests can exercise every permission of the sandbox and every failure path
 * of the pool with a real worker, without a model. A `checkpoint` operation
 * saves how far the script got; an attempt that receives that checkpoint
 * (the job resumed after its worker died) starts at the next operation. Relative paths resolve against the job's
 * workspace (or the project root when it has none); `{job}`, `{attempt}`,
 * `{workspace}`, `{root}` and `{nonce}` (a fresh
 * random id, to tell runs apart) in strings are replaced.
 * @module
 */

import { isAbsolute, resolve } from "node:path";
import { z } from "../../../core/deps.ts";
import { type Executor, type ExecutorContext, PermanentJobError } from "../executor.ts";

const OperationSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("read"), path: z.string() }),
  z.object({ op: z.literal("write"), path: z.string(), text: z.string().default("") }),
  z.object({ op: z.literal("append"), path: z.string(), text: z.string() }),
  z.object({ op: z.literal("fetch"), url: z.string() }),
  z.object({ op: z.literal("spawn"), command: z.string(), args: z.array(z.string()).default([]) }),
  z.object({ op: z.literal("env"), name: z.string() }),
  z.object({ op: z.literal("sleep"), ms: z.number().int().min(0).max(3_600_000) }),
  z.object({ op: z.literal("progress"), percent: z.number().min(0).max(100) }),
  z.object({ op: z.literal("checkpoint") }),
  z.object({ op: z.literal("fail"), message: z.string(), retryable: z.boolean().default(true) }),
]);

/** What a `checkpoint` operation saves: the index of the next operation to run. */
export const ScriptCheckpointSchema = z.object({ next: z.number().int().min(0) });

/** Where this attempt starts: after the last checkpoint, or at the beginning. */
function firstOperation(ctx: ExecutorContext): number {
  const saved = ScriptCheckpointSchema.safeParse(ctx.job.checkpoint);
  return saved.success ? saved.data.next : 0;
}

/** The input of a `script` job. */
export const ScriptInputSchema = z.object({ ops: z.array(OperationSchema).max(1000) });
/** A script as callers write it. */
export type ScriptInput = z.input<typeof ScriptInputSchema>;

function expand(text: string, ctx: ExecutorContext): string {
  return text.replaceAll("{job}", ctx.job.id)
    .replaceAll("{nonce}", () => crypto.randomUUID())
    .replaceAll("{attempt}", String(ctx.job.attempt))
    .replaceAll("{workspace}", ctx.workspace ?? "")
    .replaceAll("{root}", ctx.root);
}

function pathOf(path: string, ctx: ExecutorContext): string {
  const expanded = expand(path, ctx);
  return isAbsolute(expanded) ? expanded : resolve(ctx.workspace ?? ctx.root, expanded);
}

/** Runs the operations in order; returns one entry per operation. */
export const execute: Executor = async (ctx) => {
  const parsed = ScriptInputSchema.safeParse(ctx.job.input);
  if (!parsed.success) {
    throw new PermanentJobError(`invalid script input: ${parsed.error.issues[0].message}`);
  }
  const results: unknown[] = [];
  const ops = parsed.data.ops;
  const start = firstOperation(ctx);
  for (let index = start; index < ops.length; index++) {
    const operation = ops[index];
    switch (operation.op) {
      case "read":
        results.push({
          op: "read",
          bytes: (await Deno.readFile(pathOf(operation.path, ctx))).length,
        });
        break;
      case "write": {
        const path = pathOf(operation.path, ctx);
        await Deno.writeTextFile(path, expand(operation.text, ctx));
        results.push({ op: "write", path });
        break;
      }
      case "append": {
        const path = pathOf(operation.path, ctx);
        await Deno.writeTextFile(path, expand(operation.text, ctx), { append: true });
        results.push({ op: "append", path });
        break;
      }
      case "fetch": {
        const response = await fetch(expand(operation.url, ctx));
        await response.body?.cancel();
        results.push({ op: "fetch", status: response.status });
        break;
      }
      case "spawn": {
        const output = await new Deno.Command(operation.command, {
          args: operation.args,
          stdout: "null",
          stderr: "null",
        }).output();
        results.push({ op: "spawn", code: output.code });
        break;
      }
      case "env":
        results.push({ op: "env", set: Deno.env.get(operation.name) !== undefined });
        break;
      case "sleep":
        await new Promise((done) => setTimeout(done, operation.ms));
        results.push({ op: "sleep" });
        break;
      case "progress":
        ctx.progress({ percent: operation.percent });
        results.push({ op: "progress" });
        break;
      case "checkpoint":
        ctx.checkpoint({ next: index + 1 });
        results.push({ op: "checkpoint" });
        break;
      case "fail":
        if (!operation.retryable) throw new PermanentJobError(operation.message, "SCRIPT_FAILED");
        throw new Error(operation.message);
    }
  }
  return start > 0 ? { resumedAt: start, results } : { results };
};
