/**
 * The shipped agent definitions, embedded as text so a compiled binary or a
 * remote run needs no source checkout. Each file is a Claude Code subagent
 * (`init` copies them to `.claude/agents/`) with our extension fields.
 * @module
 */

import architectAgent from "./architect-agent.md" with { type: "text" };
import contractGuardianAgent from "./contract-guardian-agent.md" with { type: "text" };
import dependencyAgent from "./dependency-agent.md" with { type: "text" };
import developerAgent from "./developer-agent.md" with { type: "text" };
import documentationAgent from "./documentation-agent.md" with { type: "text" };
import filesystemGuardianAgent from "./filesystem-guardian-agent.md" with { type: "text" };
import incidentResponseAgent from "./incident-response-agent.md" with { type: "text" };
import integratorAgent from "./integrator-agent.md" with { type: "text" };
import performanceOptimizerAgent from "./performance-optimizer-agent.md" with { type: "text" };
import pmAgent from "./pm-agent.md" with { type: "text" };
import reviewerAgent from "./reviewer-agent.md" with { type: "text" };
import securityAgent from "./security-agent.md" with { type: "text" };
import testExecutorAgent from "./test-executor-agent.md" with { type: "text" };

/** File name (e.g. `architect-agent.md`) → file content. */
export const agentTemplates: Record<string, string> = {
  "architect-agent.md": architectAgent,
  "contract-guardian-agent.md": contractGuardianAgent,
  "dependency-agent.md": dependencyAgent,
  "developer-agent.md": developerAgent,
  "documentation-agent.md": documentationAgent,
  "filesystem-guardian-agent.md": filesystemGuardianAgent,
  "incident-response-agent.md": incidentResponseAgent,
  "integrator-agent.md": integratorAgent,
  "performance-optimizer-agent.md": performanceOptimizerAgent,
  "pm-agent.md": pmAgent,
  "reviewer-agent.md": reviewerAgent,
  "security-agent.md": securityAgent,
  "test-executor-agent.md": testExecutorAgent,
};
