/**
 * The shipped agent definitions, embedded as text so a compiled binary or a
 * remote run needs no source checkout.
 * @module
 */

/** File name (e.g. `architect-agent.md`) → file content. */
export const agentTemplates: Record<string, string> = {};
