import { describe, expect, it } from "vitest";
import { testContext } from "../__fixtures__/context";
import { bigCsv, raised } from "./__fixtures__/big-csv";
import { checkFileInWorker, defaultReadBudget, KEEP_WORKER_MAX_BYTES, readWorkerCounts, warmReadWorker } from "./check-file";

describe("reading an upload in a worker thread, under a budget", () => {
  it("reads and checks a file off the main thread", async () => {
    const result = await checkFileInWorker(bigCsv(3), testContext());
    expect(result).toMatchObject({ ok: true, value: { dialect: "enos_template", rows: [{ line: 2 }, { line: 3 }, { line: 4 }] } });
  });

  it("keeps the worker for the next upload after a small file, and stops it after a large one (its grown heap goes with it)", async () => {
    await checkFileInWorker(bigCsv(3), testContext());
    expect(readWorkerCounts().idle).toBe(1);
    const large = bigCsv(20_000);
    expect(large.length).toBeGreaterThan(KEEP_WORKER_MAX_BYTES);
    expect(await checkFileInWorker(large, raised(20_000))).toMatchObject({ ok: true, value: { rows: { length: 20_000 } } });
    expect(readWorkerCounts().idle).toBe(0);
    // The next upload starts a fresh worker.
    expect(await checkFileInWorker(bigCsv(2), testContext())).toMatchObject({ ok: true });
    expect(readWorkerCounts().idle).toBe(1);
  });

  it("refuses a file that takes longer than the time limit, and the next file still reads", async () => {
    const bytes = bigCsv(400_000);
    const started = performance.now();
    const slow = await checkFileInWorker(bytes, raised(400_000), {}, { ...defaultReadBudget, timeMs: 1500 });
    expect(slow).toMatchObject({ ok: false, error: { code: "READ_TIMEOUT", message: expect.stringContaining("took too long to read") } });
    expect(performance.now() - started).toBeLessThan(4000);
    expect(await checkFileInWorker(bigCsv(2), testContext())).toMatchObject({ ok: true });
  });

  it("refuses a file that needs more memory than the budget", async () => {
    const result = await checkFileInWorker(bigCsv(300_000), raised(300_000), {}, { ...defaultReadBudget, memoryMb: 64 });
    expect(result).toMatchObject({ ok: false, error: { code: "READ_OUT_OF_MEMORY" } });
  });

  it("reads the first file in the worker warmed at start, starting no thread for it", async () => {
    // A heap limit of its own: the workers the other tests left idle are not taken.
    const budget = { ...defaultReadBudget, memoryMb: 200 };
    warmReadWorker(budget);
    warmReadWorker(budget);
    const warmed = readWorkerCounts();
    expect(await checkFileInWorker(bigCsv(3), testContext(), {}, budget)).toMatchObject({ ok: true });
    expect(readWorkerCounts().started).toBe(warmed.started);
    expect(readWorkerCounts().idle).toBe(warmed.idle);
  });
});
