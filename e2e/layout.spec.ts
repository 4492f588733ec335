import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { signInAs, users } from "./pages/console";
import { XLSX_MIME, fillTemplate, readDownload, startImport, upload } from "./pages/import-wizard";
import { checkWidths, expectNoPageScroll, inViewport } from "./pages/layout";

const good = (key: string, overrides: Record<number, string> = {}) =>
  [key, `Inverter ${key}`, "+08:00", "5", "2", "Sungrow", "1.0", "three", "97.5", "true", "2026-01-15"].map((v, i) => overrides[i] ?? v);

/** Uploads a template with valid and invalid rows (long error texts included) and opens its preview. */
async function previewWithErrors(page: Page, prefix: string, rows = 40) {
  const template = await (await page.request.get("/o/acme/products/INV5K/template")).body();
  const data = Array.from({ length: rows }, (_, i) => good(`${prefix}-${String(i + 1).padStart(4, "0")}`, i % 4 === 0 ? { 2: "+25:00", 7: "triple" } : i % 7 === 0 ? { 1: "Name/with/slashes and a rather long text that goes on" } : {}));
  await startImport(page, "INV5K");
  await upload(page, `${prefix}.xlsx`, await fillTemplate(template, data), XLSX_MIME);
  await expect(page).toHaveURL(/\/o\/acme\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("region", { name: "Rows of the file" })).toBeVisible();
  return page.url();
}

test("every page fits 390 px and 1,280 px without a horizontal page scroll", async ({ page }) => {
  await page.goto("/sign-in");
  await checkWidths(page, "layout-sign-in");
  await signInAs(page, users.admin);
  const pages: [string, string][] = [
    ["/o/acme", "layout-products"],
    ["/o/acme/products/INV5K", "layout-product-devices"],
    ["/o/acme/products/INV5K/devices/INV-1001", "layout-device-detail"],
    ["/o/acme/imports/new", "layout-new-import-product"],
    ["/o/acme/imports/new?product=INV5K", "layout-new-import-upload"],
    ["/o/acme/imports", "layout-imports-history"],
    ["/o/acme/service-accounts", "layout-service-accounts"],
    ["/o/acme/settings", "layout-settings"],
    ["/o/acme/products/NOPE", "layout-not-found"],
  ];
  for (const [path, name] of pages) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(path);
    await checkWidths(page, name);
  }
});

test("the preview at 390 px: the grid scrolls in its box, the confirm panel stacks under it, labels and errors are whole", async ({ page }) => {
  await signInAs(page, users.operator);
  await previewWithErrors(page, "LAYN");
  await checkWidths(page, "layout-preview", async (width) => {
    const grid = page.getByRole("region", { name: "Rows of the file" });
    const gridBox = (await grid.boundingBox())!;
    expect(gridBox.x + gridBox.width).toBeLessThanOrEqual(width);
    // The grid's content is wider than its box: it scrolls there, not the page.
    expect(await grid.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const button = page.getByRole("region", { name: "Confirm the import" }).getByRole("button", { name: /Import 26 valid rows/ });
    await expect(button).toBeVisible();
    expect(await inViewport(page, button), "Confirm button inside the viewport").toBe(true);
    expect(await button.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), "Confirm label not clipped").toBe(true);
    if (width < 500) {
      const confirmBox = (await page.getByRole("region", { name: "Confirm the import" }).boundingBox())!;
      expect(confirmBox.y, "confirm panel under the grid").toBeGreaterThan(gridBox.y + gridBox.height - 1);
    }
    const messages = page.getByRole("region", { name: "Errors" }).locator(".error-message");
    expect(await messages.count()).toBeGreaterThan(0);
    for (const clipped of await messages.evaluateAll((els) => els.map((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > window.innerWidth))) expect(clipped).toBe(false);
  });
});

test("the preview at 1,280 px pins line, status and key while the rest scroll; more columns fit; widths resize", async ({ page }) => {
  await signInAs(page, users.operator);
  await previewWithErrors(page, "LAYW", 12);
  await page.setViewportSize({ width: 1280, height: 800 });
  const grid = page.getByRole("region", { name: "Rows of the file" });
  const header = (name: string) => grid.locator("thead th", { has: page.getByText(name, { exact: true }) }).first();
  const gridBox = (await grid.boundingBox())!;
  // Data columns (the file's) whose header is fully inside the grid's box.
  const fullyVisible = await grid.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll("thead th[data-column-id^='col:']")].filter((th) => {
      const r = th.getBoundingClientRect();
      return r.left >= box.left - 1 && r.right <= box.right + 1;
    }).length;
  });
  console.log(`figure: ${fullyVisible} data columns fully in view at 1,280 px`);
  expect(fullyVisible, "data columns in view at 1,280 px").toBeGreaterThanOrEqual(8);

  const before = await Promise.all(["Line", "Status", "DeviceKey", "Manufacturer"].map(async (n) => (await header(n).boundingBox())!.x));
  await grid.evaluate((el) => (el.scrollLeft = 400));
  await page.waitForTimeout(100);
  const after = await Promise.all(["Line", "Status", "DeviceKey", "Manufacturer"].map(async (n) => (await header(n).boundingBox())!.x));
  expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
  expect(after[3]).toBeLessThan(before[3]! - 300);
  // A pinned cell of a row stays put too, and the page still does not scroll.
  const firstKey = grid.locator("tbody tr[data-line] td").nth(3);
  expect((await firstKey.boundingBox())!.x).toBeCloseTo(before[2]!, 0);
  await expectNoPageScroll(page, "preview scrolled");
  expect(gridBox.width).toBeGreaterThan(1100);
  await page.screenshot({ path: "e2e/.screenshots/layout-preview-1280-scrolled.png", fullPage: true });
  await grid.evaluate((el) => (el.scrollLeft = 0));

  // Drag the Manufacturer column wider, then narrow it with the keyboard on its handle.
  const manufacturer = header("Manufacturer");
  const width0 = (await manufacturer.boundingBox())!.width;
  const handle = grid.getByRole("separator", { name: "Resize column Manufacturer" });
  const h = (await handle.boundingBox())!;
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 + 120, h.y + h.height / 2, { steps: 6 });
  await page.mouse.up();
  const width1 = (await manufacturer.boundingBox())!.width;
  expect(width1).toBeGreaterThan(width0 + 100);
  await handle.focus();
  await handle.press("ArrowLeft");
  await handle.press("ArrowLeft");
  expect((await manufacturer.boundingBox())!.width).toBeCloseTo(width1 - 40, 0);
  await page.screenshot({ path: "e2e/.screenshots/layout-preview-1280-resized.png", fullPage: true });
});

