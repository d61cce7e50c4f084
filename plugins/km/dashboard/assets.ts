/**
 * The dashboard's static files, embedded as text imports so `deno compile`
 * bundles them and nothing is read from a source checkout at run time.
 * @module
 */

import appJs from "./assets/app.js" with { type: "text" };
import indexHtml from "./assets/index.html" with { type: "text" };
import loginHtml from "./assets/login.html" with { type: "text" };
import styleCss from "./assets/style.css" with { type: "text" };

/** A static file: its body and content type. */
export interface Asset {
  body: string;
  type: string;
}

/** Public assets by URL path (they hold no project data). */
export const PUBLIC_ASSETS: Record<string, Asset> = {
  "/dashboard/app.js": { body: appJs, type: "text/javascript; charset=utf-8" },
  "/dashboard/style.css": { body: styleCss, type: "text/css; charset=utf-8" },
};

/** The dashboard page (served only to a signed-in browser). */
export const DASHBOARD_HTML = indexHtml;

/** The sign-in page; `<!--ERROR-->` is replaced by a message when a token was refused. */
export const LOGIN_HTML = loginHtml;
