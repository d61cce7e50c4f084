/**
 * uPlot (a small, fast, well-kept charting library, MIT) at a pinned
 * version, embedded as text so the KM serves it as a static asset — the
 * dashboard loads nothing from a CDN, and `deno compile` bundles it.
 * @module
 */

// Versioned npm: specifiers (not the import map) keep `deno run <url>/main.ts` working.
// deno-lint-ignore no-import-prefix
import uplotCss from "npm:uplot@1.6.32/dist/uPlot.min.css" with { type: "text" };
// deno-lint-ignore no-import-prefix
import uplotJs from "npm:uplot@1.6.32/dist/uPlot.iife.min.js" with { type: "text" };

/** uPlot's browser build (defines `window.uPlot`). */
export const UPLOT_JS: string = uplotJs;
/** uPlot's stylesheet. */
export const UPLOT_CSS: string = uplotCss;
