/**
 * The Anthropic SDK at its pinned version. Heavy (~100 ms to import):
 * import this module dynamically, only where a model is called.
 * @module
 */

export { default as Anthropic } from "npm:@anthropic-ai/sdk@1.14.0";
export { APIConnectionError, APIError } from "npm:@anthropic-ai/sdk@1.14.0";
export type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  Tool,
  ToolResultBlockParam,
} from "npm:@anthropic-ai/sdk@1.14.0/resources/messages/messages";
