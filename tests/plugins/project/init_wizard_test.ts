/**
 * The init wizard on scripted answers: it asks only what no flag set, turns
 * answers into a setup, and leaves unchanged answers out of it.
 */
import assert from "node:assert/strict";
import { runInitWizard, type WizardFacts } from "../../../plugins/project/init_wizard.ts";
import type { Prompter, Question } from "../../../core/cli/prompt.ts";
import { defaultConfig } from "../../../core/config/schema.ts";

/** A prompter answering from a list and recording the questions. */
function scripted(answers: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    ask<T>(question: Question<T>): Promise<T> {
      asked.push(question.message);
      const answer = answers.shift() ?? "";
      return Promise.resolve(question.parse(answer === "" ? question.defaultAnswer : answer));
    },
  };
}

const facts: WizardFacts = {
  gitRepository: true,
  detectedTemplate: "deno",
  agentNames: ["reviewer-agent", "security-agent", "test-executor-agent"],
  config: defaultConfig(),
};

Deno.test("all defaults: the detected template and hooks, nothing else pinned", async () => {
  const ask = scripted([]);
  const setup = await runInitWizard(ask, {}, facts);
  assert.deepEqual(setup, { template: "deno", hooks: true });
  assert.equal(ask.asked.length, 8); // template, hooks, agents, 2 ports, 3 model tiers
});

Deno.test("answers become the setup: agents, ports and one model id", async () => {
  const answers = ["python", "no", "security-agent", "6001", "6100", "", "", "my-haiku"];
  const setup = await runInitWizard(scripted(answers), {}, facts);
  assert.deepEqual(setup, {
    template: "python",
    hooks: false,
    agents: ["security-agent"],
    portMin: 6001,
    portMax: 6100,
    models: { haiku: "my-haiku" },
  });
});

Deno.test("flags answer their questions: only the open ones are asked", async () => {
  const ask = scripted(["", ""]);
  const setup = await runInitWizard(ask, {
    template: "node",
    hooks: false,
    agents: ["reviewer-agent"],
    portMin: 7000,
    portMax: 7100,
    models: { opus: "o", sonnet: "s" },
  }, facts);
  assert.deepEqual(ask.asked, ["Model id for the haiku tier"]);
  assert.equal(setup.models?.haiku, undefined);
});

Deno.test("invalid answers are refused: unknown agent, hooks outside git, reversed ports", async () => {
  await assert.rejects(
    () => runInitWizard(scripted(["none", "no", "reviewr-agent"]), {}, facts),
    /unknown agent "reviewr-agent"/,
  );
  await assert.rejects(
    () => runInitWizard(scripted(["none", "yes"]), {}, { ...facts, gitRepository: false }),
    /not in a git repository/,
  );
  await assert.rejects(
    () => runInitWizard(scripted(["none", "no", "all", "6001", "6000"]), {}, facts),
    /at least 6001/,
  );
});
