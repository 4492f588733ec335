import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInAs, users } from "./pages/console";
import { screenshots, startImport, upload } from "./pages/import-wizard";

const columns = [
  "Device Name", "Device Unique ID", "Serial Number", "Location", "Account ID", "Device Type ID", "Heartbeat Period (second)", "Device Cell Number",
  "SMS Command Password", "Device Config ID", "Active", "Heartbeat Values", "Device Integration ID", "Cloud Native Integration ID", "Parent Device ID",
  "Tags", "Metadata", "Enforce Secure MQTT", "MQTT Password", "Delete?", "Update?", "ICCID (SIM)", "MSISDN (SIM)", "Communication Plan (SIM)", "Rate Plan (SIM)",
];
const csv = (rows: Record<string, string>[]) =>
  Buffer.from([columns.join(","), ...rows.map((r) => columns.map((c) => (r[c] ?? "").replace(/,/g, ";")).join(","))].join("\r\n"));

async function confirmAndWait(page: import("@playwright/test").Page, rows: number) {
  await page.getByRole("region", { name: "Confirm the import" }).getByRole("button", { name: `Import ${rows} valid row${rows > 1 ? "s" : ""}` }).click();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 30_000 });
}

test("a Cumulocity bulk registration CSV (the seed's example) through the same screens", async ({ page }) => {
  await signInAs(page, users.admin);
  await startImport(page, "MTR3P");
  await upload(page, "bulk.csv", fs.readFileSync(path.join(process.cwd(), "e2e/fixtures/c8y-seed-example.csv")), "text/csv");
  await expect(page.getByRole("heading", { name: "bulk.csv" })).toBeVisible();
  await expect(page.getByText("Cumulocity CSV")).toBeVisible();
  await expect(page.getByRole("tablist", { name: "Show rows" }).getByRole("tab", { name: /Invalid/ })).toContainText("0");
  await expect(page.getByRole("region", { name: "Confirm the import" })).toContainText("7 devices created (or credentials updated)");
  // Device passwords are masked, never shown.
  await expect(page.locator('[data-cell-id="cell-2-CREDENTIALS"]')).toHaveText("••••••");
  expect(await page.content()).not.toContain("abcd1234");
  await screenshots(page, "csv-c8y-preview");
  await confirmAndWait(page, 7);
  await expect(page.getByRole("region", { name: "Import finished" }).locator(".stat").filter({ hasText: "Created" })).toContainText("7");
  await page.goto("/o/acme/products/MTR3P/devices/id_111");
  await expect(page.getByRole("region", { name: "Connectivity and hierarchy" })).toContainText("csv device1/subgroup1");
  await expect(page.getByRole("region", { name: "Tags, properties and identifiers" })).toContainText("c8y_Imei: id_111");
});

test("a 25-column CSV creates, then updates and deletes, with the delete called out", async ({ page }) => {
  await signInAs(page, users.admin);
  await startImport(page, "MTR3P");
  const base = { "Account ID": "acme", "Device Type ID": "MTR3P", "Heartbeat Period (second)": "60" };
  await upload(
    page,
    "gateways.csv",
    csv([
      { ...base, "Device Name": "Gateway 1", "Device Unique ID": "GW:E2E:01", Tags: "roof", "ICCID (SIM)": "89000000000000009901" },
      { ...base, "Device Name": "Gateway 2", "Device Unique ID": "GW:E2E:02", "ICCID (SIM)": "89000000000000009902" },
      { ...base, "Device Name": "Gateway 3", "Device Unique ID": "GW:E2E:03", "MSISDN (SIM)": "+4915100000" },
    ]),
    "text/csv",
  );
  await expect(page.getByRole("tablist", { name: "Show rows" }).getByRole("tab", { name: /Warnings/ })).toContainText("1");
  await confirmAndWait(page, 3);

  await startImport(page, "MTR3P");
  await upload(
    page,
    "gateways-changes.csv",
    csv([
      { "Device Unique ID": "GW:E2E:01", "Account ID": "acme", "Update?": "true", Tags: "roof;north", "ICCID (SIM)": "89000000000000009911" },
      { "Device Unique ID": "GW:E2E:02", "Account ID": "acme", "Delete?": "true" },
      { "Device Unique ID": "GW:E2E:03", "Account ID": "acme", "Delete?": "true", "Update?": "true" },
    ]),
    "text/csv",
  );
  const confirm = page.getByRole("region", { name: "Confirm the import" });
  await expect(confirm).toContainText("1 device updated");
  await expect(confirm.getByRole("note")).toContainText("1 device will be deleted, with their SIMs and external ids.");
  await expect(confirm.getByRole("list", { name: "Devices deleted" })).toContainText("GW:E2E:02 (Gateway 2), SIM 89000000000000009902");
  await expect(page.locator('[data-cell-id="cell-4-Delete_"]')).toHaveAttribute("aria-invalid", "true");
  await screenshots(page, "csv-device-changes-preview");
  await confirmAndWait(page, 2);
  const result = page.getByRole("region", { name: "Import finished" });
  await expect(result.locator(".stat").filter({ hasText: "Updated" })).toContainText("1");
  await expect(result.locator(".stat").filter({ hasText: "Deleted" })).toContainText("1");
  await page.goto("/o/acme/products/MTR3P/devices/GW%3AE2E%3A01");
  await expect(page.getByRole("region", { name: "Tags, properties and identifiers" })).toContainText("89000000000000009911");
  expect((await page.goto("/o/acme/products/MTR3P/devices/GW%3AE2E%3A02"))?.status()).toBe(404);
});
