/**
 * Doctor check: an Anthropic API key is available — in the environment or
 * in the credential store. It reports where, never the key (not even masked).
 * @module
 */

import { listSecrets } from "../../core/secrets/secret_store.ts";
import { defineCheck } from "./check.ts";

const id = "api-key";
const NAME = "ANTHROPIC_API_KEY";

/** The check. */
export const check = defineCheck({
  id,
  title: "an Anthropic API key is available",
  async run(env) {
    if (env.ctx.env(NAME)) {
      return [{ check: id, severity: "ok", message: `${NAME} is set in the environment` }];
    }
    const stored = (await listSecrets(env.ctx)).find((secret) => secret.name === NAME);
    if (stored) {
      return [{
        check: id,
        severity: "ok",
        message: `${NAME} is in the credential store (${stored.backend})`,
      }];
    }
    return [{
      check: id,
      severity: "warning",
      message: `no ${NAME}: model agents cannot run (local agents and checks still work)`,
      fix: `super-agents secrets set ${NAME}   (or export ${NAME}=...)`,
    }];
  },
});
