import { and, count, eq, inArray, sql, type Column, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { devices, externalIds, products, sims } from "@/db/schema";
import type { ImportLookup } from "@/lib/import/validate/lookup";

/**
 * A list as one JSON parameter, expanded by PostgreSQL: a 5,000-key lookup is one bound value, not
 * 5,000 (building those cost drizzle about 0.5 s per 100,000 keys, measured in the commit's profile).
 */
const oneOf = (column: SQL | Column, values: string[]) => sql`${column} IN (SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/** The core's database questions, answered for one organization (chunked to keep statements small). */
export function databaseLookup(db: DbOrTx, organizationId: string): ImportLookup {
  const chunks = <T>(items: T[], size = 5000) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
  const all = async <T, R>(items: T[], query: (chunk: T[]) => Promise<R[]>) => (await Promise.all(chunks(items).map(query))).flat();
  return {
    findDevices: (keys) =>
      all(keys, (chunk) =>
        db
          .select({ deviceKey: devices.deviceKey, productKey: products.productKey })
          .from(devices)
          .innerJoin(products, eq(products.id, devices.productId))
          .where(and(eq(devices.organizationId, organizationId), oneOf(devices.deviceKey, chunk))),
      ),
    // ICCIDs are unique platform-wide: owners in other organizations count too (their keys are not shown).
    findIccidOwners: (iccids) =>
      all(iccids, (chunk) =>
        db
          .select({ iccid: sims.iccid, deviceKey: sql<string>`case when ${devices.organizationId} = ${organizationId} then ${devices.deviceKey} else 'in another organization' end` })
          .from(sims)
          .innerJoin(devices, eq(devices.id, sims.deviceId))
          .where(oneOf(sims.iccid, chunk)),
      ),
    findExternalIdOwners: (ids) =>
      all(ids, (chunk) =>
        db
          .select({ type: externalIds.type, value: externalIds.value, deviceKey: devices.deviceKey })
          .from(externalIds)
          .innerJoin(devices, eq(devices.id, externalIds.deviceId))
          .where(
            and(
              eq(externalIds.organizationId, organizationId),
              sql`(${externalIds.type}, ${externalIds.value}) IN (SELECT x.type, x.value FROM jsonb_to_recordset(${JSON.stringify(chunk.map(({ type, value }) => ({ type, value })))}::jsonb) AS x(type text, value text))`,
            ),
          ),
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
