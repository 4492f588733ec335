import { expect, test, type Page } from "@playwright/test";
import iconv from "iconv-lite";
import { screenshot, signInAs, users } from "./pages/console";
import { startImport, upload } from "./pages/import-wizard";

/** A Cumulocity bulk registration CSV as another tool saved it, in the given encoding. */
const bulkCsv = (lines: string[], encoding: string) => iconv.encode(["ID;CREDENTIALS;TYPE;NAME", ...lines].join("\r\n"), encoding);

async function atBothWidths(page: Page, name: string) {
  const size = page.viewportSize()!;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} at ${width} px scrolls sideways`).toBe(true);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize(size);
}

test("a GBK CSV from a Chinese-locale Excel shows its Chinese names and says how it was read", async ({ page }) => {
  await signInAs(page, users.admin);
  await startImport(page, "MTR3P");
  await upload(page, "gbk.csv", bulkCsv(["gbk-meter-01;pass-gbk-0001;MTR3P;北京朝阳区电表一号", "gbk-meter-02;pass-gbk-0002;MTR3P;上海浦东新区电表"], "gbk"), "text/csv");
  await expect(page.getByRole("heading", { name: "gbk.csv" })).toBeVisible();
  await expect(page.getByTestId("encoding")).toContainText("read as GB18030 / GBK");
  await expect(page.locator('[data-cell-id="cell-2-NAME"]')).toHaveText("北京朝阳区电表一号");
  await expect(page.locator('[data-cell-id="cell-3-NAME"]')).toHaveText("上海浦东新区电表");
  await expect(page.getByTestId("file-warning")).toHaveCount(0);
  await atBothWidths(page, "encoding-gbk-preview");
});

test("a guessed encoding is flagged, and the encoding picked on the upload page is used", async ({ page }) => {
  await signInAs(page, users.admin);
  await startImport(page, "MTR3P");
  const bytes = bulkCsv(["big5-meter-01;pass-big5-001;MTR3P;臺北電表"], "big5");
  await upload(page, "big5.csv", bytes, "text/csv");
  await expect(page.getByRole("heading", { name: "big5.csv" })).toBeVisible();
  await expect(page.getByTestId("file-warning")).toContainText("pick the file's encoding on the upload page");
  await atBothWidths(page, "encoding-guessed-preview");

  await startImport(page, "MTR3P");
  await page.getByTestId("encoding").selectOption("big5");
  await atBothWidths(page, "encoding-picker-upload");
  await upload(page, "big5.csv", bytes, "text/csv");
  await expect(page.getByTestId("encoding")).toContainText("read as Big5");
  await expect(page.getByTestId("file-warning")).toHaveCount(0);
  await expect(page.locator('[data-cell-id="cell-2-NAME"]')).toHaveText("臺北電表");
});

test("an unclosed quote is an error on its line and the next device is read on its own", async ({ page }) => {
  await signInAs(page, users.admin);
  await startImport(page, "MTR3P");
  await upload(page, "quote.csv", bulkCsv(['quote-meter-01;pass-quote-001;MTR3P;"Roof meter', "quote-meter-02;secret-next-02;MTR3P;Cellar meter"], "utf8"), "text/csv");
  await expect(page.getByRole("heading", { name: "quote.csv" })).toBeVisible();
  await expect(page.getByRole("tablist", { name: "Show rows" }).getByRole("tab", { name: /Invalid/ })).toContainText("1");
  await expect(page.locator('[data-cell-id="cell-3-NAME"]')).toHaveText("Cellar meter");
  expect(await page.content()).not.toContain("secret-next-02");
  await expect(page.getByRole("list", { name: "Errors" })).toContainText(/Line 2.*opened on this line is never closed/);
  await atBothWidths(page, "encoding-unclosed-quote-preview");
});
