/**
 * npm run bench: the import core against SheetJS's own bare read of the same file (our floor).
 * Each case runs in a fresh child process so that its peak memory (maxRSS) is its own.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as XLSX from "xlsx";
import { inverterAttributes, memoryLookup, testContext } from "@/lib/import/__fixtures__/context";
import { blankRowsFlood, longCell, rowsBomb, sharedStringsBomb } from "@/lib/import/__fixtures__/crafted-xlsx";
import { makeZip } from "@/lib/import/__fixtures__/zip";
import { defaultLimits } from "@/lib/import/limits";
import { readSheet } from "@/lib/import/read";
import { templateColumns } from "@/lib/import/template-columns";
import { validateFile } from "@/lib/import/validate-file";
import { recordFigures } from "./goals";

const columns = templateColumns(inverterAttributes);
const header = columns.map((c) => c.header);
const zones = ["+08:00", "Europe/Berlin", "Asia/Shanghai", "-05:00"];

/** One data line of the template as CSV, with some cells replaced (raw: a test may want them broken). */
const templateLine = (i: number, replace: Record<number, string> = {}) => templateRows(1)[2]!.map((v, c) => replace[c] ?? v.replace("0000000", String(i).padStart(7, "0"))).join(",");
const csvOf = (lines: string[]) => new TextEncoder().encode([header.join(","), ...lines].join("\n"));

function templateRows(count: number): string[][] {
  const rows: string[][] = [header, columns.map((c) => c.hint)];
  for (let i = 0; i < count; i++) {
    rows.push([`INV-${String(i).padStart(7, "0")}`, `Inverter ${i}`, zones[i % 4]!, "5.5", String((i % 12) + 1), "Sungrow", "2.1.0", i % 2 ? "single" : "three", "97.5", "true", "2026-01-15"]);
  }
  return rows;
}

function makeFile(count: number, format: "xlsx" | "csv"): Uint8Array {
  const rows = templateRows(count);
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  if (format === "csv") return new TextEncoder().encode(rows.map((r) => r.map(quote).join(",")).join("\n"));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "Devices");
  return new Uint8Array(XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }));
}

const raised = (rows: number) => ({ ...defaultLimits, maxRows: rows, maxBytes: 256 * 1024 * 1024, maxUncompressedBytes: 2 * 1024 * 1024 * 1024 });

async function runCase(count: number, format: "xlsx" | "csv", what: "sheetjs" | "read" | "validate") {
  const bytes = makeFile(count, format);
  global.gc?.();
  const cpu = process.cpuUsage();
  const start = performance.now();
  if (what === "sheetjs") XLSX.read(bytes, format === "xlsx" ? { type: "buffer", dense: true } : { type: "buffer", dense: true, raw: true });
  else if (what === "read") {
    const result = readSheet(bytes, raised(count));
    if (!result.ok) throw new Error(result.error.message);
  } else {
    const result = await validateFile(bytes, testContext({ limits: raised(count), caps: { devicesPerProduct: 10 * count, devicesPerOrganization: 10 * count } }), memoryLookup());
    if (!result.ok || result.value.summary.valid !== count) throw new Error(result.ok ? `only ${result.value.summary.valid} valid` : result.error.message);
  }
  const ms = performance.now() - start;
  // CPU time too (all threads, the GC's helpers included): on a shared machine it varies far less than ms.
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, bytes: bytes.length, maxRssKb: process.resourceUsage().maxRSS }));
}

function zipBombCase() {
  const bomb = makeZip([{ name: "xl/workbook.xml", data: "<workbook/>" }, { name: "xl/sharedStrings.xml", data: new Uint8Array(200 * 1024 * 1024) }]);
  const start = performance.now();
  const result = readSheet(bomb, defaultLimits);
  return { ms: performance.now() - start, bytes: bomb.length, refused: !result.ok && result.error.code };
}

/**
 * Crafted files: each must be refused or flagged in under 1 s with under 100 MB of RSS growth, at the
 * organization's default limits. Add a case by adding a line: `make` builds the file's bytes (in the
 * parent, so building it costs the measured child nothing).
 */
