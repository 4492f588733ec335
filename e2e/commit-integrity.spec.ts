import { expect, test } from "@playwright/test";
import { signInAs, users } from "./pages/console";
import { startImport, upload } from "./pages/import-wizard";
import { checkWidths } from "./pages/layout";

const DEMO_KEY = "dic_demo0001_DemoKeyForTheReadmeOnly-NotForProduction-42";
const columns = [
  "Device Name", "Device Unique ID", "Serial Number", "Location", "Account ID", "Device Type ID", "Heartbeat Period (second)", "Device Cell Number",
  "SMS Command Password", "Device Config ID", "Active", "Heartbeat Values", "Device Integration ID", "Cloud Native Integration ID", "Parent Device ID",
  "Tags", "Metadata", "Enforce Secure MQTT", "MQTT Password", "Delete?", "Update?", "ICCID (SIM)", "MSISDN (SIM)", "Communication Plan (SIM)", "Rate Plan (SIM)",
];
const csv = (keys: string[]) =>
  [columns.join(","), ...keys.map((key) => columns.map((c) => ({ "Device Name": `Meter ${key}`, "Device Unique ID": key, "Account ID": "acme", "Device Type ID": "MTR3P", "Heartbeat Period (second)": "60" })[c] ?? "").join(","))].join("\r\n");

test("keys taken between preview and confirm: the result says so, in amber, row by row", async ({ page }) => {
  await signInAs(page, users.admin);
  await startImport(page, "MTR3P");
  const keys = ["TAKEN:E2E:01", "TAKEN:E2E:02", "TAKEN:E2E:03", "FREE:E2E:04"];
  await upload(page, "meters.csv", Buffer.from(csv(keys)), "text/csv");
  const confirm = page.getByRole("region", { name: "Confirm the import" });
  await expect(confirm).toContainText("4 devices created");
  await expect(confirm.getByRole("checkbox", { name: /All or nothing/ })).not.toBeChecked();
  await checkWidths(page, "integrity-confirm");

  // Another client takes three of the keys before the confirm.
  const taken = await page.request.post("/devices/csv", { headers: { authorization: `Bearer ${DEMO_KEY}`, "content-type": "text/csv" }, data: csv(keys.slice(0, 3)) });
  expect(taken.status()).toBe(200);
  expect(await taken.json()).toMatchObject({ created: 3 });

  await confirm.getByRole("button", { name: "Import 4 valid rows" }).click();
  const result = page.getByRole("region", { name: "Import finished with 3 failed rows" });
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".page-header .badge")).toHaveText("Completed with 3 failed");
  await expect(result.locator(".stat").filter({ hasText: "Failed" })).toContainText("3");
  await expect(result.locator(".stat").filter({ hasText: "Created" })).toContainText("1");
  await expect(result.getByTestId("accounting")).toContainText("4 rows in the file = 1 created + 0 updated + 0 deleted + 0 credentials updated + 3 failed + 0 skipped");
  const failures = page.getByRole("list", { name: "Failed when imported" });
  await expect(failures.getByRole("listitem")).toHaveCount(3);
  await expect(failures).toContainText("DEVICE_KEY_TAKEN");
  await expect(failures).toContainText('Device Unique ID "TAKEN:E2E:01" already exists in this organization');
  await checkWidths(page, "integrity-result-failures");

  const errmsg = await page.request.get(`${new URL(page.url()).pathname}/download/errmsg`);
  expect((await errmsg.text()).split("\r\n").filter((l) => /^Line \d+: (?!warning:)/.test(l))).toHaveLength(3);

  await page.goto("/o/acme/imports?status=completed_with_failures");
  await expect(page.getByRole("row").filter({ hasText: "meters.csv" }).first()).toContainText("Completed with 3 failed");
  await checkWidths(page, "integrity-history");
});

test("the confirm step's all or nothing: one row failing writes none", async ({ page }) => {
  await signInAs(page, users.admin);
  await startImport(page, "MTR3P");
  const keys = ["AON:E2E:01", "AON:E2E:02"];
  await upload(page, "all-or-nothing.csv", Buffer.from(csv(keys)), "text/csv");
  const confirm = page.getByRole("region", { name: "Confirm the import" });
  await confirm.getByRole("checkbox", { name: /All or nothing/ }).check();
  await checkWidths(page, "integrity-confirm-all-or-nothing");
  const taken = await page.request.post("/devices/csv", { headers: { authorization: `Bearer ${DEMO_KEY}`, "content-type": "text/csv" }, data: csv(keys.slice(1)) });
  expect(taken.status()).toBe(200);
  await confirm.getByRole("button", { name: "Import 2 valid rows" }).click();
  const result = page.getByRole("region", { name: "Import stopped" });
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByRole("alert")).toContainText("All or nothing: line 3 could not be imported, so no row was written");
  await expect(page.getByRole("list", { name: "Failed when imported" })).toContainText("ROLLED_BACK");
  expect((await page.goto("/o/acme/products/MTR3P/devices/AON%3AE2E%3A01"))?.status()).toBe(404);
});

test("a device created without its model's required attributes shows as incomplete", async ({ page }) => {
  await signInAs(page, users.admin);
  const created = await page.request.post("/devices/csv", { headers: { authorization: `Bearer ${DEMO_KEY}`, "content-type": "text/csv" }, data: csv(["INC:E2E:01"]) });
  expect((await created.json()).warnings.map((w: { code: string }) => w.code)).toContain("REQUIRED_ATTRIBUTES_MISSING");
  await page.goto("/o/acme/products/MTR3P/devices/INC%3AE2E%3A01");
  await expect(page.getByTestId("incomplete")).toContainText("Meter Type, Max Current, Bidirectional");
  await checkWidths(page, "integrity-device-incomplete");
});
