/**
 * Runs the checks over a change set, in parallel and sandboxed: the files are
 * split by size into shards, each shard goes to a Worker started with every
 * Deno permission denied but two harmless environment variables the YAML
 * parser reads (contents posted in, findings posted out), and the
 * findings are merged in a stable order. Small change sets run inline, where
 * starting Workers would cost more than the checks (see
 * `scripts/bench/precommit.ts`), and so do processes that cannot restrict
 * Worker permissions.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import { runChecksInline, sortFindings } from "./checks.ts";
import type { CheckRequest } from "./check_worker.ts";
import type { ChangedFile, CheckName, CheckOptions, Finding } from "./types.ts";
import { workerPermissionsAvailable } from "./worker_sandbox.ts";
import { YAML_ENV_NAMES } from "../../agents/sandbox_spec.ts";

/** Where the checks run: `auto` picks Workers for large change sets. */
export type SandboxMode = "auto" | "workers" | "inline";

/** Options of {@linkcode runChecks}. */
export interface RunChecksOptions {
  names: readonly CheckName[];
  files: ChangedFile[];
  options: CheckOptions;
  mode: SandboxMode;
  /** Upper bound on Workers (default: CPU count, at most 4). */
  maxWorkers?: number;
}

/** What {@linkcode runChecks} returns. */
export interface RunChecksResult {
  findings: Finding[];
  /** How the checks ran. */
  ranIn: "inline" | "workers";
  workers: number;
}

/** Bytes of content from which `auto` uses Workers. */
export const AUTO_WORKER_BYTES = 4 * 1024 * 1024;
/** Content bytes per Worker before another one is worth starting. */
const BYTES_PER_WORKER = 1024 * 1024;

/**
 * Runs `names` over `files`.
 *
 * @example
 * ```ts
 * const { findings } = await runChecks({ names: ["secret-scan"], files, options, mode: "auto" });
 * ```
 */
export async function runChecks(input: RunChecksOptions): Promise<RunChecksResult> {
  const bytes = input.files.reduce((sum, f) => sum + weight(f) - 64, 0);
  const wantWorkers = input.mode === "workers" ||
    (input.mode === "auto" && bytes >= AUTO_WORKER_BYTES);
  if (!wantWorkers || input.files.length === 0 || !workerPermissionsAvailable()) {
    return {
      findings: await runChecksInline(input.names, input.files, input.options),
      ranIn: "inline",
      workers: 0,
    };
  }
  const limit = input.maxWorkers ?? Math.min(4, navigator.hardwareConcurrency || 2);
  const count = Math.max(
    1,
    Math.min(limit, input.files.length, Math.ceil(bytes / BYTES_PER_WORKER)),
  );
  const shards = shardBySize(input.files, count);
  const results = await Promise.all(
    shards.map((files) => runInWorker({ names: [...input.names], files, options: input.options })),
  );
  return { findings: sortFindings(results.flat()), ranIn: "workers", workers: shards.length };
}

/** Splits files into `count` groups of similar total size (largest first, into the lightest group). */
export function shardBySize(files: ChangedFile[], count: number): ChangedFile[][] {
  const groups = Array.from({ length: count }, () => ({ bytes: 0, files: [] as ChangedFile[] }));
  const bySize = [...files].sort((a, b) => weight(b) - weight(a));
  for (const file of bySize) {
    const lightest = groups.reduce((min, group) => (group.bytes < min.bytes ? group : min));
    lightest.files.push(file);
    lightest.bytes += weight(file);
  }
  return groups.map((group) => group.files).filter((group) => group.length > 0);
}

function weight(file: ChangedFile): number {
  const bytes = file.content?.length ?? file.oversizeContent?.length ?? 0;
  return bytes + (file.previous?.length ?? 0) + 64;
}

function runInWorker(request: CheckRequest): Promise<Finding[]> {
  const worker = new Worker(new URL("./check_worker.ts", import.meta.url), {
    type: "module",
    name: "super-agents-checks",
    // Nothing but the two debug switches the YAML parser reads (agent files, OpenAPI specs).
    deno: { permissions: { env: [...YAML_ENV_NAMES] } },
  });
  return new Promise<Finding[]>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<{ findings?: Finding[]; error?: string }>) => {
      worker.terminate();
      if (event.data.findings) resolve(event.data.findings);
      else reject(checkFailure(event.data.error ?? "no result"));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(checkFailure(event.message));
    };
    const transfer: ArrayBuffer[] = [];
    for (const file of request.files) {
      for (const bytes of [file.content, file.oversizeContent, file.previous]) {
        if (bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
          transfer.push(bytes.buffer as ArrayBuffer);
        }
      }
    }
    worker.postMessage(request, transfer);
  });
}

function checkFailure(message: string): SuperAgentsError {
  return new SuperAgentsError("CHECK_CRASHED", `a check failed inside its sandbox: ${message}`, {
    hint:
      'rerun with `super-agents check --debug` and report the error; `checks.sandbox: "inline"` runs without Workers',
  });
}
