/**
 * Test support for OAuth with real client code: an in-memory
 * `OAuthClientProvider` for the official MCP SDK (the SDK discovers,
 * registers, builds the PKCE request and exchanges codes; the provider only
 * stores what it is handed) and a scripted browser that answers a consent
 * page the way a person's browser does — it loads the page, keeps its
 * cookie, and posts the form with the project token.
 * @module
 */

import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthTokens,
} from "./mcp_auth_deps.ts";

export { UnauthorizedError } from "./mcp_auth_deps.ts";

/** A provider that keeps everything in memory and records the authorization URL. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  information?: OAuthClientInformationMixed;
  saved?: OAuthTokens;
  verifier = "";
  /** The URL the SDK sent the "browser" to (set by each new authorization). */
  authorizationUrl?: URL;
  /** Every token set the SDK saved, in order. */
  history: OAuthTokens[] = [];

  constructor(readonly redirectUrl: string, readonly name = "e2e client") {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  clientInformation() {
    return this.information;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.information = information;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
    this.history.push(tokens);
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery") {
    if (scope === "all" || scope === "tokens") this.saved = undefined;
    if (scope === "all" || scope === "client") this.information = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = "";
  }
}

/** What the consent page offered and what the browser got back. */
export interface ConsentOutcome {
  page: string;
  status: number;
  /** The redirect's `Location`, if the answer was a redirect. */
  location?: URL;
}

/**
 * Loads the consent page at `authorizationUrl` and posts `decision` with the
 * project `token` (omit it to post without signing in), as a browser would.
 */
export async function answerConsent(
  authorizationUrl: URL,
  options: {
    token?: string;
    decision?: "allow" | "deny";
    csrf?: string;
    /** Scopes to untick before answering (a browser sends only the ticked boxes). */
    untick?: string[];
  } = {},
): Promise<ConsentOutcome> {
  const page = await fetch(authorizationUrl, { redirect: "manual" });
  const html = await page.text();
  if (page.status !== 200) return { page: html, status: page.status };
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0];
  const field = (name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? "";
  const form = new URLSearchParams({
    request_id: field("request_id"),
    csrf: options.csrf ?? field("csrf"),
    decision: options.decision ?? "allow",
  });
  if (options.token !== undefined) form.set("token", options.token);
  for (const match of html.matchAll(/name="scope" value="([^"]*)" checked/g)) {
    if (!(options.untick ?? []).includes(match[1])) form.append("scope", match[1]);
  }
  const answer = await fetch(new URL("/oauth/authorize", authorizationUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: form,
    redirect: "manual",
  });
  const location = answer.headers.get("location");
  return {
    page: html,
    status: answer.status,
    location: location ? new URL(location) : undefined,
  };
}
