/**
 * `super-agents secrets set|get|list|rm|reset`: the per-user credential
 * store (OS keychain when one answers, else an encrypted file under
 * `~/.super-agents/`). Values come from stdin or a hidden prompt, never
 * from argv unless `--value` is given; `get` masks unless `--reveal`;
 * `list` never shows values. Changes and reveals are audited.
 * @module
 */

import { recordAudit } from "../../core/audit/record_audit.ts";
import { booleanFlag, defineCommand, stringFlag } from "../../core/cli/command.ts";
import { formatRows } from "../../core/cli/table.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { maskSecret } from "../../core/secrets/mask.ts";
import { readSecretInput } from "../../core/secrets/read_secret_input.ts";
import { parseSecretName } from "../../core/secrets/secret_name.ts";
import {
  listSecrets,
  readStoredSecret,
  removeSecret,
  resetSecretFile,
  setSecret,
} from "../../core/secrets/secret_store.ts";

const nameArg = [{
  name: "name",
  description: "the secret's name, e.g. ANTHROPIC_API_KEY",
  required: true,
}];

function notFound(name: string): SuperAgentsError {
  return new SuperAgentsError("SECRET_NOT_FOUND", `no secret named "${name}" is stored`, {
    hint:
      `store it: super-agents secrets set ${name}   (\`super-agents secrets list\` shows names)`,
  });
}

const set = defineCommand({
  name: "set",
  summary: "store a secret (value from stdin or a hidden prompt)",
  positionals: nameArg,
  flags: {
    value: {
      type: "string",
      description: "the value on the command line (lands in shell history: prefer stdin)",
    },
  },
  examples: [
    "super-agents secrets set ANTHROPIC_API_KEY            # prompts, input hidden",
    'printf %s "$KEY" | super-agents secrets set ANTHROPIC_API_KEY',
  ],
  async run(ctx, args) {
    const name = parseSecretName(args.positionals[0]);
    let value = stringFlag(args, "value");
    if (value !== undefined) {
      ctx.stderr.write(
        "warning: --value puts the secret in your shell history and the process list; " +
          "prefer piping it in or the hidden prompt\n",
      );
    } else value = await readSecretInput(ctx, name);
    const backend = await setSecret(ctx, name, value);
    await recordAudit(ctx, { action: "secret.set", target: name, details: { backend } });
    if (ctx.json) ctx.stdout.write(JSON.stringify({ name, backend }) + "\n");
    else ctx.stdout.write(`stored ${name} (${backend})\n`);
  },
});

const get = defineCommand({
  name: "get",
  summary: "show a secret masked, or in full with --reveal",
  positionals: nameArg,
  flags: { reveal: { type: "boolean", description: "print the value itself (audited)" } },
  examples: [
    "super-agents secrets get ANTHROPIC_API_KEY",
    "super-agents secrets get ANTHROPIC_API_KEY --reveal",
  ],
  async run(ctx, args) {
    const name = parseSecretName(args.positionals[0]);
    const stored = await readStoredSecret(ctx, name);
    if (!stored) throw notFound(name);
    const reveal = booleanFlag(args, "reveal");
    if (reveal) await recordAudit(ctx, { action: "secret.reveal", target: name });
    const shown = reveal ? stored.value : maskSecret(stored.value);
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({ name, backend: stored.backend, [reveal ? "value" : "masked"]: shown }) +
          "\n",
      );
    } else ctx.stdout.write(`${shown}\n`);
  },
});

const list = defineCommand({
  name: "list",
  summary: "list stored names and their backend (never values)",
  examples: ["super-agents secrets list", "super-agents secrets list --json"],
  async run(ctx) {
    const secrets = await listSecrets(ctx);
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ secrets }) + "\n");
      return;
    }
    if (secrets.length === 0) {
      ctx.stdout.write("no secrets stored (super-agents secrets set NAME)\n");
      return;
    }
    ctx.stdout.write(formatRows(
      secrets.map((secret) => [
        secret.name,
        secret.backend,
        new Date(secret.updatedAt).toISOString(),
      ]),
    ));
  },
});

const rm = defineCommand({
  name: "rm",
  summary: "remove a stored secret",
  positionals: nameArg,
  examples: ["super-agents secrets rm SUPER_AGENTS_SLACK_WEBHOOK"],
  async run(ctx, args) {
    const name = parseSecretName(args.positionals[0]);
    const backend = await removeSecret(ctx, name);
    if (!backend) throw notFound(name);
    await recordAudit(ctx, { action: "secret.remove", target: name, details: { backend } });
    if (ctx.json) ctx.stdout.write(JSON.stringify({ name, backend, removed: true }) + "\n");
    else ctx.stdout.write(`removed ${name} (${backend})\n`);
  },
});

const reset = defineCommand({
  name: "reset",
  summary: "move the encrypted file and its key aside and start a new store",
  description: "For a lost or damaged secret.key: secrets.enc and secret.key are renamed to\n" +
    "*.bak-<time> (nothing is deleted), so the old secrets can still be recovered\n" +
    "with the old key. Keychain secrets are not touched.",
  flags: { yes: { type: "boolean", description: "confirm" } },
  examples: ["super-agents secrets reset --yes"],
  async run(ctx, args) {
    if (!booleanFlag(args, "yes")) {
      throw new SuperAgentsError("CONFIRMATION_REQUIRED", "secrets reset needs --yes", {
        hint: "super-agents secrets reset --yes   (the old files are kept as *.bak-<time>)",
        exitCode: 2,
      });
    }
    const moved = await resetSecretFile(ctx);
    await recordAudit(ctx, { action: "secret.reset", details: { moved: moved.length } });
    if (ctx.json) ctx.stdout.write(JSON.stringify({ moved }) + "\n");
    else {
      for (const path of moved) ctx.stdout.write(`kept ${path}\n`);
      ctx.stdout.write("the next `secrets set` starts a new encrypted store with a new key\n");
    }
  },
});

/** The `secrets` command. */
export const command = defineCommand({
  name: "secrets",
  summary: "store API keys and webhook secrets per user (keychain or encrypted file)",
  description:
    "Secrets live in the OS keychain when one answers (secret-tool on Linux, security on\n" +
    "macOS), otherwise in ~/.super-agents/secrets.enc (AES-256-GCM, 0600) with a random\n" +
    "per-user key in ~/.super-agents/secret.key (0600). Never in the project.\n" +
    "SUPER_AGENTS_SECRETS_BACKEND=file|keychain|auto picks the backend. Environment\n" +
    "variables win over stored secrets (ANTHROPIC_API_KEY, SUPER_AGENTS_SLACK_WEBHOOK, ...).",
  subcommands: { set, get, list, rm, reset },
  examples: [
    "super-agents secrets set ANTHROPIC_API_KEY",
    "super-agents secrets list",
    "super-agents secrets get ANTHROPIC_API_KEY",
    "super-agents secrets rm ANTHROPIC_API_KEY",
  ],
});
