"use client";

import { columnPinningFeature, columnResizingFeature, columnSizingFeature, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from "react";
import type { PreviewRow } from "@/lib/imports/row-window";
import { conversionNote } from "@/lib/import/conversion";
import { ChangeValue, changeIn, changeSummary, previewLabel } from "./change-value";
import { GridCell } from "./grid-cell";
import { ColumnResizer } from "./column-resizer";
import { RowCheckbox, type GridSelection } from "./row-checkbox";

const features = tableFeatures({ columnSizingFeature, columnResizingFeature, columnPinningFeature });
const ROW_HEIGHT = 37;

export type GridHandle = { reveal: (index: number, line: number, column: string | null) => void };

const outcomeLabels: Record<PreviewRow["outcome"], string> = {
  pending: "Pending",
  created: "Created",
  updated: "Updated",
  deleted: "Deleted",
  credential_updated: "Credentials updated",
  skipped: "Skipped",
  failed: "Failed",
};
const operationLabels: Record<PreviewRow["operation"], string> = { create: "Create", update: "Update", delete: "Delete", upsert_credentials: "Create or update" };

type PinnableColumn = { id: string; getIsPinned: () => false | "start" | "end"; getStart: (position?: "start") => number };
/**
 * Pinned columns stick at their offset; the last one draws the edge the others scroll under. On a
 * phone only the box and the line stay pinned (the state and key would leave no room to scroll).
 */
const pinClass = (column: PinnableColumn, last: string | undefined) =>
  column.getIsPinned() ? `sticky-col${column.id === last ? " sticky-last" : ""}${column.id === "line" ? " sticky-narrow-last" : column.id === "select" ? "" : " sticky-wide"}` : undefined;
const pinStyle = (column: PinnableColumn): React.CSSProperties | undefined => (column.getIsPinned() ? { left: column.getStart("start") } : undefined);

export const cellId = (line: number, column: string) => `cell-${line}-${column.replace(/[^A-Za-z0-9]/g, "_")}`;

/** Widths in px: the grid lays out at these (table-layout: fixed), and the user can drag them. */
const SIZES = { select: 36, line: 56, state: 96, operation: 96, key: 150, data: 110, min: 36, max: 640 } as const;

/** A column of the grid: its header and width for the table model, and how it draws a loaded row. */
type GridColumn = { id: string; header: string; size: number; render: (row: PreviewRow, index: number) => React.ReactNode };
const toDef = (c: GridColumn): ColumnDef<typeof features, PreviewRow> => ({ id: c.id, header: c.header, size: c.size });

type GridProps = {
  /** How many rows the view has, and each loaded one by index (undefined while its window loads). */
  total: number;
  rowAt: (index: number) => PreviewRow | undefined;
  /** Rows from..to are on screen: fetch what is missing. */
  ensure: (from: number, to: number) => void;
  header: string[];
  keyColumn: string | null;
  editable: boolean;
  showOutcome: boolean;
  onEdit: (line: number, column: string, value: string) => Promise<void>;
  selection?: GridSelection;
};

/**
 * The rows of one view of a staged import, virtualized over windows fetched from the server: only
 * the rows in view are in the DOM, and only their windows in memory. The selection box, line,
 * state and device key stay pinned on the left while the other columns scroll in the grid's own box;
 * every column's width can be dragged (or set with the arrow keys on its handle).
 */
export const ImportGrid = forwardRef<GridHandle, GridProps>(function ImportGrid({ total, rowAt, ensure, header, keyColumn, editable, showOutcome, onEdit, selection }, ref) {
  // The key column comes first among the file's columns, so that the pinned ones are adjacent.
  const columnNames = useMemo(() => {
    const names = header.map((h) => h.trim()).filter((h) => h !== "");
    return keyColumn && names.includes(keyColumn) ? [keyColumn, ...names.filter((n) => n !== keyColumn)] : names;
  }, [header, keyColumn]);
  const keyFirst = !!keyColumn && columnNames[0] === keyColumn;
  const columns = useMemo<GridColumn[]>(() => {
    const state: GridColumn = {
      id: "state",
      header: showOutcome ? "Result" : "Status",
      size: SIZES.state,
      render: (r, index) => {
        if (showOutcome && r.outcome !== "pending") {
          return (
            <span className={`badge outcome-${r.outcome}`} title={r.outcomeMessage ?? undefined}>
              {outcomeLabels[r.outcome]}
            </span>
          );
        }
        const rowErrors = r.errors.filter((e) => e.column === null);
        const rowWarnings = r.warnings.filter((w) => w.column === null);
        const label = r.errors.length ? `${r.errors.length} error${r.errors.length > 1 ? "s" : ""}` : r.warnings.length ? "Warning" : (previewLabel(r.changes) ?? "Valid");
        return (
          <GridCell id={cellId(r.line, "__row")} position={{ row: index, col: 0 }} value={label} issues={rowErrors} warnings={rowWarnings} note={r.errors.length ? null : changeSummary(r.changes)} editable={false} onSave={async () => {}} />
        );
      },
    };
    const data = columnNames.map(
      (name, col): GridColumn => ({
        id: `col:${name}`,
        header: name,
        size: name === keyColumn ? SIZES.key : SIZES.data,
        render: (r, index) => {
          const change = !showOutcome && r.errors.length === 0 ? changeIn(r.changes, name) : undefined;
          return (
            <GridCell
              display={change && <ChangeValue change={change} />}
              id={cellId(r.line, name)}
              position={{ row: index, col: col + 1 }}
              value={r.cells[name] ?? ""}
              issues={r.errors.filter((e) => e.column === name)}
              warnings={r.warnings.filter((w) => w.column === name)}
              notes={r.conversions.filter((c) => c.column === name).map(conversionNote)}
              editable={editable}
              onSave={(value) => onEdit(r.line, name, value)}
            />
          );
        },
      }),
    );
    // The operation goes right after the pinned key column: the first thing read after the key.
    const operation: GridColumn = { id: "operation", header: "Operation", size: SIZES.operation, render: (r) => operationLabels[r.operation] };
    const line: GridColumn = { id: "line", header: "Line", size: SIZES.line, render: (r) => <span className="line-no">{r.line}</span> };
    const select: GridColumn[] = selection ? [{ id: "select", header: "Select", size: SIZES.select, render: (r, index) => <RowCheckbox row={r} index={index} selection={selection} /> }] : [];
    return [...select, line, state, ...data.slice(0, keyFirst ? 1 : 0), operation, ...data.slice(keyFirst ? 1 : 0)];
  }, [columnNames, editable, onEdit, showOutcome, keyColumn, keyFirst, selection]);
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const defs = useMemo(() => columns.map(toDef), [columns]);
  const pinned = useMemo(() => [...(selection ? ["select"] : []), "line", "state", ...(keyFirst ? [`col:${keyColumn}`] : [])], [keyColumn, keyFirst, selection]);
  // The table model keeps the columns (widths, pinning); the rows are drawn from the windows.
  const table = useTable({
    features,
    columns: defs,
    data: [],
    columnResizeMode: "onChange",
    defaultColumn: { minSize: SIZES.min, maxSize: SIZES.max },
    initialState: { columnPinning: { start: pinned, end: [] } },
  });
  const leaves = table.getAllLeafColumns();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total > 0) ensure(firstIndex, lastIndex);
  }, [ensure, firstIndex, lastIndex, total]);

  useImperativeHandle(ref, () => ({
    reveal: (index, line, column) => {
      virtualizer.scrollToIndex(index, { align: "center" });
      // The row's window may still be loading: focus the bad cell (so its message shows) once it is drawn.
      let tries = 0;
      const focus = () => {
        const cell = document.querySelector(`[data-cell-id="${cellId(line, column ?? "__row")}"]`) as HTMLElement | null;
        if (cell) cell.focus();
        else if (tries++ < 40) setTimeout(focus, 50);
      };
      setTimeout(focus, 30);
    },
  }));

  /** Arrow keys move between cells like a spreadsheet, scrolling rows into view as needed. */
  const onKeyDown = (event: React.KeyboardEvent) => {
    const from = (event.target as HTMLElement).closest<HTMLElement>("[data-row]");
    const step = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[event.key];
    if (!from || !step || (event.target as HTMLElement).tagName === "INPUT") return;
    event.preventDefault();
    const row = Math.min(Math.max(Number(from.dataset.row) + step[0]!, 0), total - 1);
    const col = Math.min(Math.max(Number(from.dataset.col) + step[1]!, 0), columnNames.length);
    const focus = () => (scroller.current?.querySelector(`[data-row="${row}"][data-col="${col}"]`) as HTMLElement | null)?.focus();
    virtualizer.scrollToIndex(row);
    requestAnimationFrame(focus);
  };

  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="grid-scroll" ref={scroller} role="region" aria-label="Rows of the file" tabIndex={-1} onKeyDown={onKeyDown}>
      <table className="table import-table" aria-rowcount={total + 1} style={{ width: table.getTotalSize() }}>
        <colgroup>
          {leaves.map((column) => (
            <col key={column.id} style={{ width: column.getSize() }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((h) => {
                const name = byId.get(h.column.id)?.header ?? h.column.id;
                return (
                  <th key={h.id} className={pinClass(h.column, pinned.at(-1))} style={pinStyle(h.column)} data-column-id={h.column.id}>
                    {h.column.id === "select" && selection ? (
                      <RowCheckbox selection={selection} />
                    ) : (
                      <span className="th-label" title={name}>
                        {name}
                      </span>
                    )}
                    <ColumnResizer name={name} header={h} min={SIZES.min} max={SIZES.max} onSize={(size) => table.setColumnSizing((old) => ({ ...old, [h.column.id]: size }))} />
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden style={{ height: top }}>
              <td colSpan={leaves.length} />
            </tr>
          )}
          {items.map((item) => {
            const row = rowAt(item.index);
            if (!row) {
              return (
                <tr key={`loading-${item.index}`} aria-rowindex={item.index + 2} className="row-loading" style={{ height: ROW_HEIGHT }}>
                  <td colSpan={leaves.length}>
                    <span className="none">Loading…</span>
                  </td>
                </tr>
              );
            }
            const invalid = row.errors.length > 0;
            const selected = selection?.isSelected(row) ?? false;
            return (
              <tr key={row.line} data-line={row.line} aria-rowindex={item.index + 2} aria-selected={selection ? selected : undefined} className={`${invalid ? "row-invalid" : ""}${selected ? " row-selected" : ""}`} style={{ height: ROW_HEIGHT }}>
                {leaves.map((column) => (
                  <td key={column.id} className={pinClass(column, pinned.at(-1))} style={pinStyle(column)}>
                    {byId.get(column.id)?.render(row, item.index)}
                  </td>
                ))}
              </tr>
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden style={{ height: bottom }}>
              <td colSpan={leaves.length} />
            </tr>
          )}
        </tbody>
      </table>
      {total === 0 && <div className="empty">No row matches this filter.</div>}
    </div>
  );
});
