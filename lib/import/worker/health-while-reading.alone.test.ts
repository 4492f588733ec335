import { describe, expect, it, vi } from "vitest";
import { bigCsv, raised } from "./__fixtures__/big-csv";
import { checkFileInWorker, defaultReadBudget } from "./check-file";

/**
 * Timed against the wall clock, so it runs on its own (scripts/test.sh: `*.alone.test.ts`): beside
 * other test files on a 2-core machine the OS, not our event loop, decides how long a timer waits.
 */
describe("the server while a file is read", () => {
  it("keeps /api/health answering in under 200 ms while a slow file is being read", async () => {
    // The route as the server runs it, on a database that never comes up (so the test opens none).
    vi.stubEnv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/unreachable");
    const { GET: health } = await import("@/app/api/health/route");
    health();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const reading = checkFileInWorker(bigCsv(50_000), raised(50_000), {}, { ...defaultReadBudget, timeMs: 120_000 });
    let done = false;
    void reading.finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const asked = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const response = health();
      await response.text();
      latencies.push(performance.now() - asked - 20);
    }
    expect(await reading).toMatchObject({ ok: true, value: { rows: { length: 50_000 } } });
    expect(latencies.length).toBeGreaterThan(10);
    expect(Math.max(...latencies)).toBeLessThan(200);
    vi.unstubAllEnvs();
  }, 180_000);
});
