/**
 * External packages used by the agent layer, at pinned versions. Imported
 * lazily by the modules that parse agent files, so commands that never read
 * an agent definition do not pay for them.
 * @module
 */

export { parseDocument as parseYamlDocument } from "npm:yaml@2.9.1";
