/**
 * A third-party manifest's executors: each gives `module` (a module that
 * exports `execute`), never a `worker` of its own; names are unique; a
 * plugin in a local folder or file, or at an http(s): URL, may have them
 * (inside its boundary), a `jsr:`/`npm:` package may not, and is told why.
 * Agents and executors are no longer "ignored" contributions.
 */
import assert from "node:assert/strict";
import {
  unsupportedContributions,
  validateManifestData,
} from "../../../../core/plugin_host/external/manifest_data.ts";
import type { PluginSource } from "../../../../core/plugin_host/external/plugin_source.ts";

const folder: PluginSource = {
  kind: "folder",
  root: "/plugins/probe",
  entry: "file:///plugins/probe/mod.ts",
};
const url: PluginSource = {
  kind: "url",
  entry: "https://x.dev/probe/mod.ts",
  origin: "x.dev",
  base: "https://x.dev/",
};

function manifest(executors: unknown[], base = "file:///plugins/probe/") {
  return {
    name: "probe",
    version: "1.0.0",
    kind: "agent",
    summary: "probes",
    agents: [{ module: `${base}agents.ts` }],
    executors: executors.map((e) => JSON.parse(JSON.stringify(e).replaceAll("BASE/", base))),
  };
}

Deno.test("a third-party executor is a module exporting execute, inside its plugin; not from jsr: or npm:", () => {
  const ok = validateManifestData(
    manifest([{ name: "probe", module: "BASE/execute.ts" }]),
    folder,
    "plugin probe",
  );
  assert.deepEqual(ok.executors, [{ name: "probe", module: "file:///plugins/probe/execute.ts" }]);
  assert.deepEqual(unsupportedContributions(ok), []);

  assert.throws(
    () =>
      validateManifestData(
        manifest([{ name: "probe", worker: "BASE/worker.ts" }]),
        folder,
        "plugin probe",
      ),
    /executors\.0: a third-party executor gives `module`/,
  );
  assert.throws(
    () =>
      validateManifestData(
        manifest([{ name: "a", module: "BASE/a.ts" }, { name: "a", module: "BASE/b.ts" }]),
        folder,
        "plugin probe",
      ),
    /the executor a is declared twice/,
  );
  const remote = validateManifestData(
    manifest([{ name: "probe", module: "BASE/execute.ts" }], "https://x.dev/probe/"),
    url,
    "plugin probe",
  );
  assert.deepEqual(remote.executors, [{ name: "probe", module: "https://x.dev/probe/execute.ts" }]);
  assert.throws(
    () =>
      validateManifestData(
        manifest([{ name: "probe", module: "https://y.dev/execute.ts" }], "https://x.dev/probe/"),
        url,
        "plugin probe",
      ),
    /the module reference https:\/\/y\.dev\/execute\.ts lies outside the plugin/,
  );
  for (const kind of ["jsr", "npm"] as const) {
    const base = kind === "jsr" ? "https://jsr.io/" : "npm:probe-plugin/";
    const registry: PluginSource = {
      kind,
      entry: `${base}mod.ts`,
      origin: kind === "jsr" ? "jsr.io" : "registry.npmjs.org",
      base,
    };
    assert.throws(
      () =>
        validateManifestData(
          manifest([{ name: "probe", module: "BASE/execute.ts" }], base),
          registry,
          "plugin probe",
        ),
      new RegExp(`its executors run only from a copy made at add, and this ${kind}: plugin was `),
    );
  }
  assert.throws(
    () =>
      validateManifestData(
        manifest([{ name: "probe", module: "file:///etc/evil.ts" }]),
        folder,
        "plugin probe",
      ),
    /lies outside the plugin/,
  );
});
