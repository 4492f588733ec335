"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { BulkToolbar } from "@/components/import-grid/bulk-toolbar";
import { ImportGrid, type GridHandle } from "@/components/import-grid/import-grid";
import { locateLine, useRowWindows } from "@/components/import-grid/use-row-windows";
import { useSelection } from "@/components/import-grid/use-selection";
import { Stepper } from "@/components/stepper";
import type { Dialect } from "@/lib/import/dialect";
import { deviceKeyColumn } from "@/lib/import/dialects/key-column";
import type { Import } from "@/db/schema";
import { hasRun, type ImportCounters } from "@/lib/imports/counters";
import type { BulkEdit } from "@/lib/import/preview/bulk-edit";
import { defaultRowView, type RowFilter, type RowView } from "@/lib/import/preview/row-view";
import type { PreviewRow, RowSummary, RowWindow } from "@/lib/imports/row-window";
import { formatNumber } from "@/lib/format";
import { bulkEditImport, cancelImport, confirmImport, countImportMatches, editImportCell, undoImportEdit, type EditResult } from "../actions";
import type { ActionResult } from "@/app/_lib/action-result";
import { ConfirmPanel } from "./confirm-panel";
import { ErrorPanel } from "./error-panel";
import { ImportProgress } from "./import-progress";
import { ResultPanel } from "./result-panel";
import { DiscardButton } from "./discard-button";
import { announceImportStatus } from "./live-status-badge";
import { NotAppliedPanel } from "./not-applied-panel";
import { RollbackNotice, RollbackPanel, type RollbackLinks } from "./rollback-panel";

export type ImportInfo = {
  id: string;
  status: Import["status"];
  header: string[];
  dialect: Dialect;
  productName: string | null;
  organizationName: string;
  counters: ImportCounters;
  error: string | null;
};

const filterLabels: Record<RowFilter, string> = { all: "All", invalid: "Invalid", valid: "Valid", warnings: "Warnings" };

