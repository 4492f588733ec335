import { expect, test } from "@playwright/test";
import { signInAs, users } from "./pages/console";
import { XLSX_MIME, fillTemplate, readDownload, screenshots, startImport, upload } from "./pages/import-wizard";

const good = (key: string, overrides: Record<number, string> = {}) =>
  [key, `Inverter ${key}`, "+08:00", "5", "2", "Sungrow", "1.0", "three", "97.5", "true", "2026-01-15"].map((v, i) => overrides[i] ?? v);

test("an operator imports a template: errors on the cells, errmsg.txt, a fix in place, confirm, devices and history", async ({ page }) => {
  await signInAs(page, users.operator);
  await page.getByRole("link", { name: "Import devices" }).click();
  await expect(page.getByRole("heading", { name: "Import devices" })).toBeVisible();
  await page.getByLabel("Search products").fill("inverter");
  await expect(page.getByRole("list", { name: "Products" }).getByRole("link")).toHaveCount(1);
  await screenshots(page, "wizard-1-product");
  await page.getByRole("link", { name: /5 kW String Inverter/ }).click();
  await expect(page.getByRole("heading", { name: "Get the template" })).toBeVisible();
  await screenshots(page, "wizard-2-template-upload");

  const [templateDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download an empty template" }).click()]);
  expect(templateDownload.suggestedFilename()).toBe("Template_INV5K.xlsx");
  const filled = await fillTemplate(await readDownload(templateDownload), [
    good("E2E-0001"),
    good("E2E-0002"),
    good("E2E-0003"),
    good("E2E-0004", { 2: "+25:00" }),
    good("ab"),
    good("E2E-0006", { 4: "13" }),
    good("E2E-0007", { 7: "triple" }),
    good("E2E-0001"),
    good("INV-1001"),
  ]);
  await upload(page, "inverters.xlsx", filled, XLSX_MIME);
  await expect(page).toHaveURL(/\/o\/acme\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "inverters.xlsx" })).toBeVisible();

  const tabs = page.getByRole("tablist", { name: "Show rows" });
  await expect(tabs.getByRole("tab", { name: /All/ })).toContainText("9");
  await expect(tabs.getByRole("tab", { name: /Invalid/ })).toContainText("6");
  await expect(tabs.getByRole("tab", { name: /Valid/ }).first()).toContainText("3");
  // Invalid rows first: line 6 (the bad time zone) is the first row of the grid.
  const grid = page.getByRole("region", { name: "Rows of the file" });
  await expect(grid.locator("tbody tr[data-line]").first()).toHaveAttribute("data-line", "6");
  const zone = grid.locator('[data-cell-id="cell-6-Time_Zone"]');
  await expect(zone).toHaveAttribute("aria-invalid", "true");
  await zone.focus();
  await expect(zone.getByRole("tooltip")).toHaveText('Time Zone "+25:00" is not a UTC offset between -12:00 and +14:00 or a city time zone (e.g. +08:00 or Europe/Berlin)');
  await expect(grid.locator('[data-cell-id="cell-8-MPPT_Count"]')).toHaveAttribute("aria-invalid", "true");
  await expect(grid.locator('[data-cell-id="cell-9-Phase"]')).toHaveAttribute("aria-invalid", "true");
  await expect(grid.locator('[data-cell-id="cell-11-DeviceKey"]')).toHaveAttribute("aria-invalid", "true");
  await expect(grid.locator('[data-cell-id="cell-6-DeviceKey"]')).not.toHaveAttribute("aria-invalid", "true");
  await screenshots(page, "wizard-4-preview");

  const [errmsg] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export invalid records" }).click()]);
  expect(errmsg.suggestedFilename()).toBe("errmsg.txt");
  expect((await readDownload(errmsg)).toString("utf8").split("\r\n")).toEqual([
    'Line 6: Time Zone "+25:00" is not a UTC offset between -12:00 and +14:00 or a city time zone (e.g. +08:00 or Europe/Berlin)',
    'Line 7: DeviceKey "ab" must be 4–64 characters of letters, digits, hyphen (-), underscore (_), period (.) or colon (:)',
    'Line 8: MPPT Count "13" must be between 1 and 12',
    'Line 9: Phase "triple" is not one of: single, three',
    'Line 10: DeviceKey "E2E-0001" is already used on line 3 of this file',
    'Line 11: DeviceKey "INV-1001" already exists in this organization (product INV5K)',
    "",
  ]);

  // The error panel jumps to the cell; the cell is fixed in place and checked again on the server.
  await page.getByRole("region", { name: "Errors" }).getByRole("button", { name: /Line 9/ }).click();
  const phase = grid.locator('[data-cell-id="cell-9-Phase"]');
  await expect(phase).toBeFocused();
  await phase.press("Enter");
  await grid.getByLabel("Edit cell").fill("single");
  await grid.getByLabel("Edit cell").press("Enter");
  await expect(phase).not.toHaveAttribute("aria-invalid", "true");
  await expect(tabs.getByRole("tab", { name: /Invalid/ })).toContainText("5");
  // Arrow keys move between cells like a spreadsheet.
  await zone.focus();
  await zone.press("ArrowLeft");
  await expect(grid.locator('[data-cell-id="cell-6-Device_Name"]')).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(zone).toBeFocused();
  await zone.dblclick();
  await grid.getByLabel("Edit cell").fill("Asia/Shanghai");
  await grid.getByLabel("Edit cell").press("Enter");
  await expect(zone).not.toHaveAttribute("aria-invalid", "true");
  await expect(tabs.getByRole("tab", { name: /Invalid/ })).toContainText("4");
  await page.reload();
  await expect(tabs.getByRole("tab", { name: /Invalid/ })).toContainText("4");
  await screenshots(page, "wizard-5-confirm");

  const confirm = page.getByRole("region", { name: "Confirm the import" });
  await expect(confirm).toContainText("5 devices created");
  await expect(confirm).toContainText("4 invalid rows skipped");
  await confirm.getByRole("button", { name: "Import 5 valid rows" }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 30_000 });
  const result = page.getByRole("region", { name: "Import finished" });
  await expect(result.locator(".stat").filter({ hasText: "Created" })).toContainText("5");
  await screenshots(page, "wizard-6-result");

  const [results] = await Promise.all([page.waitForEvent("download"), result.getByRole("link", { name: "Download results (.csv)" }).click()]);
  const csv = (await readDownload(results)).toString("utf8");
  // Every cell quoted, so that no spreadsheet guesses where a cell ends.
  expect(csv.split("\r\n")[0]).toBe('\uFEFF"Line","Device Key","Operation","Outcome","Code","Message","Asset ID","Device Secret"');
  expect(csv).toMatch(/\r\n"3","E2E-0001","create","created","","","[\w-]+","[\w-]{24}"\r\n/);
  const [again] = await Promise.all([page.waitForEvent("download"), result.getByRole("link", { name: "Download results (.csv)" }).click()]);
  expect((await readDownload(again)).toString("utf8")).not.toContain("Device Secret");

  await page.goto("/o/acme/products/INV5K?q=E2E-");
  const devices = page.getByRole("table");
  await expect(devices.getByRole("row")).toHaveCount(6);
  await expect(devices.getByRole("row", { name: /E2E-0009|E2E-0004/ }).first()).toContainText("Not activated");
  await expect(devices.getByRole("row", { name: /E2E-0001/ })).toContainText("inverters.xlsx");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Imports" }).click();
  await expect(page.getByRole("heading", { name: "Imports", exact: true })).toBeVisible();
  const history = page.getByRole("row", { name: /inverters\.xlsx/ });
  await expect(history).toContainText("Completed");
  await expect(history).toContainText("Oscar Operator");
  await screenshots(page, "imports-history");
});

