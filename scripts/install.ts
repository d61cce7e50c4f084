/**
 * `deno task install [--prefix DIR] [--source URL] [--force]`: puts a small
 * `super-agents` launcher on PATH (default `~/.local/bin`, `/usr/local/bin`
 * as root) that runs this checkout's `main.ts` (or `--source`, e.g. an
 * `https:` URL) with the Deno that ran the install, and writes the install
 * record `~/.super-agents-config`. The launcher holds absolute paths only, so
 * it works from any directory and through symlinks.
 * @module
 */

import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../core/atomic_file.ts";
import { createContext } from "../core/context.ts";
import { errorMessage, SuperAgentsError } from "../core/errors.ts";
import { writeInstallRecord } from "../plugins/project/global/install_record.ts";
import { globalPaths } from "../core/paths.ts";
import { VERSION } from "../core/version.ts";
import { templateSource } from "../templates/mod.ts";
import { cacheModules } from "./cache_modules.ts";
import { shellQuote } from "../core/cli/shell_quote.ts";

/** First line after the shebang of every launcher we write (how we recognise ours). */
export const LAUNCHER_MARK = "# super-agents launcher";

/**
 * The launcher script for a Deno binary and a `main.ts` URL. A checkout runs
 * `--cached-only` (the install cached its modules): no plugin can make Deno
 * fetch an npm package outside its permissions. A URL source loads its
 * modules as it goes, so it cannot, and third-party plugins do not run there.
 */
export function launcherScript(deno: string, main: URL, configFile?: string): string {
  const target = main.protocol === "file:" ? fileURLToPath(main) : main.href;
  const config = configFile ? `--config ${shellQuote(configFile)}` : "--no-config";
  const cached = main.protocol === "file:" ? "--cached-only " : "";
  return [
    "#!/bin/sh",
    `${LAUNCHER_MARK} ${VERSION}, written by scripts/install.ts; rerun it to update.`,
    `DENO=${shellQuote(deno)}`,
    '[ -x "$DENO" ] || DENO=deno # the Deno used at install time is gone: use the one on PATH',
    // --no-prompt: a sandboxed worker (a job, a plugin) that needs more fails; it never asks.
    `exec "$DENO" run -A --unstable-worker-options --no-prompt --quiet ${cached}${config} ` +
    `${shellQuote(target)} "$@"`,
    "",
  ].join("\n");
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function refuseForeignFile(path: string, force: boolean): Promise<void> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (!text.includes(LAUNCHER_MARK) && !force) {
    throw new SuperAgentsError(
      "INSTALL_CONFLICT",
      `${path} exists and is not a super-agents launcher`,
      {
        hint: "choose another --prefix, or pass --force to replace it",
      },
    );
  }
}

/** Installs the launcher; returns the exit code. */
export async function install(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      prefix: { type: "string" },
      source: { type: "string" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log("usage: deno task install [--prefix DIR] [--source PATH|URL] [--force]");
    return 0;
  }
  const ctx = createContext();
  // `deno task` runs in the checkout; INIT_CWD is where the user typed the command.
  const userCwd = ctx.env("INIT_CWD") ?? ctx.cwd;
  const main = values.source
    ? (/^[a-z]+:\/\//i.test(values.source)
      ? new URL(values.source)
      : pathToFileURL(resolve(userCwd, values.source)))
    : new URL("../main.ts", import.meta.url);
  const prefix = resolve(
    userCwd,
    values.prefix ?? (Deno.uid() === 0 ? "/usr/local/bin" : join(ctx.home, ".local", "bin")),
  );
  const launcher = join(prefix, "super-agents");
  const deno = isFile(Deno.execPath()) ? Deno.execPath() : "deno";
  const denoJson = main.protocol === "file:"
    ? join(dirname(fileURLToPath(main)), "deno.json")
    : undefined;
  try {
    await refuseForeignFile(launcher, values.force ?? false);
    if (main.protocol === "file:") {
      await cacheModules(deno, dirname(fileURLToPath(main)), { dev: false });
    }
    await Deno.mkdir(prefix, { recursive: true });
    await writeFileAtomic(
      launcher,
      launcherScript(deno, main, denoJson && isFile(denoJson) ? denoJson : undefined),
      { mode: 0o755 },
    );
    const record = globalPaths(ctx).config;
    await writeInstallRecord(record, {
      version: VERSION,
      installPath: launcher,
      source: main.href,
      templateSource: main.protocol === "file:" ? templateSource : new URL("templates/", main).href,
      deno,
      installedAt: new Date().toISOString(),
    });
    const onPath = (ctx.env("PATH") ?? "").split(delimiter).some((dir) =>
      dir && resolve(dir) === prefix
    );
    console.log(`installed super-agents ${VERSION}`);
    console.log(`  launcher  ${launcher}`);
    console.log(`  runs      ${main.protocol === "file:" ? fileURLToPath(main) : main.href}`);
    console.log(`  with      ${deno}`);
    if (main.protocol !== "file:") {
      console.log(
        "  note      a URL install loads modules as it runs, so it runs without " +
          "--cached-only and refuses third-party plugin code (install from a checkout for that)",
      );
    }
    console.log(`  record    ${record}`);
    console.log(
      onPath
        ? `${prefix} is on your PATH: try \`super-agents --help\``
        : `${prefix} is not on your PATH; add it, e.g.\n  export PATH="${prefix}:$PATH"`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SuperAgentsError) {
      console.error(`error: ${error.message}`);
      if (error.hint) console.error(`hint: ${error.hint}`);
    } else {
      console.error(`error: cannot install into ${prefix}: ${errorMessage(error)}`);
      console.error("hint: choose a writable directory with --prefix DIR, or run as its owner");
    }
    return 1;
  }
}

if (import.meta.main) Deno.exit(await install(Deno.args));
