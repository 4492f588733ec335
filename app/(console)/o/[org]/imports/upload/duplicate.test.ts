import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { imports, organizations } from "@/db/schema";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { securityFixture } from "@/test/security/fixture";

// The route authenticates through cookies: stand in for the signed-in operator of acme.
const auth = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/app/_lib/route-auth", () => ({ routeOrganization: async () => auth.current }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
beforeAll(async () => {
  fixture = await securityFixture();
  const organization = await fixture.organization();
  await fixture.db.update(organizations).set({ userImportsPerMinute: 1000 }).where(eq(organizations.id, organization.id));
  auth.current = { db: fixture.db, user: await fixture.user(), organization: { ...organization, userImportsPerMinute: 1000 }, role: "operator" };
});
afterAll(() => fixture.database.dispose());

const csv = [deviceCsvColumns.join(","), deviceCsvColumns.map((_, i) => ({ 0: "Meter", 1: "DUP:R1", 4: "acme", 5: "MTR3P", 6: "60" })[i] ?? "").join(",")].join("\n");
async function upload(again = false) {
  const { POST } = await import("./route");
  const form = new FormData();
  form.append("productKey", "MTR3P");
  form.append("file", new File([csv], "same.csv", { type: "text/csv" }));
  if (again) form.append("again", "1");
  const response = await POST(new Request("http://localhost/o/acme/imports/upload", { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin" } }), { params: Promise.resolve({ org: "acme" }) });
  return { status: response.status, body: (await response.json()) as { importId?: string; error?: { code: string; message: string; importId?: string } } };
}
const staged = async () => fixture.db.$count(imports, and(eq(imports.fileName, "same.csv"), eq(imports.status, "validated")));

describe("the same file uploaded twice", () => {
  it("offers the import still awaiting confirmation instead of staging a second one, unless asked again", async () => {
    const first = await upload();
    expect(first.status).toBe(201);
    const second = await upload();
    expect(second).toMatchObject({ status: 409, body: { error: { code: "DUPLICATE_STAGED", importId: first.body.importId } } });
    expect(second.body.error!.message).toMatch(/^This file was uploaded already \(same\.csv, .* UTC\) and is awaiting confirmation\.$/);
    expect(await staged()).toBe(1);
    expect((await upload(true)).status).toBe(201);
    expect(await staged()).toBe(2);
  });
});
