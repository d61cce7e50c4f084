/**
 * Doctor check: the global install — the install record
 * (`~/.super-agents-config`) is valid, the launcher it names exists and is
 * executable, and the launcher's directory is on PATH.
 * @module
 */

import { delimiter, dirname } from "node:path";
import { errorMessage } from "../../core/errors.ts";
import { readInstallRecord } from "../project/global/install_record.ts";
import { globalPaths } from "../../core/paths.ts";
import { defineCheck, type Finding } from "./check.ts";

const id = "install";
const REINSTALL = "deno task install   (in the super-agents checkout)";

/** The check. */
export const check = defineCheck({
  id,
  title: "super-agents is installed and on PATH",
  async run(env): Promise<Finding[]> {
    const recordPath = globalPaths(env.ctx).config;
    let record;
    try {
      record = await readInstallRecord(recordPath);
    } catch (error) {
      return [{ check: id, severity: "error", message: errorMessage(error), fix: REINSTALL }];
    }
    if (!record) {
      return [{
        check: id,
        severity: "warning",
        message: `not installed globally (no ${recordPath}); running from a checkout`,
        fix: REINSTALL,
      }];
    }
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(record.installPath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      return [{
        check: id,
        severity: "error",
        message: `the launcher ${record.installPath} named by ${recordPath} is missing`,
        fix: REINSTALL,
      }];
    }
    if (info.mode !== null && (info.mode & 0o111) === 0) {
      return [{
        check: id,
        severity: "error",
        message: `the launcher ${record.installPath} is not executable`,
        fix: `chmod +x ${record.installPath}`,
      }];
    }
    const dir = dirname(record.installPath);
    const onPath = (env.ctx.env("PATH") ?? "").split(delimiter).some((entry) => entry === dir);
    if (!onPath) {
      return [{
        check: id,
        severity: "warning",
        message: `${dir} (where the launcher is) is not on PATH`,
        fix: `echo 'export PATH="${dir}:$PATH"' >> ~/.profile   (then open a new shell)`,
      }];
    }
    return [{
      check: id,
      severity: "ok",
      message: `super-agents ${record.version} installed at ${record.installPath}`,
    }];
  },
});
