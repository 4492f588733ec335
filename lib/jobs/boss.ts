import PgBoss from "pg-boss";
import type { Database } from "@/db/client";

export type BossSettings = { expireSeconds: number; maintenanceSeconds: number };

/**
 * pg-boss over the process's own database connection (its `db` adapter), so that PGlite, which
 * has a single in-process connection, runs the same queue as PostgreSQL. PGlite's `query` takes one
 * statement with parameters; pg-boss sends its schema as several statements without any, which
 * `exec` runs.
 */
function bossDb(database: Database): PgBoss.Db {
  const driver = database.driver;
  if (driver.kind === "postgres") return { executeSql: (text, values) => driver.pool.query(text, values) };
  return {
    executeSql: async (text, values) => {
      if (!values || values.length === 0) return { rows: (await driver.client.exec(text)).at(-1)?.rows ?? [] };
      return { rows: (await driver.client.query(text, values)).rows };
    },
  };
}

/** Any constant; the same in every process on one database. */
const QUEUE_DDL_LOCK = 727_002;

/**
 * Runs pg-boss's schema work (its install on the first start, a new organization's queue) one
 * process at a time: measured, app servers and workers starting together on a fresh database
 * failed with a unique violation on pg_namespace while pg-boss created its schema. PGlite has one
 * process.
 */
export async function withQueueDdlLock<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.driver.kind !== "postgres") return fn();
  const client = await database.driver.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [QUEUE_DDL_LOCK]);
    return await fn();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [QUEUE_DDL_LOCK]).catch(() => {});
    client.release();
  }
}

/** Starts pg-boss (creating or migrating its `pgboss` schema); `supervise` runs its expiry and clean-up. */
export async function startBoss(database: Database, settings: BossSettings): Promise<PgBoss> {
  const boss = new PgBoss({
    db: bossDb(database),
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: settings.maintenanceSeconds,
    // Finished jobs are kept a day for inspection; the import row is the lasting record.
    deleteAfterDays: 1,
  });
  boss.on("error", (error) => console.error("Job queue:", error));
  await withQueueDdlLock(database, () => boss.start());
  return boss;
}
