/**
 * The `noop` executor: does nothing and returns its input. Used by the
 * benchmark (pure queue and pool overhead) and by pipeline tests, where its
 * result shows which dependency results reached a node.
 * @module
 */

import type { Executor } from "../executor.ts";

/** Returns the job's input and the ids of the dependencies it received. */
export const execute: Executor = (ctx) =>
  Promise.resolve({
    agent: ctx.job.agent,
    input: ctx.job.input,
    received: ctx.dependencies.map((dependency) => dependency.node ?? dependency.id),
  });
