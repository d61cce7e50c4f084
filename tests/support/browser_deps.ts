/**
 * Test support: the browser driver of the dashboard test, at a pinned
 * version (playwright-core drives Debian's /usr/bin/chromium; it downloads
 * no browser). Imported dynamically, only when Chromium is present.
 * @module
 */

export { chromium } from "npm:playwright-core@1.65.1";
