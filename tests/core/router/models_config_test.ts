/**
 * The default model ids are the newest non-deprecated id of each tier in the
 * pinned @anthropic-ai/sdk: read from the installed package's `Model` type
 * and its `DEPRECATED_MODELS` table, not from a copy.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { TIERS } from "../../../core/router/models_config.ts";

const SDK = "@anthropic-ai/sdk";
const SDK_VERSION = "1.14.0";

async function sdkDirectory(): Promise<string> {
  await import("../../../plugins/anthropic/deps.ts"); // make sure the package is in the cache
  const info = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
  const npmCache: string = JSON.parse(new TextDecoder().decode(info.stdout)).npmCache;
  for await (const registry of Deno.readDir(npmCache)) {
    const dir = join(npmCache, registry.name, SDK, SDK_VERSION);
    try {
      await Deno.stat(join(dir, "package.json"));
      return dir;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  throw new Error(`${SDK}@${SDK_VERSION} not found under ${npmCache}`);
}

function version(id: string): number[] {
  return id.split("-").slice(2).map(Number);
}

function newer(a: string, b: string): number {
  const [va, vb] = [version(a), version(b)];
  for (let i = 0; i < Math.max(va.length, vb.length); i++) {
    const d = (va[i] ?? 0) - (vb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

Deno.test("default tier ids are the SDK's newest non-deprecated ids", async () => {
  const dir = await sdkDirectory();
  const types = await Deno.readTextFile(join(dir, "resources/messages/messages.d.ts"));
  const declaration = /export type Model =([^;]+);/.exec(types);
  assert.ok(declaration, "the SDK declares a Model type");
  const ids = [...declaration[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
  const { DEPRECATED_MODELS } = await import(
    new URL(`file://${join(dir, "internal/data/deprecated-models.mjs")}`).href
  );
  assert.ok(Object.keys(DEPRECATED_MODELS).length > 0, "the SDK lists deprecated models");
  const models = defaultConfig().models;
  for (const tier of TIERS) {
    const candidates = ids.filter((id) =>
      id.startsWith(`claude-${tier}-`) && !/-\d{8}$/.test(id) && !(id in DEPRECATED_MODELS) &&
      version(id).every(Number.isFinite)
    ).sort(newer);
    const newest = candidates[candidates.length - 1];
    assert.ok(newest, `the SDK has a ${tier} model`);
    assert.equal(models[tier], newest, `models.${tier} should be ${newest}`);
    assert.ok(ids.includes(models[tier]), `${models[tier]} is in the SDK's Model type`);
    assert.ok(!(models[tier] in DEPRECATED_MODELS), `${models[tier]} is not deprecated`);
  }
});

Deno.test("every default tier has a price", () => {
  const models = defaultConfig().models;
  for (const tier of TIERS) assert.ok(models.prices[tier], `price for ${tier}`);
});
