/**
 * Whether the model agents a hook would queue can run: they need
 * `ANTHROPIC_API_KEY`, from the environment or the per-user credential store
 * (`super-agents secrets set`). Only the store's index of names is read —
 * never a value — so a hook neither decrypts a secret nor audits a use.
 * @module
 */

import type { Context } from "../../core/context.ts";

/** The variable the model agents' provider needs. */
export const MODEL_KEY = "ANTHROPIC_API_KEY";

/** How to make the key available, for messages and events. */
export const MODEL_KEY_HINT =
  `run \`super-agents secrets set ${MODEL_KEY}\` (or export ${MODEL_KEY}=...), ` +
  "then commit again or queue the agents with `super-agents task create <agent>`";

/**
 * True when the key is in the environment or stored with `secrets set`.
 *
 * @example
 * ```ts
 * if (!(await modelKeyAvailable(ctx))) console.error(MODEL_KEY_HINT);
 * ```
 */
export async function modelKeyAvailable(ctx: Pick<Context, "env" | "dataHome">): Promise<boolean> {
  if (ctx.env(MODEL_KEY)) return true;
  const { listSecrets } = await import("../../core/secrets/secret_store.ts");
  return (await listSecrets(ctx)).some((secret) => secret.name === MODEL_KEY);
}
