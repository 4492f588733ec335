import { expect, type Page } from "@playwright/test";
import fs from "node:fs";

export const DEMO_PASSWORD = "demo-password";
export const users = {
  admin: "admin@example.com",
  operator: "operator@example.com",
  viewer: "viewer@example.com",
} as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAs(page: Page, email: string) {
  await signIn(page, email);
  await expect(page.getByRole("heading", { name: "Products" })).toBeVisible();
}

/** Full-page screenshots that the developers look at; kept out of git. */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync("e2e/.screenshots", { recursive: true });
  await page.screenshot({ path: `e2e/.screenshots/${name}.png`, fullPage: true });
}
