/**
 * Detects a project's test command (Deno, npm, pytest, Go, Cargo) from its
 * files, and splits its test files into shards so CI can run `--shard i/n`
 * on n machines. Shards are chosen by sorted path, round-robin, so every
 * file lands in exactly one shard and the split is the same on every machine.
 * @module
 */

import { join, relative } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import { pathExists } from "../../core/fs/path_exists.ts";

/** A project's test tool. */
export type TestTool = "deno" | "npm" | "pytest" | "go" | "cargo";

/** A detected test command. */
export interface TestCommand {
  tool: TestTool;
  /** Program and arguments that run the whole suite (no shell). */
  argv: string[];
  /** The prefix to which a shard's files (Go: packages) are appended. */
  base: string[];
  /** Why this tool was chosen (the file that decided it). */
  reason: string;
}

const SKIP = new Set([
  ".git",
  ".claude",
  "node_modules",
  "dist",
  "target",
  "vendor",
  "__pycache__",
  ".venv",
]);

const TEST_FILES: Record<TestTool, RegExp> = {
  deno: /(^|[/_.])test\.(ts|tsx|js|mjs|jsx)$|_test\.(ts|tsx|js|mjs|jsx)$/,
  npm: /\.(test|spec)\.(ts|tsx|js|mjs|cjs|jsx)$/,
  pytest: /(^|\/)(test_[^/]*|[^/]*_test)\.py$/,
  go: /_test\.go$/,
  cargo: /\.rs$/,
};

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  if (!(await pathExists(path))) return undefined;
  const text = await Deno.readTextFile(path);
  try {
    return JSON.parse(text.replace(/^\s*\/\/.*$/gm, ""));
  } catch (error) {
    throw new SuperAgentsError("TEST_CONFIG_INVALID", `${path} is not valid JSON: ${error}`, {
      hint: `fix ${path}; the test runner reads it to find the test command`,
    });
  }
}

/**
 * Detects the test command of the project at `root`.
 *
 * @example
 * ```ts
 * const command = await detectTestCommand("/repo");
 * command.argv; // ["deno", "test", "-A"]
 * ```
 */
export async function detectTestCommand(root: string): Promise<TestCommand> {
  for (const name of ["deno.json", "deno.jsonc"]) {
    const config = await readJson(join(root, name));
    if (config) {
      return {
        tool: "deno",
        argv: ["deno", "test", "-A"],
        base: ["deno", "test", "-A"],
        reason: name,
      };
    }
  }
  const pkg = await readJson(join(root, "package.json"));
  const scripts = pkg?.scripts as Record<string, unknown> | undefined;
  if (typeof scripts?.test === "string" && !scripts.test.includes("no test specified")) {
    return {
      tool: "npm",
      argv: ["npm", "test"],
      base: ["npm", "test", "--"],
      reason: "package.json scripts.test",
    };
  }
  for (const name of ["pytest.ini", "conftest.py", "pyproject.toml", "setup.cfg", "tox.ini"]) {
    if (await pathExists(join(root, name))) {
      return { tool: "pytest", argv: ["pytest", "-q"], base: ["pytest", "-q"], reason: name };
    }
  }
  if (await pathExists(join(root, "go.mod"))) {
    return { tool: "go", argv: ["go", "test", "./..."], base: ["go", "test"], reason: "go.mod" };
  }
  if (await pathExists(join(root, "Cargo.toml"))) {
    return {
      tool: "cargo",
      argv: ["cargo", "test"],
      base: ["cargo", "test"],
      reason: "Cargo.toml",
    };
  }
  throw new SuperAgentsError("NO_TEST_COMMAND", `no test setup found in ${root}`, {
    hint:
      "add deno.json, a package.json `test` script, pytest.ini/pyproject.toml, go.mod or Cargo.toml",
  });
}

/** The project's test files for `tool`, sorted, relative to `root`. */
export async function listTestFiles(root: string, tool: TestTool): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && TEST_FILES[tool].test(relative(root, path))) {
        files.push(relative(root, path));
      }
    }
  };
  await walk(root);
  return files.sort();
}

/** The items of shard `index` (1-based) of `total`, round-robin over the sorted list. */
export function selectShard<T>(items: T[], index: number, total: number): T[] {
  if (
    !Number.isInteger(total) || total < 1 || !Number.isInteger(index) || index < 1 || index > total
  ) {
    throw new SuperAgentsError("SHARD_INVALID", `invalid shard ${index}/${total}`, {
      hint: "use --shard i/n with 1 <= i <= n, e.g. --shard 2/4",
    });
  }
  return items.filter((_, position) => position % total === index - 1);
}

/**
 * The command line for shard `index`/`total`: the test files (Go: packages)
 * of that shard appended to the detected command. `undefined` when the shard
 * is empty (more shards than files).
 */
export async function shardedCommand(
  root: string,
  command: TestCommand,
  shard: { index: number; total: number },
): Promise<string[] | undefined> {
  if (command.tool === "cargo") {
    throw new SuperAgentsError("SHARD_UNSUPPORTED", "cargo test cannot be sharded by file", {
      hint: "run the Cargo test suite without --shard, or split it by crate in CI",
    });
  }
  const files = await listTestFiles(root, command.tool);
  const units = command.tool === "go"
    ? [
      ...new Set(
        files.map((file) =>
          "./" + (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".")
        ),
      ),
    ]
    : files;
  const selected = selectShard(units, shard.index, shard.total);
  if (selected.length === 0) return undefined;
  return [...command.base, ...selected];
}
