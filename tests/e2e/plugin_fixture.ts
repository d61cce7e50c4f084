/**
 * What the third-party plugin tests start from: a sandbox whose project has
 * `.claude/state` and a granted file `src/ok.txt`, and a look at the copies
 * `plugins add` left in the data home.
 * @module
 */

import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";

/** A sandbox with `.claude/state` and `src/ok.txt` ("granted"), the file plugins may read. */
export async function pluginProject(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  await Deno.mkdir(join(sandbox.project, ".claude", "state"), { recursive: true });
  await Deno.mkdir(join(sandbox.project, "src"));
  await Deno.writeTextFile(join(sandbox.project, "src", "ok.txt"), "granted\n");
  return sandbox;
}

/** What is in the sandbox's data home's `plugin-code/` (copies, and any marker folder). */
export async function copiesIn(sandbox: Sandbox): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(join(sandbox.home, ".super-agents", "plugin-code"))) {
      found.push(entry.name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found.sort();
}
