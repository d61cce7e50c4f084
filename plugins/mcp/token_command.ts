/**
 * `super-agents mcp token create|list|revoke`: the per-user bearer tokens
 * (`~/.super-agents/tokens.json`, 0600, digests only) that remote MCP
 * clients present to any of this user's KMs.
 * @module
 */

import { recordAudit } from "../../core/audit/record_audit.ts";
import { type CommandArgs, defineCommand, stringFlag } from "../../core/cli/command.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { BUILTIN_ROLES, ScopeSchema } from "../km_auth/scopes.ts";
import { createUserToken, readTokenStore, revokeUserToken, tokenStorePath } from "./token_store.ts";

const NAME = /^[A-Za-z0-9._-]{1,100}$/;

function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new SuperAgentsError("TOKEN_NAME_INVALID", `"${name}" is not a valid token name`, {
      hint: "use letters, digits, '.', '_' or '-' (up to 100), e.g. laptop or ci",
      exitCode: 2,
    });
  }
  return name;
}

/** The scopes `--role`/`--scope` ask for (default: the admin role, what tokens always held). */
function requestedScopes(args: CommandArgs): string[] {
  const role = stringFlag(args, "role");
  const listed = args.values.scope;
  const scopes = (Array.isArray(listed) ? listed : listed === undefined ? [] : [listed])
    .flatMap((value) => String(value).split(/[\s,]+/)).filter((scope) => scope !== "");
  if (role !== undefined && scopes.length > 0) {
    throw new SuperAgentsError("TOKEN_SCOPE_INVALID", "give --role or --scope, not both", {
      exitCode: 2,
    });
  }
  if (role !== undefined) {
    if (!Object.hasOwn(BUILTIN_ROLES, role)) {
      throw new SuperAgentsError("TOKEN_SCOPE_INVALID", `unknown role "${role}"`, {
        hint: `use one of ${Object.keys(BUILTIN_ROLES).join(", ")}, or list scopes with --scope`,
        exitCode: 2,
      });
    }
    return [...BUILTIN_ROLES[role]];
  }
  for (const scope of scopes) {
    const checked = ScopeSchema.safeParse(scope);
    if (!checked.success) {
      throw new SuperAgentsError("TOKEN_SCOPE_INVALID", `"${scope}" is not a scope`, {
        hint: checked.error.issues[0].message,
        exitCode: 2,
      });
    }
  }
  return scopes.length > 0 ? [...new Set(scopes)] : ["admin"];
}

const create = defineCommand({
  name: "create",
  summary: "create a named token and print it once",
  positionals: [{
    name: "name",
    description: "what the token is for, e.g. laptop",
    required: true,
  }],
  flags: {
    role: { type: "string", description: "<role> viewer, operator or admin (default admin)" },
    scope: {
      type: "string",
      multiple: true,
      description:
        "<scope> knowledge:read, knowledge:write, tasks:create, agents:run[:<agent>], admin",
    },
  },
  examples: [
    "super-agents mcp token create laptop",
    "super-agents mcp token create ci --role viewer --json",
    "super-agents mcp token create bot --scope knowledge:read --scope agents:run:reviewer-agent",
  ],
  async run(ctx, args) {
    const name = checkName(args.positionals[0]);
    const scopes = requestedScopes(args);
    const path = tokenStorePath(ctx);
    const token = await createUserToken(path, name, new Date(ctx.now()), scopes);
    await recordAudit(ctx, {
      action: "token.create",
      target: name,
      details: { scopes: scopes.join(" ") },
    });
    if (ctx.json) ctx.stdout.write(JSON.stringify({ name, token, scopes, store: path }) + "\n");
    else {
      ctx.stdout.write(`${token}\n`);
      ctx.stderr.write(
        `token "${name}" (${scopes.join(" ")}) stored (as a digest) in ${path}; ` +
          "it is not shown again\n",
      );
    }
  },
});

const list = defineCommand({
  name: "list",
  summary: "list token names and creation times",
  examples: ["super-agents mcp token list"],
  async run(ctx) {
    const tokens = await readTokenStore(tokenStorePath(ctx));
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({
          tokens: tokens.map(({ name, createdAt, scopes }) => ({
            name,
            createdAt,
            scopes: scopes ?? ["admin"],
          })),
        }) +
          "\n",
      );
      return;
    }
    if (tokens.length === 0) ctx.stdout.write("no tokens (create one with `mcp token create`)\n");
    for (const token of tokens) {
      ctx.stdout.write(
        `${token.name}\t${token.createdAt}\t${(token.scopes ?? ["admin"]).join(" ")}\n`,
      );
    }
  },
});

const revoke = defineCommand({
  name: "revoke",
  summary: "delete a token (takes effect within a second)",
  positionals: [{ name: "name", description: "the token's name", required: true }],
  examples: ["super-agents mcp token revoke laptop"],
  async run(ctx, args) {
    const name = checkName(args.positionals[0]);
    if (!await revokeUserToken(tokenStorePath(ctx), name)) {
      throw new SuperAgentsError("TOKEN_NOT_FOUND", `no token named "${name}"`, {
        hint: "see the names with `super-agents mcp token list`",
      });
    }
    if (ctx.json) ctx.stdout.write(JSON.stringify({ revoked: name }) + "\n");
    else ctx.stdout.write(`revoked ${name}\n`);
  },
});

/** The `mcp token` command group. */
export const tokenCommand = defineCommand({
  name: "token",
  summary: "manage per-user bearer tokens for MCP over HTTP",
  subcommands: { create, list, revoke },
  examples: ["super-agents mcp token create laptop", "super-agents mcp token list"],
});
