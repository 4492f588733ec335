import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import pg from "pg";
import { redactUrl } from "@/lib/env";
import * as schema from "./schema";

export type Schema = typeof schema;
/** One Drizzle API over both drivers: services take this (or a transaction) as a parameter. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;
export type DbKind = "pglite" | "postgres";

export type Database = {
  db: Db;
  kind: DbKind;
  /** Runs fn on one connection of its own (PGlite has only one); used for the migration lock. */
  close: () => Promise<void>;
  driver: { kind: "pglite"; client: PGlite } | { kind: "postgres"; pool: pg.Pool };
};

export class DatabaseUnreachableError extends Error {}

/** PostgreSQL when `url` is given, else PGlite in `dataDir` (in memory when dataDir is undefined). */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client that dies (server restart, admin shutdown) must not crash the process.
    pool.on("error", (error) => console.error(`PostgreSQL: idle connection lost (${error.message})`));
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end().catch(() => {});
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnreachableError(`DATABASE_URL: cannot connect to ${redactUrl(options.url)} (${reason})`);
    }
    return {
      db: drizzlePg(pool, { schema }) as unknown as Db,
      kind: "postgres",
      driver: { kind: "postgres", pool },
      close: () => pool.end(),
    };
  }
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await client.waitReady;
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    driver: { kind: "pglite", client },
    close: () => client.close(),
  };
}
