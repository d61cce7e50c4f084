/**
 * The pool worker of the `script` executor.
 * @module
 */

import { execute } from "../executors/script.ts";
import { serveExecutor } from "../worker_host.ts";

serveExecutor("script", execute);
