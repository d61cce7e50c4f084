/**
 * OS keychain backends of the credential store, driven through their own
 * command-line tools with `Deno.Command` (the value always travels on
 * stdin, never in an argument other processes could see): `secret-tool`
 * (libsecret, Linux) and `security` (macOS). A keychain is used only when
 * its program exists and answers: on Linux a secret service must be
 * reachable on the session bus.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";

/** The keychain backends. */
export type KeychainName = "secret-tool" | "security";

/** A keychain, by name and three operations. */
export interface Keychain {
  name: KeychainName;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  remove(name: string): Promise<boolean>;
}

const SERVICE = "super-agents";
const PROBE_TIMEOUT_MS = 3_000;

interface Output {
  code: number;
  stdout: string;
  stderr: string;
}

async function exec(
  program: string,
  args: string[],
  stdin?: string,
  timeoutMs = 15_000,
): Promise<Output> {
  const child = new Deno.Command(program, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    if (stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(stdin));
      await writer.close();
    }
    const result = await child.output();
    const decoder = new TextDecoder();
    return {
      code: result.code,
      stdout: decoder.decode(result.stdout),
      stderr: decoder.decode(result.stderr),
    };
  } finally {
    clearTimeout(timer);
  }
}

function failed(tool: string, action: string, output: Output): SuperAgentsError {
  return new SuperAgentsError(
    "KEYCHAIN_FAILED",
    `${tool} could not ${action}: ${output.stderr.trim() || `exit code ${output.code}`}`,
    { hint: "unlock your keychain, or use the encrypted file: SUPER_AGENTS_SECRETS_BACKEND=file" },
  );
}

/** libsecret through `secret-tool` (GNOME Keyring, KWallet, KeePassXC ...). */
export const secretTool: Keychain = {
  name: "secret-tool",
  async get(name) {
    const out = await exec("secret-tool", ["lookup", "service", SERVICE, "account", name]);
    if (out.code === 0) return out.stdout;
    if (out.stderr.trim() === "") return undefined; // exit 1, silent: no such item
    throw failed("secret-tool", `read "${name}"`, out);
  },
  async set(name, value) {
    const args = ["store", `--label=super-agents: ${name}`, "service", SERVICE, "account", name];
    const out = await exec("secret-tool", args, value);
    if (out.code !== 0) throw failed("secret-tool", `store "${name}"`, out);
  },
  async remove(name) {
    const existed = (await this.get(name)) !== undefined;
    const out = await exec("secret-tool", ["clear", "service", SERVICE, "account", name]);
    if (out.code !== 0 && out.stderr.trim() !== "") {
      throw failed("secret-tool", `remove "${name}"`, out);
    }
    return existed;
  },
};

/** Quotes a word for `security -i`'s command reader. */
function securityQuote(word: string): string {
  return `"${word.replace(/(["\\])/g, "\\$1")}"`;
}

/** The macOS login keychain through `security`. */
export const macKeychain: Keychain = {
  name: "security",
  async get(name) {
    const out = await exec("security", ["find-generic-password", "-s", SERVICE, "-a", name, "-w"]);
    if (out.code === 0) return out.stdout.replace(/\n$/, "");
    if (out.code === 44) return undefined; // errSecItemNotFound
    throw failed("security", `read "${name}"`, out);
  },
  async set(name, value) {
    // `security -i` reads the command from stdin, so the value never appears in `ps`.
    const line = ["add-generic-password", "-U", "-s", SERVICE, "-a", name, "-w", value]
      .map(securityQuote).join(" ");
    const out = await exec("security", ["-i"], line + "\n");
    if (out.code !== 0 || /error/i.test(out.stderr)) {
      throw failed("security", `store "${name}"`, out);
    }
  },
  async remove(name) {
    const out = await exec("security", ["delete-generic-password", "-s", SERVICE, "-a", name]);
    if (out.code === 0) return true;
    if (out.code === 44) return false;
    throw failed("security", `remove "${name}"`, out);
  },
};

async function available(program: string, args: string[]): Promise<Output | undefined> {
  try {
    return await exec(program, args, undefined, PROBE_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined; // not installed
    throw error;
  }
}

/**
 * The keychain of this machine, when one exists and answers; `undefined`
 * otherwise (the store then uses the encrypted file).
 *
 * @example
 * ```ts
 * const keychain = await detectKeychain((name) => Deno.env.get(name));
 * console.log(keychain?.name ?? "file");
 * ```
 */
export async function detectKeychain(
  env: (name: string) => string | undefined,
): Promise<Keychain | undefined> {
  if (Deno.build.os === "darwin") {
    const out = await available("security", ["default-keychain"]);
    return out?.code === 0 ? macKeychain : undefined;
  }
  if (Deno.build.os === "linux") {
    if (!env("DBUS_SESSION_BUS_ADDRESS")) return undefined; // no session bus: no secret service
    const out = await available("secret-tool", [
      "lookup",
      "service",
      SERVICE,
      "account",
      "__super_agents_probe__",
    ]);
    // Reachable: found (0) or silently not found (1). An unreachable service prints an error.
    return out && out.code <= 1 && out.stderr.trim() === "" ? secretTool : undefined;
  }
  return undefined;
}
