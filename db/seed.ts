import { and, eq, isNull } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import { newAssetId } from "@/lib/devices/asset-id";
import type { Db } from "./client";
import { hashSecret, parseApiKey } from "@/lib/service-accounts/keys";
import { DEMO_API_KEY, DEMO_PASSWORD, demoDevices, demoModels, demoOrganizations, demoProducts, demoRegistrationProducts, demoUsers } from "./demo-data";
import { devices, memberships, models, organizations, products, serviceAccounts, users } from "./schema";


/** Inserts the demo organizations, users, models, products and devices; running it twice changes nothing. */
export async function seedDemoData(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(organizations).values(demoOrganizations).onConflictDoNothing();
    const orgs = await tx.select().from(organizations);
    const orgId = (slug: string) => orgs.find((o) => o.slug === slug)!.id;

    for (const demo of demoUsers) {
      await tx.insert(users).values({ email: demo.email, name: demo.name, passwordHash }).onConflictDoNothing();
      const [user] = await tx.select().from(users).where(eq(users.email, demo.email));
      for (const [slug, role] of demo.memberships) {
        await tx.insert(memberships).values({ userId: user!.id, organizationId: orgId(slug), role }).onConflictDoNothing();
      }
    }

    const demoKey = parseApiKey(DEMO_API_KEY)!;
    await tx
      .insert(serviceAccounts)
      .values({ organizationId: orgId("acme"), name: "Demo integration", role: "operator", keyPrefix: demoKey.prefix, keyHash: hashSecret(demoKey.secret) })
      .onConflictDoNothing();

    for (const model of demoModels) {
      const { orgSlug, ...values } = model;
      await tx.insert(models).values({ ...values, organizationId: orgId(orgSlug) }).onConflictDoNothing();
    }
    const allModels = await tx.select().from(models);

    for (const product of demoProducts) {
      const organizationId = orgId(product.orgSlug);
      const model = allModels.find((m) => m.organizationId === organizationId && m.modelKey === product.modelKey)!;
      await tx
        .insert(products)
        .values({ organizationId, modelId: model.id, productKey: product.productKey, name: product.name })
        .onConflictDoNothing();
    }
    const allProducts = await tx.select().from(products);
    for (const [slug, productKey] of Object.entries(demoRegistrationProducts)) {
      const product = allProducts.find((p) => p.productKey === productKey)!;
      await tx.update(organizations).set({ registrationProductId: product.id }).where(and(eq(organizations.id, orgId(slug)), isNull(organizations.registrationProductId)));
    }

    for (const device of demoDevices) {
      const product = allProducts.find((p) => p.productKey === device.productKey)!;
      const [existing] = await tx
        .select({ id: devices.id })
        .from(devices)
        .where(and(eq(devices.organizationId, product.organizationId), eq(devices.deviceKey, device.deviceKey)));
      if (existing) continue;
      await tx.insert(devices).values({
        deviceKey: device.deviceKey,
        name: device.name,
        timezone: device.timezone,
        attributes: device.attributes,
        status: device.status,
        organizationId: product.organizationId,
        productId: product.id,
        assetId: newAssetId(),
        nameI18n: { en_US: device.name },
      });
    }
  });
}
