import path from "node:path";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type { Database } from "./client";

export const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Any constant works; it only has to be the same for every app server on one database. */
const MIGRATION_LOCK = 727_001;

/** Applies the committed drizzle-kit migrations. Several app servers may start at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.driver.kind === "pglite") {
    await migratePglite(drizzlePglite(database.driver.client), { migrationsFolder });
    return;
  }
  const client = await database.driver.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