const craftedCases: { name: string; make: () => Uint8Array }[] = [
  { name: "rows bomb (.xlsx, 2.3 million rows)", make: () => rowsBomb() },
  { name: "shared-strings bomb (.xlsx, 2.4 million strings)", make: () => sharedStringsBomb() },
  { name: "blank rows flood (.xlsx, 1.1 million)", make: () => blankRowsFlood() },
  { name: "1 MB cell (.xlsx, inline string)", make: () => longCell(1024 * 1024) },
  { name: "50 MB cell (.xlsx, shared string)", make: () => longCell(50 * 1024 * 1024, "shared") },
  { name: "long-number cell (CSV, 100,000 digits and a letter)", make: () => csvOf([templateLine(0, { 8: `${"9".repeat(100_000)}x` })]) },
  { name: "long-number cell (CSV, 32,000 digits and a letter)", make: () => csvOf([templateLine(0, { 8: `${"9".repeat(32_000)}x` })]) },
  { name: "unclosed quote (CSV, line 3 of 1,000)", make: () => csvOf(Array.from({ length: 1000 }, (_, i) => templateLine(i, i === 1 ? { 1: '"Inverter 1' } : {}))) },
  { name: "1 MB cell (CSV)", make: () => csvOf([templateLine(0, { 5: "x".repeat(1024 * 1024) })]) },
  { name: "NUL bytes in cells (CSV, 1,000 rows)", make: () => csvOf(Array.from({ length: 1000 }, (_, i) => templateLine(i, { 5: "Sun\u0000grow" }))) },
];

/** In a child: read and validate one crafted file, reporting what it came to and the RSS it grew by. */
async function runCrafted(file: string) {
  const bytes = new Uint8Array(readFileSync(file));
  global.gc?.();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const result = await validateFile(bytes, testContext({ limits: defaultLimits }), memoryLookup());
  const ms = performance.now() - start;
  const flagged = result.ok ? result.value.rows.filter((r) => r.errors.length > 0).map((r) => r.errors[0]!.code) : [];
  const outcome = result.ok ? (flagged.length ? `flagged ${[...new Set(flagged)].join(", ")}` : "accepted") : `refused ${result.error.code}`;
  console.log(JSON.stringify({ ms, bytes: bytes.length, outcome, growthKb: process.resourceUsage().maxRSS - Math.round(before / 1024), maxRssKb: process.resourceUsage().maxRSS }));
}

function craftedTable() {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-crafted-"));
  try {
    return craftedCases.map(({ name, make }, i) => {
      const file = path.join(dir, `case-${i}`);
      writeFileSync(file, make());
      const out = child(["crafted", file]) as ReturnType<typeof child> & { outcome: string; growthKb: number };
      return {
        file: name,
        "file KB": Math.round(out.bytes / 1024),
        outcome: out.outcome,
        "ms to answer": Math.round(out.ms),
        "RSS growth MB": Math.max(0, Math.round(out.growthKb / 1024)),
        "peak RSS MB": Math.round(out.maxRssKb / 1024),
        "< 1 s, < 100 MB": out.ms < 1000 && out.growthKb < 100 * 1024 ? "yes" : "NO",
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function child(args: string[]) {
  const out = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, ...args], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.trim().split("\n").at(-1)!) as { ms: number; bytes: number; maxRssKb: number };
}

async function main() {
  const [, , mode, count, format, what] = process.argv;
  if (mode === "case") return runCase(Number(count), format as "xlsx" | "csv", what as "sheetjs" | "read" | "validate");
  if (mode === "crafted") return runCrafted(count!);
  if (mode === "crafted-only") {
    console.table(craftedTable());
    return;
  }
  const table: Record<string, string | number>[] = [];
  for (const format of ["xlsx", "csv"] as const) {
    for (const n of [1_000, 10_000, 100_000]) {
      const sheetjs = child(["case", String(n), format, "sheetjs"]);
      const read = child(["case", String(n), format, "read"]);
      const full = child(["case", String(n), format, "validate"]);
      table.push({
        rows: n.toLocaleString("en-US"),
        format,
        "file MB": +(full.bytes / 1024 / 1024).toFixed(2),
        "SheetJS bare read ms": Math.round(sheetjs.ms),
        "our read ms": Math.round(read.ms),
        "read+validate ms": Math.round(full.ms),
        "vs SheetJS": `${(full.ms / sheetjs.ms).toFixed(2)}×`,
        "rows/s": Math.round(n / (full.ms / 1000)).toLocaleString("en-US"),
        "peak RSS MB": Math.round(full.maxRssKb / 1024),
      });
    }
  }
  const xlsx100k = table.find((r) => r.format === "xlsx" && r.rows === "100,000");
  if (xlsx100k) recordFigures("import-core", [{ what: "100,000 rows .xlsx: read+validate vs SheetJS's bare read", value: Number(xlsx100k["read+validate ms"]) / Number(xlsx100k["SheetJS bare read ms"]), unit: "×", goal: 0.7 }]);
  console.log("\nImport core: read and validate (EnOS template, 11 columns; limits raised for the run)\n");
  console.table(table);
  const bomb = zipBombCase();
  console.log(`\nZip bomb (${(bomb.bytes / 1024).toFixed(0)} KB expanding to 200 MB): refused (${bomb.refused}) in ${bomb.ms.toFixed(1)} ms\n`);
  console.log("Crafted files at the default limits (1,000 rows, 2 MB): time to refusal and memory, each in its own process\n");
  console.table(craftedTable());
}

void main();
