import { and, count, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { devices, externalIds, products, sims } from "@/db/schema";
import type { ImportLookup } from "@/lib/import/validate/lookup";

/** The core's database questions, answered for one organization (chunked to keep statements small). */
export function databaseLookup(db: DbOrTx, organizationId: string): ImportLookup {
  const chunks = <T>(items: T[], size = 1000) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
  const all = async <T, R>(items: T[], query: (chunk: T[]) => Promise<R[]>) => (await Promise.all(chunks(items).map(query))).flat();
  return {
    findDevices: (keys) =>
      all(keys, (chunk) =>
        db
          .select({ deviceKey: devices.deviceKey, productKey: products.productKey })
          .from(devices)
          .innerJoin(products, eq(products.id, devices.productId))
          .where(and(eq(devices.organizationId, organizationId), inArray(devices.deviceKey, chunk))),
      ),
    // ICCIDs are unique platform-wide: owners in other organizations count too (their keys are not shown).
    findIccidOwners: (iccids) =>
      all(iccids, (chunk) =>
        db
          .select({ iccid: sims.iccid, deviceKey: sql<string>`case when ${devices.organizationId} = ${organizationId} then ${devices.deviceKey} else 'in another organization' end` })
          .from(sims)
          .innerJoin(devices, eq(devices.id, sims.deviceId))
          .where(inArray(sims.iccid, chunk)),
      ),
    findExternalIdOwners: (ids) =>
      all(ids, (chunk) =>
        db
          .select({ type: externalIds.type, value: externalIds.value, deviceKey: devices.deviceKey })
          .from(externalIds)
          .innerJoin(devices, eq(devices.id, externalIds.deviceId))
          .where(and(eq(externalIds.organizationId, organizationId), or(...chunk.map((id) => and(eq(externalIds.type, id.type), eq(externalIds.value, id.value)))))),
      ),
    findProducts: async (keys) => {
      if (keys.length === 0) return [];
      const rows = await db
        .select({ productKey: products.productKey, deviceCount: count(devices.id) })
        .from(products)
        .leftJoin(devices, eq(devices.productId, products.id))
        .where(and(eq(products.organizationId, organizationId), inArray(products.productKey, keys)))
        .groupBy(products.productKey);
      return rows;
    },
    countOrganizationDevices: async () => db.$count(devices, eq(devices.organizationId, organizationId)),
  };
}