export function ImportView({
  slug,
  info,
  initialView,
  initialWindow,
  initialSummary,
  initialUndo,
  notableRows,
  canWrite,
  basePath,
  rollback,
}: {
  slug: string;
  info: ImportInfo;
  initialView: RowView;
  initialWindow: RowWindow;
  initialSummary: RowSummary;
  initialUndo: string | null;
  /** The deletes and the rows not applied, which panels name (see listNotableRows). */
  notableRows: PreviewRow[];
  canWrite: boolean;
  basePath: string;
  rollback: { links: RollbackLinks; canRollBack: boolean };
}) {
  const router = useRouter();
  const [view, setView] = useState<RowView>(initialView);
  const [search, setSearch] = useState(initialView.q);
  const [summary, setSummary] = useState(initialSummary);
  const [undo, setUndo] = useState(initialUndo);
  const [busy, setBusy] = useState(false);
  // Bumped by every edit: the Errors panel reads its first page again.
  const [revision, setRevision] = useState(0);
  const [status, setStatus] = useState(info.status);
  // The result as the progress poll saw it settle: shown at once, before the page is rendered again.
  const [polled, setPolled] = useState<Pick<ImportInfo, "counters" | "error"> | null>(null);
  const shown: ImportInfo = polled ? { ...info, ...polled, status } : info;
  // The header's badge follows (Queued at the confirm, the result when the poll sees it).
  const failed = shown.counters.failed;
  useEffect(() => {
    if (status !== info.status) announceImportStatus({ importId: info.id, status, failed });
  }, [status, failed, info.id, info.status]);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const grid = useRef<GridHandle>(null);
  const windows = useRowWindows(`${basePath}/rows`, view, initialWindow);
  const selection = useSelection({ view, total: windows.total, linesBetween: windows.linesBetween });
  const editable = status === "validated" && canWrite;
  const columns = useMemo(() => info.header.map((h) => h.trim()).filter((h) => h !== ""), [info.header]);

  // The search box filters on the server, a moment after the user stops typing.
  useEffect(() => {
    const timer = setTimeout(() => setView((v) => (v.q === search ? v : { ...v, q: search })), 300);
    return () => clearTimeout(timer);
  }, [search]);

  // The view goes in the URL (a reload or a shared link shows the same rows) without a server round trip.
  useEffect(() => {
    const query = new URLSearchParams(window.location.search);
    for (const [key, value, fallback] of [["filter", view.filter, defaultRowView.filter], ["q", view.q.trim(), ""], ["sort", view.sort, defaultRowView.sort]] as const) {
      if (value === fallback) query.delete(key);
      else query.set(key, value);
    }
    const next = query.size ? `?${query}` : window.location.pathname;
    if (next !== `${window.location.search}` && !(next === window.location.pathname && !window.location.search)) window.history.replaceState(null, "", next);
  }, [view]);

  const afterEdit = useCallback((result: ActionResult<EditResult>) => {
    if (!result.ok) {
      setMessage({ kind: "error", text: result.error });
      return false;
    }
    setSummary(result.data.summary);
    setUndo(result.data.undo);
    setRevision((r) => r + 1);
    return true;
  }, []);

  const onEdit = useCallback(
    async (line: number, column: string, value: string) => {
      const result = await editImportCell(slug, { importId: info.id, line, column, value });
      if (!afterEdit(result) || !result.ok) return;
      setMessage(null);
      windows.patch(result.data.rows);
    },
    [afterEdit, info.id, slug, windows],
  );

  /** A bulk fix or an undo: the server checks the rows in one call, then the windows in view are read again. */
  const runEdit = async (call: () => Promise<ActionResult<EditResult>>) => {
    setBusy(true);
    const result = await call();
    if (afterEdit(result) && result.ok) {
      await windows.reload(result.data.window);
      selection.clear();
      setMessage({ kind: "success", text: result.data.message });
    }
    setBusy(false);
  };
  const onApply = (edit: BulkEdit) => {
    if (!selection.target) return;
    const target = selection.target;
    void runEdit(() => bulkEditImport(slug, { importId: info.id, edit, target, order: view, window: windows.inView() }));
  };
  const countMatches = useCallback(
    async (column: string, find: string) => {
      if (!selection.target) return null;
      const result = await countImportMatches(slug, { importId: info.id, target: selection.target, column, find });
      return result.ok ? result.data.matches : null;
    },
    [info.id, selection.target, slug],
  );

  /** The Errors panel's "show me": the line's place in this view (or in all rows), then its cell. */
  const reveal = useCallback(
    async (line: number, column: string | null) => {
      let target = view;
      let index = await locateLine(`${basePath}/rows`, view, line);
      if (index === null) {
        target = { ...defaultRowView, sort: view.sort };
        setSearch("");
        setView(target);
        index = await locateLine(`${basePath}/rows`, target, line);
      }
      if (index !== null) {
        const at = index;
        requestAnimationFrame(() => grid.current?.reveal(at, line, column));
      }
    },
    [basePath, view],
  );

  const onConfirm = async (options: { allOrNothing: boolean }) => {
    const result = await confirmImport(slug, info.id, options);
    if (!result.ok) return setMessage({ kind: "error", text: result.error });
    // The progress shows at once; it renders the page again when the import settles (or runs long),
    // not now: a render while the worker writes only delays the result.
    setStatus("queued");
  };

  const counts: Record<RowFilter, number> = { all: summary.all, invalid: summary.invalid, valid: summary.valid, warnings: summary.warnings };
  const onCancel = async () => {
    const result = await cancelImport(slug, info.id);
    return result.ok ? null : result.error;
  };
  // A cancelled import that had started keeps what it wrote: its counts show like a finished one's.
  const cancelledMidway = status === "cancelled" && shown.counters.processed > 0;

  const step = status === "validated" ? "Preview" : "Result";
  return (
    <div className="stack">
      <Stepper current={step} />
      {message && (
        <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"} data-testid="edit-message">
          {message.text}
        </div>
      )}
      <RollbackNotice links={rollback.links} importsPath={`/o/${slug}/imports`} />
      {status === "cancelled" && !cancelledMidway && (
        <div className="alert error" role="alert">
          This import was not run: {shown.error ?? "it was cancelled"}. No device was written.
        </div>
      )}
      {(status === "queued" || status === "importing") && (
        <ImportProgress
          statusUrl={`${basePath}/status`}
          status={status}
          total={info.counters.total - info.counters.removed}
          canCancel={canWrite}
          onCancel={onCancel}
          onChange={(next) => {
            if (next.status !== "queued" && next.status !== "importing") {
              setPolled({ counters: next.counters, error: next.error });
              setStatus(next.status);
            }
            // The rows' outcomes, the badge and the panels come with the page rendered again.
            router.refresh();
          }}
          onPoll={(next) => announceImportStatus({ importId: info.id, status: next.status, failed: next.counters.failed })}
        />
      )}
      {(hasRun(status) || cancelledMidway) && <ResultPanel info={shown} downloadsPath={`${basePath}/download`} canWrite={canWrite} isRollback={rollback.links.rollbackOf !== null} />}
      <div className="preview-layout">
        <div className="card preview-main">
          <div className="toolbar">
            <div className="tabs" role="tablist" aria-label="Show rows">
              {(["all", "invalid", "valid", "warnings"] as const).map((f) => (
                <button key={f} role="tab" type="button" aria-selected={view.filter === f} className={`tab${view.filter === f ? " active" : ""}`} onClick={() => setView((v) => ({ ...v, filter: f }))}>
                  {filterLabels[f]} <span className="count">{formatNumber(counts[f])}</span>
                </button>
              ))}
            </div>
            <div className="row grid-controls">
              <input className="input small-input" type="search" placeholder="Search rows" aria-label="Search rows" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} />
              <select className="select small-input" aria-label="Order" value={view.sort} onChange={(e) => setView((v) => ({ ...v, sort: e.target.value as RowView["sort"] }))}>
                <option value="invalid-first">Invalid first</option>
                <option value="line">By line</option>
              </select>
              <a className="button small" href={`${basePath}/download/errmsg`} download aria-disabled={summary.invalid === 0 && summary.warnings === 0}>
                Export invalid records
              </a>
              <a className="button small" href={`${basePath}/download/failed`} download>
                Failed rows (.xlsx)
              </a>
            </div>
          </div>
          {view.q.trim() !== "" && (
            <p className="grid-hint" role="status">
              {formatNumber(windows.total)} {windows.total === 1 ? "row contains" : "rows contain"} “{view.q.trim()}”.
            </p>
          )}
          {editable && (
            <BulkToolbar
              columns={columns}
              selected={selection.count}
              invalid={summary.invalid}
              busy={busy}
              undo={undo}
              onSelectInvalid={() => selection.selectView({ ...defaultRowView, filter: "invalid", sort: view.sort }, summary.invalid)}
              onClear={selection.clear}
              onApply={onApply}
              onUndo={() => void runEdit(() => undoImportEdit(slug, { importId: info.id, order: view, window: windows.inView() }))}
              countMatches={countMatches}
            />
          )}
          {editable && summary.invalid > 0 && <p className="grid-hint">Double-click a red cell (or focus it and press Enter) to fix it here; the row is checked again at once. Tick rows (Shift-click for a range) to fix many at once.</p>}
          <div aria-busy={busy} data-testid="grid">
            <ImportGrid
              ref={grid}
              total={windows.total}
              rowAt={windows.rowAt}
              ensure={windows.ensure}
              header={info.header}
              keyColumn={deviceKeyColumn(info.dialect, info.header)}
              editable={editable}
              showOutcome={status !== "validated"}
              onEdit={onEdit}
              selection={editable ? selection.grid : undefined}
            />
          </div>
        </div>
        <aside className="preview-side stack">
          {status === "validated" && (
            <ConfirmPanel summary={summary} deleteRows={notableRows} productName={info.productName} organizationName={info.organizationName} canWrite={canWrite} onConfirm={onConfirm} />
          )}
          {status === "validated" && canWrite && <DiscardButton slug={slug} importId={info.id} onError={(text) => setMessage({ kind: "error", text })} />}
          {(status === "completed" || status === "completed_with_failures") && rollback.canRollBack && <RollbackPanel slug={slug} importId={info.id} importsPath={`/o/${slug}/imports`} counts={shown.counters} />}
          {/* A rollback's rows left alone; an import's rows not written are in the Errors panel. */}
          {rollback.links.rollbackOf !== null && <NotAppliedPanel rows={notableRows} rollback />}
          <ErrorPanel issuesUrl={`${basePath}/issues`} failureCount={summary.failureCount} errorCount={summary.errorCount} warningCount={summary.warningCount} revision={revision} hasRun={hasRun(status)} onReveal={(line, column) => void reveal(line, column)} />
        </aside>
      </div>
    </div>
  );
}
