/**
 * The KM's authorization server as a KM mount (RFC 8414 metadata and
 * `/oauth/*`). The plugin host loads this module on the first request to one
 * of those paths. The person who consents signs in the dashboard's way (its
 * session cookie, or the project token typed into the consent page); every
 * consent and every token grant or refusal goes to the audit log.
 * @module
 */

import { basename } from "node:path";
import { recordAudit } from "../../core/audit/record_audit.ts";
import type { KmMount, KmMountContext } from "../km/mounts.ts";
import { dashboardSession } from "../km/dashboard/session.ts";
import { type AuthorizationEvent, createAuthorizationServer } from "./authorization_server.ts";
import { oauthDbPath, OAuthStore } from "./oauth_store.ts";
import { authConfig } from "./config.ts";

/**
 * Creates the mount on the running KM's state directory and token.
 *
 * @example
 * ```ts
 * const mount = await createMount(context);
 * await mount.handle(new Request("http://127.0.0.1:5001/.well-known/oauth-authorization-server"));
 * ```
 */
export async function createMount(context: KmMountContext): Promise<KmMount> {
  const { ctx, paths, config, token, log } = context;
  const auth = authConfig(config);
  const store = await OAuthStore.open(oauthDbPath(paths.state));
  store.prune();
  const audit = (event: AuthorizationEvent) => {
    const details: Record<string, string> = { client: event.clientId };
    if (event.kind === "register") {
      details.name = event.name.slice(0, 200);
      details.redirectUris = event.redirectUris.join(" ").slice(0, 1024);
    } else if (event.kind === "consent") details.scopes = event.scopes.join(" ");
    else {
      details.grant = event.grant;
      if (event.reason) details.reason = event.reason;
    }
    const action = event.kind === "register"
      ? "oauth.client.register"
      : event.kind === "consent"
      ? "oauth.consent"
      : "oauth.token";
    recordAudit(ctx, {
      action,
      target: event.clientId,
      outcome: event.kind === "register" ? "ok" : event.outcome,
      details,
    }, { project: paths }).catch((error) =>
      log.warn("audit entry not written", { error: (error as Error).message })
    );
  };
  let server: ((request: Request) => Promise<Response>) | undefined;
  return {
    async handle(request) {
      if (!server) {
        // The dashboard's session cookie is named after the port the KM listens on.
        const port = Number(new URL(request.url).port || 80);
        server = createAuthorizationServer({
          store,
          owner: await dashboardSession(token, port),
          project: basename(paths.root),
          lifetimes: {
            accessSeconds: auth.accessTokenTtlSeconds,
            refreshSeconds: auth.refreshTokenTtlSeconds,
            codeSeconds: 60,
          },
          port,
          onEvent: audit,
        });
      }
      return await server(request);
    },
    close() {
      store.close();
      return Promise.resolve();
    },
  };
}
