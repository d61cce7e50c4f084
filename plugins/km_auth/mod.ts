/**
 * The `km-auth` plugin's manifest: the KM as an OAuth 2.1 authorization
 * server for MCP clients (metadata, dynamic registration, consent, tokens,
 * revocation), mounted on the KM. The scopes, roles and the access gate it
 * defines are used by the MCP transport and the KM's routes. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "km-auth",
  version: "1.0.0",
  kind: "integration",
  summary: "OAuth 2.1 authorization server, scopes and roles for the KM's HTTP surface",
  permissions: { read: true, write: true, net: true, env: true },
  kmMounts: [{
    name: "km-auth",
    paths: ["/.well-known/oauth-authorization-server", "/oauth/"],
    module: new URL("./km_mount.ts", import.meta.url),
  }],
  config: { section: "auth", module: new URL("./config.ts", import.meta.url) },
});
