import type { Metadata } from "next";
import Link from "next/link";
import { requireOrganization } from "@/app/_lib/session";
import { UsageMeterBar } from "@/components/usage-meter-bar";
import { getDb } from "@/db/runtime";
import { hasRole } from "@/lib/auth/roles";
import { formatNumber, plural } from "@/lib/format";
import { listProductsByOrganization } from "@/lib/products/queries";

export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { organization, role } = await requireOrganization(org);
  const products = await listProductsByOrganization({ db: await getDb(), organizationId: organization.id });
  const totalDevices = products.reduce((sum, p) => sum + p.deviceCount, 0);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Products</h1>
          <p>
            {organization.name}: {plural(products.length, "product")}, {formatNumber(totalDevices)} of{" "}
            {plural(organization.maxDevicesPerOrganization, "device")} allowed in the organization.
          </p>
        </div>
        {hasRole(role, "operator") && (
          <Link className="button primary" href={`/o/${organization.slug}/imports/new`}>
            Import devices
          </Link>
        )}
      </div>
      <div className="card table-wrap">
        {products.length === 0 ? (
          <p className="empty">This organization has no products yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Product key</th>
                <th>Name</th>
                <th>Model</th>
                <th>Devices (of limit)</th>
              </tr>
            </thead>
            <tbody>
              {products.map((product) => (
                <tr key={product.id}>
                  <td>
                    <Link className="mono" href={`/o/${organization.slug}/products/${encodeURIComponent(product.productKey)}`}>
                      {product.productKey}
                    </Link>
                  </td>
                  <td>{product.name}</td>
                  <td>{product.modelName}</td>
                  <td>
                    <UsageMeterBar used={product.deviceCount} limit={organization.maxDevicesPerProduct} label="devices in this product" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
