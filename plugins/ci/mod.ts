/**
 * The `ci` plugin: `ci init github|gitlab|jenkins|azure` writes a pipeline
 * that installs Deno, runs the change check with SARIF/JUnit reports, and
 * shards the test runner across parallel jobs.
 * @module
 */

import { z } from "../../core/deps.ts";
import { definePlugin } from "../../core/plugin.ts";

export default definePlugin({
  name: "ci",
  kind: "integration",
  version: "1.0.0",
  summary: "CI pipelines for GitHub Actions, GitLab CI, Jenkins and Azure Pipelines",
  options: z.object({}),
  defaults: {},
  setup(ctx) {
    ctx.registerCommand({
      name: "ci",
      summary: "generate CI pipelines (GitHub Actions, GitLab, Jenkins, Azure)",
      load: () => import("./ci_command.ts"),
    });
  },
});
