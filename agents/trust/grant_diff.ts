/**
 * Whether one set of effective permissions stays within another, and how
 * they differ, one line per grant item (`run: +sh`, `write: -docs`,
 * `provider: local → anthropic`). An item is covered when the baseline
 * grants it or more: a path by itself or a parent directory (`.` covers the
 * whole project, never `..`), a host by itself or the same host without a
 * port, an environment variable by itself or a `PREFIX*` pattern, a tool
 * by itself or an `mcp__server` / `…*` wildcard; `true` covers everything.
 * @module
 */

import { posix } from "node:path";
import {
  type EffectivePermissions,
  GRANT_NAMES,
  type NormalGrant,
} from "./effective_permissions.ts";

/** How two sets of effective permissions differ. */
export interface GrantDiff {
  /** Items the candidate grants beyond the baseline, e.g. `run: +sh`. */
  widened: string[];
  /** Items of the baseline the candidate no longer grants, e.g. `write: -docs`. */
  narrowed: string[];
}

type Covers = (base: string, item: string) => boolean;

const PROJECT = "/\0project";

function pathCovers(base: string, item: string): boolean {
  const from = posix.resolve(PROJECT, base);
  const to = posix.resolve(PROJECT, item);
  return from === to || from === "/" || to.startsWith(`${from}/`);
}

function hostPort(entry: string): [string, string | undefined] {
  const match = /^(.*?)(?::(\d+))?$/.exec(entry)!;
  return entry.startsWith("[") || !match[2] ? [entry, undefined] : [match[1], match[2]];
}

function netCovers(base: string, item: string): boolean {
  if (base === item) return true;
  const [baseHost, basePort] = hostPort(base);
  return basePort === undefined && hostPort(item)[0] === baseHost;
}

function wildcardCovers(base: string, item: string): boolean {
  return base === item || (base.endsWith("*") && item.startsWith(base.slice(0, -1)));
}

function toolCovers(base: string, item: string): boolean {
  return wildcardCovers(base, item) ||
    (/^mcp__[^_]+(?:_[^_]+)*$/.test(base) && item.startsWith(`${base}__`));
}

const COVERS: Record<typeof GRANT_NAMES[number], Covers> = {
  read: pathCovers,
  write: pathCovers,
  net: netCovers,
  run: (base, item) => base === item,
  env: wildcardCovers,
};

const ALL = "all";

function listDiff(
  field: string,
  candidate: NormalGrant,
  baseline: NormalGrant,
  covers: Covers,
  diff: GrantDiff,
): void {
  if (candidate === true || baseline === true) {
    if (candidate === true && baseline !== true) diff.widened.push(`${field}: +${ALL}`);
    if (baseline === true && candidate !== true) diff.narrowed.push(`${field}: -${ALL}`);
    return;
  }
  for (const item of candidate) {
    if (!baseline.some((base) => covers(base, item))) diff.widened.push(`${field}: +${item}`);
  }
  for (const base of baseline) {
    if (!candidate.some((item) => covers(item, base))) diff.narrowed.push(`${field}: -${base}`);
  }
}

/**
 * How `candidate` differs from `baseline`.
 *
 * @example
 * ```ts
 * grantDiff(effectivePermissions(edited), effectivePermissions(template)).widened;
 * // ["run: +sh", "write: +."]
 * ```
 */
export function grantDiff(
  candidate: EffectivePermissions,
  baseline: EffectivePermissions,
): GrantDiff {
  const diff: GrantDiff = { widened: [], narrowed: [] };
  for (const name of GRANT_NAMES) {
    listDiff(name, candidate[name], baseline[name], COVERS[name], diff);
  }
  listDiff("tools", candidate.tools, baseline.tools, toolCovers, diff);
  listDiff("mcpServers", candidate.mcpServers, baseline.mcpServers, (a, b) => a === b, diff);
  if (candidate.provider !== baseline.provider) {
    diff.widened.push(
      baseline.provider === ""
        ? `provider: +${candidate.provider}`
        : `provider: ${baseline.provider} → ${candidate.provider}`,
    );
  }
  return diff;
}

/**
 * True when `candidate` grants nothing beyond `baseline`.
 *
 * @example
 * ```ts
 * isWithin(effectivePermissions(narrowed), effectivePermissions(template)); // true
 * ```
 */
export function isWithin(candidate: EffectivePermissions, baseline: EffectivePermissions): boolean {
  return grantDiff(candidate, baseline).widened.length === 0;
}

/**
 * The grants as short lines, e.g. `read: .`, `run: git`, `write: none`.
 *
 * @example
 * ```ts
 * describeGrants(effectivePermissions(agent)).join("\n");
 * ```
 */
export function describeGrants(permissions: EffectivePermissions): string[] {
  const list = (grant: NormalGrant) =>
    grant === true ? ALL : grant.length === 0 ? "none" : grant.join(", ");
  return [
    ...GRANT_NAMES.map((name) => `${name}: ${list(permissions[name])}`),
    `tools: ${list(permissions.tools)}`,
    `mcpServers: ${list(permissions.mcpServers)}`,
    `provider: ${permissions.provider || "none"}`,
  ];
}
