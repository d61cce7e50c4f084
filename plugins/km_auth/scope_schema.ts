/**
 * The syntax of one KM scope, shared by the `auth` config section, stored
 * tokens and the OAuth `scope` parameter: a base scope or
 * `agents:run:<agent or group>`.
 * @module
 */

import { z } from "../../core/deps.ts";

/** Names of agents, groups and roles in scopes and config. */
export const NAME_PATTERN = "[a-z0-9][a-z0-9_.-]{0,63}";

/** One scope. */
export const ScopeSchema = z.string().regex(
  new RegExp(`^(knowledge:read|knowledge:write|tasks:create|agents:run(:${NAME_PATTERN})?|admin)$`),
  "a scope is knowledge:read, knowledge:write, tasks:create, agents:run, " +
    "agents:run:<agent or group> or admin",
);
