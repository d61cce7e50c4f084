/**
 * The `auth` section refuses what would weaken or confuse access control,
 * naming the key: unknown scopes in a custom role, an issuer that is not a
 * URL, token lifetimes outside their bounds.
 */
import assert from "node:assert/strict";
import { authConfig, defaults } from "../../../plugins/km_auth/config.ts";

Deno.test("defaults: short-lived access tokens, no SSO, no custom roles", () => {
  assert.equal(defaults.accessTokenTtlSeconds, 600);
  assert.equal(defaults.issuer, undefined);
  assert.deepEqual(authConfig({}), defaults);
});

Deno.test("bad values are refused naming the key", () => {
  for (
    const [auth, key] of [
      [{ roles: { auditor: ["knowledge:read", "root"] } }, "auth.roles.auditor.1"],
      [{ roles: { auditor: [] } }, "auth.roles.auditor"],
      [{ roles: { "Bad Name": ["admin"] } }, "auth.roles.Bad Name"],
      [{ issuer: "not a url" }, "auth.issuer"],
      [{ accessTokenTtlSeconds: 5 }, "auth.accessTokenTtlSeconds"],
      [{ accessTokenTtlSeconds: "600" }, "auth.accessTokenTtlSeconds"],
      [{ agentGroups: { admins: "security-agent" } }, "auth.agentGroups.admins"],
    ] as const
  ) {
    assert.throws(
      () => authConfig({ auth }),
      (error: Error & { code?: string; details?: { key?: string } }) => {
        assert.equal(error.code, "CONFIG_INVALID");
        assert.equal(error.details?.key, key, error.message);
        return true;
      },
      JSON.stringify(auth),
    );
  }
});
