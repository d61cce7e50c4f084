/**
 * The post-commit enqueue and the model key: without a key the model agents
 * are left out (they could only dead-letter) with exactly one
 * `hooks.skipped` event naming them and the fix, and the local checks are
 * still queued; with a key all are queued and nothing is skipped. The key
 * counts as available from the environment or from `secrets set`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";
import { closeEventLogs } from "../../../core/events/emit.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openQueue } from "../../../core/queue/queue.ts";
import { setSecret } from "../../../core/secrets/secret_store.ts";
import { MODEL_KEY_HINT, modelKeyAvailable } from "../../../plugins/git_hooks/model_key.ts";
import { enqueueForChange } from "../../../plugins/git_hooks/post_commit.ts";
import { createGitRepo } from "../../support/git_repo.ts";

const MODEL = ["security-agent", "test-executor-agent"];
const LOCAL = ["contract-guardian-check", "filesystem-guardian-check", "secret-scan"];

async function committedProject() {
  const repo = await createGitRepo();
  for (const dir of ["state", "events"]) {
    await Deno.mkdir(join(repo.dir, ".claude", dir), { recursive: true });
  }
  await repo.commit("init", { "README.md": "# app\n" });
  await repo.commit("add app", { "src/app.ts": "export const app = 1;\n" });
  return { repo, paths: projectPaths(repo.dir) };
}

// deno-lint-ignore no-explicit-any
async function events(root: string): Promise<any[]> {
  await closeEventLogs();
  const log = await Deno.readTextFile(join(root, ".claude", "events", "log.ndjson"));
  return log.trim().split("\n").map((line) => JSON.parse(line));
}

async function queuedAgents(paths: ReturnType<typeof projectPaths>): Promise<string[]> {
  const queue = await openQueue(paths, defaultConfig());
  try {
    return (await queue.list({})).map((job) => job.agent).sort();
  } finally {
    await queue.close();
  }
}

Deno.test("post-commit without a model key queues the local checks and records one skip", async () => {
  const { repo, paths } = await committedProject();
  try {
    const outcome = await enqueueForChange(paths, defaultConfig(), repo.dir, "post-commit", {
      modelKeyAvailable: false,
      modelKeyHint: MODEL_KEY_HINT,
    });
    assert.deepEqual(outcome.agents, LOCAL);
    assert.deepEqual(outcome.skipped?.agents, MODEL);
    assert.deepEqual(await queuedAgents(paths), LOCAL);
    const log = await events(repo.dir);
    const skipped = log.filter((e) => e.type === "hooks.skipped");
    assert.equal(skipped.length, 1);
    assert.deepEqual(skipped[0].payload.agents, MODEL);
    assert.equal(skipped[0].payload.hook, "post-commit");
    assert.match(skipped[0].payload.hint, /super-agents secrets set ANTHROPIC_API_KEY/);
    const hook = log.find((e) => e.type === "git.post-commit");
    assert.equal(skipped[0].parent, hook.id);
    assert.equal(log.filter((e) => e.type === "task.created").length, LOCAL.length);
  } finally {
    await repo.cleanup();
  }
});

Deno.test("post-commit with a model key queues every agent and skips nothing", async () => {
  const { repo, paths } = await committedProject();
  try {
    const outcome = await enqueueForChange(paths, defaultConfig(), repo.dir, "post-commit", {
      modelKeyAvailable: true,
      modelKeyHint: MODEL_KEY_HINT,
    });
    assert.equal(outcome.skipped, undefined);
    assert.deepEqual(await queuedAgents(paths), [...LOCAL, ...MODEL].sort());
    assert.ok(!(await events(repo.dir)).some((e) => e.type === "hooks.skipped"));
  } finally {
    await repo.cleanup();
  }
});

Deno.test("the model key counts from the environment or from `secrets set`, never guessed", async () => {
  const home = await Deno.makeTempDir({ prefix: "sa-model-key-" });
  try {
    const env: Record<string, string> = { SUPER_AGENTS_SECRETS_BACKEND: "file" };
    const ctx = createContext({ home, dataHome: join(home, ".super-agents"), env: (n) => env[n] });
    assert.equal(await modelKeyAvailable(ctx), false);
    assert.equal(await modelKeyAvailable({ ...ctx, env: () => "sk-from-env" }), true);
    await setSecret(ctx, "OTHER_KEY", "x");
    assert.equal(await modelKeyAvailable(ctx), false, "another secret is not the key");
    await setSecret(ctx, "ANTHROPIC_API_KEY", "sk-stored");
    assert.equal(await modelKeyAvailable(ctx), true);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
