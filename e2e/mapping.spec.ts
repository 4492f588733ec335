import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { signInAs, users } from "./pages/console";
import { XLSX_MIME, readDownload, startImport, upload } from "./pages/import-wizard";
import { checkWidths } from "./pages/layout";
import { soffice, xlsxByLibreOffice } from "./pages/libreoffice";

/**
 * Another system's export: renamed and reordered columns, an extra one, yes/no booleans and US
 * dates, saved as .xlsx by LibreOffice Calc (not by us), so its dates are real date cells.
 */
const columns = ["Comment", "Vendor", "Serial No", "Label", "Zone", "Rated Power (kW)", "MPPTs", "Phase", "Grid", "Commissioned"];
const exportRow = (key: string, zone = "Europe/Berlin", grid = "yes") => ["from ERP", "Sungrow", key, `Roof ${key.slice(-2)}`, zone, "5", "2", "three", grid, "1/15/2026"];
const exportCsv = (rows: string[][], order = columns.map((_, i) => i)) => [order.map((i) => columns[i]), ...rows.map((r) => order.map((i) => r[i]))].map((r) => r.join(",")).join("\n");

const select = (page: Page, column: string) => page.getByTestId(`map-${column}`);

test.skip(!soffice, "LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc");

test("a renamed, reordered export is mapped, imported, round-tripped, and maps itself the next time", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, users.operator);
  const first = xlsxByLibreOffice("erp-export", exportCsv([exportRow("ERP-0001"), exportRow("ERP-0002", "Asia/Shanghai", "NO"), exportRow("ERP-0003", "Mars/Base"), exportRow("ERP-0004", "Asia/Tokyo", "y")]));

  // 1. The mapping step, with suggestions by name and by values.
  await startImport(page, "INV5K");
  await upload(page, "erp-export.xlsx", first, XLSX_MIME);
  const mapping = page.getByTestId("column-mapping");
  await expect(mapping).toBeVisible();
  await expect(mapping).toContainText("Map the columns of erp-export.xlsx");
  await expect(page.getByTestId("mapped-like-last-time")).toHaveCount(0);
  // The template step is behind a user who brings a file of their own.
  await expect(page.getByRole("listitem").filter({ hasText: "Upload" }).first()).toHaveAttribute("aria-current", "step");
  await expect(select(page, "Serial No")).toHaveValue("deviceKey");
  await expect(select(page, "Label")).toHaveValue("name");
  await expect(select(page, "Zone")).toHaveValue("timezone");
  await expect(select(page, "Rated Power (kW)")).toHaveValue("attr.ratedPower");
  await expect(select(page, "Vendor")).toHaveValue("");
  await expect(select(page, "Phase")).toHaveValue("attr.phase");
  await expect(select(page, "Grid")).toHaveValue("attr.gridConnected");
  await expect(select(page, "Commissioned")).toHaveValue("attr.commissionDate");
  await expect(select(page, "Comment")).toHaveValue("");
  // Required columns not covered yet: said, and the button waits.
  await expect(page.getByTestId("mapping-problems")).toContainText("Map a column to MPPT Count, Manufacturer: they are required.");
  const go = page.getByRole("button", { name: "Check the rows with this mapping" });
  await expect(go).toBeDisabled();
  await select(page, "MPPTs").selectOption("attr.mpptCount");
  await select(page, "Vendor").selectOption("attr.manufacturer");
  await expect(page.getByTestId("mapping-ready")).toContainText("9 of 10 file columns are mapped");
  await checkWidths(page, "mapping-step");

  // 2. Checked as the template, on the user's own lines, with the conversions shown.
  await go.click();
  await expect(page).toHaveURL(/\/o\/acme\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "erp-export.xlsx" })).toBeVisible();
  await expect(page.getByText("Own columns, mapped to the template")).toBeVisible();
  await expect(page.getByTestId("mapped")).toContainText("9 columns mapped from the file's own header, 1 left out (Comment)");
  const grid = page.getByRole("region", { name: "Rows of the file" });
  await expect(grid.locator('[data-cell-id="cell-2-Grid_Connected"]')).toContainText('true');
  await expect(grid.locator('[data-cell-id="cell-2-Grid_Connected"]')).toContainText('converted from "yes"');
  await expect(grid.locator('[data-cell-id="cell-3-Grid_Connected"]')).toContainText('converted from "NO"');
  await expect(grid.locator('[data-cell-id="cell-2-Commission_Date"]')).toContainText("2026-01-15");
  await expect(grid.locator('[data-cell-id="cell-2-Commission_Date"]')).toContainText(/converted from date cell "01\/15\/26"/);
  await expect(grid.locator('[data-cell-id="cell-4-Time_Zone"]')).toHaveAttribute("aria-invalid", "true");
  await checkWidths(page, "mapping-preview");

  // 3. The failed rows download: fixed and uploaded back as is, no mapping needed this time.
  const [failed] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Failed rows (.xlsx)" }).first().click()]);
  const confirm = page.getByRole("region", { name: "Confirm the import" });
  await confirm.getByRole("button", { name: "Import 3 valid rows" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Import finished" }).locator(".stat").filter({ hasText: "Created" })).toContainText("3");

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readDownload(failed)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  expect(headers[1]).toBe("Line");
  sheet.getCell(2, headers.indexOf("Time Zone")).value = "Europe/Paris";
  await startImport(page, "INV5K");
  await upload(page, "erp-export-failed-rows.xlsx", Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer), XLSX_MIME);
  await expect(page.getByRole("heading", { name: "erp-export-failed-rows.xlsx" })).toBeVisible();
  await expect(page.getByText("Template (.xlsx)")).toBeVisible();
  const tabs = page.getByRole("tablist", { name: "Show rows" });
  await expect(tabs.getByRole("tab", { name: /Valid/ }).first()).toContainText("1");
  await expect(tabs.getByRole("tab", { name: /Invalid/ })).toContainText("0");
  await page.getByRole("region", { name: "Confirm the import" }).getByRole("button", { name: "Import 1 valid row" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 60_000 });

  // 4. The same export again, columns in another order: mapped by itself, and said so.
  const order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
  const second = xlsxByLibreOffice("erp-export-2", exportCsv([exportRow("ERP-0101"), exportRow("ERP-0102", "Asia/Shanghai", "n")], order));
  await startImport(page, "INV5K");
  await upload(page, "erp-export-2.xlsx", second, XLSX_MIME);
  await expect(page.getByTestId("mapped-like-last-time")).toContainText("Mapped like last time");
  await expect(select(page, "MPPTs")).toHaveValue("attr.mpptCount");
  await expect(select(page, "Vendor")).toHaveValue("attr.manufacturer");
  await expect(select(page, "Comment")).toHaveValue("");
  await expect(mapping.getByText("as last time").first()).toBeVisible();
  await checkWidths(page, "mapping-remembered");
  await page.getByRole("button", { name: "Check the rows with this mapping" }).click();
  await expect(page.getByRole("heading", { name: "erp-export-2.xlsx" })).toBeVisible();
  await expect(tabs.getByRole("tab", { name: /Valid/ }).first()).toContainText("2");
  await expect(grid.locator('[data-cell-id="cell-3-Grid_Connected"]')).toContainText('converted from "n"');
});
