import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { organizationLimitsSchema } from "@/lib/organizations/limits";
import { ENVELOPE_BYTES, LARGEST_BODY_BYTES, MAX_BYTES_PER_FILE } from "./largest-body";

describe("the largest request body", () => {
  it("Next.js buffers for proxy.ts at least the largest upload an organization may allow, so no route gets a cut body", () => {
    const limit = nextConfig.experimental?.proxyClientMaxBodySize;
    expect(typeof limit).toBe("number");
    expect(limit as number).toBeGreaterThanOrEqual(MAX_BYTES_PER_FILE + ENVELOPE_BYTES);
    expect(LARGEST_BODY_BYTES).toBe(MAX_BYTES_PER_FILE + ENVELOPE_BYTES);
  });

  it("no organization can be allowed a file larger than that", () => {
    expect(organizationLimitsSchema.shape.maxBytesPerFile.safeParse(MAX_BYTES_PER_FILE).success).toBe(true);
    expect(organizationLimitsSchema.shape.maxBytesPerFile.safeParse(MAX_BYTES_PER_FILE + 1).success).toBe(false);
  });
});
