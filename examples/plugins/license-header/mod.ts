/**
 * The `license-header` plugin: `super-agents license-header` checks that
 * the project's source files start with the project's license header and
 * prints the ones that do not. Its code only reads the project, so that is
 * all it asks for. An example of a third-party plugin: super-agents reads
 * this manifest in a sandboxed worker at `plugins add` and runs the command
 * in a worker that may read the project and nothing else.
 * @module
 */

import { definePlugin } from "../../../plugin.ts";

export default definePlugin({
  name: "license-header",
  version: "1.0.0",
  kind: "integration",
  summary: "checks that source files start with the project's license header",
  permissions: { read: ["."] },
  commands: [{
    name: "license-header",
    summary: "list the source files that do not start with the license header",
    module: new URL("./license_header_command.ts", import.meta.url),
  }],
});
