/**
 * Port allocation: claims keep concurrent projects apart, the previous port
 * is preferred, bound ports are skipped, and exhaustion names the fix.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createContext } from "../../../core/context.ts";
import type { SuperAgentsError } from "../../../core/errors.ts";
import {
  allocatePort,
  claimsPath,
  parseClaimsFile,
  readClaims,
  rememberedPort,
  updateClaim,
} from "../../../plugins/km/ports.ts";
import { freePortRange } from "./km_sandbox.ts";

async function withContext(fn: (ctx: ReturnType<typeof createContext>) => Promise<void>) {
  const home = await Deno.makeTempDir({ prefix: "km-ports-" });
  const ctx = createContext({ home, dataHome: join(home, ".super-agents"), now: () => 7 });
  try {
    await fn(ctx);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

const host = "127.0.0.1";

Deno.test("a live claim keeps a port from another project even before it is bound", () =>
  withContext(async (ctx) => {
    const { portMin: min, portMax: max } = freePortRange(10);
    const a = await allocatePort(ctx, { root: "/a", host, min, max });
    const b = await allocatePort(ctx, { root: "/b", host, min, max });
    assert.notEqual(a, b);
    const claims = (await readClaims(ctx)).claims;
    assert.deepEqual(claims[String(a)], { root: "/a", pid: Deno.pid, at: 7 });
    assert.equal(claims[String(b)].root, "/b");
  }));

Deno.test("concurrent allocations in one process all differ (the flock serialises them)", () =>
  withContext(async (ctx) => {
    const { portMin: min, portMax: max } = freePortRange(20);
    const ports = await Promise.all(
      Array.from({ length: 6 }, (_, i) => allocatePort(ctx, { root: `/p${i}`, host, min, max })),
    );
    assert.equal(new Set(ports).size, 6);
  }));

Deno.test("the previous port is preferred, and a dead claimant frees a port", () =>
  withContext(async (ctx) => {
    const { portMin: min, portMax: max } = freePortRange(10);
    const gone = new Deno.Command("true").spawn();
    await gone.status;
    await updateClaim(ctx, min + 3, "/old", gone.pid);
    assert.equal(await rememberedPort(ctx, "/old"), min + 3);
    // Another project avoids a remembered port while others are free...
    assert.equal(await allocatePort(ctx, { root: "/new", host, min, max }), min);
    // ...and the owner gets it back.
    assert.equal(
      await allocatePort(ctx, { root: "/old", host, min, max, preferred: min + 3 }),
      min + 3,
    );
    // With everything else claimed live, a dead claimant's port is reused by others.
    await updateClaim(ctx, min + 3, "/old", gone.pid);
    const taken = [];
    for (let i = 0; i < 9; i++) {
      taken.push(await allocatePort(ctx, { root: `/x${i}`, host, min, max }));
    }
    assert.ok(taken.includes(min + 3));
  }));

Deno.test("a port some other program is listening on is skipped", () =>
  withContext(async (ctx) => {
    const { portMin: min, portMax: max } = freePortRange(5);
    const listener = Deno.listen({ hostname: host, port: min });
    try {
      const port = await allocatePort(ctx, { root: "/a", host, min, max, preferred: min });
      assert.ok(port > min && port <= max);
    } finally {
      listener.close();
    }
  }));

Deno.test("an exhausted or empty range is a clear error naming the range and the fix", () =>
  withContext(async (ctx) => {
    const { portMin: min } = freePortRange(1);
    const listener = Deno.listen({ hostname: host, port: min });
    try {
      await assert.rejects(
        allocatePort(ctx, { root: "/a", host, min, max: min }),
        (error: SuperAgentsError) => {
          assert.equal(error.code, "KM_PORTS_EXHAUSTED");
          assert.match(error.message, new RegExp(`${min}-${min}`));
          assert.match(error.hint!, /SUPER_AGENTS_PORT_MAX/);
          assert.match(error.hint!, /super-agents config set km\.portMax/);
          return true;
        },
      );
    } finally {
      listener.close();
    }
    await assert.rejects(
      allocatePort(ctx, { root: "/a", host, min: 6000, max: 5999 }),
      /range 6000-5999 is empty/,
    );
  }));

Deno.test("a corrupt claims file is reported with the file to delete", () =>
  withContext(async (ctx) => {
    await Deno.mkdir(ctx.dataHome, { recursive: true });
    await Deno.writeTextFile(claimsPath(ctx), '{"version":1,"claims":{"x":1}}');
    await assert.rejects(readClaims(ctx), (error: SuperAgentsError) => {
      assert.equal(error.code, "KM_CLAIMS_CORRUPT");
      assert.match(error.hint!, /port_claims\.json/);
      return true;
    });
  }));

Deno.test("parseClaimsFile keeps valid claims (known keys only) and names the first problem", () => {
  assert.deepEqual(
    parseClaimsFile({ version: 1, claims: { "5001": { root: "/a", pid: 7, at: 1, extra: true } } }),
    { version: 1, claims: { "5001": { root: "/a", pid: 7, at: 1 } } },
  );
  for (
    const [raw, problem] of [
      [[], "expected a JSON object"],
      [{ version: 2, claims: {} }, "version: expected 1"],
      [{ version: 1, claims: [] }, "claims: expected an object"],
      [{ version: 1, claims: { x: {} } }, 'claims: key "x" is not a port number'],
      [
        { version: 1, claims: { "1": { root: "", pid: 1, at: 1 } } },
        "claims.1.root: expected a path",
      ],
      [{ version: 1, claims: { "1": { root: "/a", pid: -1, at: 1 } } }, "claims.1.pid"],
      [{ version: 1, claims: { "1": { root: "/a", pid: 1, at: "now" } } }, "claims.1.at"],
    ] as const
  ) {
    const parsed = parseClaimsFile(raw);
    assert.equal(typeof parsed, "string");
    assert.ok((parsed as string).startsWith(problem), `${JSON.stringify(raw)} → ${parsed}`);
  }
});
