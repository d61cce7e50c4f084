/**
 * `super-agents license-header [--header FILE] [--ext EXT ...]`: checks the
 * source files under the working directory against the license header in
 * `FILE` (default `.license-header`), prints the files that lack it and
 * exits 1 when there are any (0 when none; 2 when there is no header).
 * `--json` prints `{ header, checked, offenders }`.
 * @module
 */

import { defineCommand, SuperAgentsError } from "../../../plugin.ts";
import { join } from "node:path";
import { DEFAULT_EXTENSIONS, findOffenders } from "./find_offenders.ts";

async function readHeader(cwd: string, file: string): Promise<string> {
  try {
    const header = await Deno.readTextFile(join(cwd, file));
    if (header.trim() !== "") return header;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  throw new SuperAgentsError("LICENSE_HEADER_MISSING", `no license header in ${file}`, {
    hint: "write the header every source file must start with to .license-header, " +
      "or pass --header <file>",
    exitCode: 2,
  });
}

/** The command. */
export const command = defineCommand({
  name: "license-header",
  summary: "list the source files that do not start with the license header",
  description: "Checks every source file under the working directory (not following links, " +
    "skipping hidden folders, node_modules, dist, build, vendor, coverage and target). A file " +
    "may start with a #! line before the header.",
  flags: {
    header: { type: "string", description: "<file> the header (default: .license-header)" },
    ext: {
      type: "string",
      multiple: true,
      description: `<ext> an extension to check (repeatable; default: ${
        DEFAULT_EXTENSIONS.join(", ")
      })`,
    },
  },
  examples: [
    "super-agents license-header",
    "super-agents license-header --header LICENSE_HEADER.txt --ext ts --ext js --json",
  ],
  async run(ctx, args) {
    const headerFile = typeof args.values.header === "string"
      ? args.values.header
      : ".license-header";
    const ext = args.values.ext;
    const extensions = Array.isArray(ext) && ext.length > 0
      ? ext.map((e) => e.replace(/^\./, ""))
      : DEFAULT_EXTENSIONS;
    const header = await readHeader(ctx.cwd, headerFile);
    const report = await findOffenders(ctx.cwd, header, extensions);
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ header: headerFile, ...report }) + "\n");
    } else if (report.offenders.length === 0) {
      ctx.stdout.write(`all ${report.checked.length} source files start with the license header\n`);
    } else {
      ctx.stdout.write(
        `${report.offenders.length} of ${report.checked.length} source files do not start with ` +
          `the license header in ${headerFile}:\n${
            report.offenders.map((f) => `  ${f}\n`).join("")
          }`,
      );
    }
    return report.offenders.length === 0 ? 0 : 1;
  },
});
