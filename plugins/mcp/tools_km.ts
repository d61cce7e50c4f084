/**
 * Knowledge, file-registry, contract and ADR tools. Each is a KM handler
 * (`plugins/km/handlers`) under an MCP-friendly name: the handler's zod schema
 * is the tool's input schema, and the call goes through {@linkcode KmAccess}
 * (the running KM, or the store). The two "get" tools the KM has no single
 * handler for are thin selections over its list handlers.
 * @module
 */

import { z } from "../../core/deps.ts";
import type { KmHandler } from "../km/handlers/handler.ts";
import {
  addKnowledge,
  createAdr,
  getAdr,
  getKnowledge,
  listAdrs,
  listContracts,
  listFiles,
  listKnowledge,
  putContract,
  registerFile,
  searchKnowledge,
  setAdrStatus,
} from "../km/handlers/mod.ts";
import type { Contract, FileEntry } from "../km/store/registry_tables.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { KmAccess } from "./km_access.ts";
import { defineTool, type McpTool } from "./tool_spec.ts";
import { jsonObjectText, strictIntegers } from "./strict_input.ts";
import { ContractInputSchema } from "../km/schemas.ts";

/** A KM handler as a tool with the given name. */
function handlerTool(name: string, handler: KmHandler, km: KmAccess): McpTool {
  return defineTool({
    name,
    description: handler.description,
    input: strictIntegers(handler.input as z.ZodObject),
    mutates: handler.mutates,
    run: (args) => km.call(handler, args),
  });
}

/** `contract_register`: the spec arrives as JSON text (no free-form object schema over MCP). */
function contractRegister(km: KmAccess): McpTool {
  return defineTool({
    name: "contract_register",
    description: putContract.description,
    input: ContractInputSchema.extend({
      spec: jsonObjectText("the contract, e.g. an OpenAPI document"),
    }).strict(),
    mutates: true,
    run: (args) => km.call(putContract, args),
  });
}

/** The KM tools of a project. */
export function kmTools(km: KmAccess): McpTool[] {
  return [
    handlerTool("knowledge_save", addKnowledge, km),
    handlerTool("knowledge_query", searchKnowledge, km),
    handlerTool("knowledge_get", getKnowledge, km),
    handlerTool("knowledge_list", listKnowledge, km),
    handlerTool("file_register", registerFile, km),
    fileGet(km),
    handlerTool("file_list", listFiles, km),
    contractRegister(km),
    contractGet(km),
    handlerTool("adr_create", createAdr, km),
    handlerTool("adr_get", getAdr, km),
    handlerTool("adr_list", listAdrs, km),
    handlerTool("adr_set_status", setAdrStatus, km),
  ];
}

/** The most files `files.list` returns in one call. */
const FILE_SCAN_LIMIT = 500;

function fileGet(km: KmAccess): McpTool {
  return defineTool({
    name: "file_get",
    description: "Read a registered file's component, owner agent and hash by its path",
    input: z.object({
      path: z.string().min(1).describe("the path as registered, relative to the project root"),
    }).strict(),
    mutates: false,
    async run({ path }) {
      const { files } = await km.call(listFiles, { limit: FILE_SCAN_LIMIT }) as {
        files: FileEntry[];
      };
      const found = files.find((file) => file.path === path);
      if (!found && files.length >= FILE_SCAN_LIMIT) {
        // The KM has no lookup by path yet; never answer "not registered" unsure.
        throw new SuperAgentsError(
          "KM_REGISTRY_TOO_LARGE",
          `the file registry holds more than ${FILE_SCAN_LIMIT} files; file_get cannot scan it`,
          { hint: "use file_list with a component or ownerAgent filter" },
        );
      }
      if (!found) {
        throw new SuperAgentsError("KM_NOT_FOUND", `file ${path} is not registered`, {
          hint: "register it with file_register, or list what is registered with file_list",
        });
      }
      return found;
    },
  });
}

function contractGet(km: KmAccess): McpTool {
  return defineTool({
    name: "contract_get",
    description:
      "Read a component's API contract: the latest version, or the one named by `version`",
    input: z.object({
      component: z.string().trim().min(1).max(200),
      version: z.string().trim().min(1).max(64).optional(),
    }).strict(),
    mutates: false,
    async run({ component, version }) {
      const { contracts } = await km.call(listContracts, { component }) as {
        contracts: Contract[];
      };
      const found = version === undefined
        ? contracts[0]
        : contracts.find((c) => c.version === version);
      if (!found) {
        const known = contracts.map((c) => c.version).join(", ");
        throw new SuperAgentsError(
          "KM_NOT_FOUND",
          `no contract ${version ? `version ${version} ` : ""}for component ${component}`,
          {
            hint: known ? `known versions: ${known}` : "register one with contract_register",
          },
        );
      }
      return found;
    },
  });
}
