/**
 * What every generated CI pipeline shares: the Deno version (installed from
 * npm and cached), where `super-agents` itself comes from, the number of
 * test shards, and the two commands every pipeline runs — the change check
 * with a machine-readable report, and one shard of the test runner.
 * @module
 */

import { VERSION } from "../../core/version.ts";

/** Options of every pipeline generator. */
export interface PipelineOptions {
  /** Deno version installed with `npm install -g deno@<version>`. */
  denoVersion: string;
  /** What `deno install` installs as `super-agents` (a JSR/npm specifier or an https URL). */
  source: string;
  /** Parallel test-executor-check jobs. */
  shards: number;
  /** The default branch, compared against on pushes and as the PR target fallback. */
  branch: string;
}

/** The defaults: this Deno, this release of super-agents, four shards, `main`. */
export function defaultPipelineOptions(): PipelineOptions {
  return {
    denoVersion: "2.9.6",
    source: `jsr:@super-agents/cli@${VERSION}`,
    shards: 4,
    branch: "main",
  };
}

/** A generated file: where it goes and its content. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** The shell lines that install Deno and super-agents (Deno's bin dir must be on PATH after). */
export function installCommands(options: PipelineOptions): string[] {
  return [
    `npm install -g deno@${options.denoVersion}`,
    `deno install -g -A --unstable-worker-options --no-config --force -n super-agents "$SUPER_AGENTS_SOURCE"`,
  ];
}

/** The check command writing a report of `format` to `file`, against `$BASE`. */
export function checkCommand(format: "sarif" | "junit", file: string): string {
  return `super-agents check --changed-since "$BASE" --format ${format} --output ${file}`;
}

/** The test-executor-check command for one shard (`index` and `total` are shell or CI expressions). */
export function testCommand(index: string, total: string): string {
  return `super-agents run test-executor-check --shard "${index}/${total}" all`;
}
