/**
 * `task create --auto "…"`: the agent for a free-text task, picked from
 * the catalog's descriptions and the outcome history, explained on stderr
 * (stdout stays the created task), and confirmed on a terminal unless
 * `--yes` (no terminal and no `--yes`: it goes ahead, having explained).
 * @module
 */

import { lineReader, parseYesNo, prompter } from "../../../core/cli/prompt.ts";
import type { Context } from "../../../core/context.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import type { ProjectPaths } from "../../../core/paths.ts";
import { loadAgentEnvironment } from "../../../agents/load_catalog.ts";
import { historyPath, openOutcomeStore } from "../history/outcome_store.ts";
import { type AgentPick, pickAgent } from "./pick_agent.ts";

/**
 * Picks, explains and (on a terminal) confirms the agent for `task`.
 *
 * @example
 * ```ts
 * const { agent } = await autoPick(ctx, paths, "review the last commit", { yes: false });
 * ```
 */
export async function autoPick(
  ctx: Context,
  paths: ProjectPaths,
  task: string,
  options: { yes: boolean },
): Promise<AgentPick> {
  const { catalog } = await loadAgentEnvironment(ctx);
  const store = openOutcomeStore(historyPath(paths));
  let pick: AgentPick;
  try {
    pick = pickAgent(
      task,
      catalog.agents.map((a) => ({ name: a.name, description: a.description })),
      store.db,
    );
  } finally {
    store.close();
  }
  ctx.stderr.write(`${pick.explanation}\n`);
  if (!options.yes && !ctx.json && Deno.stdin.isTerminal()) {
    const ask = prompter(lineReader(Deno.stdin.readable), ctx.stderr, { echo: false });
    const go = await ask.ask({
      message: `Create the task for ${pick.agent}?`,
      defaultAnswer: "yes",
      parse: parseYesNo,
    });
    if (!go) {
      throw new SuperAgentsError("AUTO_PICK_DECLINED", "not created", {
        hint: "name the agent yourself: `super-agents task create <agent> --input …`",
        exitCode: 1,
      });
    }
  }
  return pick;
}
