/**
 * Registry operations: file ownership, component API contracts and ADRs.
 * @module
 */

import {
  AdrInputSchema,
  AdrNumberInputSchema,
  AdrStatusInputSchema,
  ComponentInputSchema,
  ContractInputSchema,
  FileEntryInputSchema,
  ListFilesInputSchema,
} from "../schemas.ts";
import { z } from "../../../core/deps.ts";
import { defineHandler, notFound } from "./handler.ts";

/** Records who owns a file. */
export const registerFile = defineHandler({
  name: "files.register",
  description: "Record a file's component, owner agent and hash (upsert by path)",
  input: FileEntryInputSchema,
  mutates: true,
  run: (store, input) => store.registry.upsertFile(input),
});

/** Lists registered files. */
export const listFiles = defineHandler({
  name: "files.list",
  description: "List registered files, filtered by component and owner agent",
  input: ListFilesInputSchema,
  mutates: false,
  run: (store, input) => ({ files: store.registry.listFiles(input) }),
});

/** Stores a contract version. */
export const putContract = defineHandler({
  name: "contracts.put",
  description: "Store a version of a component's API contract (JSON spec)",
  input: ContractInputSchema,
  mutates: true,
  run: (store, input) => store.registry.putContract(input),
});

/** Lists a component's contract versions. */
export const listContracts = defineHandler({
  name: "contracts.list",
  description: "List every version of a component's API contract, newest first",
  input: ComponentInputSchema,
  mutates: false,
  run: (store, input) => ({ contracts: store.registry.listContracts(input.component) }),
});

/** Records an ADR. */
export const createAdr = defineHandler({
  name: "adrs.create",
  description: "Record an architecture decision (numbered automatically)",
  input: AdrInputSchema,
  mutates: true,
  run: (store, input) => store.registry.createAdr(input),
});

/** Lists ADRs. */
export const listAdrs = defineHandler({
  name: "adrs.list",
  description: "List architecture decision records in number order",
  input: z.object({}).strict(),
  mutates: false,
  run: (store) => ({ adrs: store.registry.listAdrs() }),
});

/** One ADR. */
export const getAdr = defineHandler({
  name: "adrs.get",
  description: "Read one architecture decision record",
  input: AdrNumberInputSchema,
  mutates: false,
  run: (store, input) =>
    store.registry.getAdr(input.number) ?? (() => {
      throw notFound(`ADR ${input.number}`, { tool: "adr_list", route: "/api/adrs" });
    })(),
});

/** Changes an ADR's status. */
export const setAdrStatus = defineHandler({
  name: "adrs.setStatus",
  description: "Change the status of an ADR (proposed, accepted, deprecated, superseded)",
  input: AdrStatusInputSchema,
  mutates: true,
  run: (store, input) =>
    store.registry.setAdrStatus(input.number, input.status) ?? (() => {
      throw notFound(`ADR ${input.number}`, { tool: "adr_list", route: "/api/adrs" });
    })(),
});
