import { expect, test, type Page } from "@playwright/test";
import { screenshot, signInAs, users } from "./pages/console";
import { startImport, upload } from "./pages/import-wizard";

const columns = [
  "Device Name", "Device Unique ID", "Serial Number", "Location", "Account ID", "Device Type ID", "Heartbeat Period (second)", "Device Cell Number",
  "SMS Command Password", "Device Config ID", "Active", "Heartbeat Values", "Device Integration ID", "Cloud Native Integration ID", "Parent Device ID",
  "Tags", "Metadata", "Enforce Secure MQTT", "MQTT Password", "Delete?", "Update?", "ICCID (SIM)", "MSISDN (SIM)", "Communication Plan (SIM)", "Rate Plan (SIM)",
];
const csv = (rows: Record<string, string>[]) => Buffer.from([columns.join(","), ...rows.map((r) => columns.map((c) => r[c] ?? "").join(","))].join("\r\n"));
const base = { "Account ID": "acme", "Device Type ID": "MTR3P", "Heartbeat Period (second)": "60" };
const changeOf = (key: string, fields: Record<string, string>) => ({ "Device Unique ID": key, "Account ID": "acme", "Update?": "true", ...fields });

/** At both widths the issue asks for: 1,280 and 390 px. */
async function shots(page: Page, name: string) {
  const size = page.viewportSize()!;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize(size);
}

async function uploadCsv(page: Page, name: string, rows: Record<string, string>[]) {
  await startImport(page, "MTR3P");
  await upload(page, name, csv(rows), "text/csv");
  await expect(page.getByRole("heading", { name })).toBeVisible();
  return page.url();
}

async function confirm(page: Page, rows: number) {
  await page.getByRole("region", { name: "Confirm the import" }).getByRole("button", { name: `Import ${rows} valid row${rows > 1 ? "s" : ""}` }).click();
  await expect(page.getByRole("heading", { name: /Import (finished|stopped)/ })).toBeVisible({ timeout: 30_000 });
}

