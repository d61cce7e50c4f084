/**
 * `super-agents mcp token create|list|revoke`: the per-user bearer tokens
 * (`~/.super-agents/tokens.json`, 0600, digests only) that remote MCP
 * clients present to any of this user's KMs.
 * @module
 */

import { recordAudit } from "../../core/audit/record_audit.ts";
import { defineCommand } from "../../core/cli/command.ts";
import { SuperAgentsError } from "../../core/errors.ts";
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

const create = defineCommand({
  name: "create",
  summary: "create a named token and print it once",
  positionals: [{
    name: "name",
    description: "what the token is for, e.g. laptop",
    required: true,
  }],
  examples: ["super-agents mcp token create laptop", "super-agents mcp token create ci --json"],
  async run(ctx, args) {
    const name = checkName(args.positionals[0]);
    const path = tokenStorePath(ctx);
    const token = await createUserToken(path, name, new Date(ctx.now()));
    await recordAudit(ctx, { action: "token.create", target: name });
    if (ctx.json) ctx.stdout.write(JSON.stringify({ name, token, store: path }) + "\n");
    else {
      ctx.stdout.write(`${token}\n`);
      ctx.stderr.write(`token "${name}" stored (as a digest) in ${path}; it is not shown again\n`);
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
        JSON.stringify({ tokens: tokens.map(({ name, createdAt }) => ({ name, createdAt })) }) +
          "\n",
      );
      return;
    }
    if (tokens.length === 0) ctx.stdout.write("no tokens (create one with `mcp token create`)\n");
    for (const token of tokens) ctx.stdout.write(`${token.name}\t${token.createdAt}\n`);
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
