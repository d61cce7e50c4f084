/**
 * What a third-party plugin's failure looks like to the user: a denied
 * operation ("Requires write access to ...", a `NotCapable` or an import
 * refused) names the plugin, what it was doing, the access it was refused
 * and the boundary it crossed — what it was allowed instead — and how to
 * grant it; a plugin's own `SuperAgentsError` keeps its code and hint; any
 * other crash says it is the plugin's bug and names the plugin. The error
 * data comes from a worker that ran plugin code, so every field is bounded.
 * @module
 */

import { SuperAgentsError } from "../../errors.ts";
import { parseDenial } from "../../pool/boundary_error.ts";
import { normalGrant, type PluginPermissions } from "./plugin_permissions.ts";
import type { PluginWorkerPermissions } from "./worker_permissions.ts";
import type { SerializedError } from "./worker_guard.ts";

/** Which plugin failed, and at what. */
export interface FailureSubject {
  plugin: string;
  /** What it was doing: "running its command hello", "importing its manifest". */
  operation: string;
  /** What to pass to `plugins add` to review it again. */
  specifier: string;
}

const DENIAL = /Requires (\w+) access to/;

function boundaryOf(
  kind: string,
  permissions: PluginWorkerPermissions | PluginPermissions,
): string {
  const grant = normalGrant((permissions as Record<string, boolean | string[] | undefined>)[kind]);
  if (grant === true) return "everything";
  if (grant === false) return "nothing";
  return grant.join(", ");
}

function clean(text: string): string {
  // Plugin text ends up on a terminal: no control characters, bounded length.
  // deno-lint-ignore no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?").slice(0, 2000);
}

/**
 * The error a denied operation becomes.
 *
 * @example
 * ```ts
 * deniedError(subject, 'Requires write access to "/etc/x"', permissions).message;
 * // plugin "hello" was denied write access to "/etc/x" while running its command hello: ...
 * ```
 */
export function deniedError(
  subject: FailureSubject,
  message: string,
  permissions: PluginWorkerPermissions | PluginPermissions,
): SuperAgentsError {
  const denied = parseDenial(message);
  const boundary = boundaryOf(denied.permission, permissions);
  return new SuperAgentsError(
    "PLUGIN_DENIED",
    `plugin "${subject.plugin}" was denied ${denied.permission} access to "${
      clean(denied.target)
    }" while ${subject.operation}: its permissions allow ${denied.permission} of ${boundary}`,
    {
      hint: `if the plugin needs it, its manifest must ask for ${denied.permission} and you must ` +
        `accept it again: \`super-agents plugins add ${subject.specifier}\``,
      details: {
        plugin: subject.plugin,
        operation: subject.operation,
        permission: denied.permission,
        target: clean(denied.target),
        boundary,
      },
    },
  );
}

/**
 * The user-facing error of a failure inside a plugin's worker.
 *
 * @example
 * ```ts
 * throw pluginFailure(subject, { name: "TypeError", message: "x is undefined" }, permissions);
 * ```
 */
export function pluginFailure(
  subject: FailureSubject,
  error: SerializedError,
  permissions: PluginWorkerPermissions | PluginPermissions,
): SuperAgentsError {
  if (error.name === "NotCapable" || DENIAL.test(error.message)) {
    return deniedError(subject, error.message, permissions);
  }
  const own = error.code !== undefined && /^[A-Z][A-Z0-9_]{1,63}$/.test(error.code);
  if (own && error.code !== "INTERNAL") {
    const exitCode =
      Number.isInteger(error.exitCode) && error.exitCode! > 0 && error.exitCode! < 126
        ? error.exitCode
        : 1;
    return new SuperAgentsError(
      error.code!,
      `plugin "${subject.plugin}": ${clean(error.message)}`,
      { ...(error.hint ? { hint: clean(error.hint) } : {}), exitCode },
    );
  }
  return new SuperAgentsError(
    "PLUGIN_FAILED",
    `plugin "${subject.plugin}" failed while ${subject.operation}: ${clean(error.name)}: ${
      clean(error.message)
    }`,
    {
      hint: `this is a bug in the plugin: report it to its author (${subject.specifier}), or ` +
        `remove it: \`super-agents plugins remove ${subject.plugin}\``,
      details: { plugin: subject.plugin, operation: subject.operation },
    },
  );
}
