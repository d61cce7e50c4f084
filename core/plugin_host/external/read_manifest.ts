/**
 * Reads a third-party plugin's manifest without running its code in the
 * CLI's process: the entry module is imported in `manifest_worker.ts`,
 * under no permissions but what importing it needs, within a deadline; the
 * data it posts back is validated ({@linkcode validateManifestData}). A
 * plugin that throws on import, reaches outside its folder, hangs or
 * declares nonsense is a clear error naming where it came from.
 * @module
 */

import { SuperAgentsError } from "../../errors.ts";
import { invalidManifest, type ManifestData, validateManifestData } from "./manifest_data.ts";
import { pluginFailure } from "./plugin_failure.ts";
import { type PluginSource, sourceSpecifier } from "./plugin_source.ts";
import { PluginWorker } from "./plugin_worker.ts";
import { importPermissions } from "./worker_permissions.ts";
import { ManifestReplySchema } from "./worker_protocol.ts";

const WORKER = new URL("./manifest_worker.ts", import.meta.url);

/** Options of {@linkcode readManifest}. */
export interface ReadManifestOptions {
  /** How long importing may take (default 10 s). */
  deadlineMs?: number;
}

function importFailed(where: string, why: string, specifier: string): SuperAgentsError {
  return new SuperAgentsError("PLUGIN_IMPORT_FAILED", `${where} could not be imported: ${why}`, {
    hint: `fix the plugin, or remove it: its source is ${specifier}`,
  });
}

/**
 * What the module `entry` of the plugin at `source` exports as `pick`, as
 * plain data, read in the no-permission worker (`where` names it in errors).
 *
 * @example
 * ```ts
 * const files = await postedData(source, "plugin \"hello\"", 10_000, agentsUrl, "agentFiles");
 * ```
 */
export function postedData(
  source: PluginSource,
  where: string,
  deadlineMs: number,
  entry: string = source.entry,
  pick = "default",
): Promise<unknown> {
  const specifier = sourceSpecifier(source);
  const permissions = importPermissions(source);
  return new Promise((resolve, reject) => {
    const worker = new PluginWorker(WORKER, `manifest of ${specifier}`, permissions, {
      onMessage(message) {
        worker.close();
        const reply = ManifestReplySchema.safeParse(message);
        if (!reply.success) {
          return reject(importFailed(where, "it posted a malformed reply", specifier));
        }
        if (reply.data.type === "manifest") return resolve(reply.data.data);
        const subject = { plugin: where, operation: "importing its manifest", specifier };
        const failure = pluginFailure(subject, reply.data.error, permissions);
        reject(
          failure.code === "PLUGIN_DENIED" ? failure : importFailed(
            where,
            `${reply.data.error.name}: ${reply.data.error.message}`,
            specifier,
          ),
        );
      },
      onFailure: (message) => reject(importFailed(where, message, specifier)),
    }, deadlineMs);
    worker.post({ entry, pick });
  });
}

/**
 * The validated manifest of the plugin at `source` (`where` names it in errors).
 *
 * @example
 * ```ts
 * const manifest = await readManifest(source, "the plugin at /work/hello");
 * manifest.commands?.[0].module; // "file:///work/hello/hello_command.ts"
 * ```
 */
export async function readManifest(
  source: PluginSource,
  where: string,
  options: ReadManifestOptions = {},
): Promise<ManifestData> {
  const data = await postedData(source, where, options.deadlineMs ?? 10_000);
  if (data === null || typeof data !== "object") {
    throw invalidManifest(
      where,
      `${source.entry} has no manifest as its default export ` +
        "(end it with `export default definePlugin({ name, version, kind, summary, ... })`)",
    );
  }
  return validateManifestData(data, source, where);
}
