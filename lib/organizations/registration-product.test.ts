import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations, products } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { importContextFor } from "@/lib/imports/context";
import { createTestDatabase } from "@/test/database";
import { setRegistrationProduct } from "./registration-product";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.dispose());

describe("the product for registrations (Settings)", () => {
  it("is set by the demo data, changed to a product of the organization, refused for another's, and cleared", async () => {
    const db = database.db;
    const [acme] = await db.select().from(organizations).where(eq(organizations.slug, "acme"));
    expect((await importContextFor({ db, organization: acme!, isPlatformAdmin: false })).registrationProductKey).toBe("MTR3P");
    expect(await setRegistrationProduct({ db, organizationId: acme!.id, productKey: "INV5K" })).toEqual({ ok: true, productKey: "INV5K" });
    const [inverter] = await db.select().from(products).where(eq(products.productKey, "INV5K"));
    expect((await db.select().from(organizations).where(eq(organizations.id, acme!.id)))[0]!.registrationProductId).toBe(inverter!.id);
    expect(await setRegistrationProduct({ db, organizationId: acme!.id, productKey: "GLXWTR" })).toEqual({ ok: false, error: 'Product "GLXWTR" is not a product of this organization.' });
    expect(await setRegistrationProduct({ db, organizationId: acme!.id, productKey: "" })).toEqual({ ok: true, productKey: null });
    const [cleared] = await db.select().from(organizations).where(eq(organizations.id, acme!.id));
    expect((await importContextFor({ db, organization: cleared!, isPlatformAdmin: false })).registrationProductKey).toBeNull();
  });
});
