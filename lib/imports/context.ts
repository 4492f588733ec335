import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, products, type Organization } from "@/db/schema";
import type { ImportContext } from "@/lib/import/dialects/context";
import { limitsFor } from "@/lib/import/limits";

/** The core's view of an organization and (optionally) the product a file is for. */
export async function importContextFor({
  db,
  organization,
  productId,
  isPlatformAdmin,
}: {
  db: DbOrTx;
  organization: Organization;
  productId?: string | null;
  isPlatformAdmin: boolean;
}): Promise<ImportContext> {
  const [row] = productId
    ? await db
        .select({ product: products, model: models })
        .from(products)
        .innerJoin(models, eq(models.id, products.modelId))
        .where(and(eq(products.id, productId), eq(products.organizationId, organization.id)))
    : [];
  const catalog = await db
      .select({ id: products.id, productKey: products.productKey, name: products.name, modelName: models.name, attributes: models.attributes })
    .from(products)
    .innerJoin(models, eq(models.id, products.modelId))
    .where(eq(products.organizationId, organization.id));
  return {
    organization: { id: organization.id, slug: organization.slug, name: organization.name },
    catalog: Object.fromEntries(catalog.map(({ productKey, name, modelName, attributes }) => [productKey, { name, modelName, attributes }])),
    registrationProductKey: catalog.find((p) => p.id === organization.registrationProductId)?.productKey ?? null,
    product: row && { productKey: row.product.productKey, name: row.product.name, modelName: row.model.name, attributes: row.model.attributes },
    isPlatformAdmin,
    limits: limitsFor({ maxBytes: organization.maxBytesPerFile, maxRows: organization.maxRowsPerFile, maxGroupDepth: organization.maxGroupDepth }),
    caps: { devicesPerProduct: organization.maxDevicesPerProduct, devicesPerOrganization: organization.maxDevicesPerOrganization },
  };
}
