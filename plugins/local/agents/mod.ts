/**
 * The local plugin's agent definitions, embedded as text; the plugin's
 * manifest points its `agents` contribution here (`agentFiles`).
 * @module
 */

import contractGuardianCheck from "./contract-guardian-check.md" with { type: "text" };
import dependencyCheck from "./dependency-check.md" with { type: "text" };
import filesystemGuardianCheck from "./filesystem-guardian-check.md" with { type: "text" };
import secretScan from "./secret-scan.md" with { type: "text" };
import testExecutorCheck from "./test-executor-check.md" with { type: "text" };

/** File name → Markdown of each agent the local plugin contributes. */
export const localAgentFiles: Record<string, string> = {
  "contract-guardian-check.md": contractGuardianCheck,
  "dependency-check.md": dependencyCheck,
  "filesystem-guardian-check.md": filesystemGuardianCheck,
  "secret-scan.md": secretScan,
  "test-executor-check.md": testExecutorCheck,
};

/** The `agents` contribution's export (the plugin host reads `agentFiles`). */
export const agentFiles: Record<string, string> = localAgentFiles;
