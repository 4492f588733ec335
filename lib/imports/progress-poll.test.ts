import { describe, expect, it } from "vitest";
import { nextPollMs, shouldRender } from "./progress-poll";

describe("polling an import's progress", () => {
  it("polls every 100 ms for the first 1.5 s, then backs off to 300 and 700 ms", () => {
    expect([0, 1499, 1500, 4999, 5000, 60_000].map(nextPollMs)).toEqual([100, 100, 300, 300, 700, 700]);
  });

  it("renders the page again when the import settles, at once", () => {
    for (const polled of ["completed", "completed_with_failures", "failed", "cancelled"]) expect(shouldRender({ rendered: "queued", polled, watchingMs: 100 })).toBe(true);
    expect(shouldRender({ rendered: "importing", polled: "completed", watchingMs: 0 })).toBe(true);
  });

  it("renders a running import's page only once it runs past 1.5 s, and never for the status it shows", () => {
    expect(shouldRender({ rendered: "queued", polled: "importing", watchingMs: 1000 })).toBe(false);
    expect(shouldRender({ rendered: "queued", polled: "importing", watchingMs: 1500 })).toBe(true);
    expect(shouldRender({ rendered: "importing", polled: "importing", watchingMs: 9000 })).toBe(false);
    expect(shouldRender({ rendered: "queued", polled: "queued", watchingMs: 9000 })).toBe(false);
  });
});
