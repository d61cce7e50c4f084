/**
 * Test support for the queue's end-to-end tests: a sandbox project with
 * `.claude/`, and helpers that run the CLI with `--json` and parse it.
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";

/** A sandbox whose project has the `.claude/` directories the queue uses. */
export async function queueSandbox(config: Record<string, unknown> = {}): Promise<Sandbox> {
  const sandbox = await createSandbox();
  for (const dir of ["state", "events", "workspaces"]) {
    await Deno.mkdir(join(sandbox.project, ".claude", dir), { recursive: true });
  }
  await Deno.writeTextFile(join(sandbox.project, ".claude", "config.json"), JSON.stringify(config));
  return sandbox;
}

/** Runs the CLI with `--json`, asserts success and returns the parsed output. */
// deno-lint-ignore no-explicit-any
export async function json(sandbox: Sandbox, args: string[]): Promise<any> {
  const result = await sandbox.run([...args, "--json"]);
  assert.equal(result.code, 0, `${args.join(" ")} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Queues a task for `agent`; its job id (the command must succeed). */
export async function createTask(sandbox: Sandbox, agent: string, input: string): Promise<string> {
  return (await json(sandbox, ["task", "create", agent, "--input", input])).jobs[0].id;
}

/** A `script` job's input. */
export function script(...ops: unknown[]): string {
  return JSON.stringify({ ops });
}

/** The sorted file names in `dir` (none when it does not exist yet). */
export async function filesIn(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

/** Polls `check` every 50 ms until it is true; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * After a worker was killed holding job `id`: checks the job is still
 * leased, waits for its lease to expire, runs `worker --once` (which must
 * complete exactly that job) and returns the job as stored then.
 */
// deno-lint-ignore no-explicit-any
export async function rescueAfterLeaseExpiry(sandbox: Sandbox, id: string): Promise<any> {
  const { job: leased } = await json(sandbox, ["task", "show", id]);
  assert.equal(leased.state, "leased");
  await waitFor(
    "the lease to expire",
    () => Promise.resolve(Date.now() > leased.leaseExpiresAt + 50),
  );
  const rescue = await json(sandbox, ["worker", "--once"]);
  assert.equal(rescue.succeeded, 1);
  return (await json(sandbox, ["task", "show", id])).job;
}
