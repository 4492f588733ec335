import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { devices, models, products } from "@/db/schema";

export async function listProductsByOrganization({ db, organizationId }: { db: DbOrTx; organizationId: string }) {
  const deviceCounts = db
    .select({ productId: devices.productId, deviceCount: count().as("device_count") })
    .from(devices)
    .where(eq(devices.organizationId, organizationId))
    .groupBy(devices.productId)
    .as("device_counts");
  const rows = await db
    .select({
      id: products.id,
      productKey: products.productKey,
      name: products.name,
      modelName: models.name,
      modelKey: models.modelKey,
      deviceCount: deviceCounts.deviceCount,
    })
    .from(products)
    .innerJoin(models, eq(models.id, products.modelId))
    .leftJoin(deviceCounts, eq(deviceCounts.productId, products.id))
    .where(eq(products.organizationId, organizationId))
    .orderBy(asc(products.name));
  return rows.map((row) => ({ ...row, deviceCount: Number(row.deviceCount ?? 0) }));
}

/** Scoped to the organization: another organization's product key is simply not found. */
export async function getProductByKey({ db, organizationId, productKey }: { db: DbOrTx; organizationId: string; productKey: string }) {
  const [row] = await db
    .select({ product: products, model: models })
    .from(products)
    .innerJoin(models, eq(models.id, products.modelId))
    .where(and(eq(products.organizationId, organizationId), eq(products.productKey, productKey)));
  if (!row) return null;
  const [{ value: deviceCount } = { value: 0 }] = await db
    .select({ value: count() })
    .from(devices)
    .where(eq(devices.productId, row.product.id));
  return { ...row, deviceCount };
}
