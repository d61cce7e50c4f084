/**
 * The `ci` plugin's manifest: `ci init github|gitlab|jenkins|azure`
 * (`ci_command.ts`) writes a pipeline that installs Deno, runs the change
 * check with SARIF/JUnit reports, and shards the test runner across
 * parallel jobs. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "ci",
  version: "1.0.0",
  kind: "integration",
  summary: "CI pipelines for GitHub Actions, GitLab CI, Jenkins and Azure Pipelines",
  permissions: { read: true, write: true },
  commands: [{
    name: "ci",
    summary: "generate CI pipelines (GitHub Actions, GitLab, Jenkins, Azure)",
    module: new URL("./ci_command.ts", import.meta.url),
  }],
});
