/**
 * An agent moved into a worktree: relative grants are taken inside the
 * worktree, a broad write grant shrinks to it, read-only stays read-only,
 * its root (where its tools and programs start) is the worktree, and a
 * prompt addition follows the agent's own prompt. A flow job's input that
 * claims a role but does not fit one is refused with the field.
 */
import assert from "node:assert/strict";
import { SuperAgentsError } from "../../../core/errors.ts";
import type { ResolvedAgent } from "../../../core/orchestration/runner.ts";
import { flowStepOf } from "../../../plugins/flows/flow_step.ts";
import { inWorktree } from "../../../plugins/flows/worktree_agent.ts";

const WT = "/p/.claude/worktrees/flow_1/dev-a";

function agent(write: boolean | string[], read: boolean | string[] = ["."]): ResolvedAgent {
  return {
    executor: "anthropic",
    version: "v1",
    sandbox: { read, write, run: ["git"], net: ["api.anthropic.com"], workspace: false },
    agentConfig: {
      template: { root: "/p", agent: { name: "developer-agent", prompt: "Be good." } },
    },
  };
}

Deno.test("worktree agent: grants are taken inside the worktree; the broad write grant shrinks to it", () => {
  const everything = inWorktree(agent(true), WT, { write: true });
  assert.deepEqual(everything.sandbox.write, [WT]);
  assert.deepEqual(everything.sandbox.read, [WT]);
  const scoped = inWorktree(agent(["src", "/tmp/cache"], ["."]), WT, { write: true });
  assert.deepEqual(scoped.sandbox.write, [`${WT}/src`, "/tmp/cache"]);
  assert.equal(inWorktree(agent(true), WT, { write: false }).sandbox.write, false);
  assert.equal(inWorktree(agent(false), WT, { write: true }).sandbox.write, false, "never widened");
  assert.equal(inWorktree(agent(true, true), WT, { write: true }).sandbox.read, true);
  assert.deepEqual(everything.sandbox.run, ["git"]);
  const config = everything.agentConfig as {
    template: { root: string; agent: { prompt: string } };
  };
  assert.equal(config.template.root, WT);
  assert.equal(config.template.agent.prompt, "Be good.");
  const told = inWorktree(agent(true), WT, { write: true, promptAddition: "## Parallel work" });
  const toldConfig = told.agentConfig as { template: { agent: { prompt: string } } };
  assert.equal(toldConfig.template.agent.prompt, "Be good.\n\n## Parallel work");
});

Deno.test("flow step: plain inputs are no step; a step that does not fit is refused with the field", () => {
  assert.equal(flowStepOf("review the last commit"), undefined);
  assert.equal(flowStepOf({ task: "x" }), undefined);
  assert.equal(flowStepOf(null), undefined);
  assert.deepEqual(flowStepOf({ stepInput: { flow: { role: "review" } } }), { role: "review" });
  const hostile = [
    [
      { role: "subtask", base: "HEAD", subtask: { id: "a", title: "a" } },
      /flow\.base: a full commit id/,
    ],
    [{ role: "plan", width: 0, reviewers: ["r"] }, /flow\.width/],
    [{ role: "root" }, /flow\.role/],
    [{ role: "review", extra: true }, /flow: Unrecognized key/],
  ] as const;
  for (const [flow, message] of hostile) {
    assert.throws(() => flowStepOf({ stepInput: { flow } }), (error: unknown) => {
      assert.ok(error instanceof SuperAgentsError);
      assert.equal(error.code, "FLOW_STEP_INVALID");
      assert.equal(error.details?.retryable, false);
      assert.match(error.message, message);
      return true;
    });
  }
});
