import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { organizations, products } from "@/db/schema";

/** The Settings form: a product key of the organization, or empty for none. */
export const registrationProductSchema = z.object({ productKey: z.string().trim().max(64) });

/**
 * Sets the product that Cumulocity bulk registration uses for rows whose TYPE names no product.
 * Only a product of the same organization; an empty key clears it.
 */
export async function setRegistrationProduct({ db, organizationId, productKey }: { db: DbOrTx; organizationId: string; productKey: string }) {
  if (productKey === "") {
    await db.update(organizations).set({ registrationProductId: null }).where(eq(organizations.id, organizationId));
    return { ok: true as const, productKey: null };
  }
  const [product] = await db.select({ id: products.id }).from(products).where(and(eq(products.organizationId, organizationId), eq(products.productKey, productKey)));
  if (!product) return { ok: false as const, error: `Product "${productKey}" is not a product of this organization.` };
  await db.update(organizations).set({ registrationProductId: product.id }).where(eq(organizations.id, organizationId));
  return { ok: true as const, productKey };
}
