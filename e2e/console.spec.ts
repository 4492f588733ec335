import { expect, test } from "@playwright/test";
import { screenshot, signIn, signInAs, users } from "./pages/console";

test("health answers 200 with the database kind", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ready", database: "pglite" });
});

test("a page asks for sign-in first", async ({ page }) => {
  await page.goto("/o/acme");
  await expect(page).toHaveURL(/\/sign-in$/);
  await screenshot(page, "sign-in");
});

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  await signIn(page, users.admin, "wrong-password");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue(users.admin);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await screenshot(page, "sign-in-error");
  await signIn(page, "nobody@example.com");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
});

test("five failed sign-ins for an email throttle it, whether or not it exists", async ({ page }) => {
  for (let i = 0; i < 5; i++) {
    await signIn(page, "ghost@example.com", `wrong-${i}`);
    await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  }
  await signIn(page, "ghost@example.com", "anything");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Too many failed sign-ins for this email. Try again in 15 minutes.");
});

test("an admin lists products, switches organization, searches devices and opens one", async ({ page }) => {
  await signInAs(page, users.admin);
  await expect(page).toHaveURL(/\/o\/acme$/);
  const products = page.getByRole("table");
  await expect(products.getByRole("row")).toHaveCount(3);
  await expect(products.getByRole("row", { name: /INV5K/ })).toContainText("Solar Inverter");
  await expect(products.getByRole("row", { name: /INV5K/ })).toContainText("12 / 10,000");
  await screenshot(page, "products");

  await page.getByLabel("Organization").selectOption({ label: "Globex Utilities" });
  await expect(page).toHaveURL(/\/o\/globex$/);
  await expect(page.getByRole("table")).toContainText("GLXWTR");
  await expect(page.getByRole("table")).not.toContainText("INV5K");
  await page.getByLabel("Organization").selectOption({ label: "Acme Solar" });
  await expect(page).toHaveURL(/\/o\/acme$/);

  await page.getByRole("link", { name: "INV5K" }).click();
  await expect(page.getByRole("heading", { name: "5 kW String Inverter" })).toBeVisible();
  const grid = page.getByRole("table");
  await expect(grid.getByRole("row")).toHaveCount(13);
  await expect(page.getByText("1–12 of 12")).toBeVisible();
  await expect(grid.getByText("Not activated").first()).toBeVisible();
  await screenshot(page, "product-devices");

  await grid.getByRole("button", { name: /Device key/ }).click();
  await expect(page).toHaveURL(/sort=deviceKey&dir=asc/);
  await expect(grid.getByRole("row").nth(1)).toContainText("INV-1001");
  await grid.getByRole("button", { name: /Device key/ }).click();
  await expect(page).toHaveURL(/sort=deviceKey&dir=desc/);
  await expect(grid.getByRole("row").nth(1)).toContainText("INV-1012");

  await page.getByLabel("Rows per page").selectOption("10");
  await expect(page.getByText("1–10 of 12")).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText("11–12 of 12")).toBeVisible();

  await page.getByLabel("Search devices").fill("rooftop inverter 10");
  await expect(page).toHaveURL(/q=rooftop\+inverter\+10/);
  await expect(grid.getByRole("row")).toHaveCount(2);
  await page.reload();
  await expect(page.getByLabel("Search devices")).toHaveValue("rooftop inverter 10");
  await expect(grid.getByRole("row")).toHaveCount(2);
  await screenshot(page, "product-devices-search");

  await page.getByLabel("Search devices").fill("no such device");
  await expect(page.getByText("No device matches this search.")).toBeVisible();
  await page.getByLabel("Search devices").fill("INV-1010");
  await grid.getByRole("link", { name: "INV-1010" }).click();
  await expect(page.getByRole("heading", { name: "Rooftop inverter 10" })).toBeVisible();
  const identity = page.getByRole("region", { name: "Identity" });
  await expect(identity).toContainText("Asset ID");
  await expect(identity).toContainText("Not activated");
  const attributes = page.getByRole("region", { name: "Attributes" });
  await expect(attributes).toContainText("Rated Power");
  await expect(attributes).toContainText("kW");
  await expect(attributes).toContainText("Sungrow");
  await screenshot(page, "device-detail");
});

test("unknown product and another organization's product or device are 404", async ({ page }) => {
  await signInAs(page, users.viewer);
  for (const path of ["/o/acme/products/NOPE", "/o/globex", "/o/globex/products/GLXWTR", "/o/acme/products/GLXWTR", "/o/acme/products/INV5K/devices/WTR-0001"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
  await screenshot(page, "not-found");
});

test("a viewer cannot reach admin-only settings", async ({ page }) => {
  await signInAs(page, users.viewer);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
  const response = await page.goto("/o/acme/settings");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await screenshot(page, "forbidden");
});

test("an admin changes limits; bad values are refused on the field", async ({ page }) => {
  await signInAs(page, users.admin);
  await page.goto("/o/globex/settings");
  await page.getByLabel("Rows per file").fill("0");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByText("Rows per file must be at least 1")).toBeVisible();
  // The refused value stays in the field for the admin to correct.
  await expect(page.getByLabel("Rows per file")).toHaveValue("0");
  await screenshot(page, "settings-error");
  await page.getByLabel("Rows per file").fill("500");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("status")).toHaveText("Limits saved.");
  await page.reload();
  await expect(page.getByLabel("Rows per file")).toHaveValue("500");
  await screenshot(page, "settings");
});

test("an admin picks the product for Cumulocity registrations", async ({ page }) => {
  await signInAs(page, users.admin);
  await page.goto("/o/acme/settings");
  // The demo data sets one, so that seed 002's request (whose TYPE names no product) works as written.
  await expect(page.getByLabel("Product for registrations")).toHaveValue("MTR3P");
  await page.getByLabel("Product for registrations").selectOption("INV5K");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByRole("status")).toHaveText("Product for registrations saved.");
  await page.reload();
  await expect(page.getByLabel("Product for registrations")).toHaveValue("INV5K");
  await page.getByLabel("Product for registrations").selectOption("MTR3P");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByRole("status")).toHaveText("Product for registrations saved.");
});

test("sign-out ends the session on the server", async ({ page, context, request }) => {
  await signInAs(page, users.operator);
  const [cookie] = (await context.cookies()).filter((c) => c.name.endsWith("dic_session"));
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  expect(cookie?.secure).toBe(true);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // Replaying the old cookie must not work: the session is gone from the database.
  const replay = await request.get("/o/acme", { headers: { cookie: `${cookie!.name}=${cookie!.value}` }, maxRedirects: 0 });
  expect(replay.status()).toBe(307);
  expect(replay.headers()["location"]).toContain("/sign-in");
});
