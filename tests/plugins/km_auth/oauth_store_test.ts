/**
 * The authorization server's store against misuse: codes are single-use
 * (a replay revokes what the code produced), bound to client, redirect URI,
 * PKCE verifier and resource; refresh tokens rotate and a replayed one
 * revokes its family; revocation is per client; nothing usable is on disk.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type Lifetimes,
  MAX_CLIENTS,
  OAuthFault,
  OAuthStore,
} from "../../../plugins/km_auth/oauth_store.ts";
import { s256 } from "../../../plugins/km_auth/oauth_secrets.ts";

const LIFETIMES: Lifetimes = { accessSeconds: 60, refreshSeconds: 3600, codeSeconds: 60 };
const RESOURCE = "http://127.0.0.1:5001/mcp";
const REDIRECT = "http://127.0.0.1:9/cb";
const VERIFIER = "v".repeat(43);

async function withStore(
  fn: (store: OAuthStore, clock: { t: number }, path: string) => Promise<void> | void,
) {
  const dir = await Deno.makeTempDir({ prefix: "oauth-store-" });
  const clock = { t: 1_000_000 };
  const path = join(dir, "oauth.db");
  const store = await OAuthStore.open(path, () => clock.t);
  try {
    await fn(store, clock, path);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function codeFor(store: OAuthStore, clientId: string, scopes = ["knowledge:read"]): string {
  return store.createCode(
    { clientId, principal: `oauth/${clientId}`, scopes, resource: RESOURCE },
    REDIRECT,
    s256(VERIFIER),
    LIFETIMES.codeSeconds,
  );
}

function faultOf(fn: () => unknown): OAuthFault {
  try {
    fn();
  } catch (error) {
    if (error instanceof OAuthFault) return error;
    throw error;
  }
  assert.fail("expected an OAuthFault");
}

const redeem = (store: OAuthStore, code: string, clientId: string, extra = {}) =>
  store.redeemCode(
    code,
    { clientId, redirectUri: REDIRECT, verifier: VERIFIER, ...extra },
    LIFETIMES,
  );

Deno.test("a replayed code is refused and revokes the tokens it produced", async () => {
  await withStore((store) => {
    const { clientId } = store.registerClient("c", [REDIRECT]);
    const code = codeFor(store, clientId);
    const first = redeem(store, code, clientId);
    assert.ok(store.verifyAccess(first.accessToken));
    assert.equal(faultOf(() => redeem(store, code, clientId)).error, "invalid_grant");
    assert.equal(store.verifyAccess(first.accessToken), undefined);
    assert.equal(
      faultOf(() => store.refresh(first.refreshToken, { clientId }, LIFETIMES)).error,
      "invalid_grant",
    );
  });
});

Deno.test("a code is bound to its client, redirect URI, verifier and resource, and burnt by a wrong try", async () => {
  await withStore((store) => {
    const a = store.registerClient("a", [REDIRECT]).clientId;
    const b = store.registerClient("b", [REDIRECT]).clientId;
    for (
      const [extra, client, expected] of [
        [{}, b, "invalid_grant"],
        [{ redirectUri: "http://127.0.0.1:9/other" }, a, "invalid_grant"],
        [{ verifier: "w".repeat(43) }, a, "invalid_grant"],
        [{ verifier: s256(VERIFIER) }, a, "invalid_grant"], // the challenge itself is not the verifier
        [{ resource: "http://127.0.0.1:5002/mcp" }, a, "invalid_target"],
      ] as const
    ) {
      const code = codeFor(store, a);
      assert.equal(faultOf(() => redeem(store, code, client, extra)).error, expected);
      // Burnt: the right request fails afterwards too.
      assert.equal(faultOf(() => redeem(store, code, a)).error, "invalid_grant");
    }
  });
});

Deno.test("an expired code and an unknown code are refused", async () => {
  await withStore((store, clock) => {
    const { clientId } = store.registerClient("c", [REDIRECT]);
    const code = codeFor(store, clientId);
    clock.t += 61_000;
    assert.match(faultOf(() => redeem(store, code, clientId)).message, /expired/);
    assert.equal(faultOf(() => redeem(store, "saz_nope", clientId)).error, "invalid_grant");
  });
});

Deno.test("refresh rotates; replaying a spent refresh token revokes the whole family", async () => {
  await withStore((store) => {
    const { clientId } = store.registerClient("c", [REDIRECT]);
    const first = redeem(store, codeFor(store, clientId), clientId);
    const second = store.refresh(first.refreshToken, { clientId }, LIFETIMES);
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.ok(store.verifyAccess(second.accessToken));
    assert.match(
      faultOf(() => store.refresh(first.refreshToken, { clientId }, LIFETIMES)).message,
      /already used/,
    );
    assert.equal(store.verifyAccess(second.accessToken), undefined);
    assert.equal(store.verifyAccess(first.accessToken), undefined);
    assert.equal(
      faultOf(() => store.refresh(second.refreshToken, { clientId }, LIFETIMES)).error,
      "invalid_grant",
    );
  });
});

Deno.test("refresh cannot widen scopes, change resource or be used by another client", async () => {
  await withStore((store) => {
    const a = store.registerClient("a", [REDIRECT]).clientId;
    const b = store.registerClient("b", [REDIRECT]).clientId;
    const tokens = redeem(store, codeFor(store, a, ["knowledge:read"]), a);
    assert.equal(
      faultOf(() => store.refresh(tokens.refreshToken, { clientId: b }, LIFETIMES)).error,
      "invalid_grant",
    );
    assert.equal(
      faultOf(() =>
        store.refresh(tokens.refreshToken, { clientId: a, scopes: ["admin"] }, LIFETIMES)
      ).error,
      "invalid_scope",
    );
    assert.equal(
      faultOf(() =>
        store.refresh(tokens.refreshToken, { clientId: a, resource: "http://x/mcp" }, LIFETIMES)
      ).error,
      "invalid_target",
    );
    // None of those refusals spent it.
    assert.ok(store.refresh(tokens.refreshToken, { clientId: a }, LIFETIMES).accessToken);
  });
});

Deno.test("revocation is per client: a refresh token takes its family, an access token only itself", async () => {
  await withStore((store) => {
    const a = store.registerClient("a", [REDIRECT]).clientId;
    const b = store.registerClient("b", [REDIRECT]).clientId;
    const tokens = redeem(store, codeFor(store, a), a);
    assert.equal(store.revoke(tokens.accessToken, b), false);
    assert.ok(store.verifyAccess(tokens.accessToken));
    assert.equal(store.revoke(tokens.accessToken, a), true);
    assert.equal(store.verifyAccess(tokens.accessToken), undefined);
    const next = store.refresh(tokens.refreshToken, { clientId: a }, LIFETIMES);
    assert.equal(store.revoke(next.refreshToken, a), true);
    assert.equal(store.verifyAccess(next.accessToken), undefined);
  });
});

Deno.test("access tokens expire; only digests are stored; registration is capped", async () => {
  await withStore(async (store, clock, path) => {
    const { clientId } = store.registerClient("c", [REDIRECT]);
    const tokens = redeem(store, codeFor(store, clientId), clientId);
    clock.t += 60_000;
    assert.equal(store.verifyAccess(tokens.accessToken), undefined);
    const bytes = new TextDecoder("latin1").decode(await Deno.readFile(path));
    const wal = await Deno.readFile(`${path}-wal`).then(
      (b) => new TextDecoder("latin1").decode(b),
      () => "",
    );
    assert.ok(bytes.includes(clientId) || wal.includes(clientId), "the reads see the data");
    for (const secret of [tokens.accessToken, tokens.refreshToken]) {
      assert.equal(bytes.includes(secret) || wal.includes(secret), false, "no token on disk");
    }
    assert.equal((await Deno.stat(path)).mode! & 0o077, 0);
    for (let i = 1; i < MAX_CLIENTS; i++) store.registerClient(`c${i}`, [REDIRECT]);
    assert.equal(
      faultOf(() => store.registerClient("one too many", [REDIRECT])).error,
      "invalid_client_metadata",
    );
  });
});

Deno.test("at the cap, idle registrations older than a day make room; clients in use stay", async () => {
  await withStore((store, clock) => {
    const used = store.registerClient("in use", [REDIRECT]).clientId;
    const longLived = { ...LIFETIMES, refreshSeconds: 3 * 86_400 };
    const tokens = store.redeemCode(
      codeFor(store, used),
      { clientId: used, redirectUri: REDIRECT, verifier: VERIFIER },
      longLived,
    );
    const idle: string[] = [];
    for (let i = 1; i < MAX_CLIENTS; i++) {
      idle.push(store.registerClient(`idle${i}`, [REDIRECT]).clientId);
    }
    assert.equal(
      faultOf(() => store.registerClient("too soon", [REDIRECT])).error,
      "invalid_client_metadata",
      "nothing is a day old yet",
    );
    clock.t += 24 * 3600_000;
    const fresh = store.registerClient("after a day", [REDIRECT]);
    assert.ok(store.client(fresh.clientId));
    assert.ok(store.client(used), "a client with a live token is kept");
    assert.ok(store.verifyAccess(tokens.accessToken) === undefined, "(its access token expired)");
    assert.ok(store.refresh(tokens.refreshToken, { clientId: used }, LIFETIMES).accessToken);
    assert.equal(idle.filter((id) => store.client(id)).length, 0, "the idle ones were forgotten");
  });
});
