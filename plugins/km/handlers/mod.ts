/**
 * Every KM handler, for transports that expose all of them (HTTP, MCP).
 * @module
 */

export * from "./knowledge.ts";
export * from "./registry.ts";
export { callHandler, defineHandler, type KmHandler, notFound } from "./handler.ts";
