/**
 * The layers import only downwards (docs: ARCHITECTURE.md): entry (`main.ts`)
 * > `plugins/` > runtime (`agents/`) > kernel (`core/`). The import graph —
 * static imports, `import type`, re-exports and literal dynamic `import("...")`
 * (a manifest's `new URL("...", import.meta.url)` module references are data,
 * not imports) — has no arrow to a layer above its file's, and no cycle
 * between top-level folders. Every offending import is printed.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

async function* tsFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* tsFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** Layer ranks: a file may import its own rank or below. */
const LAYERS: Record<string, number> = { core: 0, agents: 1, plugins: 2, "main.ts": 3 };

/** The top-level folder (or root file) of a repository path. */
function topOf(path: string): string {
  return path.split("/")[0];
}

/** One import: the importing file, its specifier and where it resolves (repository paths). */
interface ImportEdge {
  file: string;
  specifier: string;
  target: string;
}

/** Source text without comments, so `@example` blocks are not read as imports. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

const IMPORT = new RegExp(
  [
    /\bfrom\s*["']([^"']+)["']/.source, // import ... from, import type ... from, export ... from
    /\bimport\s*["']([^"']+)["']/.source, // import "x" (side effect)
    /\bimport\s*\(\s*["']([^"']+)["']\s*[,)]/.source, // import("x"), typeof import("x")
  ].join("|"),
  "g",
);

/** The relative imports of the layered code, resolved to repository paths. */
async function importGraph(): Promise<ImportEdge[]> {
  const files = [join(root, "main.ts")];
  for (const dir of ["core", "agents", "plugins"]) {
    for await (const file of tsFiles(join(root, dir))) files.push(file);
  }
  const edges: ImportEdge[] = [];
  for (const path of files) {
    const text = withoutComments(await Deno.readTextFile(path));
    const file = relative(root, path);
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (!specifier.startsWith(".")) continue; // node:, npm:, jsr: — not a layer
      edges.push({ file, specifier, target: relative(root, join(path, "..", specifier)) });
    }
  }
  return edges;
}

/** Imports from a file to a layer above its own. */
export function upwardImports(edges: readonly ImportEdge[]): string[] {
  return edges.filter(({ file, target }) => {
    const from = LAYERS[topOf(file)];
    const to = LAYERS[topOf(target)];
    return from !== undefined && to !== undefined && to > from;
  }).map(({ file, specifier, target }) =>
    `${file} (${topOf(file)}) imports ${specifier} (${topOf(target)}, a layer above)`
  );
}

/**
 * Cycles between top-level folders: one line per folder arrow on a cycle,
 * with every import that makes it (counted only for a downward arrow).
 */
export function folderCycles(edges: readonly ImportEdge[]): string[] {
  const between = edges.filter((e) => topOf(e.file) !== topOf(e.target));
  const next = new Map<string, Set<string>>();
  for (const { file, target } of between) {
    const set = next.get(topOf(file)) ?? new Set();
    set.add(topOf(target));
    next.set(topOf(file), set);
  }
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const at = stack.pop()!;
      if (at === to) return true;
      if (seen.has(at)) continue;
      seen.add(at);
      stack.push(...(next.get(at) ?? []));
    }
    return false;
  };
  // An arrow a → b lies on a cycle exactly when b reaches a.
  const arrows = new Map<string, string[]>();
  for (const { file, specifier, target } of between) {
    if (!reaches(topOf(target), topOf(file))) continue;
    const arrow = `${topOf(file)} → ${topOf(target)}`;
    arrows.set(arrow, [...arrows.get(arrow) ?? [], `${file} imports ${specifier}`]);
  }
  // A downward arrow of the cycle is summed up; the others are listed import by import.
  return [...arrows].map(([arrow, imports]) => {
    const [from, to] = arrow.split(" → ");
    const listed = LAYERS[from] > LAYERS[to] ? `${imports.length} import(s)` : imports.join("; ");
    return `cycle between top-level folders: ${arrow} (${listed})`;
  });
}

/**
 * Known upward imports still to remove (each must still exist, so the list
 * only shrinks): the worker's chat notifications load the notifications plugin.
 */
const KNOWN_UPWARD: string[] = [];

Deno.test("each layer imports only the layers below it, and top-level folders form no cycle", async () => {
  const all = await importGraph();
  assert.ok(all.some((e) => e.file === "main.ts"), "the graph must include main.ts");
  const key = (e: ImportEdge) => `${e.file} -> ${e.specifier}`;
  assert.deepEqual(
    KNOWN_UPWARD.filter((known) => !all.some((e) => key(e) === known)),
    [],
    "a known upward import is gone: remove it from KNOWN_UPWARD",
  );
  const edges = all.filter((e) => !KNOWN_UPWARD.includes(key(e)));
  const offenders = [...upwardImports(edges), ...folderCycles(edges)];
  assert.ok(
    offenders.length === 0,
    `${offenders.length} problem(s) in the layering (entry > plugins > agents > core):\n` +
      offenders.map((line) => `  ${line}`).join("\n"),
  );
});

