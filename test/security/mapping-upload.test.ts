import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { imports } from "@/db/schema";
import { securityFixture } from "./fixture";

const auth = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/app/_lib/route-auth", () => ({ routeOrganization: async () => auth.current }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
beforeAll(async () => {
  fixture = await securityFixture();
  auth.current = { db: fixture.db, user: await fixture.user(), organization: await fixture.organization(), role: "operator" };
});
afterAll(() => fixture.database.dispose());

const header = ["Serial", "Label", "Zone", "Power", "MPPT", "Vendor", "Phase"];
const text = [header.join(","), "MAPU-0001,Roof 1,Europe/Berlin,5,2,Sungrow,three"].join("\n");
const targets = ["deviceKey", "name", "timezone", "attr.ratedPower", "attr.mpptCount", "attr.manufacturer", "attr.phase"];

async function uploadAs(name: string, body: string, mapping?: string) {
  const { POST } = await import("@/app/(console)/o/[org]/imports/upload/route");
  const form = new FormData();
  form.append("productKey", "INV5K");
  if (mapping !== undefined) form.append("mapping", mapping);
  form.append("file", new File([body], name, { type: "text/csv" }));
  return POST(new Request("http://localhost/o/acme/imports/upload", { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin" } }), { params: Promise.resolve({ org: "acme" }) });
}
const stored = async (name: string) => fixture.db.select().from(imports).where(eq(imports.fileName, name));

describe("the upload route's mapping step", () => {
  it("answers a foreign header with the mapping offer (200), storing nothing", async () => {
    const response = await uploadAs("offer.csv", text);
    expect(response.status).toBe(200);
    const { needsMapping } = await response.json();
    expect(needsMapping).toMatchObject({ header, headerLine: 1, remembered: null });
    expect(needsMapping.suggestions.map((s: { target: string | null }) => s.target)).toEqual(["deviceKey", "name", "timezone", null, null, null, "attr.phase"]);
    expect(await stored("offer.csv")).toEqual([]);
  });

  it("refuses a mapping that is not JSON, not the schema, or names what the template lacks, without internals", async () => {
    for (const [mapping, status, code] of [
      ["{not json", 400, "BAD_REQUEST"],
      [JSON.stringify({ header, targets: "all" }), 400, "BAD_REQUEST"],
      [JSON.stringify({ header: Array(201).fill("x"), targets: Array(201).fill(null) }), 400, "BAD_REQUEST"],
      [JSON.stringify({ header, targets: ["deviceKey", "name", "timezone", "attr.__proto__", "attr.mpptCount", "attr.manufacturer", "attr.phase"] }), 422, "BAD_HEADER"],
      [JSON.stringify({ header: [...header].reverse(), targets }), 422, "BAD_HEADER"],
    ] as const) {
      const response = await uploadAs("bad-mapping.csv", text, mapping);
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body.error.code).toBe(code);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|select |insert /i);
    }
    expect(await stored("bad-mapping.csv")).toEqual([]);
  });

  it("stages through a mapping (201), then offers it again as remembered", async () => {
    const response = await uploadAs("mapped.csv", text, JSON.stringify({ header, targets }));
    expect(response.status).toBe(201);
    expect((await response.json()).summary).toMatchObject({ total: 1, valid: 1 });
    // Next week's export of the same system: same columns, other rows.
    const nextExport = [header.join(","), "MAPU-0002,Roof 2,Europe/Berlin,5,2,Sungrow,three"].join("\n");
    const again = await (await uploadAs("again.csv", nextExport)).json();
    expect(again.needsMapping.remembered).not.toBeNull();
    expect(again.needsMapping.suggestions.map((s: { target: string | null }) => s.target)).toEqual(targets);
  });

  it("sends back at most 20 sample rows of at most 200 characters per cell", async () => {
    const wide = [header.join(","), ...Array.from({ length: 50 }, (_, i) => `K-${i},${"x".repeat(5000)},+08:00,5,2,S,three`)].join("\n");
    const { needsMapping } = await (await uploadAs("wide.csv", wide)).json();
    expect(needsMapping.samples).toHaveLength(20);
    expect(Math.max(...needsMapping.samples.flat().map((c: string) => c.length))).toBe(200);
  });
});
