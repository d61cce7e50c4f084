/**
 * KM mounts are created on the first request they own (not at start-up), a
 * failed creation answers 503 and is retried, and close() closes only what
 * was created; a contributed mount owns exactly its `paths` (exact, or
 * prefixes ending in `/`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  contributedKmMounts,
  type KmMountContext,
  type KmMountEntry,
  ownsPath,
  withKmMounts,
} from "../../../plugins/km/mounts.ts";
import { PluginHost } from "../../../core/plugin_host/host.ts";
import { definePlugin } from "../../../core/plugin_host/manifest.ts";

const logged: string[] = [];
const context = {
  log: {
    debug() {},
    info() {},
    warn() {},
    error(message: string) {
      logged.push(message);
    },
  },
} as unknown as KmMountContext;

Deno.test("a mount is created on its first request, once; failures answer 503 and retry", async () => {
  let created = 0;
  let closed = 0;
  let failNext = true;
  const entry: KmMountEntry = {
    name: "test-lazy",
    matches: (pathname) => pathname.startsWith("/lazy"),
    create() {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error("not today"));
      }
      created++;
      return Promise.resolve({
        handle: () => Promise.resolve(new Response("mounted")),
        close: () => Promise.resolve(void closed++),
      });
    },
  };
  const mounts = await withKmMounts(context, () => Promise.resolve(new Response("app")), [entry]);
  assert.equal(created, 0, "nothing is created at start-up");
  assert.equal(await (await mounts.handle(new Request("http://x/other"))).text(), "app");
  assert.equal(created, 0, "a request the mount does not own creates nothing");
  const failed = await mounts.handle(new Request("http://x/lazy"));
  assert.equal(failed.status, 503);
  assert.match((await failed.json()).error.message, /test-lazy: not today/);
  assert.ok(logged.some((message) => message.includes("mount failed")));
  assert.equal(await (await mounts.handle(new Request("http://x/lazy"))).text(), "mounted");
  assert.equal(await (await mounts.handle(new Request("http://x/lazy/2"))).text(), "mounted");
  assert.equal(created, 1);
  await mounts.close();
  assert.equal(closed, 1);
});

Deno.test("a contribution's paths are exact paths or prefixes ending in /", () => {
  const paths = ["/mcp", "/mcp/", "/.well-known/oauth-protected-resource"];
  assert.equal(ownsPath(paths, "/mcp"), true);
  assert.equal(ownsPath(paths, "/mcp/spec"), true);
  assert.equal(ownsPath(paths, "/.well-known/oauth-protected-resource"), true);
  assert.equal(ownsPath(paths, "/mcpx"), false);
  assert.equal(ownsPath(paths, "/.well-known/oauth-protected-resource/mcp"), false);
  assert.equal(ownsPath(paths, "/"), false);
  // "/" alone is the root page, not a prefix of every path (the dashboard owns it).
  const dashboard = ["/", "/dashboard/", "/events/stream"];
  assert.equal(ownsPath(dashboard, "/"), true);
  assert.equal(ownsPath(dashboard, "/dashboard/data"), true);
  assert.equal(ownsPath(dashboard, "/events/stream"), true);
  for (const path of ["/health", "/api/knowledge", "/mcp", "/events/stream/x", "/dashboard"]) {
    assert.equal(ownsPath(dashboard, path), false, path);
  }
});

Deno.test("a plugin's mount is created from its module with the KM's context", async () => {
  const dir = await Deno.makeTempDir({ prefix: "km-mount-" });
  try {
    await Deno.writeTextFile(
      join(dir, "mount.js"),
      `export function createMount(context) {
        return Promise.resolve({
          handle: (request) => Promise.resolve(new Response(context.token + " " + request.url)),
          close: () => Promise.resolve(),
        });
      }\n`,
    );
    const host = new PluginHost([{
      manifest: definePlugin({
        name: "echo",
        version: "1.0.0",
        kind: "transport",
        summary: "echoes",
        kmMounts: [{
          name: "echo",
          paths: ["/echo", "/echo/"],
          module: new URL(`file://${dir}/mount.js`),
        }],
      }),
    }]);
    const entries = contributedKmMounts(host);
    assert.deepEqual(entries.map((entry) => entry.name), ["echo"]);
    const mounts = await withKmMounts(
      { ...context, token: "tok" },
      () => Promise.resolve(new Response("app")),
      entries,
    );
    assert.equal(
      await (await mounts.handle(new Request("http://x/echo/1"))).text(),
      "tok http://x/echo/1",
    );
    assert.equal(await (await mounts.handle(new Request("http://x/echoes"))).text(), "app");
    await mounts.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a mount with `metrics` adds its families to a successful GET /metrics; a refused scrape gets none, and a failing mount is left out", async () => {
  let allow = true;
  let broken = false;
  const app = () =>
    Promise.resolve(
      allow
        ? new Response("km_up 1\n", { headers: { "content-type": "text/plain; version=0.0.4" } })
        : new Response("no", { status: 401 }),
    );
  const adds = (name: string, text: () => string): KmMountEntry => ({
    name,
    matches: () => false,
    metrics: true,
    create: () =>
      Promise.resolve({
        handle: () => Promise.resolve(new Response("")),
        metrics: () => {
          if (broken && name === "bad") throw new Error("db locked");
          return text();
        },
        close: () => Promise.resolve(),
      }),
  });
  const silent: KmMountEntry = {
    name: "silent",
    matches: () => false,
    create: () => Promise.reject(new Error("never created for /metrics")),
  };
  const mounts = await withKmMounts(context, app, [
    adds("good", () => "plugin_gauge 2"),
    adds("bad", () => "bad_gauge 3\n"),
    silent,
  ]);
  const scrape = await mounts.handle(new Request("http://x/metrics"));
  assert.equal(scrape.headers.get("content-type"), "text/plain; version=0.0.4");
  assert.equal(await scrape.text(), "km_up 1\nplugin_gauge 2\nbad_gauge 3\n");
  broken = true;
  logged.length = 0;
  assert.equal(
    await (await mounts.handle(new Request("http://x/metrics"))).text(),
    "km_up 1\nplugin_gauge 2\n",
  );
  assert.ok(logged.some((message) => message.includes("mount metrics failed")));
  allow = false;
  const refused = await mounts.handle(new Request("http://x/metrics"));
  assert.equal(refused.status, 401);
  assert.equal(await refused.text(), "no");
  const host = new PluginHost([{
    manifest: definePlugin({
      name: "adds",
      version: "1.0.0",
      kind: "integration",
      summary: "adds metrics",
      kmMounts: [{ name: "adds", paths: ["/adds"], module: "./m.ts", metrics: true }],
    }),
  }]);
  assert.equal(contributedKmMounts(host)[0].metrics, true);
});
