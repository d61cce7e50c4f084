/**
 * The pool worker of the `noop` executor.
 * @module
 */

import { execute } from "../executors/noop.ts";
import { serveExecutor } from "../worker_host.ts";

serveExecutor("noop", execute);