test("a diff before confirm, a stale row at commit, then a rollback of the import", async ({ page }) => {
  await signInAs(page, users.admin);
  await uploadCsv(page, "int-fleet.csv", [
    { ...base, "Device Name": "Meter 1", "Device Unique ID": "INT:01", "Serial Number": "SN-1", Location: "Hall 1" },
    { ...base, "Device Name": "Meter 2", "Device Unique ID": "INT:02", "Serial Number": "SN-2", Tags: "roof;north" },
    { ...base, "Device Name": "Meter 3", "Device Unique ID": "INT:03", "ICCID (SIM)": "89000000000000005503" },
    { ...base, "Device Name": "Meter 4", "Device Unique ID": "INT:04", Location: "Yard" },
  ]);
  await confirm(page, 4);

  // Staged: an update, a no-change update, a delete. The preview shows what each does.
  const mine = await uploadCsv(page, "int-changes.csv", [
    changeOf("INT:01", { "Serial Number": "SN-1B", Location: "Hall 1" }),
    changeOf("INT:02", { "Serial Number": "SN-2", Tags: "roof" }),
    { "Device Unique ID": "INT:03", "Account ID": "acme", "Delete?": "true" },
    changeOf("INT:04", { Location: "Yard" }),
  ]);
  const serial = page.locator('[data-cell-id="cell-2-Serial_Number"]');
  await expect(serial.locator("del")).toHaveText("SN-1");
  await expect(serial.locator("ins")).toHaveText("SN-1B");
  await expect(page.locator('[data-cell-id="cell-2-Location"]')).toHaveText("Hall 1");
  await expect(page.locator('[data-cell-id="cell-3-Tags"] ins')).toHaveText("roof");
  await expect(page.locator('[data-cell-id="cell-4-__row"] .cell-text')).toHaveText("Deletes");
  await expect(page.locator('[data-cell-id="cell-4-__row"] [role=tooltip]')).toHaveText("Deletes Meter 3; SIM 89000000000000005503");
  await expect(page.locator('[data-cell-id="cell-3-__row"] .cell-text')).toHaveText("1 change");
  await expect(page.locator('[data-cell-id="cell-5-__row"] .cell-text')).toHaveText("No change");
  const counts = page.getByRole("list", { name: "Rows by change" });
  await expect(counts.locator('[data-kind="no_change"]')).toContainText("1");
  await expect(counts.locator('[data-kind="update"]')).toContainText("2");
  await expect(counts.locator('[data-kind="delete"]')).toContainText("1");
  await expect(page.getByRole("list", { name: "Devices deleted" })).toContainText("INT:03 (Meter 3), SIM 89000000000000005503");
  await shots(page, "integrity-diff");

  // Meanwhile another import changes INT:01.
  await uploadCsv(page, "int-theirs.csv", [changeOf("INT:01", { "Serial Number": "SN-THEIRS" })]);
  await confirm(page, 1);

  // Confirming the first one now: INT:01 is stale and fails, the others go through.
  await page.goto(mine);
  await confirm(page, 4);
  // The stale row is one of the rows that failed when imported, with its code and who changed the device.
  const notApplied = page.getByRole("list", { name: "Failed when imported" });
  await expect(notApplied).toContainText("STALE_DEVICE");
  await expect(notApplied).toContainText(/Device "INT:01" was changed by import "int-theirs.csv" \(.*\) at .* UTC after your preview/);
  await expect(page.locator('tr[data-line="2"] .badge')).toHaveText("Failed");
  await shots(page, "integrity-stale");
  await page.goto("/o/acme/products/MTR3P/devices/INT%3A01");
  await expect(page.getByText("SN-THEIRS").first()).toBeVisible();

  // A later import changes INT:04: the rollback will leave it alone and say why.
  await uploadCsv(page, "int-later.csv", [changeOf("INT:04", { Location: "Dock" })]);
  await confirm(page, 1);

  // Roll the first import back: INT:02 gets its tags back, INT:03 returns with its SIM.
  await page.goto(mine);
  await page.getByRole("button", { name: "Roll back this import…" }).click();
  const rollback = page.getByRole("region", { name: "Roll back" });
  await expect(rollback.getByRole("list", { name: "What the rollback does" })).toContainText("2 devices it updated get their previous values back");
  await expect(rollback).toContainText("1 device it deleted come back, with their SIM, external ids and credentials");
  await shots(page, "integrity-rollback-confirm");
  await rollback.getByRole("button", { name: "Roll back", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Rollback of int-changes.csv" })).toBeVisible();
  await expect(page.getByTestId("rollback-of")).toContainText("This is the rollback of int-changes.csv");
  await expect(page.locator('tr[data-line="4"] .badge')).toHaveText("Created");
  await expect(page.locator('tr[data-line="5"] .badge')).toHaveText("Skipped");
  await expect(page.getByRole("region", { name: "Import finished" }).locator(".stat").filter({ hasText: "Skipped (changed since)" })).toContainText("1");
  await expect(page.getByRole("region", { name: /Left as they are/ })).toContainText(/Device "INT:04" was changed by import "int-later.csv" \(.*\) at .* UTC after this import; left as it is/);
  await shots(page, "integrity-rollback-done");
  await page.goto("/o/acme/products/MTR3P/devices/INT%3A03");
  await expect(page.getByText("89000000000000005503").first()).toBeVisible();
  await page.goto(mine);
  await expect(page.getByTestId("rolled-back-by")).toBeVisible();
  await expect(page.getByRole("button", { name: "Roll back this import…" })).toHaveCount(0);
});

test("the same file twice offers the staged one, which is then discarded", async ({ page }) => {
  await signInAs(page, users.operator);
  const rows = [{ ...base, "Device Name": "Spare", "Device Unique ID": "INT:SPARE" }];
  const first = await uploadCsv(page, "int-spare.csv", rows);
  await startImport(page, "MTR3P");
  await upload(page, "int-spare.csv", csv(rows), "text/csv");
  const offer = page.getByTestId("duplicate-upload");
  await expect(offer).toContainText("This file was uploaded already (int-spare.csv");
  await shots(page, "integrity-duplicate");
  await offer.getByRole("button", { name: "Open that import" }).click();
  await expect(page).toHaveURL(first);
  await page.getByRole("button", { name: "Discard this import…" }).click();
  await page.getByRole("group", { name: "Discard the import" }).getByRole("button", { name: "Discard", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This import was not run: discarded before it was confirmed" })).toBeVisible();
  await expect(page.getByText("Cancelled").first()).toBeVisible();
  await shots(page, "integrity-discarded");
  // Nothing is staged any more: the same file stages anew.
  await uploadCsv(page, "int-spare.csv", rows);
  expect(page.url()).not.toBe(first);
});
