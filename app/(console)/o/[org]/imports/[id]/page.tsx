import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOrganization } from "@/app/_lib/session";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { ImportStatusBadge, dialectLabels } from "@/components/import-status-badge";
import { getDb } from "@/db/runtime";
import { hasRole } from "@/lib/auth/roles";
import { formatDateTime, plural } from "@/lib/format";
import { encodingNames, isTextEncoding } from "@/lib/import/read/encodings";
import { getImport, listImportRows } from "@/lib/imports/queries";
import { getRollbackLinks } from "@/lib/imports/rollback";
import { ImportView } from "./_components/import-view";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const { organization, role } = await requireOrganization(org);
  const db = await getDb();
  const found = await getImport({ db, organizationId: organization.id, importId: id });
  if (!found) notFound();
  const { import: imp } = found;
  const [rows, links] = await Promise.all([listImportRows({ db, importId: id }), getRollbackLinks({ db, importId: imp.id, rollbackOf: imp.rollbackOf })]);
  const base = `/o/${organization.slug}`;
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <Breadcrumbs items={[{ label: "Imports", href: `${base}/imports` }, { label: imp.fileName ?? "API call" }]} />
          <h1>{imp.fileName ?? "API import"}</h1>
          <p>
            {imp.columnMapping ? "Own columns, mapped to the template" : dialectLabels[imp.dialect]} · {found.productKey ? <Link href={`${base}/products/${encodeURIComponent(found.productKey)}`}>{found.productName}</Link> : "several products"} ·{" "}
            {plural(imp.totalRows, "row")} · uploaded {formatDateTime(imp.createdAt)} by {found.userName ?? found.serviceAccountName ?? "a deleted user"}
            {imp.columnMapping && <span data-testid="mapped"> · {mappedSummary(imp.columnMapping)}</span>}
            {imp.encoding && <span data-testid="encoding"> · read as {isTextEncoding(imp.encoding) ? encodingNames[imp.encoding] : imp.encoding}</span>}
          </p>
        </div>
        <ImportStatusBadge status={imp.status} />
      </div>
      {imp.fileWarnings.map((w) => (
        <div key={w.code} className="alert warning" role="status" data-testid="file-warning">
          {w.message}
        </div>
      ))}
      {/* A new status (after the import ran) remounts the view with the rows' outcomes. */}
      <ImportView
        key={imp.status}
        slug={organization.slug}
        basePath={`${base}/imports/${imp.id}`}
        canWrite={hasRole(role, "operator")}
        rollback={{ links, canRollBack: hasRole(role, "admin") && imp.status === "completed" && !imp.rollbackOf && !links.rolledBackBy }}
        initialRows={rows}
        info={{
          id: imp.id,
          status: imp.status,
          header: imp.header,
          dialect: imp.dialect,
          productName: found.productName,
          organizationName: organization.name,
          error: imp.error,
          counters: { created: imp.createdCount, updated: imp.updatedCount, deleted: imp.deletedCount, failed: imp.failedCount, skipped: imp.invalidRows, processed: imp.processedRows, total: imp.totalRows },
        }}
      />
    </div>
  );
}

/** "columns mapped: Serial → DeviceKey, Label → Device Name, …" for an import read through a mapping. */
function mappedSummary(mapping: { header: string[]; targets: (string | null)[] }) {
  const mapped = mapping.targets.filter((t) => t !== null).length;
  const left = mapping.header.filter((h, i) => h.trim() !== "" && mapping.targets[i] === null);
  return `${plural(mapped, "column")} mapped from the file's own header${left.length > 0 ? `, ${left.length} left out (${left.map((h) => h.trim()).join(", ")})` : ""}`;
}
