/**
 * The trust gate of a catalog: the verdict on any of its agents, and the
 * check every run goes through (`super-agents run`, a queued job). An agent
 * within its built-in grants is decided without reading anything; for the
 * others the project's trust file is read afresh on every check, so a
 * long-running worker sees `agents trust` at once. Without a trust store
 * (outside a project) nothing is trusted beyond the built-in grants.
 * @module
 */

import type { AgentDefinition } from "../definition.ts";
import { assessTrust, type TrustAssessment, untrustedError } from "./assess_trust.ts";
import { readTrustStore, type TrustFile, type TrustStoreLocation } from "./trust_store.ts";

/** The verdicts of one catalog. */
export interface TrustGate {
  /** The project's trust file, when there is a project. */
  readonly store?: TrustStoreLocation;
  /** The verdict on each of `agents`, reading the trust file at most once. */
  assess(agents: AgentDefinition[]): Promise<TrustAssessment[]>;
  /** Throws `AGENT_UNTRUSTED` (with the widened grants and the fix) unless `agent` may run. */
  require(agent: AgentDefinition): Promise<void>;
}

/**
 * A gate over the built-in definitions `builtin` and the trust file `store`.
 *
 * @example
 * ```ts
 * const gate = trustGate((name) => builtins.get(name), store);
 * await gate.require(catalog.get("reviewer-agent")); // throws AGENT_UNTRUSTED when widened
 * ```
 */
export function trustGate(
  builtin: (name: string) => AgentDefinition | undefined,
  store: TrustStoreLocation | undefined,
): TrustGate {
  const read = async (): Promise<TrustFile["agents"]> =>
    store ? (await readTrustStore(store)).agents : {};
  const assess = async (agents: AgentDefinition[]): Promise<TrustAssessment[]> => {
    const first = agents.map((agent) => assessTrust(agent, builtin(agent.name), undefined));
    if (first.every((verdict) => verdict.state === "builtin")) return first;
    const records = await read();
    return agents.map((agent, i) =>
      first[i].state === "builtin"
        ? first[i]
        : assessTrust(agent, builtin(agent.name), records[agent.name])
    );
  };
  return {
    ...(store ? { store } : {}),
    assess,
    async require(agent) {
      const [verdict] = await assess([agent]);
      if (!verdict.runnable) throw untrustedError(verdict);
    },
  };
}
