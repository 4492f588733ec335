/**
 * npm run bench (part 4): the real app end to end. `next start` (IN_PROCESS_WORKER=off) and a
 * separate `npm run worker` on a fresh PostgreSQL database, driven over HTTP as the console's
 * browser does: sign in, upload 100,000 template rows (CSV, then .xlsx), confirm, poll until the
 * import is completed. Each format gets its own database and processes, so that each peak RSS
 * (VmHWM of the real node processes) is that run's. BENCH_E2E=off skips it (see nodeOptions for
 * profiling).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import * as XLSX from "xlsx";
import { inverterAttributes } from "@/lib/import/__fixtures__/context";
import { templateColumns } from "@/lib/import/template-columns";
import { consoleClient, type ImportStatus } from "./e2e-console";
import { recordFigures } from "./goals";
import { commandLine, killAllNow, nodeProcesses, realProcess, sampleRss, startProcess, statusKb, stopAll } from "./e2e-processes";

const ROWS = Number(process.env.BENCH_E2E_ROWS ?? 100_000);
const PORT = Number(process.env.BENCH_E2E_PORT ?? 3400);
const BASE = `http://localhost:${PORT}`;
const PG_ROOT = process.env.BENCH_E2E_PG ?? "postgres://postgres@127.0.0.1:5432";
const LIMIT_MB = 512;
const GOALS = { csv: 10, xlsx: 15 } as const;
type Format = keyof typeof GOALS;
const TERMINAL = new Set(["completed", "completed_with_failures", "failed", "cancelled"]);

const columns = templateColumns(inverterAttributes);
const zones = ["+08:00", "Europe/Berlin", "Asia/Shanghai", "-05:00"];

/** The product template (header, hint row, `count` valid rows) as the console's users send it. */
function templateFile(count: number, format: Format): Uint8Array {
  const rows: string[][] = [columns.map((c) => c.header), columns.map((c) => c.hint)];
  for (let i = 0; i < count; i++) {
    rows.push([`E2E-${String(i).padStart(7, "0")}`, `Inverter ${i}`, zones[i % 4]!, "5.5", String((i % 12) + 1), "Sungrow", "2.1.0", i % 2 ? "single" : "three", "97.5", "true", "2026-01-15"]);
  }
  if (format === "csv") {
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    return new TextEncoder().encode(rows.map((r) => r.map(quote).join(",")).join("\n"));
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "Devices");
  return new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }));
}

