import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devices, importRows, imports, organizations, products, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { secretBox } from "@/lib/crypto/secret-box";
import { csv } from "@/lib/import/__fixtures__/context";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { cancelImportRun } from "@/lib/imports/claim-guard";
import { commitImport } from "@/lib/imports/commit";
import { stageImport } from "@/lib/imports/stage";
import { createTestDatabase } from "@/test/database";
import { queueImport, importQueueFor } from "./import-queue";
import { startJobs, type Jobs } from "./runtime";
import { waitForImport } from "./wait-for-import";

// The same pg-boss queue and worker on PGlite (through pg-boss's db adapter) and on PostgreSQL.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let jobs: Jobs;
const secrets = secretBox(randomBytes(32));
const env = { JOB_EXPIRE_SECONDS: 60, JOB_MAINTENANCE_SECONDS: 5, JOB_POLL_SECONDS: 0.5 };
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
  await database.db.update(organizations).set({ maxRowsPerFile: 20_000, maxDevicesPerProduct: 100_000, maxDevicesPerOrganization: 100_000 });
  jobs = await startJobs({ database, secrets, env, worker: true, label: "test" });
}, 60_000);
afterAll(async () => {
  await jobs?.stop();
  await database.dispose();
});

const db = () => database.db;
const acme = async () => (await db().select().from(organizations).where(eq(organizations.slug, "acme")))[0]!;
const importRow = async (id: string) => (await db().select().from(imports).where(eq(imports.id, id)))[0]!;

/** A device CSV of `count` new devices keyed `prefix-n` (no passwords: hashing them would be most of the time). */
async function stage(prefix: string, count: number) {
  const organization = await acme();
  const [product] = await db().select().from(products).where(eq(products.productKey, "MTR3P"));
  const [user] = await db().select().from(users).where(eq(users.email, "admin@example.com"));
  const row = (cells: Record<number, string>) => deviceCsvColumns.map((_, i) => cells[i] ?? "").join(",");
  const lines = [deviceCsvColumns.join(","), ...Array.from({ length: count }, (_, i) => row({ 0: `Meter ${i}`, 1: `${prefix}:${i}`, 4: "acme", 5: "MTR3P", 6: "30" }))];
  const staged = await stageImport({ db: db(), organization, productId: product!.id, actor: { userId: user!.id, isPlatformAdmin: false }, source: "console", secrets, file: { name: `${prefix}.csv`, bytes: csv(lines.join("\n")) } });
  if (!staged.ok) throw new Error(staged.error.message);
  return { importId: staged.value.importId, organizationId: organization.id, isPlatformAdmin: false };
}
const confirm = async (job: Awaited<ReturnType<typeof stage>>) => queueImport({ db: db(), queue: importQueueFor(db(), secrets), job });
const devicesOf = (importId: string) => db().$count(devices, eq(devices.importId, importId));
const until = async (what: () => Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("imports as jobs on pg-boss", () => {
  it("a confirm enqueues a job that the worker runs: queued → importing → completed, each row once", async () => {
    const job = await stage("JOB-A", 20);
    expect(await confirm(job)).toEqual({ queued: true });
    expect((await importRow(job.importId)).status).toBe("queued");
    // A second confirm (double click, retried request) enqueues nothing more.
    expect(await confirm(job)).toEqual({ queued: false });
    const done = await waitForImport({ db: db(), importId: job.importId, timeoutMs: 60_000 });
    expect(done).toMatchObject({ status: "completed", createdCount: 20, processedRows: 20 });
    expect(await devicesOf(job.importId)).toBe(20);
    const jobRows = await jobs.boss.getQueue(`import-commit-${job.organizationId}`);
    expect(jobRows).toMatchObject({ policy: "singleton" });
  }, 90_000);

  it("a second import of the organization waits in line as queued, and runs only after the first", async () => {
    const first = await stage("JOB-B", 1500);
    const second = await stage("JOB-C", 50);
    await confirm(first);
    await until(async () => (await importRow(first.importId)).processedRows > 0);
    expect(await confirm(second)).toEqual({ queued: true });
    expect((await importRow(second.importId)).status).toBe("queued");
    let overlap = false;
    await until(async () => {
      const [a, b] = await Promise.all([importRow(first.importId), importRow(second.importId)]);
      if (a.status === "importing" && b.status === "importing") overlap = true;
      return a.status === "completed" && b.status === "completed";
    });
    expect(overlap).toBe(false);
    const [a, b] = await Promise.all([importRow(first.importId), importRow(second.importId)]);
    expect(b.startedAt!.getTime()).toBeGreaterThanOrEqual(a.finishedAt!.getTime() - 1);
    expect([await devicesOf(first.importId), await devicesOf(second.importId)]).toEqual([1500, 50]);
  }, 120_000);

  it("Cancel stops a running import after its chunk: cancelled, with its counts, the rest skipped", async () => {
    const job = await stage("JOB-D", 8000);
    await confirm(job);
    await until(async () => (await importRow(job.importId)).processedRows > 0);
    expect(await cancelImportRun({ db: db(), organizationId: job.organizationId, importId: job.importId })).toEqual({ ok: true, status: "cancelling" });
    const done = await waitForImport({ db: db(), importId: job.importId, timeoutMs: 60_000 });
    expect(done?.status).toBe("cancelled");
    const written = await devicesOf(job.importId);
    expect(written).toBe(done!.createdCount);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(8000);
    const skipped = await db().$count(importRows, and(eq(importRows.importId, job.importId), eq(importRows.outcome, "skipped")));
    const pending = await db().$count(importRows, and(eq(importRows.importId, job.importId), eq(importRows.outcome, "pending")));
    expect([written + skipped, pending]).toEqual([8000, 0]);
  }, 120_000);

  it("Cancel of a queued import cancels it at once; its job then writes nothing", async () => {
    const running = await stage("JOB-E", 1500);
    const waiting = await stage("JOB-F", 10);
    await confirm(running);
    await until(async () => (await importRow(running.importId)).processedRows > 0);
    await confirm(waiting);
    expect(await cancelImportRun({ db: db(), organizationId: waiting.organizationId, importId: waiting.importId })).toEqual({ ok: true, status: "cancelled" });
    await waitForImport({ db: db(), importId: running.importId, timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await importRow(waiting.importId)).status).toBe("cancelled");
    expect(await devicesOf(waiting.importId)).toBe(0);
  }, 120_000);

  it("a worker whose job expired cannot write after another took the import over: each row once", async () => {
    const job = await stage("JOB-G", 2000);
    const organization = await acme();
    // Straight to the service, no queue: the first run plays the worker whose job expired.
    await db().update(imports).set({ status: "queued" }).where(eq(imports.id, job.importId));
    const zombie = commitImport({ db: db(), importId: job.importId, organization, isPlatformAdmin: false, secrets });
    await until(async () => (await importRow(job.importId)).processedRows > 0);
    const takeover = await commitImport({ db: db(), importId: job.importId, organization, isPlatformAdmin: false, secrets, resume: true });
    await zombie;
    expect(takeover).toEqual({ started: true });
    expect(await importRow(job.importId)).toMatchObject({ status: "completed", createdCount: 2000, processedRows: 2000 });
    expect(await devicesOf(job.importId)).toBe(2000);
  }, 120_000);
});
