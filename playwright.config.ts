import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;

/** Debian's chromium, never a downloaded browser; flags keep it off the (closed) network. */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  // One PGlite-backed server: run serially so that tests which change data do not race.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    launchOptions: chromium,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 }, launchOptions: chromium } }],
  webServer: {
    // The built app (`next build` runs first in scripts/test.sh) on a fresh embedded database.
    command: `node -e "require('fs').rmSync('data/e2e',{recursive:true,force:true})" && next start -p ${port}`,
    url: `${baseURL}/api/health`,
    env: { DATA_DIR: "data/e2e", DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1" },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
  },
});
