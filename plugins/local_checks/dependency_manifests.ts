/**
 * Package manifests and their lockfiles, per ecosystem: which file names are
 * manifests, which lockfiles belong to them, and how to read just the
 * dependency part of a manifest — so that editing `scripts` or `version` in a
 * `package.json` does not demand a lockfile update, but editing
 * `dependencies` does.
 * @module
 */

/** One ecosystem's manifest. */
export interface ManifestKind {
  /** Matches the manifest's base name. */
  name: RegExp;
  /** Lockfile base names, any of which satisfies the guard. */
  lockfiles: string[];
  /** The command that refreshes the lockfile. */
  install: string;
  /** The dependency declarations as comparable text. */
  dependencies(text: string): string;
}

function jsonSections(text: string, keys: string[], comments = false): string {
  try {
    const source = comments ? text.replace(/^\s*\/\/.*$|\/\*[\s\S]*?\*\//gm, "") : text;
    const value = JSON.parse(source) as Record<string, unknown>;
    return JSON.stringify(keys.map((key) => value?.[key] ?? null));
  } catch {
    return text; // not valid JSON: compare the whole text, so any edit counts
  }
}

/** Lines of the TOML/INI sections whose header matches, plus a `[project]` dependencies array. */
function tomlSections(text: string, header: RegExp): string {
  const kept: string[] = [];
  let keep = false;
  let inProjectArray = false;
  let section = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    const heading = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (heading) {
      section = heading[1].trim();
      keep = header.test(section);
      if (keep) kept.push(line);
      continue;
    }
    if (section === "project" && /^(?:dependencies|optional-dependencies)\s*=/.test(line)) {
      inProjectArray = true;
    }
    if (keep || inProjectArray) kept.push(line);
    if (inProjectArray && line.includes("]")) inProjectArray = false;
  }
  return kept.filter(Boolean).join("\n");
}

function goRequirements(text: string): string {
  return text.split(/\r?\n/).map((line) => line.replace(/\/\/.*$/, "").trim())
    .filter((line) => line !== "" && !/^(?:module|go|toolchain)\s/.test(line)).join("\n");
}

/** Every manifest kind the dependency guard knows. */
export const MANIFESTS: readonly ManifestKind[] = [
  {
    name: /^package\.json$/,
    lockfiles: [
      "package-lock.json",
      "npm-shrinkwrap.json",
      "yarn.lock",
      "pnpm-lock.yaml",
      "bun.lock",
      "bun.lockb",
      "deno.lock",
    ],
    install: "npm install (or yarn / pnpm install / bun install / deno install)",
    dependencies: (text) =>
      jsonSections(text, [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
        "overrides",
        "resolutions",
        "workspaces",
      ]),
  },
  {
    name: /^deno\.jsonc?$/,
    lockfiles: ["deno.lock"],
    install: "deno install",
    dependencies: (text) => jsonSections(text, ["imports", "scopes", "workspace"], true),
  },
  {
    name: /^Cargo\.toml$/,
    lockfiles: ["Cargo.lock"],
    install: "cargo update -w (or cargo build)",
    dependencies: (text) => tomlSections(text, /dependencies|^patch|^workspace$/),
  },
  {
    name: /^go\.mod$/,
    lockfiles: ["go.sum"],
    install: "go mod tidy",
    dependencies: goRequirements,
  },
  {
    name: /^pyproject\.toml$/,
    lockfiles: ["poetry.lock", "uv.lock", "pdm.lock"],
    install: "poetry lock / uv lock / pdm lock",
    dependencies: (text) => tomlSections(text, /dependencies|dependency-groups/),
  },
  {
    name: /^Pipfile$/,
    lockfiles: ["Pipfile.lock"],
    install: "pipenv lock",
    dependencies: (text) => tomlSections(text, /packages|requires/),
  },
  {
    name: /^requirements[^/]*\.in$/,
    lockfiles: [],
    install: "pip-compile",
    dependencies: (text) => text.replace(/#.*$/gm, "").trim(),
  },
  {
    name: /^Gemfile$/,
    lockfiles: ["Gemfile.lock"],
    install: "bundle install",
    dependencies: (text) => text.replace(/#.*$/gm, "").trim(),
  },
  {
    name: /^composer\.json$/,
    lockfiles: ["composer.lock"],
    install: "composer update --lock",
    dependencies: (text) => jsonSections(text, ["require", "require-dev"]),
  },
];

/** The manifest kind of a path, by base name. */
export function manifestKind(path: string): ManifestKind | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return MANIFESTS.find((kind) => kind.name.test(base));
}

/**
 * Where a manifest's lockfile may live: next to it or in any parent directory
 * (workspaces keep one lockfile at the root). `requirements-dev.in` pairs with
 * `requirements-dev.txt`.
 *
 * @example
 * ```ts
 * lockfileCandidates("packages/a/package.json");
 * // ["packages/a/package-lock.json", ..., "packages/package-lock.json", ..., "package-lock.json", ...]
 * ```
 */
export function lockfileCandidates(path: string): string[] {
  const kind = manifestKind(path);
  if (!kind) return [];
  const base = path.slice(path.lastIndexOf("/") + 1);
  const names = kind.lockfiles.length ? kind.lockfiles : [base.replace(/\.in$/, ".txt")];
  const parts = path.split("/").slice(0, -1);
  const candidates: string[] = [];
  for (let depth = parts.length; depth >= 0; depth--) {
    const dir = parts.slice(0, depth).join("/");
    for (const name of names) candidates.push(dir ? `${dir}/${name}` : name);
    if (!kind.lockfiles.length) break; // pip-tools output sits next to its input
  }
  return candidates;
}
