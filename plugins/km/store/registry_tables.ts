/**
 * The registry half of `registry.db`: which agent owns which file (and of
 * which component), versioned component API contracts, and numbered
 * architecture decision records. Every statement is a single atomic SQLite
 * statement; failures surface as `SuperAgentsError`.
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import type {
  AdrInput,
  AdrStatus,
  ContractInput,
  FileEntryInput,
  ListFilesInput,
} from "../schemas.ts";
import { storeError } from "./store_error.ts";

/** A file registry entry. */
export interface FileEntry {
  path: string;
  component: string | null;
  ownerAgent: string | null;
  hash: string | null;
  updatedAt: string;
}

/** One version of a component's API contract. */
export interface Contract {
  component: string;
  version: string;
  spec: Record<string, unknown>;
  createdAt: string;
}

/** An architecture decision record. */
export interface Adr {
  number: number;
  title: string;
  status: AdrStatus;
  context: string;
  decision: string;
  consequences: string;
  createdAt: string;
  updatedAt: string;
}

/** Files, contracts and ADRs of one registry database. */
export class RegistryTables {
  readonly #db: DatabaseSync;
  readonly #path: string;
  readonly #now: () => number;

  constructor(db: DatabaseSync, path: string, now: () => number) {
    this.#db = db;
    this.#path = path;
    this.#now = now;
  }

  /** Records (or updates) who owns a file. */
  upsertFile(input: FileEntryInput): FileEntry {
    const updatedAt = this.#iso();
    this.#run("register a file", () =>
      this.#db.prepare(
        `INSERT INTO files (path, component, owner_agent, hash, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET component = excluded.component,
           owner_agent = excluded.owner_agent, hash = excluded.hash, updated_at = excluded.updated_at`,
      ).run(
        input.path,
        input.component ?? null,
        input.ownerAgent ?? null,
        input.hash ?? null,
        updatedAt,
      ));
    return this.getFile(input.path)!;
  }

  /** One file entry, or `undefined`. */
  getFile(path: string): FileEntry | undefined {
    const row = this.#run(
      "read a file entry",
      () => this.#db.prepare("SELECT * FROM files WHERE path = ?").get(path),
    ) as
      | Record<string, string | null>
      | undefined;
    return row ? toFile(row) : undefined;
  }

  /** File entries, filtered by component and owner. */
  listFiles(input: ListFilesInput): FileEntry[] {
    const rows = this.#run("list files", () =>
      this.#db.prepare(
        `SELECT * FROM files WHERE (?1 IS NULL OR component = ?1)
         AND (?2 IS NULL OR owner_agent = ?2) ORDER BY path LIMIT ?3`,
      ).all(input.component ?? null, input.ownerAgent ?? null, input.limit)) as Record<
        string,
        string | null
      >[];
    return rows.map(toFile);
  }

  /** Stores a contract version; re-putting the same version replaces its spec. */
  putContract(input: ContractInput): Contract {
    const createdAt = this.#iso();
    this.#run("store a contract", () =>
      this.#db.prepare(
        `INSERT INTO contracts (component, version, spec, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (component, version) DO UPDATE SET spec = excluded.spec`,
      ).run(input.component, input.version, JSON.stringify(input.spec), createdAt));
    return this.listContracts(input.component).find((c) => c.version === input.version)!;
  }

  /** Every version of a component's contract, newest first. */
  listContracts(component: string): Contract[] {
    const rows = this.#run("list contracts", () =>
      this.#db.prepare(
        "SELECT * FROM contracts WHERE component = ? ORDER BY id DESC",
      ).all(component)) as Record<string, string>[];
    return rows.map((row) => ({
      component: row.component,
      version: row.version,
      spec: JSON.parse(row.spec) as Record<string, unknown>,
      createdAt: row.created_at,
    }));
  }

  /** Records a new ADR with the next number. */
  createAdr(input: AdrInput): Adr {
    const now = this.#iso();
    const result = this.#run("record an ADR", () =>
      this.#db.prepare(
        `INSERT INTO adrs (number, title, status, context, decision, consequences, created_at, updated_at)
         VALUES ((SELECT coalesce(max(number), 0) + 1 FROM adrs), ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.title,
        input.status,
        input.context,
        input.decision,
        input.consequences,
        now,
        now,
      ));
    return this.getAdr(Number(result.lastInsertRowid))!;
  }

  /** One ADR, or `undefined`. */
  getAdr(number: number): Adr | undefined {
    const row = this.#run(
      "read an ADR",
      () => this.#db.prepare("SELECT * FROM adrs WHERE number = ?").get(number),
    ) as
      | Record<string, string | number>
      | undefined;
    return row ? toAdr(row) : undefined;
  }

  /** Every ADR in number order. */
  listAdrs(): Adr[] {
    const rows = this.#run(
      "list ADRs",
      () => this.#db.prepare("SELECT * FROM adrs ORDER BY number").all(),
    ) as Record<
      string,
      string | number
    >[];
    return rows.map(toAdr);
  }

  /** Changes an ADR's status; `undefined` when it does not exist. */
  setAdrStatus(number: number, status: AdrStatus): Adr | undefined {
    const result = this.#run(
      "update an ADR",
      () =>
        this.#db.prepare("UPDATE adrs SET status = ?, updated_at = ? WHERE number = ?")
          .run(status, this.#iso(), number),
    );
    return result.changes ? this.getAdr(number) : undefined;
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }

  #run<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw storeError("KM_STORE", what, this.#path, error);
    }
  }
}

function toFile(row: Record<string, string | null>): FileEntry {
  return {
    path: row.path!,
    component: row.component,
    ownerAgent: row.owner_agent,
    hash: row.hash,
    updatedAt: row.updated_at!,
  };
}

function toAdr(row: Record<string, string | number>): Adr {
  return {
    number: row.number as number,
    title: row.title as string,
    status: row.status as AdrStatus,
    context: row.context as string,
    decision: row.decision as string,
    consequences: row.consequences as string,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}
