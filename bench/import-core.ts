/**
 * npm run bench: the import core against SheetJS's own bare read of the same file (our floor).
 * Each case runs in a fresh child process so that its peak memory (maxRSS) is its own.
 */
import { spawnSync } from "node:child_process";
import * as XLSX from "xlsx";
import { inverterAttributes, memoryLookup, testContext } from "@/lib/import/__fixtures__/context";
import { makeZip } from "@/lib/import/__fixtures__/zip";
import { defaultLimits } from "@/lib/import/limits";
import { readSheet } from "@/lib/import/read";
import { templateColumns } from "@/lib/import/template-columns";
import { validateFile } from "@/lib/import/validate-file";

const columns = templateColumns(inverterAttributes);
const header = columns.map((c) => c.header);
const zones = ["+08:00", "Europe/Berlin", "Asia/Shanghai", "-05:00"];

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
  console.log(JSON.stringify({ ms, bytes: bytes.length, maxRssKb: process.resourceUsage().maxRSS }));
}

function zipBombCase() {
  const bomb = makeZip([{ name: "xl/workbook.xml", data: "<workbook/>" }, { name: "xl/sharedStrings.xml", data: new Uint8Array(200 * 1024 * 1024) }]);
  const start = performance.now();
  const result = readSheet(bomb, defaultLimits);
  return { ms: performance.now() - start, bytes: bomb.length, refused: !result.ok && result.error.code };
}

function child(args: string[]) {
  const out = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, ...args], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.trim().split("\n").at(-1)!) as { ms: number; bytes: number; maxRssKb: number };
}

async function main() {
  const [, , mode, count, format, what] = process.argv;
  if (mode === "case") return runCase(Number(count), format as "xlsx" | "csv", what as "sheetjs" | "read" | "validate");
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
  console.log("\nImport core: read and validate (EnOS template, 11 columns; limits raised for the run)\n");
  console.table(table);
  const bomb = zipBombCase();
  console.log(`\nZip bomb (${(bomb.bytes / 1024).toFixed(0)} KB expanding to 200 MB): refused (${bomb.refused}) in ${bomb.ms.toFixed(1)} ms\n`);
}

void main();
