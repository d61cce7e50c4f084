/**
 * The pool worker of the `local` executor.
 * @module
 */

import { execute } from "./executor.ts";
import { serveExecutor } from "../../agents/runtime/worker_host.ts";

serveExecutor("local", execute);
