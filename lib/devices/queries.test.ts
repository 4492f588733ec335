import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devices, organizations, users } from "@/db/schema";
import { newAssetId } from "@/lib/devices/asset-id";
import { seedDemoData } from "@/db/seed";
import { getOrganizationForUser, listOrganizationsByUser } from "@/lib/organizations/queries";
import { getProductByKey, listProductsByOrganization } from "@/lib/products/queries";
import { createTestDatabase } from "@/test/database";
import { deviceListQuerySchema } from "./list-query";
import { getDeviceByKey, listDevicesByProduct } from "./queries";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.dispose());

const org = async (slug: string) => (await database.db.select().from(organizations).where(eq(organizations.slug, slug)))[0]!;
const user = async (email: string) => (await database.db.select().from(users).where(eq(users.email, email)))[0]!;

describe("organizations", () => {
  it("lists a user's organizations with the role in each", async () => {
    const admin = await user("admin@example.com");
    const viewer = await user("viewer@example.com");
    expect(await listOrganizationsByUser({ db: database.db, userId: admin.id })).toMatchObject([
      { slug: "acme", role: "admin" },
      { slug: "globex", role: "admin" },
    ]);
    expect((await listOrganizationsByUser({ db: database.db, userId: viewer.id })).map((o) => o.slug)).toEqual(["acme"]);
  });

  it("finds nothing for an organization the user does not belong to", async () => {
    const viewer = await user("viewer@example.com");
    expect(await getOrganizationForUser({ db: database.db, userId: viewer.id, slug: "globex" })).toBeNull();
    expect((await getOrganizationForUser({ db: database.db, userId: viewer.id, slug: "acme" }))?.role).toBe("viewer");
  });
});

describe("products", () => {
  it("lists products with their model and device count", async () => {
    const acme = await org("acme");
    const list = await listProductsByOrganization({ db: database.db, organizationId: acme.id });
    expect(list.map((p) => [p.productKey, p.modelName, p.deviceCount])).toEqual([
      ["INV5K", "Solar Inverter", 12],
      ["MTR3P", "Smart Meter", 3],
    ]);
  });

  it("does not find another organization's product", async () => {
    const acme = await org("acme");
    expect(await getProductByKey({ db: database.db, organizationId: acme.id, productKey: "GLXWTR" })).toBeNull();
    expect((await getProductByKey({ db: database.db, organizationId: acme.id, productKey: "INV5K" }))?.deviceCount).toBe(12);
  });
});

describe("device list", () => {
  const list = async (params: Record<string, string>) => {
    const acme = await org("acme");
    const product = await getProductByKey({ db: database.db, organizationId: acme.id, productKey: "INV5K" });
    return listDevicesByProduct({ db: database.db, productId: product!.product.id, query: deviceListQuerySchema.parse(params) });
  };

  it("pages and sorts", async () => {
    const page1 = await list({ sort: "deviceKey", dir: "asc", size: "10" });
    const page2 = await list({ sort: "deviceKey", dir: "asc", size: "10", page: "2" });
    expect(page1.total).toBe(12);
    expect(page1.rows.map((r) => r.deviceKey).slice(0, 2)).toEqual(["INV-1001", "INV-1002"]);
    expect(page2.rows.map((r) => r.deviceKey)).toEqual(["INV-1011", "INV-1012"]);
    const desc = await list({ sort: "deviceKey", dir: "desc", size: "10" });
    expect(desc.rows[0]?.deviceKey).toBe("INV-1012");
  });

  it("searches key and name, case-insensitively, with % taken literally", async () => {
    expect((await list({ q: "inv-1010" })).rows.map((r) => r.deviceKey)).toEqual(["INV-1010"]);
    expect((await list({ q: "ROOFTOP INVERTER 12" })).rows.map((r) => r.deviceKey)).toEqual(["INV-1012"]);
    expect((await list({ q: "%" })).total).toBe(0);
  });

  it("shows a device only inside its own organization", async () => {
    const acme = await org("acme");
    const globex = await org("globex");
    const found = await getDeviceByKey({ db: database.db, organizationId: acme.id, deviceKey: "INV-1001" });
    expect(found?.product.productKey).toBe("INV5K");
    expect(found?.device.status).toBe("online");
    expect(await getDeviceByKey({ db: database.db, organizationId: globex.id, deviceKey: "INV-1001" })).toBeNull();
  });

  it("new devices are not activated until they connect", async () => {
    const acme = await org("acme");
    const product = await getProductByKey({ db: database.db, organizationId: acme.id, productKey: "MTR3P" });
    const [created] = await database.db
      .insert(devices)
      .values({ organizationId: acme.id, productId: product!.product.id, deviceKey: "NEW-1", name: "n", timezone: "+00:00", assetId: newAssetId() })
      .returning();
    expect(created?.status).toBe("inactive");
  });
});
