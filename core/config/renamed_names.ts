/**
 * One concept, one name: each deterministic local check is
 * `<concept>-check` and its model agent `<concept>-agent`
 * (`contract-guardian-check` / `contract-guardian-agent`). The names used
 * before stay accepted wherever a user can type them — `run`, `check
 * --checks`, `SUPER_AGENTS_SKIP`, the `checks` and `hooks` settings — each
 * use printing {@linkcode deprecationNotice} on stderr; `super-agents
 * upgrade` rewrites them in the project's config files
 * ({@linkcode renameLegacyNames}).
 * @module
 */

/** Old name → current name of each renamed local agent (what `run` and the hooks take). */
export const RENAMED_AGENTS: Readonly<Record<string, string>> = {
  "contract-check": "contract-guardian-check",
  "fs-guard": "filesystem-guardian-check",
  "test-runner": "test-executor-check",
};

/**
 * Old name → current name of each renamed check (what `check --checks`,
 * `SUPER_AGENTS_SKIP`, `checks.enabled` and `hooks.prePushChecks` take):
 * the agents' old names and the checks' own old names.
 */
export const RENAMED_CHECKS: Readonly<Record<string, string>> = {
  "contract-check": "contract-guardian-check",
  "contract-guardian": "contract-guardian-check",
  "fs-guard": "filesystem-guardian-check",
  "filesystem-guardian": "filesystem-guardian-check",
  "dependency-guard": "dependency-check",
};

/**
 * The one-line notice printed when an old name is used; `inFile` adds that
 * `upgrade` rewrites it (for a name read from a config file).
 *
 * @example
 * ```ts
 * deprecationNotice("fs-guard", "filesystem-guardian-check");
 * // 'super-agents: "fs-guard" is deprecated, use "filesystem-guardian-check"'
 * ```
 */
export function deprecationNotice(
  old: string,
  current: string,
  where?: string,
  inFile = false,
): string {
  return `super-agents: "${old}"${where ? ` in ${where}` : ""} is deprecated, use "${current}"` +
    (inFile ? " (`super-agents upgrade` rewrites it in the project's config file)" : "");
}

/**
 * `names` with every old name replaced by its current one (`table` is
 * {@linkcode RENAMED_CHECKS} or {@linkcode RENAMED_AGENTS}), calling
 * `notice` once per old name; duplicates that a rename creates are dropped.
 *
 * @example
 * ```ts
 * currentNames(["fs-guard", "secret-scan"], RENAMED_CHECKS, console.error);
 * // ["filesystem-guardian-check", "secret-scan"], one notice
 * ```
 */
export function currentNames(
  names: readonly string[],
  table: Readonly<Record<string, string>>,
  notice?: (line: string) => void,
  where?: string,
): string[] {
  const result: string[] = [];
  for (const name of names) {
    const current = Object.hasOwn(table, name) ? table[name] : name;
    if (current !== name) notice?.(deprecationNotice(name, current, where));
    if (!result.includes(current)) result.push(current);
  }
  return result;
}

/**
 * The agent `name` names: itself when `known` has it (or `name-agent`),
 * else the current name of a renamed agent (calling `notice`), else itself.
 *
 * @example
 * ```ts
 * currentAgentName("test-runner", ["test-executor-check"], console.error); // "test-executor-check"
 * ```
 */
export function currentAgentName(
  name: string,
  known: readonly string[],
  notice?: (line: string) => void,
): string {
  if (known.includes(name) || known.includes(`${name}-agent`)) return name;
  if (!Object.hasOwn(RENAMED_AGENTS, name)) return name;
  notice?.(deprecationNotice(name, RENAMED_AGENTS[name]));
  return RENAMED_AGENTS[name];
}

/**
 * The agents a `--agents` filter names, old and current: an old name adds
 * its current one (calling `notice`), and a current name adds its old one,
 * so jobs queued under either name (before or after `upgrade`) match.
 *
 * @example
 * ```ts
 * agentFilter(["fs-guard"], console.error); // ["fs-guard", "filesystem-guardian-check"]
 * ```
 */
export function agentFilter(names: readonly string[], notice?: (line: string) => void): string[] {
  const result = new Set(names);
  for (const name of names) {
    if (Object.hasOwn(RENAMED_AGENTS, name)) {
      notice?.(deprecationNotice(name, RENAMED_AGENTS[name]));
      result.add(RENAMED_AGENTS[name]);
    }
    for (const [old, current] of Object.entries(RENAMED_AGENTS)) {
      if (current === name) result.add(old);
    }
  }
  return [...result];
}

/** The settings that hold check or agent names, and which table renames them. */
const NAME_LISTS: readonly [section: string, key: string, Readonly<Record<string, string>>][] = [
  ["checks", "enabled", RENAMED_CHECKS],
  ["hooks", "prePushChecks", RENAMED_CHECKS],
  ["hooks", "disabledAgents", RENAMED_AGENTS],
];

/** One old name found in a config file. */
export interface RenamedName {
  old: string;
  current: string;
  /** The file (or layer) and the setting, e.g. `config.json (checks.enabled)`. */
  where: string;
}

/**
 * A raw config file's value with old names replaced in `checks.enabled`,
 * `hooks.prePushChecks`, `hooks.disabledAgents` (also written as dotted
 * keys, `"checks.enabled": [...]`) and the keys of `analytics.slos`; what was
 * renamed, and one notice per old name (naming `origin`). Values that are
 * not lists of strings are left for the schema to report.
 *
 * @example
 * ```ts
 * renameLegacyNames({ checks: { enabled: ["fs-guard"] } }, "config.json").value;
 * // { checks: { enabled: ["filesystem-guardian-check"] } }
 * ```
 */
export function renameLegacyNames(
  raw: Record<string, unknown>,
  origin: string,
): { value: Record<string, unknown>; renamed: RenamedName[]; notices: string[] } {
  const renamed: RenamedName[] = [];
  const value: Record<string, unknown> = { ...raw };
  for (const [section, key, table] of NAME_LISTS) {
    const where = `${origin} (${section}.${key})`;
    const rename = (names: string[]) =>
      names.reduce<string[]>((result, name) => {
        const current = Object.hasOwn(table, name) ? table[name] : name;
        if (current !== name) renamed.push({ old: name, current, where });
        if (!result.includes(current)) result.push(current);
        return result;
      }, []);
    const dotted = `${section}.${key}`;
    const flat = value[dotted];
    if (isStringList(flat)) value[dotted] = rename(flat);
    const object = value[section];
    if (isObject(object) && isStringList(object[key])) {
      value[section] = { ...object, [key]: rename(object[key]) };
    }
  }
  const analytics = value.analytics;
  if (isObject(analytics) && isObject(analytics.slos)) {
    const slos: Record<string, unknown> = {};
    for (const [agent, slo] of Object.entries(analytics.slos)) {
      const current = Object.hasOwn(RENAMED_AGENTS, agent) ? RENAMED_AGENTS[agent] : agent;
      if (current === agent) {
        slos[agent] = slo;
        continue;
      }
      renamed.push({ old: agent, current, where: `${origin} (analytics.slos)` });
      // A setting under the current name wins over one under the old name.
      if (!Object.hasOwn(analytics.slos, current)) slos[current] = slo;
    }
    value.analytics = { ...analytics, slos };
  }
  // `upgrade` rewrites the project's file (not the global one, nor the environment).
  const inFile = /[\\/]\.claude[\\/]config\.json$/.test(origin);
  const notices = renamed.map(({ old, current, where }) =>
    deprecationNotice(old, current, where, inFile)
  );
  return { value, renamed, notices };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
