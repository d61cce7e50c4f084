/**
 * The integrity digest of a third-party plugin's code, recorded when it is
 * added and compared when it is loaded: a changed digest means its
 * manifest is read again before anything of it runs. For a folder: the
 * SHA-256 of a listing of every file under it (`<sha256>  <path>` lines,
 * sorted by path; `.git` left out); a folder holding a symbolic link is
 * refused, since a link would let the plugin read through its folder's
 * read grant to anywhere. For a file: the same listing of that one file.
 * For a URL: the SHA-256 of its entry module's fetched source. A `jsr:` or
 * `npm:` package is immutable per version; its digest is that of the
 * manifest as read.
 * @module
 */

import { join, relative } from "node:path";
import { SuperAgentsError } from "../../errors.ts";
import type { PluginSource } from "./plugin_source.ts";

const MAX_FILES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

function tooLarge(root: string, what: string): SuperAgentsError {
  return new SuperAgentsError("PLUGIN_TOO_LARGE", `the plugin folder ${root} holds ${what}`, {
    hint: `a plugin folder holds at most ${MAX_FILES} files and ${MAX_BYTES >> 20} MB: ` +
      "point at the plugin's own folder",
  });
}

async function filesUnder(root: string, dir: string, found: string[]): Promise<void> {
  const entries = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  for (const entry of entries.sort((a, b) => a.name < b.name ? -1 : 1)) {
    const path = join(dir, entry.name);
    if (entry.isSymlink) {
      throw new SuperAgentsError(
        "PLUGIN_SYMLINK",
        `the plugin folder ${root} holds a symbolic link (${relative(root, path)})`,
        { hint: "replace the link with the file it points to: a plugin may read only its folder" },
      );
    }
    if (entry.isDirectory) {
      if (dir === root && entry.name === ".git") continue;
      await filesUnder(root, path, found);
    } else found.push(path);
    if (found.length > MAX_FILES) throw tooLarge(root, `more than ${MAX_FILES} files`);
  }
}

async function listingDigest(root: string, files: string[]): Promise<string> {
  let lines = "";
  let total = 0;
  for (const file of files) {
    const bytes = await Deno.readFile(file);
    total += bytes.length;
    if (total > MAX_BYTES) throw tooLarge(root, `more than ${MAX_BYTES >> 20} MB`);
    lines += `${await sha256Hex(bytes)}  ${relative(root, file) || "."}\n`;
  }
  return `sha256-${await sha256Hex(new TextEncoder().encode(lines))}`;
}

/**
 * The digest of a fetched module's source (a URL plugin's entry, or one of
 * its executor modules).
 *
 * @example
 * ```ts
 * await urlDigest("http://127.0.0.1:8080/execute.ts"); // "sha256-9b2e..."
 * ```
 */
export async function urlDigest(entry: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(entry, { signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new SuperAgentsError("PLUGIN_UNREACHABLE", `${entry} is unreachable: ${error}`, {
      hint: "check the URL and your network, then try again",
      cause: error,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SuperAgentsError(
      "PLUGIN_UNREACHABLE",
      `${entry} answered ${response.status} ${response.statusText}`,
      { hint: "check the URL: it must serve the plugin's mod.ts" },
    );
  }
  return await bytesDigest(new Uint8Array(await response.arrayBuffer()));
}

/**
 * The digest of `bytes` as recorded for a module (`sha256-<hex>`).
 *
 * @example
 * ```ts
 * await bytesDigest(new TextEncoder().encode("export {};")); // "sha256-..."
 * ```
 */
export async function bytesDigest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return `sha256-${await sha256Hex(bytes)}`;
}

/**
 * The digest of the plugin's code at `source` (`manifestText`: the
 * manifest as read, for registry packages).
 *
 * @example
 * ```ts
 * await pluginDigest({ kind: "folder", root: "/work/hello", entry: "file:///work/hello/mod.ts" });
 * // "sha256-3f1c..."
 * ```
 */
export async function pluginDigest(source: PluginSource, manifestText = ""): Promise<string> {
  switch (source.kind) {
    case "folder": {
      const files: string[] = [];
      await filesUnder(source.root, source.root, files);
      return await listingDigest(source.root, files);
    }
    case "file": {
      const info = await Deno.lstat(source.root);
      if (info.isSymlink) {
        throw new SuperAgentsError("PLUGIN_SYMLINK", `${source.root} is a symbolic link`, {
          hint: "add the file it points to",
        });
      }
      return await listingDigest(source.root, [source.root]);
    }
    case "url":
      return await urlDigest(source.entry);
    default:
      return `sha256-${await sha256Hex(new TextEncoder().encode(manifestText))}`;
  }
}
