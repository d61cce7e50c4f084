/**
 * The `completions` plugin's manifest: shell completion scripts (bash, zsh,
 * fish) generated from the command table. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "completions",
  version: "1.0.0",
  kind: "integration",
  summary: "shell completion scripts for bash, zsh and fish",
  commands: [{
    name: "completions",
    summary: "print a shell completion script (bash, zsh, fish)",
    module: new URL("./commands/completions.ts", import.meta.url),
  }],
});
