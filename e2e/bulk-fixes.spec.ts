import { expect, test, type Locator, type Page } from "@playwright/test";
import { screenshot, signInAs, users } from "./pages/console";
import { XLSX_MIME, fillTemplate, startImport, upload } from "./pages/import-wizard";

// Meters (MTR3P): the other specs count the inverters of the demo data.
const row = (key: string, overrides: Record<number, string> = {}) =>
  [key, `Meter ${key}`, "+08:00", "electricity", "100", "0.5", "60", "true", "", "REF-1"].map((v, i) => overrides[i] ?? v);

/** Lines 3–10: three bad time zones (one also a bad meter type), another bad meter type, a blank (required) max current and a key used twice. */
const rows = (p: string) => [
  row(`${p}-01`, { 6: "80" }),
  row(`${p}-02`, { 2: "+25:00" }),
  row(`${p}-03`, { 2: "+25:00" }),
  row(`${p}-04`, { 2: "+25:00", 3: "power" }),
  row(`${p}-05`, { 3: "power" }),
  row(`${p}-06`, { 6: "" }),
  row(`${p}-07`),
  row(`${p}-01`),
];

async function uploadFixture(page: Page, prefix: string) {
  await signInAs(page, users.operator);
  const template = await (await page.request.get("/o/acme/products/MTR3P/template")).body();
  await startImport(page, "MTR3P");
  await upload(page, `bulk-${prefix}.xlsx`, await fillTemplate(template, rows(prefix)), XLSX_MIME);
  await expect(page).toHaveURL(/\/o\/acme\/imports\/[0-9a-f-]{36}$/);
}

const tab = (page: Page, name: RegExp) => page.getByRole("tablist", { name: "Show rows" }).getByRole("tab", { name });
const bar = (page: Page) => page.getByRole("toolbar", { name: "Bulk fixes" });
const message = (page: Page) => page.getByTestId("edit-message");
const box = (grid: Locator, line: number) => grid.getByRole("checkbox", { name: `Select line ${line}` });

