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
  await boss.start();
  return boss;
}
