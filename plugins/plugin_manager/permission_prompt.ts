/**
 * The review `plugins add` shows before it records a plugin, in the shape
 * of a permission prompt: what the plugin is and where it comes from, then
 * one plain-English line per kind of access (read, write, net, run, env),
 * marking what is new since the user last accepted it, what it may always
 * do (read its own folder, import from its origin) and what is ignored.
 * On a terminal the user answers; without one `--yes` is required, so
 * nothing accepts a plugin on the user's behalf.
 * @module
 */

import { booleanFlag, type CommandArgs } from "../../core/cli/command.ts";
import { lineReader, parseYesNo, prompter } from "../../core/cli/prompt.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { describePermissions } from "../../core/plugin_host/external/describe_permissions.ts";
import {
  type ManifestData,
  unsupportedContributions,
} from "../../core/plugin_host/external/manifest_data.ts";
import {
  type PermissionKind,
  type PluginPermissions,
  widenedKinds,
} from "../../core/plugin_host/external/plugin_permissions.ts";
import type { PluginSource } from "../../core/plugin_host/external/plugin_source.ts";

/** What the review shows. */
export interface Review {
  manifest: ManifestData;
  source: PluginSource;
  specifier: string;
  /** What the user accepted before, when the plugin is being added again. */
  previous?: PluginPermissions;
  /** Its agents and the executor each runs on. */
  agents?: { name: string; provider: string }[];
}

function always(source: PluginSource): string {
  if (source.kind === "folder") return `It may always read its own folder ${source.root}.`;
  if (source.kind === "file") return `It may always read its own file ${source.root}.`;
  if (source.kind === "url") {
    return `Its code was fetched from ${source.origin} just now and runs from that copy ` +
      "(kept in your data home; the server is not asked again until you add it again). " +
      "It may always read that copy.";
  }
  if (source.kind === "npm") {
    return "Its package was fetched from the npm registry just now and runs from a copy of it " +
      "(kept in your data home; the registry is not asked again until you add it again). " +
      "It may always read that copy.";
  }
  return `It may always import modules from ${"origin" in source ? source.origin : "nowhere"}.`;
}

/**
 * The review's lines (no trailing newline).
 *
 * @example
 * ```ts
 * reviewText({ manifest, source, specifier: "./hello" });
 * // Plugin hello 0.1.0 (integration): says hello\n  from /work/hello\n...
 * ```
 */
export function reviewText(review: Review): string {
  const { manifest, source } = review;
  const widened = new Set<PermissionKind>(
    review.previous ? widenedKinds(manifest.permissions ?? {}, review.previous) : [],
  );
  const commands = (manifest.commands ?? []).map((c) => c.name);
  const lines = [
    `Plugin ${manifest.name} ${manifest.version} (${manifest.kind}): ${manifest.summary}`,
    `  from ${review.specifier}${source.entry === review.specifier ? "" : ` (${source.entry})`}`,
    `  commands: ${commands.length ? commands.join(", ") : "none"}`,
    ...(review.agents?.length
      ? [
        `  agents: ${
          review.agents.map((a) => `${a.name} (on its executor ${a.provider})`).join(", ")
        }`,
      ]
      : []),
    review.previous ? "It asks to (NEW marks more than you accepted before):" : "It asks to:",
    ...describePermissions(manifest.permissions ?? {}).map(([kind, sentence]) =>
      `  ${kind.padEnd(5)}  ${sentence}${widened.has(kind) ? "  (NEW)" : ""}`
    ),
    always(source),
  ];
  const ignored = unsupportedContributions(manifest);
  if (ignored.length > 0) {
    lines.push(
      `Ignored: its ${
        ignored.join(", ")
      } (third-party plugins contribute commands, agents and executors only).`,
    );
  }
  return lines.join("\n");
}

/**
 * Whether the user accepts: `--yes`, or "yes" on a terminal; without a
 * terminal (or with `--json`) and without `--yes`, a clear error.
 *
 * @example
 * ```ts
 * if (!await confirmPlugin(ctx, args, "hello", "/work/hello")) return 1;
 * ```
 */
export async function confirmPlugin(
  ctx: Context,
  args: CommandArgs,
  name: string,
  specifier: string,
): Promise<boolean> {
  if (booleanFlag(args, "yes")) return true;
  if (ctx.json || !Deno.stdin.isTerminal()) {
    throw new SuperAgentsError(
      "PLUGIN_CONFIRM_REQUIRED",
      `not adding ${name} without confirmation (no terminal to ask on)`,
      {
        hint:
          `review the permissions above, then run \`super-agents plugins add ${specifier} --yes\``,
        exitCode: 2,
      },
    );
  }
  const ask = prompter(lineReader(Deno.stdin.readable), ctx.stderr, { echo: false });
  return await ask.ask({
    message: `Add ${name} with these permissions?`,
    defaultAnswer: "no",
    parse: parseYesNo,
  });
}
