import assert from "node:assert/strict";
import { contractGuardian } from "../../../plugins/local_checks/contract_guardian.ts";
import { added, deleted, modified, options } from "./options.ts";

const run = async (...files: Parameters<typeof contractGuardian>[0]) =>
  (await contractGuardian(files, options())).map((f) =>
    `${f.file}:${f.line} ${f.rule} ${f.severity}`
  );

const BEFORE = `/** The API. */
export function parse(text: string): number {
  return Number(text);
}
export function format(value: number): string {
  return String(value);
}
export interface Options {
  name: string;
  retries?: number;
}
export class Store {
  get(key: string): string | undefined { return undefined; }
  private internal(): void {}
}
`;

Deno.test("contract guardian: removing an exported function is reported at its old line", async () => {
  const after = BEFORE.replace(/export function parse[\s\S]*?\n}\n/, "");
  assert.deepEqual(await run(modified("src/api.ts", BEFORE, after)), [
    "src/api.ts:2 removed-export error",
  ]);
});

Deno.test("contract guardian: bodies, comments and formatting are not contract changes", async () => {
  const after = BEFORE
    .replace("return Number(text);", "return Number.parseFloat(text); // faster")
    .replace(
      "export function format(value: number): string {",
      "export function format(\n  value: number,\n): string {",
    )
    .replace("private internal(): void {}", "private internal(): void { console.log(1); }");
  assert.deepEqual(await run(modified("src/api.ts", BEFORE, after)), []);
});

Deno.test("contract guardian: changed signatures warn, lost members are errors", async () => {
  const after = BEFORE
    .replace("format(value: number): string", "format(value: number, unit: string): string")
    .replace("  retries?: number;\n", "")
    .replace("get(key: string)", "fetch(key: string)");
  assert.deepEqual(await run(modified("src/api.ts", BEFORE, after)), [
    "src/api.ts:5 changed-signature warning",
    "src/api.ts:8 removed-member error",
    "src/api.ts:11 removed-member error", // the class moved up a line
  ]);
});

Deno.test("contract guardian: a deleted module, and tests are not an API", async () => {
  assert.deepEqual(await run(deleted("src/api.ts", BEFORE)), ["src/api.ts:1 removed-module error"]);
  assert.deepEqual(await run(deleted("tests/api_test.ts", BEFORE)), []);
  assert.deepEqual(await run(added("src/new.ts", BEFORE)), []);
});

Deno.test("contract guardian: exports inside strings, comments and nested blocks do not count", async () => {
  const before = `const s = "export function fake() {}";\n// export function alsoFake() {}\n` +
    `namespace N { export const inner = 1; }\nexport const kept = 1;\n`;
  const after = `export const kept = 2;\n`;
  assert.deepEqual(await run(modified("src/a.ts", before, after)), []);
});

Deno.test("contract guardian: OpenAPI paths and operations removed (JSON and YAML)", async () => {
  const spec = (ops: Record<string, string[]>) =>
    JSON.stringify(
      {
        openapi: "3.0.0",
        paths: Object.fromEntries(
          Object.entries(ops).map(([p, ms]) => [p, Object.fromEntries(ms.map((m) => [m, {}]))]),
        ),
      },
      null,
      2,
    );
  const before = spec({ "/users": ["get", "post"], "/users/{id}": ["get", "delete"] });
  const after = spec({ "/users": ["get"] });
  assert.deepEqual(await run(modified("api/openapi.json", before, after)), [
    "api/openapi.json:4 openapi-removed-operation error",
    "api/openapi.json:8 openapi-removed-path error",
  ]);
  const yamlBefore = "openapi: 3.0.0\npaths:\n  /pets:\n    get: {}\n    put: {}\n";
  const yamlAfter = "openapi: 3.0.0\npaths:\n  /pets:\n    get: {}\n";
  assert.deepEqual(await run(modified("openapi.yaml", yamlBefore, yamlAfter)), [
    "openapi.yaml:3 openapi-removed-operation error",
  ]);
});

Deno.test("contract guardian: destructive SQL in new migrations, not in down migrations", async () => {
  const sql = "-- DROP TABLE commented_out;\nALTER TABLE users ADD COLUMN age int;\n" +
    "ALTER TABLE users DROP COLUMN email;\nDROP TABLE sessions;\nTRUNCATE audit_log;\n";
  assert.deepEqual(await run(added("db/migrations/002_cleanup.sql", sql)), [
    "db/migrations/002_cleanup.sql:3 destructive-migration error",
    "db/migrations/002_cleanup.sql:4 destructive-migration error",
    "db/migrations/002_cleanup.sql:5 destructive-migration error",
  ]);
  assert.deepEqual(await run(added("db/migrations/002_cleanup.down.sql", sql)), []);
  // An existing statement in a modified migration is not reported again.
  assert.deepEqual(
    await run(modified("migrations/001.sql", "DROP TABLE a;\n", "DROP TABLE a;\nSELECT 1;\n")),
    [],
  );
});
