/**
 * The license-header command on a temp project, run the way
 * `super-agents license-header` runs it (the SDK's harness): it lists the
 * files without the header and exits 1, accepts a `#!` line before the
 * header, skips dependencies and hidden folders, exits 0 when every file
 * has it, honours --ext and --json, and without a header file says how to
 * write one (exit 2).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runPluginCommand, runPluginExecutor, withTempProject } from "../../../plugin_testing.ts";

const plugin = new URL("./mod.ts", import.meta.url);
const HEADER = "// Copyright 2026 Acme Inc.\n// SPDX-License-Identifier: MIT\n";

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
}

Deno.test("the files without the header are listed and the exit code is 1", async () => {
  await withTempProject(async (root) => {
    await write(root, {
      ".license-header": HEADER,
      "src/good.ts": `${HEADER}export const a = 1;\n`,
      "src/bad.ts": "export const b = 2;\n",
      "bin/tool.sh": `#!/bin/sh\n${HEADER.replaceAll("//", "#")}echo hi\n`,
      "scripts/run.js": `#!/usr/bin/env node\n${HEADER}console.log(1);\n`,
      "node_modules/dep/index.js": "module.exports = 1;\n",
      ".hidden/x.ts": "export {};\n",
      "README.md": "no header needed\n",
    });
    const result = await runPluginCommand(plugin, ["license-header"], { cwd: root });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(
      result.stdout,
      "2 of 4 source files do not start with the license header in .license-header:\n" +
        "  bin/tool.sh\n  src/bad.ts\n",
    );
    const json = await runPluginCommand(plugin, ["license-header", "--ext", "ts", "--json"], {
      cwd: root,
    });
    assert.deepEqual(JSON.parse(json.stdout), {
      header: ".license-header",
      checked: ["src/bad.ts", "src/good.ts"],
      offenders: ["src/bad.ts"],
    });
  });
});

Deno.test("every file with the header (CRLF too) passes with exit 0", async () => {
  await withTempProject(async (root) => {
    await write(root, {
      "HEADER.txt": HEADER,
      "a.ts": `${HEADER}export {};\n`,
      "b.ts": `${HEADER.replaceAll("\n", "\r\n")}export {};\r\n`,
    });
    const result = await runPluginCommand(plugin, ["license-header", "--header", "HEADER.txt"], {
      cwd: root,
    });
    assert.deepEqual(result, {
      code: 0,
      stdout: "all 2 source files start with the license header\n",
      stderr: "",
    });
  });
});

Deno.test("without a header file it says how to write one and exits 2", async () => {
  await withTempProject(async (root) => {
    const result = await runPluginCommand(plugin, ["license-header"], { cwd: root });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /error: no license header in \.license-header/);
    assert.match(result.stderr, /hint: write the header .* to \.license-header/);
  });
});

Deno.test("the executor completes when every file has the header, and fails for good naming the others", async () => {
  await withTempProject(async (root) => {
    await write(root, {
      ".license-header": HEADER,
      "src/good.ts": `${HEADER}export const a = 1;\n`,
    });
    const clean = await runPluginExecutor(plugin, "license-header", { cwd: root });
    assert.deepEqual(clean.result, {
      output: "all 1 source files start with the license header\n",
      checked: ["src/good.ts"],
    });
    assert.deepEqual(clean.progress, [{
      message: "checking source files against .license-header",
    }]);
    await write(root, { "src/bad.ts": "export const b = 2;\n" });
    await assert.rejects(runPluginExecutor(plugin, "license-header", { cwd: root }), {
      name: "PermanentJobError",
      code: "LICENSE_HEADER_MISSING",
      retryable: false,
      message: "1 of 2 source files do not start with the license header: src/bad.ts",
    });
  });
});
