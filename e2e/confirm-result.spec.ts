import { expect, test } from "@playwright/test";
import { screenshot, signInAs, users } from "./pages/console";
import { upload } from "./pages/import-wizard";

import { deviceCsvColumns } from "../lib/import/dialects/device-csv";

const line = (cells: Record<number, string>) => deviceCsvColumns.map((_, i) => cells[i] ?? "").join(",");
const csv = (prefix: string, count: number) =>
  Buffer.from([deviceCsvColumns.join(","), ...Array.from({ length: count }, (_, i) => line({ 0: `Meter ${i}`, 1: `${prefix}:${i}`, 4: "globex", 5: "GLXWTR", 6: "30" }))].join("\r\n"));

test("confirm → result: the result panel shows from the progress poll, and the page is rendered again once", async ({ page }) => {
  await signInAs(page, users.admin);
  await page.goto("/o/globex/imports/new?product=GLXWTR");
  await upload(page, "quick-result.csv", csv("QUICKRESULT", 20), "text/csv");
  await expect(page.getByRole("heading", { name: "quick-result.csv" })).toBeVisible({ timeout: 60_000 });
  const path = new URL(page.url()).pathname;

  // The page's own renders (router.refresh) after the confirm are held until released: the result must not wait for them.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const renders: string[] = [];
  await page.route(
    (url) => url.pathname === path && url.searchParams.has("_rsc"),
    async (route) => {
      renders.push(route.request().url());
      await released;
      await route.continue();
    },
  );
  await page.getByRole("region", { name: "Confirm the import" }).getByRole("button", { name: "Import 20 valid rows" }).click();
  // The confirm itself renders nothing again: the progress shows, the header says it is under way.
  await expect(page.locator(".page-header .badge")).not.toHaveText("Awaiting confirmation");

  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".stat").filter({ hasText: "Created" }).locator(".stat-value")).toHaveText("20");
  await expect(page.getByTestId("accounting")).toHaveText("20 rows in the file = 20 created + 0 updated + 0 deleted + 0 credentials updated + 0 failed + 0 skipped.");
  // The header's badge follows without the page rendered again.
  await expect(page.locator(".page-header .badge")).toHaveText("Completed");
  expect(renders).toHaveLength(1);
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, "result-from-poll-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "result-from-poll-390");

  // The page rendered again brings the rows' outcomes.
  release();
  await expect(page.locator(".page-header .badge")).toHaveText("Completed");
  await expect(page.locator('tbody tr[data-line="2"] .badge')).toHaveText("Created");
  await page.waitForTimeout(1000);
  expect(renders).toHaveLength(1);
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, "result-rendered-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "result-rendered-390");
});
