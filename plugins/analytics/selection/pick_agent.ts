/**
 * Adaptive agent selection for `task create --auto "…"`: each agent is
 * scored on how well its description matches the task (the task's words
 * found in the description, weighted by how rare each word is among all the
 * descriptions) and on its recorded success on tasks of the same kind
 * (Laplace-smoothed, from the outcome history); the best is picked, and
 * the explanation says why ("description matches: review, commit; 18 of
 * 20 review tasks succeeded").
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import { SuperAgentsError } from "../../../core/errors.ts";
import { SUCCESS_SQL } from "../history/outcome_store.ts";
import { taskKind } from "../history/task_kind.ts";

/** An agent the picker may choose. */
export interface AgentCandidate {
  name: string;
  description: string;
}

/** One agent's score and why. */
export interface ScoredAgent {
  agent: string;
  score: number;
  textScore: number;
  matched: string[];
  history: { tasks: number; succeeded: number } | null;
  reason: string;
}

/** The pick and every candidate's score, best first. */
export interface AgentPick {
  agent: string;
  kind: string;
  ranked: ScoredAgent[];
  explanation: string;
}

const STOP = new Set(
  ("the a an and or of to in on for with from by at as is are be this that it its into use used " +
    "when should agent task tasks any all you your our we not can will one each new")
    .split(" "),
);

/** Lower-case word stems (a plural `s` dropped) of at least three letters, stop words left out. */
export function words(text: string): string[] {
  return [
    ...new Set(
      text.toLowerCase().split(/[^a-z0-9]+/)
        .filter((w) => w.length >= 3 && !STOP.has(w))
        .map((w) => (w.length > 4 && w.endsWith("s") ? w.slice(0, -1) : w)),
    ),
  ];
}

/** Text weight and history weight of the score. */
const TEXT_WEIGHT = 0.7;
const HISTORY_WEIGHT = 0.3;

/**
 * Picks the agent for `task` among `candidates`.
 *
 * @example
 * ```ts
 * pickAgent("review the last commit", [{ name: "reviewer-agent", description: "Reviews commits" }], db);
 * ```
 */
export function pickAgent(
  task: string,
  candidates: readonly AgentCandidate[],
  db?: DatabaseSync,
): AgentPick {
  const taskWords = words(task);
  if (taskWords.length === 0) {
    throw new SuperAgentsError("AUTO_PICK_EMPTY", "the task has no words to match agents on", {
      hint: 'describe the task, e.g. `task create --auto "review the last commit"`',
    });
  }
  if (candidates.length === 0) {
    throw new SuperAgentsError("AUTO_PICK_NO_AGENTS", "no agents to pick from", {
      hint: "`super-agents agents list` shows the agents",
    });
  }
  const kind = taskKind(task);
  const described = candidates.map((c) => ({
    ...c,
    words: new Set(words(`${c.name} ${c.description}`)),
  }));
  const idf = (word: string) => {
    const having = described.filter((c) => c.words.has(word)).length;
    return having === 0 ? 0 : Math.log(1 + described.length / having);
  };
  // The score of a description containing every task word, each as rare as a word can be.
  const maxText = taskWords.length * Math.log(1 + described.length);
  const history = db
    ? db.prepare(
      `SELECT count(*) AS n, coalesce(sum(${SUCCESS_SQL}), 0) AS ok FROM outcomes WHERE agent = ? AND kind = ?`,
    )
    : undefined;
  const ranked = described.map((c): ScoredAgent => {
    const matched = taskWords.filter((w) => c.words.has(w));
    const textScore = matched.reduce((sum, w) => sum + idf(w), 0) / maxText;
    const row = history?.get(c.name, kind) as { n: number; ok: number } | undefined;
    const past = row && row.n > 0 ? { tasks: row.n, succeeded: row.ok } : null;
    // No history: neutral 0.5, so an agent is neither helped nor hurt by being new.
    const historyScore = past ? (past.succeeded + 1) / (past.tasks + 2) : 0.5;
    const score = TEXT_WEIGHT * textScore + HISTORY_WEIGHT * historyScore;
    const reason = [
      matched.length ? `description matches: ${matched.join(", ")}` : "no description words match",
      past
        ? `${past.succeeded} of ${past.tasks} ${kind} tasks succeeded`
        : `no ${kind} tasks recorded`,
    ].join("; ");
    return { agent: c.name, score, textScore, matched, history: past, reason };
  }).sort((a, b) => b.score - a.score || a.agent.localeCompare(b.agent));
  const best = ranked[0];
  if (best.textScore === 0) {
    throw new SuperAgentsError(
      "AUTO_PICK_NO_MATCH",
      `no agent's description matches "${task.slice(0, 80)}"`,
      {
        hint:
          "name the agent: `super-agents task create <agent> --input …` (`agents list` shows them)",
      },
    );
  }
  const runnerUp = ranked[1];
  const explanation = [
    `picked ${best.agent} for this ${kind} task (score ${best.score.toFixed(2)}): ${best.reason}`,
    ...(runnerUp
      ? [`next: ${runnerUp.agent} (score ${runnerUp.score.toFixed(2)}): ${runnerUp.reason}`]
      : []),
  ].join("\n");
  return { agent: best.agent, kind, ranked, explanation };
}
