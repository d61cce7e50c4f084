/**
 * Remote MCP servers through the Anthropic Messages API MCP connector: instead
 * of connecting ourselves, the `anthropic` provider passes public HTTP servers
 * as the request's `mcp_servers` parameter with the `mcp-client-2025-04-04`
 * beta, and Anthropic's side calls them. Servers the API cannot reach
 * (STDIO, loopback or private hosts, plain http) stay with the local client
 * pool.
 * @module
 */

import { isLoopbackHostname } from "../../core/km_client/host_guard.ts";
import type { McpServerSpec } from "./server_specs.ts";

/** The beta the connector needs (sent as `anthropic-beta` / `betas`). */
export const MCP_CONNECTOR_BETA = "mcp-client-2025-04-04";

/** One entry of the Messages API `mcp_servers` parameter. */
export interface ConnectorServer {
  type: "url";
  name: string;
  url: string;
  authorization_token?: string;
  tool_configuration?: { enabled: boolean; allowed_tools?: string[] };
}

/** Which servers go to the connector and which the pool must connect. */
export interface ConnectorSplit {
  /** For `client.beta.messages.create({ betas, mcp_servers, ... })`. */
  connector: { betas: string[]; mcp_servers: ConnectorServer[] } | undefined;
  /** Servers to connect locally with `createMcpClientPool`. */
  local: Record<string, McpServerSpec>;
}

/**
 * Splits an agent's servers between the connector and the local pool. A
 * remote server's `Authorization: Bearer` header becomes its
 * `authorization_token`; other headers cannot be forwarded by the connector,
 * so such a server stays local.
 *
 * @example
 * ```ts
 * const { connector, local } = splitForMessagesConnector(servers);
 * const response = await anthropic.beta.messages.create({ ...request, ...connector });
 * ```
 */
export function splitForMessagesConnector(
  servers: Record<string, McpServerSpec>,
  allowedTools: Record<string, string[]> = {},
): ConnectorSplit {
  const remote: ConnectorServer[] = [];
  const local: Record<string, McpServerSpec> = {};
  for (const [name, spec] of Object.entries(servers)) {
    const entry = spec.type === "http" ? connectorEntry(name, spec, allowedTools[name]) : undefined;
    if (entry) remote.push(entry);
    else local[name] = spec;
  }
  return {
    connector: remote.length ? { betas: [MCP_CONNECTOR_BETA], mcp_servers: remote } : undefined,
    local,
  };
}

function connectorEntry(
  name: string,
  spec: Extract<McpServerSpec, { type: "http" }>,
  allowed: string[] | undefined,
): ConnectorServer | undefined {
  const url = new URL(spec.url);
  if (url.protocol !== "https:" || isPrivateHost(url.hostname)) return undefined;
  let token: string | undefined;
  for (const [header, value] of Object.entries(spec.headers)) {
    if (header.toLowerCase() !== "authorization") return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(value);
    if (!match) return undefined;
    token = match[1];
  }
  return {
    type: "url",
    name,
    url: spec.url,
    ...(token ? { authorization_token: token } : {}),
    ...(allowed ? { tool_configuration: { enabled: true, allowed_tools: allowed } } : {}),
  };
}

function isPrivateHost(hostname: string): boolean {
  return isLoopbackHostname(hostname) || hostname.endsWith(".local") ||
    /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(hostname) ||
    !hostname.includes(".");
}
