/**
 * The `.claude/settings.json` merge: our Claude Code hooks are the matcher
 * groups whose every command starts with `super-agents ` (or, written with
 * an absolute launcher, runs `… events emit --from-claude-hook`). They are appended
 * to `hooks.<Event>` arrays; the read-only MCP tools are added to
 * `permissions.allow` when missing (see `permissions_allow.ts`); the user's
 * own hooks, permissions and every other byte stay as written.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import {
  appendArrayElement,
  insertProperty,
  nodeAt,
  parseJsonTree,
  removeArrayElement,
  removeProperty,
} from "./json_text.ts";
import type { MergeTarget } from "./merge_target.ts";
import { addAllowRules, allowEntries, removeAllowRules } from "./permissions_allow.ts";

/** Claude Code hook groups by event name (`SessionStart`, `PostToolUse`, ...). */
export type HookGroups = Record<string, unknown[]>;

/** The command of every hook we register, after the launcher. */
const OUR_HOOK_COMMAND = " events emit --from-claude-hook";

/** Whether a hook matcher group is one of ours. */
export function isOurHookGroup(group: unknown): boolean {
  const hooks = (group as { hooks?: unknown })?.hooks;
  return Array.isArray(hooks) && hooks.length > 0 &&
    hooks.every((hook) =>
      typeof hook?.command === "string" &&
      (hook.command.startsWith("super-agents ") || hook.command.endsWith(OUR_HOOK_COMMAND))
    );
}

function parsedHooks(text: string): Record<string, unknown> | undefined {
  const hooks = JSON.parse(text)?.hooks;
  return hooks && typeof hooks === "object" && !Array.isArray(hooks) ? hooks : undefined;
}

/** Removes our groups from every `hooks.<Event>` array, and arrays/objects left empty. */
function removeOurGroups(text: string, path: string): string {
  const hooks = parsedHooks(text);
  if (!hooks) return text;
  for (const [event, groups] of Object.entries(hooks)) {
    if (!Array.isArray(groups)) continue;
    const ours = groups.map((group, index) => isOurHookGroup(group) ? index : -1)
      .filter((index) => index >= 0);
    if (ours.length === 0) continue;
    for (const index of ours.reverse()) {
      text = removeArrayElement(text, ["hooks", event], index, path);
    }
    if (ours.length === groups.length) text = removeProperty(text, ["hooks"], event, path);
  }
  if (Object.keys(parsedHooks(text) ?? { keep: 1 }).length === 0) {
    text = removeProperty(text, [], "hooks", path);
  }
  return text;
}

/**
 * The settings merge for a set of hook groups.
 *
 * @example
 * ```ts
 * const target = settingsTarget(".claude/settings.json", { Stop: [{ hooks: [...] }] });
 * target.apply('{ "permissions": {} }\n');
 * ```
 */
export function settingsTarget(
  path: string,
  groups: HookGroups,
  allow: readonly string[] = [],
): MergeTarget {
  const ours = new Set(allow);
  return {
    path,
    label: allow.length ? "the super-agents hooks and tool permissions" : "the super-agents hooks",
    apply(current) {
      if (current === undefined || current.trim() === "") {
        const fresh = allow.length ? { permissions: { allow }, hooks: groups } : { hooks: groups };
        return JSON.stringify(fresh, null, 2) + "\n";
      }
      return addAllowRules(mergeHooks(current), allow, path);
    },
    extract(current) {
      const hooks = extractHooks(current);
      const rules = allowEntries(current).filter((rule) => ours.has(rule));
      if (rules.length === 0) return hooks;
      return JSON.stringify({ hooks: hooks ? JSON.parse(hooks) : {}, allow: rules });
    },
    remove(current, added = []) {
      const text = removeAllowRules(removeOurGroups(current, path), added, path);
      return Object.keys(JSON.parse(text)).length === 0 ? undefined : text;
    },
    addedEntries(before, after) {
      const had = new Set(allowEntries(before));
      return allowEntries(after).filter((rule) => ours.has(rule) && !had.has(rule));
    },
  };

  function mergeHooks(current: string): string {
    const root = parseJsonTree(current, path);
    if (root.type !== "object") throw notAnObject(path, "(root)");
    const hooksNode = nodeAt(root, ["hooks"]);
    if (hooksNode && hooksNode.type !== "object") throw notAnObject(path, "hooks");
    let text = removeOurGroups(current, path);
    if (!nodeAt(parseJsonTree(text, path), ["hooks"])) {
      return insertProperty(text, [], "hooks", groups, path);
    }
    for (const [event, eventGroups] of Object.entries(groups)) {
      const existing = nodeAt(parseJsonTree(text, path), ["hooks", event]);
      if (existing === undefined) {
        text = insertProperty(text, ["hooks"], event, eventGroups, path);
        continue;
      }
      if (existing.type !== "array") throw notAnObject(path, `hooks.${event}`, "array");
      for (const group of eventGroups) {
        text = appendArrayElement(text, ["hooks", event], group, path);
      }
    }
    return text;
  }
}

/** Our hook groups in settings text, normalised, or `undefined` when there are none. */
function extractHooks(current: string): string | undefined {
  const hooks = parsedHooks(current);
  if (!hooks) return undefined;
  const ours: HookGroups = {};
  for (const [event, eventGroups] of Object.entries(hooks)) {
    if (!Array.isArray(eventGroups)) continue;
    const mine = eventGroups.filter(isOurHookGroup);
    if (mine.length) ours[event] = mine;
  }
  return Object.keys(ours).length ? JSON.stringify(ours) : undefined;
}

function notAnObject(path: string, key: string, type = "object"): SuperAgentsError {
  return new SuperAgentsError("JSON_SHAPE", `${path}: "${key}" must be a JSON ${type}`, {
    hint: `fix ${path} so "${key}" is an ${type}, then rerun`,
  });
}
