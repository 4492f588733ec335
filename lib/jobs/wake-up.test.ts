import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { imports, organizations, products, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { secretBox } from "@/lib/crypto/secret-box";
import { csv } from "@/lib/import/__fixtures__/context";
import { deviceCsvText, meterCreateRow } from "@/lib/import/__fixtures__/device-csv";
import { stageImport } from "@/lib/imports/stage";
import { createTestDatabase } from "@/test/database";
import { importQueueFor, queueImport } from "./import-queue";
import { startJobs, type Jobs } from "./runtime";
import { waitForImport } from "./wait-for-import";

/**
 * Two processes' worth of jobs on one PostgreSQL: an app server that only enqueues, and a worker
 * that polls every 30 s. The worker starts a confirmed import at once because it is announced.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("a worker in another process hears of a sent job at once (PostgreSQL)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let workerDatabase: Database;
  let app: Jobs;
  let worker: Jobs;
  const secrets = secretBox(randomBytes(32));
  const env = { JOB_EXPIRE_SECONDS: 60, JOB_MAINTENANCE_SECONDS: 5, JOB_POLL_SECONDS: 30 };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.db);
    if (database.driver.kind !== "postgres") throw new Error("PostgreSQL only");
    workerDatabase = await openDatabase({ url: (database.driver.pool.options as { connectionString: string }).connectionString });
    app = await startJobs({ database, secrets, env, worker: false, label: "app" });
    worker = await startJobs({ database: workerDatabase, secrets, env, worker: true, label: "worker" });
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await app?.stop();
    await workerDatabase?.close();
    await database?.dispose();
  });

  async function confirmNew(prefix: string) {
    const db = database.db;
    const [organization] = await db.select().from(organizations).where(eq(organizations.slug, "acme"));
    const [product] = await db.select().from(products).where(eq(products.productKey, "MTR3P"));
    const [user] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    const staged = await stageImport({ db, organization: organization!, productId: product!.id, actor: { userId: user!.id, isPlatformAdmin: false }, source: "console", secrets, file: { name: `${prefix}.csv`, bytes: csv(deviceCsvText(meterCreateRow(`${prefix}:1`), meterCreateRow(`${prefix}:2`))) } });
    if (!staged.ok) throw new Error(staged.error.message);
    const sentAt = Date.now();
    await queueImport({ db, queue: importQueueFor(db, secrets), job: { importId: staged.value.importId, organizationId: organization!.id, isPlatformAdmin: false } });
    return { importId: staged.value.importId, sentAt };
  }

  it("the first import of an organization (a queue the worker does not watch yet) and the next (its poll 30 s away) each start within a second", async () => {
    for (const prefix of ["WAKE-A", "WAKE-B"]) {
      const { importId, sentAt } = await confirmNew(prefix);
      const done = await waitForImport({ db: database.db, importId, timeoutMs: 20_000 });
      expect(done?.status).toBe("completed");
      const [row] = await database.db.select({ startedAt: imports.startedAt }).from(imports).where(eq(imports.id, importId));
      expect(row!.startedAt!.getTime() - sentAt).toBeLessThan(1000);
    }
  }, 60_000);
});
