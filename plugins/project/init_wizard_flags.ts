/**
 * The flags of `init` that answer the wizard's questions (so the wizard is
 * optional and scripts never block), their parsing into an
 * {@linkcode InitSetup}, and the facts the wizard starts from.
 * @module
 */

import { loadConfig } from "../../core/config/load.ts";
import type { Context } from "../../core/context.ts";
import { UsageError } from "../../core/errors.ts";
import { insideGitRepository } from "./git_hooks_cli.ts";
import { projectPaths } from "../../core/paths.ts";
import { type InitSetup, requireAgentNames, shippedAgentNames } from "./init_setup.ts";
import { detectTemplate, projectTemplate, templateNames } from "./project_template.ts";
import { TIERS } from "../../core/router/models_config.ts";
import {
  booleanFlag,
  type CommandArgs,
  type FlagSpec,
  stringFlag,
} from "../../core/cli/command.ts";
import type { WizardFacts } from "./init_wizard.ts";
import { parseList, parsePort } from "../../core/cli/prompt.ts";

/** The wizard's flags, merged into `init`'s own. */
export const initWizardFlags: Record<string, FlagSpec> = {
  interactive: {
    type: "boolean",
    short: "i",
    description: "ask for everything below that no flag sets (answers read line by line)",
  },
  template: {
    type: "string",
    description: `<${
      templateNames().join("|")
    }> project template (test command, forbidden paths, CI hints)`,
  },
  hooks: { type: "boolean", description: "install the git hooks (runs `hooks install`)" },
  "no-hooks": { type: "boolean", description: "do not install the git hooks (and do not ask)" },
  agents: {
    type: "string",
    description: "<a,b> agents run automatically; the others go to hooks.disabledAgents",
  },
  "port-min": { type: "string", description: "<port> lowest KM port (km.portMin)" },
  "port-max": { type: "string", description: "<port> highest KM port (km.portMax)" },
  ...Object.fromEntries(TIERS.map((tier) => [
    `model-${tier}`,
    { type: "string", description: `<id> model id of the ${tier} tier (models.${tier})` },
  ])),
};

function port(args: CommandArgs, flag: string): number | undefined {
  const raw = stringFlag(args, flag);
  if (raw === undefined) return undefined;
  try {
    return parsePort(raw);
  } catch (error) {
    throw new UsageError(`--${flag}: ${(error as Error).message}`, `e.g. --${flag} 6001`);
  }
}

/**
 * The setup the flags ask for, validated (unknown template or agent, bad port).
 *
 * @example
 * ```ts
 * setupFromFlags({ values: { "port-min": "6001", "no-hooks": true }, positionals: [] });
 * // { hooks: false, portMin: 6001 }
 * ```
 */
export function setupFromFlags(args: CommandArgs): InitSetup {
  const setup: InitSetup = {};
  const template = stringFlag(args, "template");
  if (template !== undefined) setup.template = projectTemplate(template).name;
  if (booleanFlag(args, "hooks") && booleanFlag(args, "no-hooks")) {
    throw new UsageError("--hooks and --no-hooks contradict each other", "give one of them");
  }
  if (booleanFlag(args, "hooks")) setup.hooks = true;
  if (booleanFlag(args, "no-hooks")) setup.hooks = false;
  const agents = stringFlag(args, "agents");
  if (agents !== undefined) setup.agents = requireAgentNames(parseList(agents));
  const portMin = port(args, "port-min");
  const portMax = port(args, "port-max");
  if (portMin !== undefined && portMax !== undefined && portMin > portMax) {
    throw new UsageError(
      `--port-min ${portMin} is above --port-max ${portMax}`,
      "give a non-empty range, e.g. --port-min 6001 --port-max 6100",
    );
  }
  if (portMin !== undefined) setup.portMin = portMin;
  if (portMax !== undefined) setup.portMax = portMax;
  for (const tier of TIERS) {
    const id = stringFlag(args, `model-${tier}`);
    if (id !== undefined) setup.models = { ...setup.models, [tier]: id };
  }
  return setup;
}

/** What the wizard knows about `root` before asking. */
export async function wizardFacts(ctx: Context, root: string): Promise<WizardFacts> {
  const { config } = await loadConfig(ctx, { projectConfigPath: projectPaths(root).config });
  return {
    gitRepository: await insideGitRepository(root),
    detectedTemplate: await detectTemplate(root),
    agentNames: shippedAgentNames(),
    config,
  };
}
