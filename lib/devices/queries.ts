import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deviceGroups, devices, externalIds, imports, products, sims } from "@/db/schema";
import type { DeviceListQuery } from "./list-query";

const sortColumns = {
  deviceKey: devices.deviceKey,
  name: devices.name,
  timezone: devices.timezone,
  status: devices.status,
  createdAt: devices.createdAt,
} as const;

/** `%` and `_` typed in the search box are literal characters, not wildcards. */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listDevicesByProduct({ db, productId, query }: { db: DbOrTx; productId: string; query: DeviceListQuery }) {
  const filters: SQL[] = [eq(devices.productId, productId)];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(devices.deviceKey, pattern), ilike(devices.name, pattern))!);
  }
  const where = and(...filters);
  const order = query.dir === "asc" ? asc(sortColumns[query.sort]) : desc(sortColumns[query.sort]);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: devices.id,
        deviceKey: devices.deviceKey,
        name: devices.name,
        timezone: devices.timezone,
        status: devices.status,
        createdAt: devices.createdAt,
        importId: devices.importId,
        importFileName: imports.fileName,
      })
      .from(devices)
      .leftJoin(imports, eq(imports.id, devices.importId))
      .where(where)
      .orderBy(order, asc(devices.deviceKey))
      .limit(query.size)
      .offset((query.page - 1) * query.size),
    db.select({ value: count() }).from(devices).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}
export type DeviceListRow = Awaited<ReturnType<typeof listDevicesByProduct>>["rows"][number];

/** Everything the detail page shows, scoped to the organization. */
export async function getDeviceByKey({ db, organizationId, deviceKey }: { db: DbOrTx; organizationId: string; deviceKey: string }) {
  const [row] = await db
    .select({ device: devices, product: products, group: deviceGroups, import: imports })
    .from(devices)
    .innerJoin(products, eq(products.id, devices.productId))
    .leftJoin(deviceGroups, eq(deviceGroups.id, devices.groupId))
    .leftJoin(imports, eq(imports.id, devices.importId))
    .where(and(eq(devices.organizationId, organizationId), eq(devices.deviceKey, deviceKey)));
  if (!row) return null;
  const [ids, [sim], parent] = await Promise.all([
    db.select().from(externalIds).where(eq(externalIds.deviceId, row.device.id)).orderBy(asc(externalIds.type)),
    db.select().from(sims).where(eq(sims.deviceId, row.device.id)),
    row.device.parentDeviceId
      ? db.select({ deviceKey: devices.deviceKey }).from(devices).where(eq(devices.id, row.device.parentDeviceId))
      : Promise.resolve([]),
  ]);
  return { ...row, externalIds: ids, sim: sim ?? null, parentDeviceKey: parent[0]?.deviceKey ?? null };
}
