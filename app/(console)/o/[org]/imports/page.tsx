import type { Metadata } from "next";
import Link from "next/link";
import { requireOrganization } from "@/app/_lib/session";
import { ImportStatusBadge, dialectLabels, importStatusLabels } from "@/components/import-status-badge";
import { importCounters } from "@/lib/imports/counters";
import { getDb } from "@/db/runtime";
import { hasRole } from "@/lib/auth/roles";
import { formatDateTime, formatNumber, plural } from "@/lib/format";
import { importHistoryQuerySchema } from "@/lib/imports/history-query";
import { listImportActors, listImportsByOrganization } from "@/lib/imports/queries";
import { listProductsByOrganization } from "@/lib/products/queries";
import { HistoryFilters } from "./_components/history-filters";

export const metadata: Metadata = { title: "Imports" };
const PAGE_SIZE = 50;

export default async function ImportsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org } = await params;
  const { organization, role } = await requireOrganization(org);
  const { page, ...filters } = importHistoryQuerySchema.parse(await searchParams);
  const db = await getDb();
  const [{ rows, total }, products, actors] = await Promise.all([
    listImportsByOrganization({ db, organizationId: organization.id, page, size: PAGE_SIZE, filters }),
    listProductsByOrganization({ db, organizationId: organization.id }),
    listImportActors({ db, organizationId: organization.id }),
  ]);
  const base = `/o/${organization.slug}`;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Object.values(filters).some((v) => v !== undefined);
  // Paging keeps the filters: only `page` changes.
  const pageHref = (n: number) => {
    const search = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string"));
    search.set("page", String(n));
    return `?${search}`;
  };
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
      <div className="card">
        <div className="toolbar">
          <HistoryFilters
            key={JSON.stringify(filters)}
            statuses={Object.entries(importStatusLabels).map(([value, label]) => ({ value, label }))}
            sources={[
              { value: "console", label: "Console" },
              { value: "api", label: "API" },
            ]}
            formats={Object.entries(dialectLabels).map(([value, label]) => ({ value, label }))}
            products={products.map((p) => ({ value: p.productKey, label: `${p.productKey} · ${p.name}` }))}
            actors={actors.map((a) => ({ value: a.id, label: a.kind === "user" ? a.name : `${a.name} (service account)` }))}
          />
        </div>
        <div className="table-wrap">
          {rows.length === 0 ? (
            <p className="empty">{filtered ? "No import matches these filters." : "No import yet. Start one with “New import”."}</p>
          ) : (
            <table className="table history-table">
              <thead>
                <tr>
                  <th>When</th>
                  <th>File</th>
                  <th>Product</th>
                  <th>Format</th>
                  <th>By</th>
                  <th>Status</th>
                  <th className="num">Rows</th>
                  <th className="num wrap-head" title="Created / updated / deleted / credentials updated">
                    Created / updated / deleted / credentials
                  </th>
                  <th className="num wrap-head" title="Rows that failed when written / invalid rows skipped">
                    Failed / skipped
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ import: imp, productKey, userName, serviceAccountName }) => {
                  const c = importCounters(imp);
                  return (
                    <tr key={imp.id}>
                      <td className="nowrap">{formatDateTime(imp.createdAt)}</td>
                      <td className="wrap">
                        <Link href={`${base}/imports/${imp.id}`}>{imp.fileName ?? "API call"}</Link>
                      </td>
                      <td>{productKey ? <code>{productKey}</code> : <span className="none">several</span>}</td>
                      <td className="nowrap">{dialectLabels[imp.dialect]}</td>
                      <td>{userName ?? serviceAccountName ?? <span className="none">deleted</span>}</td>
                      <td>
                        <ImportStatusBadge status={imp.status} failed={imp.failedCount} />
                      </td>
                      <td className="num">{formatNumber(imp.totalRows)}</td>
                      <td className="num nowrap" aria-label={`${c.created} created, ${c.updated} updated, ${c.deleted} deleted, ${c.credentialUpdated} credentials updated`}>
                        {formatNumber(c.created)} / {formatNumber(c.updated)} / {formatNumber(c.deleted)} / {formatNumber(c.credentialUpdated)}
                      </td>
                      <td className="num nowrap" aria-label={`${c.failed} failed, ${c.skipped} skipped`}>
                        {formatNumber(c.failed)} / {formatNumber(c.skipped)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        <div className="pager">
          <span>
            {filtered ? `${plural(total, "import")} ${total === 1 ? "matches" : "match"}` : plural(total, "import")}
            {pages > 1 && ` · page ${page} of ${pages}`}
          </span>
          {pages > 1 && (
            <div className="row">
              {page > 1 && (
                <Link className="button small" href={pageHref(page - 1)}>
                  Previous
                </Link>
              )}
              {page < pages && (
                <Link className="button small" href={pageHref(page + 1)}>
                  Next
                </Link>
              )}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
