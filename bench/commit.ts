/**
 * npm run bench (part 2): staging and committing through the real services, next to PostgreSQL's
 * COPY of the same rows (the floor) and one INSERT per row (what chunking avoids).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import pg from "pg";
import * as XLSX from "xlsx";
import { imports, organizations, products, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { secretBox } from "@/lib/crypto/secret-box";
import { inverterAttributes } from "@/lib/import/__fixtures__/context";
import { deviceCsvRow, deviceCsvText } from "@/lib/import/__fixtures__/device-csv";
import { templateColumns } from "@/lib/import/template-columns";
import { commitImport } from "@/lib/imports/commit";
import { stageImport, type StageTimings } from "@/lib/imports/stage";
import { createTestDatabase } from "@/test/database";
import { recordFigures } from "./goals";

const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const columns = templateColumns(inverterAttributes);
const row = (i: number) => [`B-${String(i).padStart(7, "0")}`, `Inverter ${i}`, "+08:00", "5.5", "2", "Sungrow", "2.1.0", "three", "97.5", "true", "2026-01-15"];

function templateFile(count: number) {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([columns.map((c) => c.header), columns.map((c) => c.hint), ...Array.from({ length: count }, (_, i) => row(i))]), "Devices");
  return new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }));
}

async function throughServices(kind: "pglite" | "postgres", count: number, withBaselines = false) {
  if (kind === "postgres") process.env.TEST_DATABASE_URL = PG_URL;
  else delete process.env.TEST_DATABASE_URL;
  const database = await createTestDatabase();
  try {
    const db = database.db;
    await seedDemoData(db);
    await db.update(organizations).set({ maxRowsPerFile: count, maxBytesPerFile: 256 * 1024 * 1024, maxDevicesPerProduct: 10 * count, maxDevicesPerOrganization: 10 * count });
    const [organization] = await db.select().from(organizations).where(eq(organizations.slug, "acme"));
    const [product] = await db.select().from(products).where(eq(products.productKey, "INV5K"));
    const [user] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    const bytes = templateFile(count);
    const box = secretBox(randomBytes(32));
    const timings: StageTimings = {};
    const staged = await stageImport({ db, organization: organization!, productId: product!.id, actor: { userId: user!.id, isPlatformAdmin: false }, source: "console", secrets: box, file: { name: "bench.xlsx", bytes }, timings });
    const checkMs = timings.checkMs!;
    const stageMs = timings.storeMs!;
    if (!staged.ok) throw new Error(staged.error.message);
    const t = performance.now();
    await commitImport({ db, importId: staged.value.importId, organization: organization!, isPlatformAdmin: false, secrets: box });
    const commitMs = performance.now() - t;
    // The same devices updated: each row sets its location (one statement per chunk, at the previewed version).
    const updates = new TextEncoder().encode(deviceCsvText(...Array.from({ length: count }, (_, i) => deviceCsvRow({ 1: `B-${String(i).padStart(7, "0")}`, 3: `Hall ${i % 7}`, 4: "acme", 20: "true" }))));
    const stagedUpdate = await stageImport({ db, organization: organization!, productId: product!.id, actor: { userId: user!.id, isPlatformAdmin: false }, source: "console", secrets: box, file: { name: "bench-update.csv", bytes: updates } });
    if (!stagedUpdate.ok) throw new Error(stagedUpdate.error.message);
    const u = performance.now();
    await commitImport({ db, importId: stagedUpdate.value.importId, organization: organization!, isPlatformAdmin: false, secrets: box });
    const updateMs = performance.now() - u;
    const [done] = await db.select({ updated: imports.updatedCount }).from(imports).where(eq(imports.id, stagedUpdate.value.importId));
    if (done!.updated !== count) throw new Error(`only ${done!.updated} of ${count} updated`);
    const url = database.driver.kind === "postgres" ? (database.driver.pool.options as { connectionString: string }).connectionString : null;
    const stageCopyMs = withBaselines && url ? copyStagedRows(url, staged.value.importId) : null;
    const base = withBaselines && url ? await baselines(url, { organizationId: organization!.id, productId: product!.id, importId: staged.value.importId }, count, Math.min(count, 5000)) : null;
    return { checkMs, stageMs, commitMs, updateMs, base: base && { ...base, stageCopyMs } };
  } finally {
    await database.dispose();
  }
}

/**
 * The floor for staging: COPY of the very rows the import staged (exported from import_rows) into
 * a table like import_rows, its indexes included.
 */
function copyStagedRows(url: string, importId: string) {
  const file = path.join(os.tmpdir(), `bench-stage-${randomBytes(4).toString("hex")}.csv`);
  const columns = "import_id, line, operation, device_key, cells, sealed_cells, errors, warnings, conversions, checked, sealed_change, before_image, changes";
  try {
    execFileSync("psql", [url, "-q", "-c", `\\copy (SELECT ${columns} FROM import_rows WHERE import_id = '${importId}') TO '${file}' CSV`]);
    // Its storage parameters too (import_rows keeps room on each page for the commit's updates).
    const options = execFileSync("psql", [url, "-qtA", "-c", "SELECT coalesce(array_to_string(reloptions, ', '), '') FROM pg_class WHERE relname = 'import_rows'"], { encoding: "utf8" }).trim();
    execFileSync("psql", [url, "-q", "-c", `CREATE TABLE bench_import_rows (LIKE import_rows INCLUDING DEFAULTS INCLUDING INDEXES)${options ? ` WITH (${options})` : ""}`]);
    const t = performance.now();
    execFileSync("psql", [url, "-q", "-c", `\\copy bench_import_rows (${columns}) FROM '${file}' CSV`]);
    return performance.now() - t;
  } finally {
    execFileSync("psql", [url, "-q", "-c", "DROP TABLE IF EXISTS bench_import_rows"]);
    fs.rmSync(file, { force: true });
  }
}

