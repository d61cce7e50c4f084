/**
 * RFC 7591 dynamic client registration: the metadata a client may send,
 * validated with zod. Redirect URIs must be absolute `https` URLs or `http`
 * URLs on a loopback address (RFC 8252 §7.3, what desktop clients such as
 * the MCP Inspector and Claude Code use), with no fragment and no user info;
 * custom schemes and plain-http remote hosts are refused, so a registered
 * client cannot have codes sent to a place an attacker reads. Clients are
 * public (PKCE, `token_endpoint_auth_method: none`): whatever method is asked
 * for, the answer says `none`, as RFC 7591 §3.2.1 allows.
 * @module
 */

import { z } from "../../core/deps.ts";
import { isLoopbackHostname } from "../../core/km_client/host_guard.ts";
import type { OAuthClient } from "./oauth_store.ts";

/** Whether a redirect URI is acceptable; the reason when it is not. */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${JSON.stringify(uri.slice(0, 200))} is not an absolute URL`;
  }
  if (url.hash !== "" || uri.includes("#")) return `${uri} has a fragment`;
  if (url.username !== "" || url.password !== "") return `${uri} carries user info`;
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHostname(url.hostname)) return undefined;
  return `${uri} is neither https nor http on a loopback address (127.0.0.1, [::1], localhost)`;
}

/** The registration request (unknown members are ignored, as RFC 7591 §2 requires). */
export const ClientMetadataSchema = z.object({
  redirect_uris: z.array(z.string().max(2000)).min(1).max(10),
  client_name: z.string().trim().min(1).max(200).optional(),
  grant_types: z.array(z.enum(["authorization_code", "refresh_token"])).min(1).optional(),
  response_types: z.array(z.literal("code")).min(1).optional(),
  token_endpoint_auth_method: z.string().max(100).optional(),
  scope: z.string().max(2000).optional(),
});

/** The registration response of a stored client. */
export function registrationResponse(client: OAuthClient): Record<string, unknown> {
  return {
    client_id: client.clientId,
    client_id_issued_at: Math.floor(client.createdAt / 1000),
    client_name: client.name,
    redirect_uris: client.redirectUris,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  };
}

/**
 * Validates a registration body: the client's name and redirect URIs, or an
 * RFC 7591 error (`invalid_redirect_uri` / `invalid_client_metadata`).
 *
 * @example
 * ```ts
 * const checked = checkRegistration(await request.json());
 * if ("error" in checked) return Response.json(checked, { status: 400 });
 * ```
 */
export function checkRegistration(
  body: unknown,
): { name: string; redirectUris: string[] } | { error: string; error_description: string } {
  const parsed = ClientMetadataSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".") || "body";
    return {
      error: field.startsWith("redirect_uris") ? "invalid_redirect_uri" : "invalid_client_metadata",
      error_description: `${field}: ${issue.message}`,
    };
  }
  for (const uri of parsed.data.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) return { error: "invalid_redirect_uri", error_description: problem };
  }
  return {
    name: parsed.data.client_name ?? "unnamed client",
    redirectUris: [...new Set(parsed.data.redirect_uris)],
  };
}