Deno.test("the import-graph rules catch an upward import and a cycle", () => {
  const edges = [
    { file: "core/a.ts", specifier: "../agents/b.ts", target: "agents/b.ts" },
    { file: "agents/b.ts", specifier: "../core/a.ts", target: "core/a.ts" },
    { file: "agents/c.ts", specifier: "../plugins/d.ts", target: "plugins/d.ts" },
    { file: "plugins/d.ts", specifier: "../main.ts", target: "main.ts" },
    { file: "main.ts", specifier: "./core/a.ts", target: "core/a.ts" },
  ];
  assert.deepEqual(upwardImports(edges), [
    "core/a.ts (core) imports ../agents/b.ts (agents, a layer above)",
    "agents/c.ts (agents) imports ../plugins/d.ts (plugins, a layer above)",
    "plugins/d.ts (plugins) imports ../main.ts (main.ts, a layer above)",
  ]);
  assert.deepEqual(folderCycles(edges), [
    "cycle between top-level folders: core → agents (core/a.ts imports ../agents/b.ts)",
    "cycle between top-level folders: agents → core (1 import(s))",
    "cycle between top-level folders: agents → plugins (agents/c.ts imports ../plugins/d.ts)",
    "cycle between top-level folders: plugins → main.ts (plugins/d.ts imports ../main.ts)",
    "cycle between top-level folders: main.ts → core (1 import(s))",
  ]);
  assert.deepEqual(folderCycles(edges.slice(2)), []);
});

/**
 * Features that moved out of the kernel into plugins (README, Layout): none
 * of them may come back under `core/`.
 */
const MOVED_OUT_OF_CORE: Record<string, string> = {
  "core/km": "plugins/km (the KM server, store, dashboard and their commands)",
  "core/commands": "plugins/core_commands and each feature's commands/ folder",
  "core/doctor": "plugins/doctor",
  "core/project": "plugins/project (init, upgrade, uninstall, demo)",
  "core/global": "plugins/project/global",
  "core/profile": "plugins/profile",
  "core/worker_supervisor": "plugins/km/worker_supervisor",
  "core/cli/completions": "plugins/completions",
  "core/cli/tui": "plugins/core_commands/tui",
  "core/cli/init_wizard.ts": "plugins/project/init_wizard.ts",
};

/** The moved features found under `core/` of the tree at `dir`, each with its home. */
export async function featuresBackInCore(dir: string): Promise<string[]> {
  const back: string[] = [];
  for (const [path, home] of Object.entries(MOVED_OUT_OF_CORE)) {
    try {
      await Deno.lstat(join(dir, path));
      back.push(`${path} is back in the kernel; it belongs in ${home}`);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return back;
}

Deno.test("core/ holds none of the features that moved to plugins/", async () => {
  assert.deepEqual(await featuresBackInCore(root), []);
});

Deno.test("a moved feature recreated under core/ is caught", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "core", "km"), { recursive: true });
    await Deno.writeTextFile(join(dir, "core", "km", "server.ts"), "export {};\n");
    await Deno.writeTextFile(join(dir, "core", "paths.ts"), "export {};\n");
    assert.deepEqual(await featuresBackInCore(dir), [
      "core/km is back in the kernel; it belongs in plugins/km (the KM server, store, dashboard and their commands)",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Lines of the `.ts` files under `dir`. */
async function linesUnder(dir: string): Promise<number> {
  let lines = 0;
  for await (const file of tsFiles(dir)) {
    lines += (await Deno.readTextFile(file)).split("\n").length - 1;
  }
  return lines;
}

/** The kernel's size as the README's Layout section states it. */
export function statedKernelLines(readme: string): number | undefined {
  const stated = /`core\/` holds ([\d,]+) lines/.exec(readme);
  return stated ? Number(stated[1].replaceAll(",", "")) : undefined;
}

Deno.test("core/ stays within 10% of the size the README states", async () => {
  const stated = statedKernelLines(await Deno.readTextFile(join(root, "README.md")));
  assert.ok(stated, 'README.md\'s Layout section must say "`core/` holds N lines"');
  const actual = await linesUnder(join(root, "core"));
  assert.ok(
    actual <= stated * 1.1,
    `core/ has ${actual} lines, more than 10% over the ${stated} README.md states: move the ` +
      "feature into plugins/<name>/, or update the Layout section if the kernel really grew",
  );
  assert.equal(statedKernelLines("`core/` holds 12,345 lines (today)"), 12345);
  assert.equal(statedKernelLines("core holds many lines"), undefined);
});

Deno.test("core/ imports external packages only through deps.ts modules", async () => {
  const offenders: string[] = [];
  for await (const file of tsFiles(join(root, "core"))) {
    if (file.endsWith("deps.ts")) continue;
    const text = await Deno.readTextFile(file);
    if (/from\s+["'](npm:|jsr:|https?:)/.test(text)) offenders.push(relative(root, file));
  }
  assert.deepEqual(offenders, []);
});