test("a refused file gets the core's message in place and nothing is stored", async ({ page }) => {
  await signInAs(page, users.operator);
  await startImport(page, "MTR3P");
  await upload(page, "report.xlsx", Buffer.from("%PDF-1.7\n%…"), XLSX_MIME);
  const uploadRegion = page.getByRole("region", { name: "Upload the filled-in file" });
  await expect(uploadRegion.getByRole("alert")).toHaveText("report.xlsx was not accepted. This is a PDF, not an .xlsx template or a CSV file.");
  const inverterTemplate = await (await page.request.get("/o/acme/products/INV5K/template")).body();
  await startImport(page, "MTR3P");
  await upload(page, "Template_INV5K.xlsx", await fillTemplate(inverterTemplate, [good("X-0001")]), XLSX_MIME);
  await expect(uploadRegion.getByRole("alert")).toContainText("This is the template of product INV5K, but you are importing into MTR3P");
  await screenshots(page, "wizard-3-refused");
  await page.goto("/o/acme/imports");
  await expect(page.getByRole("row", { name: /report\.xlsx|Template_INV5K/ })).toHaveCount(0);
});

test("a viewer sees imports but cannot start one", async ({ page }) => {
  await signInAs(page, users.viewer);
  await expect(page.getByRole("link", { name: "Import devices" })).toHaveCount(0);
  expect((await page.goto("/o/acme/imports/new"))?.status()).toBe(403);
  const response = await page.request.post("/o/acme/imports/upload", { multipart: { productKey: "INV5K", file: { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2") } } });
  expect(response.status()).toBe(403);
});
