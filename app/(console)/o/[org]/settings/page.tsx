import type { Metadata } from "next";
import { requireOrganization } from "@/app/_lib/session";
import { getDb } from "@/db/runtime";
import { listProductsByOrganization } from "@/lib/products/queries";
import { LimitsForm } from "./limits-form";
import { RegistrationProductForm } from "./registration-product-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { organization } = await requireOrganization(org, "admin");
  const products = await listProductsByOrganization({ db: await getDb(), organizationId: organization.id });
  const current = products.find((p) => p.id === organization.registrationProductId)?.productKey ?? null;
  const { maxRowsPerFile, maxBytesPerFile, maxDevicesPerProduct, maxDevicesPerOrganization, maxBatchSize, apiCallsPerMinute, userImportsPerMinute, maxGroupDepth } = organization;
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p>Limits that every upload and API call of {organization.name} is checked against.</p>
        </div>
      </div>
      <section className="card card-body">
        <h2>Import limits</h2>
        <LimitsForm
          slug={organization.slug}
          limits={{ maxRowsPerFile, maxBytesPerFile, maxDevicesPerProduct, maxDevicesPerOrganization, maxBatchSize, apiCallsPerMinute, userImportsPerMinute, maxGroupDepth }}
        />
      </section>
      <section className="card card-body">
        <h2>Cumulocity bulk registration</h2>
        <RegistrationProductForm slug={organization.slug} current={current} products={products.map((p) => ({ productKey: p.productKey, name: p.name }))} />
      </section>
    </div>
  );
}
