/**
 * The `auth` config section (the plugin's manifest `config` contribution):
 * the KM's OAuth token lifetimes, an external OpenID Connect issuer for SSO,
 * custom roles and reserved agent groups. Loaded with the rest of the
 * configuration (`core/config/sections.ts`), so `config list/get/set` and
 * errors treat these keys like the kernel's.
 * @module
 */

import { z } from "../../core/deps.ts";
import { configSection } from "../../core/config/sections.ts";
import { NAME_PATTERN, ScopeSchema } from "./scope_schema.ts";

/** The section's keys, each with its default. */
export const schema = z.object({
  /** An external OpenID Connect issuer whose JWT access tokens the KM accepts (SSO). */
  issuer: z.url().optional(),
  /** The `aud` those tokens must carry (default: the MCP resource URL). */
  audience: z.string().min(1).optional(),
  /** The KM's client id at the issuer, for SSO sign-in to the dashboard (a public client, PKCE). */
  dashboardClientId: z.string().min(1).max(200).optional(),
  /** The JWT claim holding role names (a string or an array of strings). */
  rolesClaim: z.string().min(1).default("roles"),
  /** Role of an SSO principal whose token names no known role. */
  defaultRole: z.string().min(1).default("viewer"),
  /** Custom roles: name → scopes (viewer, operator and admin are built in). */
  roles: z.record(z.string().regex(new RegExp(`^${NAME_PATTERN}$`)), z.array(ScopeSchema).min(1))
    .default({}),
  /** Reserved agent groups: name → agents; `agents:run` alone does not run them. */
  agentGroups: z.record(
    z.string().regex(new RegExp(`^${NAME_PATTERN}$`)),
    z.array(z.string().min(1).max(64)),
  ).default({}),
  /** Lifetime of an access token the KM issues, in seconds. */
  accessTokenTtlSeconds: z.number().int().min(30).max(86_400).default(600),
  /** Lifetime of a refresh token, in seconds. */
  refreshTokenTtlSeconds: z.number().int().min(300).max(90 * 86_400).default(30 * 86_400),
});

/** The `auth` settings. */
export type AuthConfig = z.infer<typeof schema>;

/** Every setting at its default. */
export const defaults: AuthConfig = schema.parse({});

/**
 * The `auth` section of a loaded configuration, validated.
 *
 * @example
 * ```ts
 * authConfig(config).accessTokenTtlSeconds; // 600
 * ```
 */
export function authConfig(config: object): AuthConfig {
  return configSection(config, "auth", schema);
}
