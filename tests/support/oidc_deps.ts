/**
 * Test support: the OpenID Connect provider the SSO tests run on loopback,
 * at a pinned version (the certified Node implementation of OpenID
 * Connect; it runs under Deno with an "unsupported runtime" warning).
 * @module
 */

export { default as oidcProvider } from "npm:oidc-provider@9.13.3";
