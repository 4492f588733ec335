import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/database";
import { demoDevices, demoUsers } from "./demo-data";
import { devices, externalIds, memberships, organizations, products, sims, users } from "./schema";
import { newAssetId } from "@/lib/devices/asset-id";
import { seedDemoData } from "./seed";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.dispose());

/** The Postgres error code of a failed statement (drizzle wraps driver errors in `cause`). */
async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const e = error as { code?: string; cause?: { code?: string } };
    return e.cause?.code ?? e.code;
  }
}

async function fixture() {
  const db = database.db;
  const [acme] = await db.select().from(organizations).where(eq(organizations.slug, "acme"));
  const [globex] = await db.select().from(organizations).where(eq(organizations.slug, "globex"));
  const [inverter] = await db.select().from(products).where(eq(products.productKey, "INV5K"));
  const [water] = await db.select().from(products).where(eq(products.productKey, "GLXWTR"));
  return { db, acme: acme!, globex: globex!, inverter: inverter!, water: water! };
}

describe("demo data", () => {
  it("is idempotent: a second seed adds nothing", async () => {
    const { db } = await fixture();
    const before = await Promise.all([db.$count(users), db.$count(devices), db.$count(memberships)]);
    await seedDemoData(db);
    const after = await Promise.all([db.$count(users), db.$count(devices), db.$count(memberships)]);
    expect(before).toEqual([demoUsers.length, demoDevices.length, demoUsers.flatMap((u) => u.memberships).length]);
    expect(after).toEqual(before);
  });
});

describe("constraints carry the seeds' uniqueness rules", () => {
  it("a device key is unique per organization, not platform-wide", async () => {
    const { db, acme, globex, inverter, water } = await fixture();
    const base = { name: "x", timezone: "+08:00" };
    expect(
      await sqlState(
        db.insert(devices).values({ ...base, organizationId: acme.id, productId: inverter.id, deviceKey: "INV-1001", assetId: newAssetId() }),
      ),
    ).toBe("23505");
    await db
      .insert(devices)
      .values({ ...base, organizationId: globex.id, productId: water.id, deviceKey: "INV-1001", assetId: newAssetId() });
    expect(await db.$count(devices, eq(devices.deviceKey, "INV-1001"))).toBe(2);
  });

  it("a product key is unique platform-wide", async () => {
    const { db, globex, water } = await fixture();
    expect(
      await sqlState(db.insert(products).values({ organizationId: globex.id, modelId: water.modelId, productKey: "INV5K", name: "dup" })),
    ).toBe("23505");
  });

  it("an external id (type, value) is unique per organization", async () => {
    const { db, acme, globex } = await fixture();
    const [a1, a2] = await db.select().from(devices).where(eq(devices.organizationId, acme.id)).limit(2);
    const [g1] = await db.select().from(devices).where(eq(devices.organizationId, globex.id)).limit(1);
    await db.insert(externalIds).values({ organizationId: acme.id, deviceId: a1!.id, type: "c8y_Serial", value: "SN-1" });
    expect(
      await sqlState(db.insert(externalIds).values({ organizationId: acme.id, deviceId: a2!.id, type: "c8y_Serial", value: "SN-1" })),
    ).toBe("23505");
    await db.insert(externalIds).values({ organizationId: acme.id, deviceId: a2!.id, type: "c8y_Imei", value: "SN-1" });
    await db.insert(externalIds).values({ organizationId: globex.id, deviceId: g1!.id, type: "c8y_Serial", value: "SN-1" });
  });

  it("an ICCID is unique everywhere, and a SIM goes with its device", async () => {
    const { db, acme, globex, inverter } = await fixture();
    const [a1] = await db.select().from(devices).where(eq(devices.deviceKey, "INV-1002"));
    const [g1] = await db.select().from(devices).where(eq(devices.organizationId, globex.id)).limit(1);
    await db.insert(sims).values({ organizationId: acme.id, deviceId: a1!.id, iccid: "8988303000123456789" });
    expect(await sqlState(db.insert(sims).values({ organizationId: globex.id, deviceId: g1!.id, iccid: "8988303000123456789" }))).toBe(
      "23505",
    );
    await db.delete(devices).where(eq(devices.id, a1!.id));
    expect(await db.$count(sims, eq(sims.iccid, "8988303000123456789"))).toBe(0);
    expect(inverter.productKey).toBe("INV5K");
  });
});