test("the history shows every column at 1,280 px and filters by status, source, product, user and date, in the URL", async ({ page }) => {
  await signInAs(page, users.operator);
  await previewWithErrors(page, "LAYH", 4);
  await page.goto("/o/acme/imports");
  await page.setViewportSize({ width: 1280, height: 800 });
  const wrap = page.locator(".table-wrap");
  expect(await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth), "history table fits without its own scroll").toBe(true);
  expect(await inViewport(page, page.getByRole("columnheader", { name: "Failed / skipped" }))).toBe(true);

  const filters = page.getByRole("search", { name: "Filter imports" });
  await filters.getByLabel("Status").selectOption("validated");
  await expect(page).toHaveURL(/status=validated/);
  await expect(page.getByRole("row", { name: /LAYH\.xlsx/ })).toHaveCount(1);
  await filters.getByLabel("Source").selectOption("api");
  await expect(page).toHaveURL(/source=api/);
  await expect(page.getByRole("row", { name: /LAYH\.xlsx/ })).toHaveCount(0);
  await expect(page.getByText("No import matches these filters.")).toBeVisible();
  await filters.getByLabel("Source").selectOption("console");
  await filters.getByLabel("Product").selectOption("MTR3P");
  await expect(page).toHaveURL(/product=MTR3P/);
  await expect(page.getByRole("row", { name: /LAYH\.xlsx/ })).toHaveCount(0);
  await filters.getByLabel("Product").selectOption("INV5K");
  await filters.getByLabel("By").selectOption({ label: "Oscar Operator" });
  await expect(page).toHaveURL(/user=[0-9a-f-]{36}/);
  const today = new Date().toISOString().slice(0, 10);
  await filters.getByLabel("From").fill(today);
  await filters.getByLabel("To").fill(today);
  await expect(page).toHaveURL(new RegExp(`to=${today}`));
  await expect(page.getByRole("row", { name: /LAYH\.xlsx/ })).toHaveCount(1);
  await page.reload();
  await expect(filters.getByLabel("Status")).toHaveValue("validated");
  await expect(filters.getByLabel("Product")).toHaveValue("INV5K");
  await expect(page.getByRole("row", { name: /LAYH\.xlsx/ })).toHaveCount(1);
  await checkWidths(page, "layout-imports-history-filtered");
  await filters.getByLabel("From").fill("2001-01-01");
  await filters.getByLabel("To").fill("2001-01-02");
  await expect(page.getByText("No import matches these filters.")).toBeVisible();
  await filters.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/o\/acme\/imports$/);
});

