"use client";

import { useRouter } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { ImportGrid, type GridHandle } from "@/components/import-grid/import-grid";
import { Stepper } from "@/components/stepper";
import type { Dialect } from "@/lib/import/dialect";
import { deviceKeyColumn } from "@/lib/import/dialects/key-column";
import type { ImportRowView } from "@/lib/imports/queries";
import { cancelImport, confirmImport, editImportCell } from "../actions";
import { ConfirmPanel } from "./confirm-panel";
import { ErrorPanel } from "./error-panel";
import { ImportProgress } from "./import-progress";
import { ResultPanel } from "./result-panel";
import { DiscardButton } from "./discard-button";
import { NotAppliedPanel } from "./not-applied-panel";
import { RollbackNotice, RollbackPanel, type RollbackLinks } from "./rollback-panel";

type Filter = "all" | "invalid" | "valid" | "warnings";
export type ImportInfo = {
  id: string;
  status: "validated" | "queued" | "importing" | "completed" | "failed" | "cancelled";
  header: string[];
  dialect: Dialect;
  productName: string | null;
  organizationName: string;
  counters: { created: number; updated: number; deleted: number; failed: number; skipped: number; processed: number; total: number };
  error: string | null;
};

const matches = (filter: Filter, row: ImportRowView) =>
  filter === "all" || (filter === "invalid" ? row.errors.length > 0 : filter === "valid" ? row.errors.length === 0 : row.warnings.length > 0);

export function ImportView({
  slug,
  info,
  initialRows,
  canWrite,
  basePath,
  rollback,
}: {
  slug: string;
  info: ImportInfo;
  initialRows: ImportRowView[];
  canWrite: boolean;
  basePath: string;
  rollback: { links: RollbackLinks; canRollBack: boolean };
}) {
  const router = useRouter();
  const [rows, setRows] = useState(() => new Map(initialRows.map((r) => [r.line, r])));
  // Invalid rows first, then by line; fixed while the page is open so that a fixed row stays put.
  const [order] = useState(() => [...initialRows].sort((a, b) => Number(b.errors.length > 0) - Number(a.errors.length > 0) || a.line - b.line).map((r) => r.line));
  const [filter, setFilter] = useState<Filter>("all");
  const [status, setStatus] = useState(info.status);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const grid = useRef<GridHandle>(null);

  const all = useMemo(() => order.map((line) => rows.get(line)!), [order, rows]);
  const shown = useMemo(() => all.filter((r) => matches(filter, r)), [all, filter]);
  const counts = useMemo(
    () => ({ all: all.length, invalid: all.filter((r) => r.errors.length > 0).length, valid: all.filter((r) => r.errors.length === 0).length, warnings: all.filter((r) => r.warnings.length > 0).length }),
    [all],
  );
  const editable = status === "validated" && canWrite;

  const onEdit = useCallback(
    async (line: number, column: string, value: string) => {
      const result = await editImportCell(slug, { importId: info.id, line, column, value });
      if (!result.ok) {
        setMessage({ kind: "error", text: result.error });
        return;
      }
      setMessage(null);
      setRows((current) => {
        const next = new Map(current);
        for (const row of result.data.rows) next.set(row.line, row);
        return next;
      });
    },
    [info.id, slug],
  );

  const reveal = useCallback((line: number, column: string | null) => {
    setFilter("all");
    requestAnimationFrame(() => grid.current?.reveal(line, column));
  }, []);

  const onConfirm = async () => {
    const result = await confirmImport(slug, info.id);
    if (!result.ok) return setMessage({ kind: "error", text: result.error });
    setStatus("queued");
    router.refresh();
  };

  const onCancel = async () => {
    const result = await cancelImport(slug, info.id);
    return result.ok ? null : result.error;
  };
  // A cancelled import that had started keeps what it wrote: its counts show like a finished one's.
  const cancelledMidway = status === "cancelled" && info.counters.processed > 0;

  const step = status === "validated" ? "Preview" : "Result";
  return (
    <div className="stack">
      <Stepper current={step} />
      {message && (
        <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </div>
      )}
      <RollbackNotice links={rollback.links} importsPath={`/o/${slug}/imports`} />
      {status === "cancelled" && !cancelledMidway && (
        <div className="alert error" role="alert">
          This import was not run: {info.error ?? "it was cancelled"}. No device was written.
        </div>
      )}
      {(status === "queued" || status === "importing") && (
        <ImportProgress statusUrl={`${basePath}/status`} status={status} total={info.counters.total} canCancel={canWrite} onCancel={onCancel} onChange={() => router.refresh()} />
      )}
      {(status === "completed" || status === "failed" || cancelledMidway) && (
        <ResultPanel info={info} downloadsPath={`${basePath}/download`} canWrite={canWrite} isRollback={rollback.links.rollbackOf !== null} />
      )}
      <div className="preview-layout">
        <div className="card preview-main">
          <div className="toolbar">
            <div className="tabs" role="tablist" aria-label="Show rows">
              {(["all", "invalid", "valid", "warnings"] as const).map((f) => (
                <button key={f} role="tab" type="button" aria-selected={filter === f} className={`tab${filter === f ? " active" : ""}`} onClick={() => setFilter(f)}>
                  {{ all: "All", invalid: "Invalid", valid: "Valid", warnings: "Warnings" }[f]} <span className="count">{counts[f]}</span>
                </button>
              ))}
            </div>
            <div className="row">
              <a className="button small" href={`${basePath}/download/errmsg`} download aria-disabled={counts.invalid === 0 && counts.warnings === 0}>
                Export invalid records
              </a>
              <a className="button small" href={`${basePath}/download/failed`} download>
                Failed rows (.xlsx)
              </a>
            </div>
          </div>
          {editable && counts.invalid > 0 && <p className="grid-hint">Double-click a red cell (or focus it and press Enter) to fix it here; the row is checked again at once. Arrow keys move between cells.</p>}
          <ImportGrid ref={grid} rows={shown} header={info.header} keyColumn={deviceKeyColumn(info.dialect, info.header)} editable={editable} showOutcome={status !== "validated"} onEdit={onEdit} />
        </div>
        <aside className="preview-side stack">
          {status === "validated" && (
            <ConfirmPanel rows={all} productName={info.productName} organizationName={info.organizationName} canWrite={canWrite} onConfirm={onConfirm} />
          )}
          {status === "validated" && canWrite && <DiscardButton slug={slug} importId={info.id} onError={(text) => setMessage({ kind: "error", text })} />}
          {status === "completed" && rollback.canRollBack && <RollbackPanel slug={slug} importId={info.id} importsPath={`/o/${slug}/imports`} counts={info.counters} />}
          <NotAppliedPanel rows={all} rollback={rollback.links.rollbackOf !== null} />
          <ErrorPanel rows={all} onReveal={reveal} />
        </aside>
      </div>
    </div>
  );
}
