/**
 * SSO sign-in to the dashboard, end to end: a real OpenID Connect provider
 * on loopback, a KM started through the CLI with `auth.issuer` and
 * `auth.dashboardClientId`, and a scripted browser that follows the
 * redirects and fills the provider's login form. A person whose role gives
 * `knowledge:read` sees the dashboard and its data; one whose role does not
 * is refused; a forged session cookie, a callback whose state this browser
 * did not start and a replayed callback get nothing.
 */
import assert from "node:assert/strict";
import { type KmSandbox, kmSandbox } from "../plugins/km/km_sandbox.ts";
import { ScriptedBrowser, startOidcProvider } from "../support/oidc_provider.ts";

async function startKm(box: KmSandbox): Promise<string> {
  const started = await box.run(["start", "--json"]);
  assert.equal(started.code, 0, started.stderr);
  return `http://127.0.0.1:${JSON.parse(started.stdout).port}`;
}

Deno.test("dashboard SSO: sign in through the provider; roles decide; forged or replayed sign-ins get nothing", async () => {
  const box = await kmSandbox(100);
  let oidc;
  try {
    const first = await startKm(box);
    assert.equal((await box.run(["stop"])).code, 0);
    oidc = await startOidcProvider(`${first}/dashboard/sso/callback`);
    for (
      const [key, value] of [
        ["auth.issuer", oidc.issuer],
        ["auth.dashboardClientId", "km-dashboard"],
        ["auth.roles", '{"queuer":["tasks:create"]}'],
      ]
    ) {
      const set = await box.run(["config", "set", key, value]);
      assert.equal(set.code, 0, set.stderr);
    }
    const km = await startKm(box);
    assert.equal(km, first, "the KM came back on its remembered port");

    const browser = new ScriptedBrowser();
    const loginPage = await browser.request(new URL(`${km}/`));
    assert.equal(loginPage.status, 401);
    assert.match(await loginPage.text(), /href="\/dashboard\/sso\/login"/);
    const callback = await browser.signIn(
      new URL(`${km}/dashboard/sso/login`),
      "alice",
      `${km}/dashboard/sso/callback`,
    );
    const callbackUrl = new URL(callback.headers.get("location")!, km);
    assert.ok(callbackUrl.searchParams.get("code"), callbackUrl.href);
    const finished = await browser.request(callbackUrl);
    assert.equal(finished.status, 302, await finished.clone().text());
    assert.equal(finished.headers.get("location"), "/");
    const page = await browser.request(new URL(`${km}/`));
    assert.equal(page.status, 200);
    await page.body?.cancel();
    const snapshot = await browser.request(new URL(`${km}/dashboard/api/snapshot`));
    assert.equal(snapshot.status, 200);
    await snapshot.body?.cancel();

    // The same callback again (a replay): the sign-in it belonged to is spent.
    const replay = await browser.request(callbackUrl);
    assert.equal(replay.status, 400);
    await replay.body?.cancel();

    // A callback this browser did not start (no state cookie): refused.
    const other = new ScriptedBrowser();
    const started = await other.signIn(
      new URL(`${km}/dashboard/sso/login`),
      "mallory",
      `${km}/dashboard/sso/callback`,
    );
    const stolen = new URL(started.headers.get("location")!, km);
    const victim = new ScriptedBrowser();
    const injected = await victim.request(stolen);
    assert.equal(injected.status, 400);
    await injected.body?.cancel();

    // A forged session: the payload edited to admin, the MAC kept.
    const jar = browser.cookies.get(km)!;
    const name = [...jar.keys()].find((key) =>
      key.startsWith("sa_sso_") && !key.includes("state")
    )!;
    const [payload, mac] = jar.get(name)!.split(".");
    const session = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    assert.equal(session.sub, "alice");
    const forgedPayload = btoa(JSON.stringify({ ...session, sub: "root", scopes: ["admin"] }))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const forged = await fetch(`${km}/dashboard/api/snapshot`, {
      headers: { cookie: `${name}=${forgedPayload}.${mac}` },
    });
    assert.equal(forged.status, 401);
    await forged.body?.cancel();

    // A person whose role lacks knowledge:read is refused the dashboard.
    assert.equal((await box.run(["config", "set", "auth.defaultRole", "queuer"])).code, 0);
    assert.equal((await box.run(["restart"])).code, 0);
    const queuer = new ScriptedBrowser();
    const back = await queuer.signIn(
      new URL(`${km}/dashboard/sso/login`),
      "nobody-special",
      `${km}/dashboard/sso/callback`,
    );
    await queuer.request(new URL(back.headers.get("location")!, km));
    const refused = await queuer.request(new URL(`${km}/dashboard/api/snapshot`));
    assert.equal(refused.status, 403);
    assert.equal((await refused.json()).error.missingScope, "knowledge:read");
    const refusedPage = await queuer.request(new URL(`${km}/`));
    assert.equal(refusedPage.status, 401);
    assert.match(await refusedPage.text(), /sso\/nobody-special may not see this dashboard/);

    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
    await oidc?.stop();
  }
});
