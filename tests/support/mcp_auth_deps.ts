/**
 * Test support: the MCP SDK's OAuth client pieces at the pinned version the
 * product uses (`plugins/mcp/deps.ts`), for tests that drive the real OAuth
 * flow.
 * @module
 */

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/auth"
export {
  type OAuthClientProvider,
  UnauthorizedError,
} from "npm:@modelcontextprotocol/sdk@1.32.2/client/auth.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/shared/auth"
export type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "npm:@modelcontextprotocol/sdk@1.32.2/shared/auth.js";
