/**
 * The consent page of the KM's authorization server: which client asks, for
 * which scopes, on which project, and where the browser goes next. The
 * person signs in the way the dashboard does — a browser that holds the
 * dashboard's session cookie is already signed in; otherwise the page asks
 * for the project token (`.claude/state/km.token`). The form carries a
 * per-request id and a CSRF token that must match a cookie set with the
 * page (`SameSite=Strict`, `HttpOnly`), so a foreign page cannot post a
 * consent on the person's behalf. Every value is HTML-escaped.
 * @module
 */

import { SCOPE_DESCRIPTIONS } from "./scopes.ts";

/** What the page shows. */
export interface ConsentView {
  requestId: string;
  csrf: string;
  clientName: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  project: string;
  resource: string;
  /** The browser holds a dashboard session: no token field. */
  signedIn: boolean;
  /** A message above the form (a wrong token). */
  problem?: string;
}

/** HTML-escapes text for element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function describe(scope: string): string {
  if (scope.startsWith("agents:run:")) return `run ${scope.slice("agents:run:".length)}`;
  return (SCOPE_DESCRIPTIONS as Record<string, string>)[scope] ?? scope;
}

/**
 * The page.
 *
 * @example
 * ```ts
 * return new Response(consentPage(view), { headers: { "content-type": "text/html" } });
 * ```
 */
export function consentPage(view: ConsentView): string {
  const e = escapeHtml;
  // Each scope is a box the person may untick: the grant is what stays ticked.
  const scopes = view.scopes.map((scope) =>
    `<li><label><input type="checkbox" name="scope" value="${e(scope)}" checked> ` +
    `<code>${e(scope)}</code> — ${e(describe(scope))}</label></li>`
  ).join("");
  const login = view.signedIn ? "" : `<p><label>Project token (<code>.claude/state/km.token</code>)
<input type="password" name="token" autocomplete="off" required></label></p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorize ${e(view.clientName)}</title>
<meta name="referrer" content="no-referrer">
<style>body{font:15px system-ui;max-width:40em;margin:3em auto}code{font-size:90%}</style>
</head><body>
<h1>Authorize <span id="client-name">${e(view.clientName)}</span></h1>
${view.problem ? `<p role="alert"><strong>${e(view.problem)}</strong></p>` : ""}
<p>The client <code id="client-id">${e(view.clientId)}</code> asks to use the project
<strong id="project">${e(view.project)}</strong> (<code>${e(view.resource)}</code>) with:</p>
<p>After your answer the browser goes to <code>${e(view.redirectUri)}</code>.</p>
<form method="post" action="/oauth/authorize">
<ul id="scopes">${scopes || "<li>no scopes</li>"}</ul>
<input type="hidden" name="request_id" value="${e(view.requestId)}">
<input type="hidden" name="csrf" value="${e(view.csrf)}">
${login}
<button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button>
</form></body></html>`;
}

/** A page for an authorization request that cannot be redirected back (bad client or URI). */
export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization failed</title>
</head><body><h1>Authorization failed</h1><p>${escapeHtml(message)}</p></body></html>`;
}
