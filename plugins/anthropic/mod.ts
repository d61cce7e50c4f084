/**
 * The `anthropic` provider plugin: Claude through the Messages API with a
 * real tool-use loop, streaming, extended thinking and prompt caching. Jobs
 * run in the agent's sandboxed worker (executor `anthropic`), so the
 * agent's Deno permissions bound every tool call the model makes.
 * @module
 */

import { z } from "../../core/deps.ts";
import { definePlugin } from "../../core/plugin.ts";
import { API_KEY_HINT, runAnthropic } from "./run.ts";

/** The plugin's options (none yet: models and retries live in `models.*`). */
export const AnthropicOptionsSchema = z.object({});

export default definePlugin({
  name: "anthropic",
  kind: "provider",
  version: "1.0.0",
  summary: "Claude via the Messages API: tool-use loop, streaming, thinking, prompt caching",
  options: AnthropicOptionsSchema,
  defaults: {},
  setup(ctx) {
    ctx.registerProvider({
      name: "anthropic",
      summary: "Messages API (@anthropic-ai/sdk), tools inside the agent's sandbox",
      requiresEnv: { name: "ANTHROPIC_API_KEY", hint: API_KEY_HINT },
      usesModel: true,
      executor: "anthropic",
      run: runAnthropic,
    });
  },
});
