import assert from "node:assert/strict";
import {
  appendArrayElement,
  insertProperty,
  parseJsonTree,
  removeArrayElement,
  removeProperty,
  replaceValue,
} from "../../../plugins/project/json_text.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

const pretty =
  '{\n    "a": 1,\n    "list": [1, 2],\n    "nested": {\n        "x": true\n    }\n}\n';

Deno.test("insertProperty keeps every other byte and matches the file's indentation", () => {
  const out = insertProperty(pretty, ["nested"], "y", { z: [1] }, "f.json");
  assert.equal(
    out,
    '{\n    "a": 1,\n    "list": [1, 2],\n    "nested": {\n        "x": true,\n' +
      '        "y": {\n            "z": [\n                1\n            ]\n        }\n    }\n}\n',
  );
  assert.deepEqual(JSON.parse(out).nested, { x: true, y: { z: [1] } });
});

Deno.test("removeProperty undoes insertProperty exactly", () => {
  for (const text of [pretty, '{"a": 1}', '{ "a": {"b": 2} }\n']) {
    const inserted = insertProperty(text, [], "ours", { k: "v" }, "f.json");
    assert.equal(removeProperty(inserted, [], "ours", "f.json"), text);
  }
});

Deno.test("appendArrayElement on a one-line array stays on one line and is reversible", () => {
  const out = appendArrayElement(pretty, ["list"], { b: 1 }, "f.json");
  assert.ok(out.includes('"list": [1, 2, {"b":1}]'));
  assert.equal(removeArrayElement(out, ["list"], 2, "f.json"), pretty);
});

Deno.test("insert into an empty object and remove from the middle", () => {
  const out = insertProperty('{\n  "a": {}\n}\n', ["a"], "k", 1, "f.json");
  assert.equal(out, '{\n  "a": {\n    "k": 1\n  }\n}\n');
  const three = '{"a": 1, "b": 2, "c": 3}';
  assert.equal(removeProperty(three, [], "b", "f.json"), '{"a": 1, "c": 3}');
});

Deno.test("replaceValue swaps one value only", () => {
  const out = replaceValue(pretty, ["a"], 42, "f.json");
  assert.equal(out, pretty.replace('"a": 1', '"a": 42'));
});

Deno.test("invalid JSON and wrong shapes raise errors naming the file", () => {
  assert.throws(() => parseJsonTree("{oops", ".mcp.json"), (error: unknown) => {
    assert.ok(error instanceof SuperAgentsError);
    assert.equal(error.code, "JSON_INVALID");
    assert.match(error.message, /\.mcp\.json/);
    return true;
  });
  assert.throws(() => insertProperty("[1]", [], "k", 1, "x.json"), /expected an object/);
});