async function sql<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A fresh database, migrated and seeded as `npm run db:seed` does, with the organization's limits raised. */
async function createDatabase(name: string) {
  await sql(`${PG_ROOT}/postgres`, `CREATE DATABASE ${name}`);
  const url = `${PG_ROOT}/${name}`;
  const seeded = spawnSync("npm", ["run", "db:seed"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (seeded.status !== 0) throw new Error(`npm run db:seed failed:\n${seeded.stdout}\n${seeded.stderr}`);
  // Far above the run, so that no limit or cap binds (and an edit-scope cap check never spans all rows).
  await sql(
    url,
    `UPDATE organizations SET max_rows_per_file = $1, max_bytes_per_file = $2, max_devices_per_product = $3, max_devices_per_organization = $3,
       user_imports_per_minute = 1000, api_calls_per_minute = 1000 WHERE slug = 'acme'`,
    [ROWS, 256 * 1024 * 1024, 10 * ROWS],
  );
  return url;
}

const dropDatabase = (name: string) => sql(`${PG_ROOT}/postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);

async function until<T>(what: () => Promise<T | undefined>, ms: number, label: string, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const mb = (kb: number) => Math.round(kb / 1024);

/**
 * NODE_OPTIONS of the web server's and the worker's processes: BENCH_E2E_WEB_NODE_OPTIONS and
 * BENCH_E2E_WORKER_NODE_OPTIONS (e.g. --max-old-space-size=384), and with BENCH_E2E_PROFILE=<dir>
 * a CPU profile, memory peaks and PostgreSQL time per statement of each (bench/profile-preload.cjs).
 */
function nodeOptions(format: Format, name: "web" | "worker"): Record<string, string> {
  const own = process.env[`BENCH_E2E_${name.toUpperCase()}_NODE_OPTIONS`] ?? "";
  const dir = process.env.BENCH_E2E_PROFILE;
  const profile = dir ? `--require ${path.resolve("bench/profile-preload.cjs")}` : "";
  return { NODE_OPTIONS: `${profile} ${own}`.trim(), ...(dir ? { BENCH_E2E_PROFILE: path.resolve(dir, format, name) } : {}) };
}

/** One format: its own database, web server and worker; the figures of one upload → confirm → completed. */
async function runCase(format: Format) {
  const file = { name: `e2e-${ROWS}.${format}`, bytes: templateFile(ROWS, format) };
  const dbName = `bench_e2e_${randomBytes(4).toString("hex")}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-e2e-"));
  try {
    const url = await createDatabase(dbName);
    const env = { ...process.env, DATABASE_URL: url, SECRET_KEY: randomBytes(32).toString("base64"), DATA_DIR: dataDir, DEMO_DATA: "off" as const, NEXT_TELEMETRY_DISABLED: "1" };
    const web = startProcess("web", "npm", ["start", "--", "-p", String(PORT)], { ...env, ...nodeOptions(format, "web"), IN_PROCESS_WORKER: "off" });
    const worker = startProcess("worker", "npm", ["run", "worker"], { ...env, ...nodeOptions(format, "worker") });
    const logs = () => [web, worker].map((p) => `${p.name}:\n${p.out.slice(-20).join("\n")}`).join("\n");
    try {
      await until(async () => ((await fetch(`${BASE}/api/health`)).ok ? true : undefined), 90_000, "the web server's /api/health");
      await until(async () => (worker.out.some((l) => /Import worker .* running/.test(l)) ? true : undefined), 60_000, "the worker");
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${logs()}`);
    }
    const pids = { web: realProcess(web.child.pid!), worker: realProcess(worker.child.pid!) };
    const rss = sampleRss(pids);
    const client = consoleClient(BASE);
    await client.signIn("admin@example.com", "demo-password");

    rss.phase("upload");
    const t0 = performance.now();
    const staged = await client.upload("acme", "INV5K", file);
    const t1 = performance.now();
    if (staged.summary.valid !== ROWS) throw new Error(`only ${staged.summary.valid} of ${ROWS} rows valid: ${JSON.stringify(staged.summary)}`);

    rss.phase("commit");
    const confirmedAt = new Date();
    const started = await client.confirm("acme", staged.importId);
    if (!started.started) throw new Error("confirm queued nothing");
    const done = await until<ImportStatus>(async () => {
      const s = await client.status("acme", staged.importId);
      return TERMINAL.has(s.status) ? s : undefined;
    }, 600_000, "the import to finish", 100);
    const t2 = performance.now();
    rss.phase("after");
    await new Promise((r) => setTimeout(r, 200));
    const peaks = rss.stop();
    const trees = Object.fromEntries(
      [web, worker].map((p) => [p.name, nodeProcesses(p.child.pid!).map((pid) => ({ pid, hwmMb: mb(statusKb(pid, "VmHWM")), command: commandLine(pid).slice(0, 120) }))]),
    );
    const hwm = { web: statusKb(pids.web, "VmHWM"), worker: statusKb(pids.worker, "VmHWM") };
    if (process.env.BENCH_E2E_PROFILE) {
      for (const pid of Object.values(pids)) process.kill(pid, "SIGUSR2");
      await new Promise((r) => setTimeout(r, 2000));
    }

    // A bench of a failed import measures nothing: the import's counters and the devices themselves.
    const [imp] = await sql<{ status: string; created_count: number; total_rows: number; started_at: Date; finished_at: Date }>(
      url,
      "SELECT status, created_count, total_rows, started_at, finished_at FROM imports WHERE id = $1",
      [staged.importId],
    );
    const [{ n: devices } = { n: 0 }] = await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM devices WHERE import_id = $1", [staged.importId]);
    if (done.status !== "completed" || imp?.status !== "completed" || imp.created_count !== ROWS || devices !== ROWS) {
      throw new Error(`the import did not complete: ${JSON.stringify({ polled: done, stored: imp, devices })}\n${logs()}`);
    }
    return {
      format,
      seconds: { upload: (t1 - t0) / 1000, commit: (t2 - t1) / 1000, total: (t2 - t0) / 1000 },
      // From the database's clock: how long the job waited for a worker, and the worker's run.
      queueS: (imp.started_at.getTime() - confirmedAt.getTime()) / 1000,
      runS: (imp.finished_at.getTime() - imp.started_at.getTime()) / 1000,
      fileMb: file.bytes.length / 1024 / 1024,
      // The machine is shared: a load far above its cores makes every figure slower.
      load: os.loadavg()[0]!,
      pids,
      hwm,
      peaks,
      trees,
    };
  } finally {
    await stopAll();
    await dropDatabase(dbName).catch((error: unknown) => console.error(`could not drop ${dbName}:`, error));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function ensureBuild() {
  if (fs.existsSync(path.join(".next", "BUILD_ID"))) return;
  console.log("No .next build: running npm run build first…");
  const built = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (built.status !== 0) throw new Error("npm run build failed");
}

async function main() {
  if (process.env.BENCH_E2E === "off") {
    console.log("\nEnd-to-end bench skipped (BENCH_E2E=off).\n");
    return;
  }
  ensureBuild();
  process.on("exit", killAllNow);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
  const formats = (process.env.BENCH_E2E_FORMATS ?? "csv,xlsx").split(",") as Format[];
  const results = [];
  for (const format of formats) results.push(await runCase(format));
  const s = (n: number) => n.toFixed(2);
  console.log(`\nEnd to end: next start + npm run worker on PostgreSQL, over HTTP (sign in, upload, confirm, poll status)\n`);
  console.table(
    results.map((r) => ({
      rows: ROWS.toLocaleString("en-US"),
      format: r.format,
      "upload→staged s": s(r.seconds.upload),
      "confirm→completed s": s(r.seconds.commit),
      "total s": s(r.seconds.total),
      goal: `< ${GOALS[r.format]} s ${r.seconds.total < GOALS[r.format] ? "yes" : "NO"}`,
      "web peak RSS MB": mb(r.hwm.web),
      "worker peak RSS MB": mb(r.hwm.worker),
      [`< ${LIMIT_MB} MB`]: r.hwm.web < LIMIT_MB * 1024 && r.hwm.worker < LIMIT_MB * 1024 ? "yes" : "NO",
    })),
  );
  recordFigures(
    "end-to-end",
    results.flatMap((r) => [
      { what: `${ROWS.toLocaleString("en-US")} rows ${r.format}: upload → confirm → completed over HTTP`, value: r.seconds.total, unit: "s" as const, goal: GOALS[r.format] },
      { what: `${r.format}: peak RSS of the web process`, value: r.hwm.web / 1024, unit: "MB" as const, goal: LIMIT_MB },
      { what: `${r.format}: peak RSS of the worker`, value: r.hwm.worker / 1024, unit: "MB" as const, goal: LIMIT_MB },
    ]),
  );
  for (const r of results) {
    const phases = (name: string) => Object.entries(r.peaks[name] ?? {}).map(([phase, kb]) => `${phase} ${mb(kb)}`).join(", ");
    console.log(`${r.format} (${r.fileMb.toFixed(1)} MB file, load average ${r.load.toFixed(1)} on ${os.availableParallelism()} cores): job waited ${s(r.queueS)} s for the worker, which ran ${s(r.runS)} s.`);
    console.log(`  max VmRSS by phase, MB: web (pid ${r.pids.web}) ${phases("web")}; worker (pid ${r.pids.worker}) ${phases("worker")}`);
    for (const [name, tree] of Object.entries(r.trees)) console.log(`  ${name} tree: ${tree.map((p) => `${p.pid} ${p.hwmMb} MB [${p.command}]`).join("; ")}`);
  }
  console.log("Peak RSS: VmHWM of the real server and worker process (the largest node process of each tree), read before they stop.");
  if (process.env.BENCH_E2E_PROFILE) console.log(`Profiles (.cpuprofile, .heapprofile, .json with memory peaks and SQL time): ${path.resolve(process.env.BENCH_E2E_PROFILE)}/<format>/<web|worker>/`);
  console.log("");
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
