import type { Metadata } from "next";
import Link from "next/link";
import { requireOrganization } from "@/app/_lib/session";
import { ImportStatusBadge, dialectLabels } from "@/components/import-status-badge";
import { getDb } from "@/db/runtime";
import { hasRole } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { listImportsByOrganization } from "@/lib/imports/queries";

export const metadata: Metadata = { title: "Imports" };
const PAGE_SIZE = 50;

export default async function ImportsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ page?: string }> }) {
  const { org } = await params;
  const { organization, role } = await requireOrganization(org);
  const page = Math.max(1, Math.min(10_000, Number((await searchParams).page) || 1));
  const { rows, total } = await listImportsByOrganization({ db: await getDb(), organizationId: organization.id, page, size: PAGE_SIZE });
  const base = `/o/${organization.slug}`;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Imports</h1>
          <p>Every upload and API call of {organization.name}, newest first.</p>
        </div>
        {hasRole(role, "operator") && (
          <Link className="button primary" href={`${base}/imports/new`}>
            New import
          </Link>
        )}
      </div>
      <div className="card table-wrap">
        {rows.length === 0 ? (
          <p className="empty">No import yet. Start one with “New import”.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>File</th>
                <th>Product</th>
                <th>Format</th>
                <th>By</th>
                <th>Status</th>
                <th className="num">Rows</th>
                <th className="num">Created</th>
                <th className="num">Updated</th>
                <th className="num">Deleted</th>
                <th className="num">Invalid / failed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ import: imp, productKey, userName, serviceAccountName }) => (
                <tr key={imp.id}>
                  <td className="nowrap">{formatDateTime(imp.createdAt)}</td>
                  <td>
                    <Link href={`${base}/imports/${imp.id}`}>{imp.fileName ?? "API call"}</Link>
                  </td>
                  <td>{productKey ? <code>{productKey}</code> : <span className="none">several</span>}</td>
                  <td>{dialectLabels[imp.dialect]}</td>
                  <td>{userName ?? serviceAccountName ?? <span className="none">deleted</span>}</td>
                  <td>
                    <ImportStatusBadge status={imp.status} />
                  </td>
                  <td className="num">{imp.totalRows.toLocaleString("en-US")}</td>
                  <td className="num">{imp.createdCount.toLocaleString("en-US")}</td>
                  <td className="num">{imp.updatedCount.toLocaleString("en-US")}</td>
                  <td className="num">{imp.deletedCount.toLocaleString("en-US")}</td>
                  <td className="num">
                    {imp.invalidRows.toLocaleString("en-US")} / {imp.failedCount.toLocaleString("en-US")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <div className="pager">
            <span>
              Page {page} of {pages}
            </span>
            <div className="row">
              {page > 1 && <Link className="button small" href={`?page=${page - 1}`}>Previous</Link>}
              {page < pages && <Link className="button small" href={`?page=${page + 1}`}>Next</Link>}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