for (const width of [1280, 390]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test("select all invalid, set a value, undo, find and replace with a count, fill down a range, remove rows, confirm", async ({ page }) => {
      const p = `BF${width}`;
      await uploadFixture(page, p);
      const grid = page.getByRole("region", { name: "Rows of the file" });
      await expect(tab(page, /Invalid/)).toContainText("6");

      // Set a value on every invalid row (a selection by filter), then undo it once.
      await bar(page).getByRole("button", { name: "Select all invalid (6)" }).click();
      await expect(page.getByTestId("selected-count")).toHaveText("6 selected");
      await expect(box(grid, 4)).toBeChecked();
      await expect(box(grid, 3)).not.toBeChecked();
      await bar(page).getByLabel("Column").selectOption("Time Zone");
      await bar(page).getByLabel("Value").fill("Europe/Berlin");
      await screenshot(page, `bulk-1-set-${width}`);
      await bar(page).getByRole("button", { name: "Apply to 6 rows" }).click();
      await expect(message(page)).toHaveText("Fixed 2 of 6 rows; 4 still invalid.");
      await expect(tab(page, /Invalid/)).toContainText("4");
      await expect(grid.locator('[data-cell-id="cell-4-Time_Zone"]')).toContainText("Europe/Berlin");
      await screenshot(page, `bulk-2-fixed-${width}`);
      await bar(page).getByRole("button", { name: "Undo set Time Zone on 6 rows" }).click();
      await expect(message(page)).toHaveText("Undone: set Time Zone on 6 rows.");
      await expect(tab(page, /Invalid/)).toContainText("6");
      await expect(grid.locator('[data-cell-id="cell-4-Time_Zone"]')).toContainText("+25:00");
      await expect(bar(page).getByRole("button", { name: /^Undo/ })).toHaveCount(0);
      await bar(page).getByRole("button", { name: "Select all invalid (6)" }).click();
      await bar(page).getByLabel("Column").selectOption("Time Zone");
      await bar(page).getByLabel("Value").fill("Europe/Berlin");
      await bar(page).getByRole("button", { name: "Apply to 6 rows" }).click();
      await expect(message(page)).toHaveText("Fixed 2 of 6 rows; 4 still invalid.");

      // Find and replace in one column: the matches are counted before it is applied.
      await bar(page).getByRole("button", { name: "Select all invalid (4)" }).click();
      await bar(page).getByLabel("Fix").selectOption("Find and replace");
      await bar(page).getByLabel("Column").selectOption("Meter Type");
      await bar(page).getByLabel("Find").fill("power");
      await bar(page).getByLabel("Replace with").fill("electricity");
      await expect(page.getByTestId("match-count")).toHaveText("2 rows match");
      await screenshot(page, `bulk-3-replace-${width}`);
      await bar(page).getByRole("button", { name: "Apply to 4 rows" }).click();
      await expect(message(page)).toHaveText("Fixed 2 of 4 rows; 2 still invalid.");
      await expect(tab(page, /Invalid/)).toContainText("2");
      await bar(page).getByRole("button", { name: /^Undo replace in Meter Type/ }).click();
      await expect(tab(page, /Invalid/)).toContainText("4");
      await bar(page).getByRole("button", { name: "Select all invalid (4)" }).click();
      await bar(page).getByLabel("Fix").selectOption("Find and replace");
      await bar(page).getByLabel("Column").selectOption("Meter Type");
      await bar(page).getByLabel("Find").fill("power");
      await bar(page).getByLabel("Replace with").fill("electricity");
      await expect(page.getByTestId("match-count")).toHaveText("2 rows match");
      await bar(page).getByRole("button", { name: "Apply to 4 rows" }).click();
      await expect(message(page)).toHaveText("Fixed 2 of 4 rows; 2 still invalid.");

      // Fill down over a shift-click range, in the grid's order (by line here).
      await page.getByLabel("Order").selectOption("line");
      await expect(grid.locator("tbody tr[data-line]").first()).toHaveAttribute("data-line", "3");
      await box(grid, 3).click();
      await box(grid, 8).click({ modifiers: ["Shift"] });
      await expect(page.getByTestId("selected-count")).toHaveText("6 selected");
      await bar(page).getByLabel("Fix").selectOption("Fill down");
      await bar(page).getByLabel("Column").selectOption("Max Current");
      await screenshot(page, `bulk-4-fill-down-${width}`);
      await bar(page).getByRole("button", { name: "Apply to 6 rows" }).click();
      await expect(message(page)).toHaveText("Fixed 1 of 6 rows; 0 still invalid.");
      await expect(grid.locator('[data-cell-id="cell-8-Max_Current"]')).toHaveText("80");
      await expect(grid.locator('[data-cell-id="cell-7-Max_Current"]')).toHaveText("80");
      await expect(tab(page, /Invalid/)).toContainText("1");
      await bar(page).getByRole("button", { name: "Undo fill down Max Current on 6 rows" }).click();
      await expect(grid.locator('[data-cell-id="cell-8-Max_Current"]')).toHaveAttribute("aria-invalid", "true");
      await expect(grid.locator('[data-cell-id="cell-7-Max_Current"]')).toHaveText("60");
      await expect(tab(page, /Invalid/)).toContainText("2");
      await box(grid, 3).click();
      await box(grid, 8).click({ modifiers: ["Shift"] });
      await bar(page).getByLabel("Fix").selectOption("Fill down");
      await bar(page).getByLabel("Column").selectOption("Max Current");
      await bar(page).getByRole("button", { name: "Apply to 6 rows" }).click();
      await expect(message(page)).toHaveText("Fixed 1 of 6 rows; 0 still invalid.");

      // Remove the row that repeats a key: it is skipped, the counts still add up, and undo brings it back.
      await box(grid, 10).click();
      await bar(page).getByLabel("Fix").selectOption("Remove rows");
      await bar(page).getByRole("button", { name: "Remove 1 row" }).click();
      await expect(message(page)).toHaveText("Removed 1 row from the import.");
      await expect(tab(page, /All/)).toContainText("7");
      await expect(tab(page, /Invalid/)).toContainText("0");
      const confirm = page.getByRole("region", { name: "Confirm the import" });
      await expect(confirm).toContainText("1 row removed by you, skipped");
      await expect(grid.locator('tr[data-line="10"]')).toHaveCount(0);
      await bar(page).getByRole("button", { name: "Undo remove 1 row" }).click();
      await expect(tab(page, /All/)).toContainText("8");
      await expect(grid.locator('tr[data-line="10"]')).toHaveCount(1);
      await expect(tab(page, /Invalid/)).toContainText("1");
      await box(grid, 10).click();
      await bar(page).getByLabel("Fix").selectOption("Remove rows");
      await bar(page).getByRole("button", { name: "Remove 1 row" }).click();
      await expect(message(page)).toHaveText("Removed 1 row from the import.");
      await screenshot(page, `bulk-5-removed-${width}`);

      // Nothing on the page scrolls sideways: the grid scrolls in its own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

      await confirm.getByRole("button", { name: "Import 7 valid rows" }).click();
      const result = page.getByRole("region", { name: "Import finished" });
      await expect(result).toBeVisible({ timeout: 30_000 });
      await expect(result.locator(".stat").filter({ hasText: "Created" })).toContainText("7");
      await expect(result.locator(".stat").filter({ hasText: "Skipped" })).toHaveText(/1\s*Skipped \(removed by you\)/);
      await expect(grid.locator('tr[data-line="10"]')).toHaveCount(0);
      await screenshot(page, `bulk-6-result-${width}`);
    });

    test("search filters on the server, is kept in the URL, and the Errors panel reveals a row of another view", async ({ page }) => {
      const p = `SR${width}`;
      await uploadFixture(page, p);
      const grid = page.getByRole("region", { name: "Rows of the file" });
      await page.getByLabel("Search rows").fill(`${p}-05`);
      await expect(grid.locator("tbody tr[data-line]")).toHaveCount(1);
      await expect(grid.locator("tbody tr[data-line]").first()).toHaveAttribute("data-line", "7");
      // The view is in the URL: a reload shows the same rows.
      await expect(page).toHaveURL(new RegExp(`q=${p}-05`));
      await page.reload();
      await expect(page.getByLabel("Search rows")).toHaveValue(`${p}-05`);
      await expect(grid.locator("tbody tr[data-line]")).toHaveCount(1);
      await page.getByRole("region", { name: "Errors" }).getByRole("button", { name: /Line 4/ }).first().click();
      await expect(page.getByLabel("Search rows")).toHaveValue("");
      await expect(grid.locator('[data-cell-id="cell-4-Time_Zone"]')).toBeFocused();
    });
  });
}
