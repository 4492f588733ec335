import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOrganization } from "@/app/_lib/session";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { UsageMeterBar } from "@/components/usage-meter-bar";
import { getDb } from "@/db/runtime";
import { hasRole } from "@/lib/auth/roles";
import { deviceListQuerySchema, pageSizes } from "@/lib/devices/list-query";
import { listDevicesByProduct } from "@/lib/devices/queries";
import { getProductByKey } from "@/lib/products/queries";
import { DevicesGrid } from "./_components/devices-grid";
import { plural } from "@/lib/format";

type Props = {
  params: Promise<{ org: string; productKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).productKey) };
}

export default async function ProductPage({ params, searchParams }: Props) {
  const { org, productKey } = await params;
  const { organization, role } = await requireOrganization(org);
  const db = await getDb();
  const found = await getProductByKey({ db, organizationId: organization.id, productKey: decodeURIComponent(productKey) });
  if (!found) notFound();
  const { product, model, deviceCount } = found;
  const query = deviceListQuerySchema.parse(await searchParams);
  const { rows, total } = await listDevicesByProduct({ db, productId: product.id, query });
  const basePath = `/o/${organization.slug}/products/${encodeURIComponent(product.productKey)}`;

  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <Breadcrumbs items={[{ label: "Products", href: `/o/${organization.slug}` }, { label: product.productKey }]} />
          <h1>{product.name}</h1>
          <p>
            Product key <code>{product.productKey}</code> · model {model.name} · {plural(model.attributes.length, "attribute")}
          </p>
        </div>
        <div className="row">
          <UsageMeterBar used={deviceCount} limit={organization.maxDevicesPerProduct} label="devices in this product" />
          {hasRole(role, "operator") && (
            <Link className="button primary" href={`/o/${organization.slug}/imports/new?product=${encodeURIComponent(product.productKey)}`}>
              Import devices
            </Link>
          )}
        </div>
      </div>
      <DevicesGrid rows={rows} total={total} query={query} basePath={basePath} importsPath={`/o/${organization.slug}/imports`} pageSizes={pageSizes} searching={query.q !== ""} />
    </div>
  );
}
