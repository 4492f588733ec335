import { describe, expect, it, vi } from "vitest";
import { csv, inverterAttributes, testContext } from "../__fixtures__/context";
import { defaultLimits } from "../limits";
import { templateColumns } from "../template-columns";
import { checkFileInWorker, defaultReadBudget } from "./check-file";

const header = templateColumns(inverterAttributes).map((c) => c.header).join(",");
/** A large CSV: an admin may raise the row and byte limits this far, and reading it takes seconds. */
function bigCsv(rows: number) {
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(`INV-${String(i).padStart(7, "0")},Inverter ${i},+08:00,5.5,2,Sungrow,2.1.0,three,97.5,true,2026-01-15`);
  return csv(lines.join("\n"));
}
const raised = (rows: number) => testContext({ limits: { ...defaultLimits, maxRows: rows, maxBytes: 512 * 1024 * 1024 } });

describe("reading an upload in a worker thread, under a budget", () => {
  it("reads and checks a file off the main thread", async () => {
    const result = await checkFileInWorker(bigCsv(3), testContext());
    expect(result).toMatchObject({ ok: true, value: { dialect: "enos_template", rows: [{ line: 2 }, { line: 3 }, { line: 4 }] } });
  });

  it("refuses a file that takes longer than the time limit, and the next file still reads", async () => {
    const started = performance.now();
    const slow = await checkFileInWorker(bigCsv(400_000), raised(400_000), {}, { ...defaultReadBudget, timeMs: 1500 });
    expect(slow).toMatchObject({ ok: false, error: { code: "READ_TIMEOUT", message: expect.stringContaining("took too long to read") } });
    expect(performance.now() - started).toBeLessThan(4000);
    expect(await checkFileInWorker(bigCsv(2), testContext())).toMatchObject({ ok: true });
  });

  it("refuses a file that needs more memory than the budget", async () => {
    const result = await checkFileInWorker(bigCsv(300_000), raised(300_000), {}, { ...defaultReadBudget, memoryMb: 64 });
    expect(result).toMatchObject({ ok: false, error: { code: "READ_OUT_OF_MEMORY" } });
  });

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
