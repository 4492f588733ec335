/**
 * npm run bench:ui (after npm run build): the wizard as a user meets it, in Debian's chromium
 * against `next start` on a fresh embedded database. Times drop → preview and confirm → result.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { chromium } from "@playwright/test";
import * as XLSX from "xlsx";
import { inverterAttributes } from "@/lib/import/__fixtures__/context";
import { templateColumns } from "@/lib/import/template-columns";

const PORT = 3290;
const BASE = `http://localhost:${PORT}`;
const columns = templateColumns(inverterAttributes);

function template(count: number, invalidEvery: number) {
  const rows = Array.from({ length: count }, (_, i) => [`W${count}-${String(i).padStart(6, "0")}`, `Inverter ${i}`, i % invalidEvery === 0 ? "+25:00" : "+08:00", "5.5", "2", "Sungrow", "2.1.0", "three", "97.5", "true", "2026-01-15"]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([columns.map((c) => c.header), columns.map((c) => c.hint), ...rows]), "Devices");
  return Buffer.from(XLSX.write(book, { type: "buffer", bookType: "xlsx", compression: true }));
}

async function main() {
  fs.rmSync("data/bench-ui", { recursive: true, force: true });
  const server = spawn("npx", ["next", "start", "-p", String(PORT)], { env: { ...process.env, DATA_DIR: "data/bench-ui", DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" }, stdio: "ignore", detached: true });
  try {
    for (let i = 0; i < 120; i++) {
      if ((await fetch(`${BASE}/api/health`).catch(() => null))?.ok) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--disable-gpu", "--no-first-run", "--disable-background-networking"] });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${BASE}/sign-in`);
    await page.getByLabel("Email").fill("admin@example.com");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/o\/acme$/);
    // The largest file the organization allows: raise its limits first, as an admin would.
    await page.goto(`${BASE}/o/acme/settings`);
    await page.getByLabel("Rows per file").fill("10000");
    await page.getByLabel("Bytes per file").fill(String(8 * 1024 * 1024));
    await page.getByLabel("Devices per product").fill("100000");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByRole("status").waitFor();

    const results: Record<string, string | number>[] = [];
    for (const count of [1000, 10000]) {
      const file = template(count, 50);
      await page.goto(`${BASE}/o/acme/imports/new?product=INV5K`);
      let t = performance.now();
      await page.getByLabel("File to import").setInputFiles({ name: `bench-${count}.xlsx`, mimeType: "application/octet-stream", buffer: file });
      await page.getByRole("tablist", { name: "Show rows" }).waitFor({ timeout: 120_000 });
      await page.locator("tbody tr[data-line]").first().waitFor();
      const previewMs = performance.now() - t;
      const valid = count - Math.ceil(count / 50);
      t = performance.now();
      await page.getByRole("button", { name: `Import ${valid.toLocaleString("en-US")} valid rows` }).click();
      await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 300_000 });
      const resultMs = performance.now() - t;
      results.push({ rows: count.toLocaleString("en-US"), "file KB": Math.round(file.length / 1024), "drop → preview s": (previewMs / 1000).toFixed(2), "confirm → result s": (resultMs / 1000).toFixed(2) });
    }
    await browser.close();
    console.log("\nImport wizard in Debian's chromium against next start (PGlite), 2% invalid rows\n");
    console.table(results);
  } finally {
    process.kill(-server.pid!, "SIGTERM");
  }
}

void main();
