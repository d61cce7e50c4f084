/**
 * What the KM needs as an OAuth resource server, built once per mount from
 * its configuration: the token verifiers beyond the static tokens (access
 * tokens of its own authorization server; JWTs of the SSO issuer when
 * `auth.issuer` is set), the authorization server its metadata names, and
 * the access gate, whose denials go to the audit log naming principal,
 * action and missing scope.
 * @module
 */

import { recordAudit } from "../../core/audit/record_audit.ts";
import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { TokenVerifier } from "../mcp/http_auth.ts";
import { type AccessDenial, type AccessGate, createAccessGate } from "./access_gate.ts";
import { oauthDbPath, OAuthStore } from "./oauth_store.ts";
import { createOAuthVerifier } from "./oauth_verifier.ts";
import { agentPolicy } from "./scopes.ts";
import { authConfig } from "./config.ts";

/** The resource server's parts. */
export interface ResourceServer {
  verifiers: TokenVerifier[];
  /** The SSO issuer, or `undefined` (the KM is its own authorization server). */
  authorizationServer?: string;
  gate: AccessGate;
  close(): Promise<void>;
}

/** What {@linkcode createResourceServer} needs from the KM. */
export interface ResourceServerContext {
  ctx: Context;
  paths: ProjectPaths;
  config: Config;
  /** Where failures to write an audit entry are reported. */
  warn(message: string, fields: Record<string, unknown>): void;
}

/**
 * Builds the verifiers and the gate.
 *
 * @example
 * ```ts
 * const resource = await createResourceServer({ ctx, paths, config, warn: log.warn });
 * createMcpHttpHandler(paths, { ...options, verifiers: resource.verifiers, gate: resource.gate });
 * ```
 */
export async function createResourceServer(
  context: ResourceServerContext,
): Promise<ResourceServer> {
  const { ctx, paths, warn } = context;
  const auth = authConfig(context.config);
  const store = await OAuthStore.open(oauthDbPath(paths.state));
  const verifiers: TokenVerifier[] = [createOAuthVerifier(store)];
  if (auth.issuer !== undefined) {
    const { createJwtVerifier } = await import("./jwt_verifier.ts");
    const jwt = createJwtVerifier(auth, {
      onError: (error) =>
        warn("SSO issuer unavailable", { issuer: auth.issuer, error: error.message }),
    });
    verifiers.push(jwt);
  }
  const onDenied = async (denial: AccessDenial) => {
    await recordAudit(ctx, {
      action: "access.denied",
      target: denial.action,
      outcome: "denied",
      details: { principal: denial.principal, action: denial.action, missing: denial.missing },
    }, { project: paths }).catch((error) =>
      warn("audit entry not written", { error: (error as Error).message })
    );
  };
  return {
    verifiers,
    authorizationServer: auth.issuer,
    gate: auditingAgentRuns(createAccessGate(agentPolicy(auth), onDenied), async (entry) => {
      await recordAudit(ctx, entry, { project: paths });
    }),
    close() {
      store.close();
      return Promise.resolve();
    },
  };
}

/** Tools that run an agent or queue work for one: an allowed call is audited (who, which agent, which scopes). */
const AGENT_TOOLS = new Set(["agent_run", "task_create"]);

/**
 * `gate`, plus an `agent.run` audit entry for every allowed agent run (the
 * compliance report's "who ran which agents with which permissions").
 */
export function auditingAgentRuns(
  gate: AccessGate,
  record: (entry: Parameters<typeof recordAudit>[1]) => Promise<void>,
): AccessGate {
  return {
    lists: (principal, action) => gate.lists(principal, action),
    async check(principal, action) {
      const denial = await gate.check(principal, action);
      const agent = action.kind === "tool" ? action.args?.agent : undefined;
      if (
        !denial && action.kind === "tool" && AGENT_TOOLS.has(action.name) &&
        typeof agent === "string"
      ) {
        await record({
          action: "agent.run",
          target: agent,
          details: {
            principal: principal.id,
            scopes: principal.scopes.join(" "),
            via: action.name,
          },
        });
      }
      return denial;
    },
  };
}