/**
 * The floor and the ceiling on the same table: COPY of the same device rows into the real
 * `devices` table (its foreign keys and indexes included), and one INSERT per row.
 */
async function baselines(url: string, ids: { organizationId: string; productId: string; importId: string }, count: number, insertSample: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const attributes = JSON.stringify({ ratedPower: 5.5, mpptCount: 2, manufacturer: "Sungrow", firmwareVersion: "2.1.0", phase: "three", efficiency: 97.5, gridConnected: true, commissionDate: "2026-01-15" });
  const file = path.join(os.tmpdir(), `bench-copy-${randomBytes(4).toString("hex")}.csv`);
  const line = (i: number, prefix: string) =>
    `${ids.organizationId},${ids.productId},${randomBytes(6).toString("base64url")},${prefix}${i},Inverter ${i},+08:00,"${attributes.replace(/"/g, '""')}",${ids.importId}`;
  fs.writeFileSync(file, Array.from({ length: count }, (_, i) => line(i, "COPY-")).join("\n"));
  const columnList = "organization_id, product_id, asset_id, device_key, name, timezone, attributes, import_id";
  try {
    let t = performance.now();
    execFileSync("psql", [url, "-q", "-c", `\\copy devices (${columnList}) FROM '${file}' CSV`]);
    const copyMs = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < insertSample; i++) {
      await client.query(`INSERT INTO devices (${columnList}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [ids.organizationId, ids.productId, randomBytes(6).toString("base64url"), `ROW-${i}`, `Inverter ${i}`, "+08:00", attributes, ids.importId]);
    }
    const insertMs = ((performance.now() - t) / insertSample) * count;
    return { copyMs, insertMs };
  } finally {
    await client.end();
    fs.rmSync(file, { force: true });
  }
}

/** One size in a process of its own, so that its peak memory is its own. */
async function runCase(count: number) {
  const lite = count <= 10_000 ? await throughServices("pglite", count) : null;
  const postgres = await throughServices("postgres", count, true);
  console.log(JSON.stringify({ lite, postgres: { checkMs: postgres.checkMs, stageMs: postgres.stageMs, commitMs: postgres.commitMs, updateMs: postgres.updateMs }, base: postgres.base, maxRssKb: process.resourceUsage().maxRSS }));
}

type CaseResult = {
  lite: { stageMs: number; commitMs: number } | null;
  postgres: { checkMs: number; stageMs: number; commitMs: number; updateMs: number };
  base: { copyMs: number; insertMs: number; stageCopyMs: number };
  maxRssKb: number;
};

async function main() {
  const [, , mode, size] = process.argv;
  if (mode === "case") return runCase(Number(size));
  const sizes = (process.env.BENCH_COMMIT_ROWS ?? "1000,10000,100000").split(",").map(Number);
  const table: Record<string, string | number>[] = [];
  const fmt = (ms: number) => (ms / 1000).toFixed(2);
  const results: { count: number; r: CaseResult }[] = [];
  for (const count of sizes) {
    const out = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "case", String(count)], { encoding: "utf8", maxBuffer: 1 << 20, env: process.env });
    if (out.status !== 0) throw new Error(out.stderr);
    const r = JSON.parse(out.stdout.trim().split("\n").at(-1)!) as CaseResult;
    results.push({ count, r });
    table.push({
      rows: count.toLocaleString("en-US"),
      "PGlite stage s": r.lite ? fmt(r.lite.stageMs) : "-",
      "PGlite commit s": r.lite ? fmt(r.lite.commitMs) : "-",
      "PostgreSQL read+check s": fmt(r.postgres.checkMs),
      "PostgreSQL stage s": fmt(r.postgres.stageMs),
      "COPY of the staged rows s": fmt(r.base.stageCopyMs),
      "stage vs COPY": `${(r.postgres.stageMs / r.base.stageCopyMs).toFixed(1)}×`,
      "PostgreSQL commit s": fmt(r.postgres.commitMs),
      "COPY into devices s (floor)": fmt(r.base.copyMs),
      "1 INSERT/row s": fmt(r.base.insertMs),
      "update commit s": fmt(r.postgres.updateMs),
      "commit vs COPY": `${(r.postgres.commitMs / r.base.copyMs).toFixed(1)}×`,
      "peak RSS MB": Math.round(r.maxRssKb / 1024),
    });
  }
  console.log("\nRead+check (read the file, check every row and the database), stage (store the checked rows, before-images included) and commit (check again what the database changed, write devices, outcomes, progress)\n");
  console.table(table);
  const last = results.at(-1);
  if (last && last.count === 100_000) {
    recordFigures("commit", [
      { what: "100,000 rows: stage vs COPY of the same staged rows", value: last.r.postgres.stageMs / last.r.base.stageCopyMs, unit: "×", goal: 2 },
      { what: "100,000 rows: commit vs COPY into devices", value: last.r.postgres.commitMs / last.r.base.copyMs, unit: "×", goal: 2 },
    ]);
  }
  console.log("1 INSERT/row is measured on up to 5,000 rows and scaled. Peak RSS: the whole case (file generation, PGlite and PostgreSQL runs) in its own process.\n");
}

void main();
