/**
 * The questions of `init --interactive`: project template, git hooks,
 * agents, KM port range and model ids. A question is asked only when its
 * flag was not given, and an answer equal to the current value changes
 * nothing, so the wizard never pins a default into the config file.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import { type InitSetup, requireAgentNames } from "./init_setup.ts";
import { projectTemplate, templateNames } from "./project_template.ts";
import { TIERS } from "../../core/router/models_config.ts";
import { parseList, parsePort, parseYesNo, type Prompter } from "../../core/cli/prompt.ts";

/** What the wizard knows about the project before asking. */
export interface WizardFacts {
  /** Whether the project is inside a git repository (hooks need one). */
  gitRepository: boolean;
  /** The template detected from the project's files. */
  detectedTemplate?: string;
  /** The shipped agent names. */
  agentNames: string[];
  /** The configuration as it resolves now (defaults for the answers). */
  config: Config;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/**
 * Asks for every part of `given` that is still open and returns the completed setup.
 *
 * @example
 * ```ts
 * const setup = await runInitWizard(prompter(lineReader(stdin), ctx.stderr, { echo: true }),
 *   { hooks: false }, facts);
 * ```
 */
export async function runInitWizard(
  ask: Prompter,
  given: InitSetup,
  facts: WizardFacts,
): Promise<InitSetup> {
  const setup: InitSetup = { ...given };
  if (setup.template === undefined) {
    const choice = await ask.ask({
      message: `Project template (${templateNames().join(", ")} or none)`,
      defaultAnswer: facts.detectedTemplate ?? "none",
      parse: (answer) => (answer === "none" ? "" : projectTemplate(answer).name),
    });
    if (choice) setup.template = choice;
  }
  if (setup.hooks === undefined) {
    setup.hooks = await ask.ask({
      message: "Install the git hooks (pre-commit gate, agents queued after commits)?",
      defaultAnswer: facts.gitRepository ? "yes" : "no",
      parse: (answer) => {
        const yes = parseYesNo(answer);
        if (yes && !facts.gitRepository) {
          throw new Error(
            "this directory is not in a git repository: run `git init` first, or answer no",
          );
        }
        return yes;
      },
    });
  }
  if (setup.agents === undefined) {
    const disabled = facts.config.hooks.disabledAgents;
    const current = facts.agentNames.filter((name) => !disabled.includes(name));
    const agents = await ask.ask({
      message: 'Agents to run automatically (comma list, or "all")',
      defaultAnswer: sameSet(current, facts.agentNames) ? "all" : current.join(","),
      parse: (answer) =>
        answer === "all"
          ? facts.agentNames
          : requireAgentNames(parseList(answer), facts.agentNames),
    });
    if (!sameSet(agents, current)) setup.agents = agents;
  }
  if (setup.portMin === undefined) {
    const portMin = await ask.ask({
      message: "Lowest KM port",
      defaultAnswer: String(
        setup.portMax !== undefined
          ? Math.min(facts.config.km.portMin, setup.portMax)
          : facts.config.km.portMin,
      ),
      parse: parsePort,
    });
    if (portMin !== facts.config.km.portMin) setup.portMin = portMin;
  }
  if (setup.portMax === undefined) {
    const low = setup.portMin ?? facts.config.km.portMin;
    const portMax = await ask.ask({
      message: "Highest KM port",
      defaultAnswer: String(Math.max(facts.config.km.portMax, low)),
      parse: (answer) => {
        const port = parsePort(answer);
        if (port < low) throw new Error(`give a port of at least ${low} (the lowest port)`);
        return port;
      },
    });
    if (portMax !== facts.config.km.portMax) setup.portMax = portMax;
  }
  for (const tier of TIERS) {
    if (setup.models?.[tier] !== undefined) continue;
    const id = await ask.ask({
      message: `Model id for the ${tier} tier`,
      defaultAnswer: facts.config.models[tier],
      parse: (answer) => {
        if (!/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/.test(answer)) {
          throw new Error(
            `"${answer}" does not look like a model id (e.g. ${facts.config.models[tier]})`,
          );
        }
        return answer;
      },
    });
    if (id !== facts.config.models[tier]) setup.models = { ...setup.models, [tier]: id };
  }
  return setup;
}
