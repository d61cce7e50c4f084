/**
 * The pool worker of the `anthropic` executor.
 * @module
 */

import { execute } from "./executor.ts";
import { serveExecutor } from "../../agents/runtime/worker_host.ts";

serveExecutor("anthropic", execute);
