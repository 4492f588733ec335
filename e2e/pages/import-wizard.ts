import { expect, type Download, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import fs from "node:fs";
import { screenshot } from "./console";

export async function readDownload(download: Download): Promise<Buffer> {
  return fs.readFileSync((await download.path())!);
}

/** Fills rows from row 3 of a downloaded template, as a user would in Excel. */
export async function fillTemplate(template: Buffer, rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Devices")!;
  rows.forEach((row, r) => row.forEach((value, c) => (sheet.getCell(r + 3, c + 1).value = value)));
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

export async function startImport(page: Page, productKey: string) {
  await page.goto(`/o/acme/imports/new?product=${productKey}`);
  await expect(page.getByRole("heading", { name: "Upload the filled-in file" })).toBeVisible();
}

export async function upload(page: Page, name: string, buffer: Buffer, mimeType: string) {
  await page.getByLabel("File to import").setInputFiles({ name, mimeType, buffer });
}

/** Both widths the console is checked at. */
export async function screenshots(page: Page, name: string) {
  await screenshot(page, `${name}-desktop`);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, `${name}-laptop`);
  await page.setViewportSize(size);
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
