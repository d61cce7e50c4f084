/**
 * The trust rule. An agent may run when its effective permissions stay
 * within (a) the built-in definition of the same name — the template
 * `init` writes, or a plugin's agent — or (b) the grants the user trusted
 * for it. Shipped and plugin agents are built-in themselves. Anything else
 * is untrusted: a project file that widened its grants
 * (`untrusted-widened`), or one that never had any trusted (`new`).
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { AgentDefinition } from "../definition.ts";
import {
  type EffectivePermissions,
  effectivePermissions,
  NO_PERMISSIONS,
} from "./effective_permissions.ts";
import { type GrantDiff, grantDiff } from "./grant_diff.ts";
import type { TrustRecord } from "./trust_store.ts";

/** How far an agent is trusted. */
export type TrustState = "builtin" | "trusted" | "untrusted-widened" | "new";

/** The verdict on one agent. */
export interface TrustAssessment extends GrantDiff {
  agent: string;
  /** The file the definition came from. */
  file: string;
  state: TrustState;
  runnable: boolean;
  /** What the grants were compared with. */
  against: "builtin" | "trusted" | "nothing";
  permissions: EffectivePermissions;
  baseline: EffectivePermissions;
  /** When the recorded grants were trusted, if there is a record. */
  trustedAt?: string;
}

/**
 * The verdict on `agent`, given the built-in definition of its name and its trust record.
 *
 * @example
 * ```ts
 * const verdict = assessTrust(agent, catalog.builtin(agent.name), store.agents[agent.name]);
 * verdict.state; // "untrusted-widened"
 * verdict.widened; // ["run: +sh"]
 * ```
 */
export function assessTrust(
  agent: AgentDefinition,
  builtin: AgentDefinition | undefined,
  record: TrustRecord | undefined,
): TrustAssessment {
  const permissions = effectivePermissions(agent);
  const verdict = (
    state: TrustState,
    against: TrustAssessment["against"],
    baseline: EffectivePermissions,
  ): TrustAssessment => ({
    agent: agent.name,
    file: agent.source.file,
    state,
    runnable: state === "builtin" || state === "trusted",
    against,
    permissions,
    baseline,
    ...grantDiff(permissions, baseline),
    ...(record ? { trustedAt: record.trustedAt } : {}),
  });
  if (agent.source.kind !== "project") return verdict("builtin", "builtin", permissions);
  const template = builtin ? effectivePermissions(builtin) : undefined;
  if (template && grantDiff(permissions, template).widened.length === 0) {
    return verdict("builtin", "builtin", template);
  }
  if (record) {
    const trusted = verdict("trusted", "trusted", record.permissions);
    if (trusted.widened.length === 0) return trusted;
    return { ...trusted, state: "untrusted-widened", runnable: false };
  }
  if (template) return verdict("untrusted-widened", "builtin", template);
  return verdict("new", "nothing", NO_PERMISSIONS);
}

/**
 * The error that stops an untrusted agent: which grants widened, and the fix.
 *
 * @example
 * ```ts
 * if (!verdict.runnable) throw untrustedError(verdict);
 * ```
 */
export function untrustedError(verdict: TrustAssessment): SuperAgentsError {
  const { agent, file, widened } = verdict;
  const what = verdict.state === "new"
    ? `${file} is a new agent whose grants were never trusted`
    : `${file} grants more than ${
      verdict.against === "builtin" ? "the built-in template" : "the grants you trusted"
    }`;
  return new SuperAgentsError(
    "AGENT_UNTRUSTED",
    `${agent} is untrusted: ${what} (${widened.join(", ")})`,
    {
      hint: `review the grants with \`super-agents agents permissions ${agent}\`, then run ` +
        `\`super-agents agents trust ${agent}\``,
      details: { agent, file, state: verdict.state, widened },
    },
  );
}