test("the Template step is done only after a download; plurals; the favicon", async ({ page }) => {
  await signInAs(page, users.admin);
  await page.goto("/o/acme/imports/new?product=INV5K");
  const steps = page.getByRole("list", { name: "Import steps" });
  await expect(steps.getByRole("listitem").filter({ hasText: "Template" })).toHaveAttribute("aria-current", "step");
  await expect(steps.getByRole("listitem").filter({ hasText: "Template" })).not.toHaveClass(/done/);
  await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download an empty template" }).click()]);
  await expect(steps.getByRole("listitem").filter({ hasText: "Template" })).toHaveClass(/done/);
  await expect(steps.getByRole("listitem").filter({ hasText: "Upload" })).toHaveAttribute("aria-current", "step");

  await page.goto("/o/globex");
  await expect(page.getByText(/Globex Utilities: 1 product,/)).toBeVisible();
  await expect(page.getByText("1 products")).toHaveCount(0);
  await page.goto("/o/globex/imports/new");
  await expect(page.getByText("1 of 1 product", { exact: true })).toBeVisible();

  const template = await (await page.request.get("/o/acme/products/INV5K/template")).body();
  await startImport(page, "INV5K");
  await upload(page, "one.xlsx", await fillTemplate(template, [good("LAYP-0001")]), XLSX_MIME);
  await expect(page.getByRole("heading", { name: "one.xlsx" })).toBeVisible();
  await expect(page.getByText(/· 1 row ·/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Import 1 valid row" })).toBeVisible();

  const favicon = await page.request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
});

test("warnings are in the Errors panel under their own heading, in errmsg.txt and in the confirm panel", async ({ page }) => {
  await signInAs(page, users.admin);
  await startImport(page, "MTR3P");
  const columns = ["Device Name", "Device Unique ID", "Serial Number", "Location", "Account ID", "Device Type ID", "Heartbeat Period (second)", "Device Cell Number", "SMS Command Password", "Device Config ID", "Active", "Heartbeat Values", "Device Integration ID", "Cloud Native Integration ID", "Parent Device ID", "Tags", "Metadata", "Enforce Secure MQTT", "MQTT Password", "Delete?", "Update?", "ICCID (SIM)", "MSISDN (SIM)", "Communication Plan (SIM)", "Rate Plan (SIM)"];
  const row = (cells: Record<string, string>) => columns.map((c) => cells[c] ?? "").join(",");
  const base = { "Account ID": "acme", "Device Type ID": "MTR3P", "Heartbeat Period (second)": "60" };
  const text = [columns.join(","), row({ ...base, "Device Name": "Warned", "Device Unique ID": "GW:LAY:01", "MSISDN (SIM)": "+4915100001" }), row({ ...base, "Device Name": "Bad", "Device Unique ID": "GW:LAY:02", "Heartbeat Period (second)": "soon" })].join("\r\n");
  await upload(page, "warned.csv", Buffer.from(text), "text/csv");
  await expect(page.getByRole("heading", { name: "warned.csv" })).toBeVisible();
  const panel = page.getByRole("region", { name: "Errors" });
  await expect(panel.getByRole("heading", { name: /Warnings/ })).toContainText("2");
  await expect(panel.getByRole("list", { name: "Warnings" })).toContainText("Line 2");
  await expect(panel.getByRole("list", { name: "Warnings" })).toContainText("no SIM is created");
  await expect(page.getByRole("region", { name: "Confirm the import" })).toContainText("1 row with warnings imported as shown");
  const [errmsg] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export invalid records" }).click()]);
  const lines = (await readDownload(errmsg)).toString("utf8").split("\r\n");
  expect(lines.find((l) => l.startsWith("Line 2: warning: "))).toContain("no SIM is created");
  expect(lines.some((l) => l.startsWith("Line 3: ") && !l.includes("warning:"))).toBe(true);
  await checkWidths(page, "layout-preview-warnings");
});

test("the failed-rows .xlsx uploads back as is, and the fixed rows are checked like the template", async ({ page }) => {
  await signInAs(page, users.operator);
  const url = await previewWithErrors(page, "LAYR", 8);
  const [failed] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Failed rows (.xlsx)" }).first().click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readDownload(failed)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).getCell(1).value).toBe("Line");
  // Fix the first failed row only (Time Zone and Phase are columns 4 and 9 after Line).
  sheet.getCell(2, 4).value = "+08:00";
  sheet.getCell(2, 9).value = "three";
  const fixed = Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  await startImport(page, "INV5K");
  await upload(page, "LAYR-failed-rows.xlsx", fixed, XLSX_MIME);
  await expect(page).not.toHaveURL(url);
  await expect(page.getByRole("heading", { name: "LAYR-failed-rows.xlsx" })).toBeVisible();
  await expect(page.getByText("Template (.xlsx)")).toBeVisible();
  const grid = page.getByRole("region", { name: "Rows of the file" });
  await expect(grid.locator("thead")).not.toContainText("Errors");
  await expect(grid.locator("thead th[data-column-id='col:Line']")).toHaveCount(0);
  const tabs = page.getByRole("tablist", { name: "Show rows" });
  await expect(tabs.getByRole("tab", { name: /Valid/ }).first()).toContainText("1");
  await expect(tabs.getByRole("tab", { name: /Invalid/ })).toContainText("2");
  await checkWidths(page, "layout-round-trip");
});

test("the downloaded template carries its validations and input messages", async ({ page }) => {
  await signInAs(page, users.operator);
  await page.goto("/o/acme/imports/new?product=INV5K");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download an empty template" }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readDownload(download)) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Devices")!;
  expect(sheet.getCell("E3").dataValidation).toMatchObject({ type: "whole", formulae: [1, 12], showInputMessage: true, promptTitle: "MPPT Count" });
  expect(sheet.getCell("D3").dataValidation).toMatchObject({ type: "decimal", formulae: [0, 10000] });
  expect(sheet.getCell("F3").dataValidation).toMatchObject({ type: "textLength", formulae: [32] });
  expect(sheet.getCell("K3").dataValidation).toMatchObject({ type: "date" });
  expect(sheet.getCell("H3").dataValidation).toMatchObject({ type: "list" });
});
