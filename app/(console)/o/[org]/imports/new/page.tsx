import { asc, eq } from "drizzle-orm";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOrganization } from "@/app/_lib/session";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { Stepper } from "@/components/stepper";
import { UsageMeterBar } from "@/components/usage-meter-bar";
import { getDb } from "@/db/runtime";
import { devices } from "@/db/schema";
import { formatBytes } from "@/lib/import/limits";
import { getProductByKey, listProductsByOrganization } from "@/lib/products/queries";
import { ProductPicker } from "./_components/product-picker";
import { TemplateCard } from "./_components/template-card";
import { TemplateSteps } from "./_components/template-steps";
import { UploadDropzone } from "./_components/upload-dropzone";
import { plural } from "@/lib/format";

export const metadata: Metadata = { title: "New import" };

export default async function NewImportPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ product?: string | string[] }> }) {
  const { org } = await params;
  const { organization } = await requireOrganization(org, "operator");
  const db = await getDb();
  const base = `/o/${organization.slug}`;
  const { product: productParam } = await searchParams;
  const productKey = typeof productParam === "string" ? productParam : undefined;

  if (!productKey) {
    const products = await listProductsByOrganization({ db, organizationId: organization.id });
    return (
      <div className="stack">
        <Header base={base} />
        <Stepper current="Product" />
        <p className="muted">Pick the product the devices belong to. Its model decides the template&apos;s columns.</p>
        <ProductPicker products={products} limit={organization.maxDevicesPerProduct} basePath={`${base}/imports/new`} />
      </div>
    );
  }

  const found = await getProductByKey({ db, organizationId: organization.id, productKey });
  if (!found) notFound();
  const { product, model, deviceCount } = found;
  const keys = await db.select({ key: devices.deviceKey }).from(devices).where(eq(devices.productId, product.id)).orderBy(asc(devices.deviceKey)).limit(500);
  return (
    <div className="stack">
      <Header base={base} />
      <TemplateSteps>
      <div className="card card-body row" style={{ justifyContent: "space-between" }}>
        <div>
          <strong>{product.name}</strong> <code>{product.productKey}</code>
          <div className="muted">
            Model {model.name} · {plural(model.attributes.length, "attribute")} ({model.attributes.filter((a) => a.required).length} required)
          </div>
        </div>
        <div className="row">
          <UsageMeterBar used={deviceCount} limit={organization.maxDevicesPerProduct} />
          <Link className="button small" href={`${base}/imports/new`}>
            Change product
          </Link>
        </div>
      </div>
      <div className="grid-2">
        <TemplateCard
          productKey={product.productKey}
          templatePath={`${base}/products/${encodeURIComponent(product.productKey)}/template`}
          examplesPath={`${base}/imports/examples`}
          deviceKeys={keys.map((k) => k.key)}
        />
        <UploadDropzone
          uploadUrl={`${base}/imports/upload`}
          productKey={product.productKey}
          importsPath={`${base}/imports`}
          maxBytes={organization.maxBytesPerFile}
          maxRows={organization.maxRowsPerFile}
          maxLabel={formatBytes(organization.maxBytesPerFile)}
        />
      </div>
      </TemplateSteps>
    </div>
  );
}

function Header({ base }: { base: string }) {
  return (
    <div className="page-header">
      <div>
        <Breadcrumbs items={[{ label: "Imports", href: `${base}/imports` }, { label: "New" }]} />
        <h1>Import devices</h1>
      </div>
    </div>
  );
}
