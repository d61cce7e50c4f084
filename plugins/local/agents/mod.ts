/**
 * The local plugin's agent definitions, embedded as text; the plugin's
 * manifest points its `agents` contribution here (`agentFiles`).
 * @module
 */

import contractCheck from "./contract-check.md" with { type: "text" };
import dependencyCheck from "./dependency-check.md" with { type: "text" };
import fsGuard from "./fs-guard.md" with { type: "text" };
import secretScan from "./secret-scan.md" with { type: "text" };
import testRunner from "./test-runner.md" with { type: "text" };

/** File name → Markdown of each agent the local plugin contributes. */
export const localAgentFiles: Record<string, string> = {
  "contract-check.md": contractCheck,
  "dependency-check.md": dependencyCheck,
  "fs-guard.md": fsGuard,
  "secret-scan.md": secretScan,
  "test-runner.md": testRunner,
};

/** The `agents` contribution's export (the plugin host reads `agentFiles`). */
export const agentFiles: Record<string, string> = localAgentFiles;
