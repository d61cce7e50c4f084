/**
 * Start-up registrations of plugins that extend core seams (queue backends,
 * KM mounts). Each registration is a name and a lazy loader, so importing
 * this module costs nothing measurable; `main.ts` imports it once.
 * @module
 */

import "./redis_queue/register.ts";
import "./mcp/register.ts";
