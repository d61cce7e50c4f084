/**
 * The plugin's executor: one job checks the project's source files against
 * the header in `.license-header` (or the file the job's input names as
 * `header`). A project where every file has the header completes with the
 * report; one where some lack it fails the job for good (retrying cannot
 * add a header), naming the files.
 * @module
 */

import { join } from "node:path";
import { type Executor, PermanentJobError } from "../../../plugin.ts";
import { findOffenders } from "./find_offenders.ts";

function headerFileOf(input: unknown): string {
  const header = (input as { header?: unknown } | null)?.header;
  return typeof header === "string" && header !== "" ? header : ".license-header";
}

/** Runs one check of the project at `ctx.root`. */
export const execute: Executor = async (ctx) => {
  const headerFile = headerFileOf(ctx.job.input);
  let header: string;
  try {
    header = await Deno.readTextFile(join(ctx.root, headerFile));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new PermanentJobError(`no license header in ${headerFile}`, "LICENSE_HEADER_MISSING");
  }
  ctx.progress({ message: `checking source files against ${headerFile}` });
  const report = await findOffenders(ctx.root, header);
  if (report.offenders.length > 0) {
    throw new PermanentJobError(
      `${report.offenders.length} of ${report.checked.length} source files do not start with ` +
        `the license header: ${report.offenders.join(", ")}`,
      "LICENSE_HEADER_MISSING",
    );
  }
  return {
    output: `all ${report.checked.length} source files start with the license header\n`,
    checked: report.checked,
  };
};
