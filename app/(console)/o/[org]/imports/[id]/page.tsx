import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireOrganization } from "@/app/_lib/session";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { dialectLabels } from "@/components/import-status-badge";
import { getDb } from "@/db/runtime";
import { hasRole } from "@/lib/auth/roles";
import { formatDateTime, plural } from "@/lib/format";
import { encodingNames, isTextEncoding } from "@/lib/import/read/encodings";
import { importCounters } from "@/lib/imports/counters";
import { findUndo } from "@/lib/imports/edit";
import { defaultRowView, rowViewSchema, WINDOW } from "@/lib/import/preview/row-view";
import { getImport } from "@/lib/imports/queries";
import { listImportRowWindow, listNotableRows, summarizeImportRows } from "@/lib/imports/row-window";
import { getRollbackLinks } from "@/lib/imports/rollback";
import { ImportView } from "./_components/import-view";
import { LiveImportStatusBadge } from "./_components/live-status-badge";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ params, searchParams }: { params: Promise<{ org: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { org, id } = await params;
  // The grid's view (filter, search, order) is in the URL; anything unreadable there is the default.
  const parsedView = rowViewSchema.safeParse(await searchParams);
  const view = parsedView.success ? parsedView.data : defaultRowView;
  const { organization, role } = await requireOrganization(org);
  const db = await getDb();
  const found = await getImport({ db, organizationId: organization.id, importId: id });
  if (!found) notFound();
  const { import: imp } = found;
  // Only the first window, the counts and the rows panels name: the grid asks for the rest as it scrolls.
  const [firstWindow, summary, undo, notable, links] = await Promise.all([
    listImportRowWindow({ db, importId: id, view, offset: 0, limit: WINDOW }),
    summarizeImportRows({ db, importId: id }),
    findUndo({ db, importId: id }),
    listNotableRows({ db, importId: id }),
    getRollbackLinks({ db, importId: imp.id, rollbackOf: imp.rollbackOf }),
  ]);
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
        <LiveImportStatusBadge importId={imp.id} status={imp.status} failed={imp.failedCount} />
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
        initialView={view}
        initialWindow={firstWindow}
        initialSummary={summary}
        initialUndo={undo}
        notableRows={notable}
        rollback={{ links, canRollBack: hasRole(role, "admin") && (imp.status === "completed" || imp.status === "completed_with_failures") && !imp.rollbackOf && !links.rolledBackBy }}
        info={{
          id: imp.id,
          status: imp.status,
          header: imp.header,
          dialect: imp.dialect,
          productName: found.productName,
          organizationName: organization.name,
          error: imp.error,
          counters: importCounters(imp),
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
