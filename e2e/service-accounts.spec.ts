import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { screenshot, signInAs, users } from "./pages/console";

test("an admin creates a service account, sees its key once, calls an API with it and revokes it", async ({ page, request }) => {
  await signInAs(page, users.admin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Service accounts" }).click();
  await page.getByLabel("Name").fill("Factory line 3");
  await page.getByLabel("RSA public key (optional)").fill("not a key");
  await page.getByRole("button", { name: "Create service account" }).click();
  await expect(page.getByText("Paste an RSA public key in PEM form")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Factory line 3");
  await page.getByLabel("RSA public key (optional)").fill("");
  await page.getByRole("button", { name: "Create service account" }).click();
  const key = (await page.getByTestId("api-key").textContent())!.trim();
  expect(key).toMatch(/^dic_[A-Za-z0-9]{8}_[\w-]{43}$/);
  await screenshot(page, "service-accounts");
  const row = page.getByRole("table", { name: "Service accounts" }).getByRole("row", { name: /Factory line 3/ });
  await expect(row).toContainText(`${key.slice(0, 12)}_…`);
  await expect(row).not.toContainText(key.slice(13));
  await page.reload();
  await expect(page.getByTestId("api-key")).toHaveCount(0);

  const csv = "ID;CREDENTIALS;TYPE;NAME\nfactory-0001;pw123456;meter;Factory meter 1\n";
  const form = { file: { name: "factory.csv", mimeType: "text/csv", buffer: Buffer.from(csv) } };
  const created = await request.post("/devicecontrol/bulkNewDeviceRequests?productKey=MTR3P", { headers: { authorization: `Bearer ${key}` }, multipart: form });
  expect(created.status()).toBe(201);
  expect(await created.json()).toMatchObject({ numberOfAll: 1, numberOfCreated: 1, numberOfSuccessful: 1 });
  await page.goto("/o/acme/imports");
  await expect(page.getByRole("row", { name: /factory\.csv/ })).toContainText("Factory line 3");

  await page.goto("/o/acme/service-accounts");
  await page.getByRole("button", { name: "Revoke Factory line 3" }).click();
  await expect(row).toContainText("Revoked");
  const refused = await request.post("/devicecontrol/bulkNewDeviceRequests?productKey=MTR3P", { headers: { authorization: `Bearer ${key}` }, multipart: form });
  expect(refused.status()).toBe(401);
});

test("the OpenAPI document is served", async ({ request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect(Object.keys((await response.json()).paths)).toContain("/connect-service/v2.4/devices");
});

test("seed 002's own request, byte for byte, registers against the demo data through the server", async ({ request }) => {
  const key = "dic_demo0001_DemoKeyForTheReadmeOnly-NotForProduction-42";
  const response = await request.post("/devicecontrol/bulkNewDeviceRequests", {
    headers: { "content-type": "multipart/form-data; boundary=myBoundary", accept: "application/json", authorization: `Basic ${Buffer.from(`acme/demo:${key}`).toString("base64")}` },
    data: fs.readFileSync("docs/examples/c8y-seed-request.txt"),
  });
  expect(response.status()).toBe(201);
  expect(response.headers()["content-type"]).toBe("application/vnd.com.nsn.cumulocity.bulknewdevicerequest+json;ver=0.9");
  // Other specs may have registered some of these IDs already: then they are credential updates.
  expect(await response.json()).toMatchObject({ numberOfAll: 7, numberOfFailed: 0, numberOfSuccessful: 7, failedCreationList: [] });
  const tenant = await request.get("/tenant/currentTenant", { headers: { authorization: `Basic ${Buffer.from(`acme/demo:${key}`).toString("base64")}` } });
  expect(await tenant.json()).toMatchObject({ name: "acme", customProperties: { displayName: "Acme Solar" } });
});
