/**
 * The live dashboard as a KM mount (`/`, `/dashboard/*`, `/events/stream`),
 * contributed by the km plugin's manifest (`kmMounts`). Its handler loads
 * when the KM creates the mount, on the first request it owns.
 * @module
 */

import type { KmMount, KmMountContext } from "../mounts.ts";

/**
 * Creates the dashboard's mount (the `createMount` of a KM mount module).
 *
 * @example
 * ```ts
 * const mount = await createMount(context);
 * const page = await mount.handle(new Request(`http://127.0.0.1:${port}/`));
 * ```
 */
export async function createMount(
  { ctx, paths, token, config, log, contributedAlerts }: KmMountContext,
): Promise<KmMount> {
  const { createDashboard } = await import("./handler.ts");
  const { VERSION } = await import("../../../core/version.ts");
  const { createResourceServer } = await import("../../km_auth/resource_server.ts");
  const { createTokenVerifier } = await import("../../mcp/http_auth.ts");
  const { tokenStorePath } = await import("../../mcp/token_store.ts");
  const resource = await createResourceServer({
    ctx,
    paths,
    config,
    warn: (message, fields) => log.warn(message, fields),
  });
  const { authConfig } = await import("../../km_auth/config.ts");
  const auth = authConfig(config);
  let sso;
  if (auth.issuer !== undefined && auth.dashboardClientId !== undefined) {
    const { createSsoLogin } = await import("../../km_auth/sso_login.ts");
    sso = (port: number) => createSsoLogin({ auth, sessionKey: token, port });
  }
  const dashboard = createDashboard({
    ctx,
    paths,
    token,
    version: VERSION,
    principals: {
      verifiers: [
        createTokenVerifier({ userStorePath: tokenStorePath(ctx) }),
        ...resource.verifiers,
      ],
      gate: resource.gate,
    },
    sso,
    ...(contributedAlerts ? { contributedAlerts } : {}),
  });
  return {
    handle: (request) => dashboard.handle(request),
    async close() {
      await dashboard.close();
      await resource.close();
    },
  };
}
