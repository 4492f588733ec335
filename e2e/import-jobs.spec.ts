import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, users } from "./pages/console";
import { upload } from "./pages/import-wizard";

import { deviceCsvColumns } from "../lib/import/dialects/device-csv";

const line = (cells: Record<number, string>) => deviceCsvColumns.map((_, i) => cells[i] ?? "").join(",");
const csv = (prefix: string, count: number) =>
  Buffer.from([deviceCsvColumns.join(","), ...Array.from({ length: count }, (_, i) => line({ 0: `Meter ${i}`, 1: `${prefix}:${i}`, 4: "globex", 5: "GLXWTR", 6: "30" }))].join("\r\n"));

// In Globex (the admin's second organization), so that the other specs' Acme data and limits stay as they expect.
async function setLimits(page: Page, limits: [string, string][]) {
  await page.goto("/o/globex/settings");
  for (const [label, value] of limits) await page.getByLabel(label).fill(value);
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("status")).toHaveText("Limits saved.");
}
/** 20,000-row files: a few seconds of import on PGlite, long enough to watch and cancel. */
const allowBigFiles = (page: Page) =>
  setLimits(page, [["Rows per file", "20000"], ["Bytes per file", "8388608"], ["Devices per product", "200000"], ["Devices per organization", "400000"]]);

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signInAs(page, users.admin);
  await setLimits(page, [["Rows per file", "1000"], ["Bytes per file", "2097152"]]);
  await page.close();
});

async function startImport(page: Page, productKey: string) {
  await page.goto(`/o/globex/imports/new?product=${productKey}`);
  await expect(page.getByRole("heading", { name: "Upload the filled-in file" })).toBeVisible();
}

async function stage(page: Page, name: string, count: number) {
  await startImport(page, "GLXWTR");
  await upload(page, name, csv(name.replace(/\W/g, ""), count), "text/csv");
  await expect(page.getByRole("heading", { name })).toBeVisible({ timeout: 60_000 });
}
const confirm = (page: Page) => page.getByRole("region", { name: "Confirm the import" }).getByRole("button", { name: /^Import [\d,]+ valid rows?$/ }).click();

test("a long import shows live progress; a second confirm waits as Queued; Cancel stops the first with its counts", async ({ page, context }) => {
  test.setTimeout(240_000);
  await signInAs(page, users.admin);
  await allowBigFiles(page);

  // Both staged first (the first runs for a few seconds only); the second is as big, so that it is still waiting when its confirm lands.
  const second = await context.newPage();
  await stage(second, "second.csv", 20_000);
  await stage(page, "big.csv", 20_000);
  await confirm(page);
  await confirm(second);
  // The other tab's import waits in line instead of being refused.
  await expect(second.getByTestId("import-progress")).toContainText("Queued", { timeout: 30_000 });

  const progress = page.getByTestId("import-progress");
  // Rows done, rows/s and time left appear once the worker has written a chunk or two.
  await expect(progress.getByTestId("rows-per-second")).toHaveText(/[\d,]+ rows\/s/, { timeout: 60_000 });
  await progress.getByRole("button", { name: "Cancel import" }).click();
  await expect(page.getByRole("heading", { name: "Import cancelled" })).toBeVisible({ timeout: 60_000 });
  const created = Number((await page.locator(".stat").filter({ hasText: "Created" }).locator(".stat-value").innerText()).replace(/,/g, ""));
  expect(created).toBeGreaterThan(0);
  expect(created).toBeLessThan(20_000);
  // Nothing in silence: what was not reached is counted.
  await expect(page.locator(".stat").filter({ hasText: "Not imported (cancelled)" }).locator(".stat-value")).toHaveText((20_000 - created).toLocaleString("en-US"));
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, "import-cancelled-1280");

  // The queued one runs once the first has stopped.
  await expect(second.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 60_000 });
});

test("the progress view at 1,280 and 390 px", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, users.admin);
  await allowBigFiles(page);
  await stage(page, "progress.csv", 20_000);
  await confirm(page);
  const progress = page.getByTestId("import-progress");
  await expect(progress.getByTestId("rows-per-second")).toHaveText(/[\d,]+ rows\/s/, { timeout: 60_000 });
  await expect(progress.getByTestId("time-left")).not.toHaveText("—");
  // The header's badge says what the progress says.
  await expect(page.locator(".page-header .badge")).toHaveText("Importing");
  await expect(progress.getByTestId("rows-done")).toContainText("of 20,000 rows");
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, "import-progress-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "import-progress-390");
  // 20,000 rows each warned the same way (the device CSV cannot carry the model's required attributes): one entry, not one per row.
  const warnings = page.getByRole("list", { name: "Warnings" });
  await expect(warnings.locator("li").first()).toContainText("100 rows, lines 2 … 101");
  await expect(warnings.locator("li").first()).toContainText("required attributes");
  // Closing the tab changes nothing: the import finishes on the server, as another visit shows.
  await page.close();
  const again = await page.context().newPage();
  await again.goto("/o/globex/imports");
  await expect(again.getByRole("link", { name: "progress.csv" }).first()).toBeVisible();
  await again.getByRole("link", { name: "progress.csv" }).first().click();
  await expect(again.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 60_000 });
});
