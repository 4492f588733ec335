"use client";

import { columnPinningFeature, columnResizingFeature, columnSizingFeature, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { forwardRef, useImperativeHandle, useMemo, useRef } from "react";
import type { ImportRowView } from "@/lib/imports/queries";
import { conversionNote } from "@/lib/import/conversion";
import { ChangeValue, changeIn, changeSummary, previewLabel } from "./change-value";
import { GridCell } from "./grid-cell";

const features = tableFeatures({ columnSizingFeature, columnResizingFeature, columnPinningFeature });
const ROW_HEIGHT = 37;

export type GridHandle = { reveal: (line: number, column: string | null) => void };

const outcomeLabels: Record<ImportRowView["outcome"], string> = {
  pending: "Pending",
  created: "Created",
  updated: "Updated",
  deleted: "Deleted",
  credential_updated: "Credentials updated",
  skipped: "Skipped",
  failed: "Failed",
};
const operationLabels: Record<ImportRowView["operation"], string> = { create: "Create", update: "Update", delete: "Delete", upsert_credentials: "Create or update" };

type PinnableColumn = { id: string; getIsPinned: () => false | "start" | "end"; getStart: (position?: "start") => number };
/** Pinned columns stick at their offset; the last one draws the edge the others scroll under. */
const pinClass = (column: PinnableColumn, last: string | undefined) => (column.getIsPinned() ? `sticky-col${column.id === last ? " sticky-last" : ""}` : undefined);
const pinStyle = (column: PinnableColumn): React.CSSProperties | undefined => (column.getIsPinned() ? { left: column.getStart("start") } : undefined);

export const cellId = (line: number, column: string) => `cell-${line}-${column.replace(/[^A-Za-z0-9]/g, "_")}`;

/** Widths in px: the grid lays out at these (table-layout: fixed), and the user can drag them. */
const SIZES = { line: 56, state: 96, operation: 96, key: 150, data: 116, min: 48, max: 640 } as const;
const RESIZE_STEP = 20;

/**
 * Every staged row, virtualized (only the rows in view are in the DOM): the line number, the
 * row's state and its device key stay pinned on the left while the operation and the file's other
 * columns scroll inside the grid's own box; every column's width can be dragged (or set with the
 * arrow keys on its handle).
 */
export const ImportGrid = forwardRef<
  GridHandle,
  { rows: ImportRowView[]; header: string[]; keyColumn: string | null; editable: boolean; showOutcome: boolean; onEdit: (line: number, column: string, value: string) => Promise<void> }
>(
  function ImportGrid({ rows, header, keyColumn, editable, showOutcome, onEdit }, ref) {
    // The key column comes first among the file's columns, so that the pinned ones are adjacent.
    const columnNames = useMemo(() => {
      const names = header.map((h) => h.trim()).filter((h) => h !== "");
      return keyColumn && names.includes(keyColumn) ? [keyColumn, ...names.filter((n) => n !== keyColumn)] : names;
    }, [header, keyColumn]);
    const columns = useMemo<ColumnDef<typeof features, ImportRowView>[]>(
      () => [
        { id: "line", header: "Line", size: SIZES.line, cell: ({ row }) => <span className="line-no">{row.original.line}</span> },
        {
          id: "state",
          size: SIZES.state,
          header: showOutcome ? "Result" : "Status",
          cell: ({ row }) => {
            const r = row.original;
            const rowIssues = [...r.errors.filter((e) => e.column === null), ...r.warnings.filter((w) => w.column === null)];
            if (showOutcome && r.outcome !== "pending") {
              return (
                <span className={`badge outcome-${r.outcome}`} title={r.outcomeMessage ?? undefined}>
                  {outcomeLabels[r.outcome]}
                </span>
              );
            }
            const label = r.errors.length ? `${r.errors.length} error${r.errors.length > 1 ? "s" : ""}` : r.warnings.length ? "Warning" : (previewLabel(r.changes) ?? "Valid");
            return (
              <GridCell id={cellId(r.line, "__row")} position={{ row: row.index, col: 0 }} value={label} issues={r.errors.filter((e) => e.column === null)} warnings={rowIssues.filter((i) => !r.errors.includes(i))} note={r.errors.length ? null : changeSummary(r.changes)} editable={false} onSave={async () => {}} />
            );
          },
        },
        ...columnNames.map(
          (name, col): ColumnDef<typeof features, ImportRowView> => ({
            id: `col:${name}`,
            header: name,
            size: name === keyColumn ? SIZES.key : SIZES.data,
            cell: ({ row }) => {
              const r = row.original;
              const change = !showOutcome && r.errors.length === 0 ? changeIn(r.changes, name) : undefined;
              return (
                <GridCell
                  display={change && <ChangeValue change={change} />}
                  id={cellId(r.line, name)}
                  position={{ row: row.index, col: col + 1 }}
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
        ),
      ],
      [columnNames, editable, onEdit, showOutcome, keyColumn],
    );
    // The operation goes right after the pinned key column: the first thing read after the key.
    const ordered = useMemo(() => {
      const operation: ColumnDef<typeof features, ImportRowView> = { id: "operation", header: "Operation", size: SIZES.operation, cell: ({ row }) => operationLabels[row.original.operation] };
      const at = keyColumn && columnNames[0] === keyColumn ? 3 : 2;
      return [...columns.slice(0, at), operation, ...columns.slice(at)];
    }, [columns, columnNames, keyColumn]);
    const pinned = useMemo(() => ["line", "state", ...(keyColumn && columnNames[0] === keyColumn ? [`col:${keyColumn}`] : [])], [columnNames, keyColumn]);
    const table = useTable({
      features,
      columns: ordered,
      data: rows,
      getRowId: (row) => String(row.line),
      columnResizeMode: "onChange",
      defaultColumn: { minSize: SIZES.min, maxSize: SIZES.max },
      initialState: { columnPinning: { start: pinned, end: [] } },
    });
    const tableRows = table.getRowModel().rows;
    const scroller = useRef<HTMLDivElement>(null);
    const virtualizer = useVirtualizer({ count: tableRows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

    useImperativeHandle(ref, () => ({
      reveal: (line, column) => {
        const index = tableRows.findIndex((r) => r.original.line === line);
        if (index < 0) return;
        virtualizer.scrollToIndex(index, { align: "center" });
        // The row is rendered on the next frame; then focus the bad cell so its message shows.
        setTimeout(() => (document.querySelector(`[data-cell-id="${cellId(line, column ?? "__row")}"]`) as HTMLElement | null)?.focus(), 60);
      },
    }));

    /** Arrow keys move between cells like a spreadsheet, scrolling rows into view as needed. */
    const onKeyDown = (event: React.KeyboardEvent) => {
      const from = (event.target as HTMLElement).closest<HTMLElement>("[data-row]");
      const step = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[event.key];
      if (!from || !step || (event.target as HTMLElement).tagName === "INPUT") return;
      event.preventDefault();
      const row = Math.min(Math.max(Number(from.dataset.row) + step[0]!, 0), tableRows.length - 1);
      const col = Math.min(Math.max(Number(from.dataset.col) + step[1]!, 0), columnNames.length);
      const focus = () => (scroller.current?.querySelector(`[data-row="${row}"][data-col="${col}"]`) as HTMLElement | null)?.focus();
      virtualizer.scrollToIndex(row);
      requestAnimationFrame(focus);
    };

    const items = virtualizer.getVirtualItems();
    const top = items[0]?.start ?? 0;
    const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
    return (
      <div className="grid-scroll" ref={scroller} role="region" aria-label="Rows of the file" tabIndex={-1} onKeyDown={onKeyDown}>
        <table className="table import-table" aria-rowcount={tableRows.length + 1} style={{ width: table.getTotalSize() }}>
          <colgroup>
            {table.getAllLeafColumns().map((column) => (
              <col key={column.id} style={{ width: column.getSize() }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((h) => {
                  const name = typeof h.column.columnDef.header === "string" ? h.column.columnDef.header : h.column.id;
                  return (
                    <th key={h.id} className={pinClass(h.column, pinned.at(-1))} style={pinStyle(h.column)} data-column-id={h.column.id}>
                      <span className="th-label" title={name}>
                        <table.FlexRender header={h} />
                      </span>
                      <span
                        role="separator"
                        aria-orientation="vertical"
                        aria-label={`Resize column ${name}`}
                        aria-valuenow={h.getSize()}
                        aria-valuemin={SIZES.min}
                        aria-valuemax={SIZES.max}
                        tabIndex={0}
                        className={`resizer${h.column.getIsResizing() ? " resizing" : ""}`}
                        onMouseDown={h.getResizeHandler()}
                        onTouchStart={h.getResizeHandler()}
                        onDoubleClick={() => h.column.resetSize()}
                        onKeyDown={(e) => {
                          const delta = e.key === "ArrowRight" ? RESIZE_STEP : e.key === "ArrowLeft" ? -RESIZE_STEP : 0;
                          if (!delta) return;
                          e.preventDefault();
                          e.stopPropagation();
                          const size = Math.min(SIZES.max, Math.max(SIZES.min, h.getSize() + delta));
                          table.setColumnSizing((old) => ({ ...old, [h.column.id]: size }));
                        }}
                      />
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {top > 0 && (
              <tr aria-hidden style={{ height: top }}>
                <td colSpan={ordered.length} />
              </tr>
            )}
            {items.map((item) => {
              const row = tableRows[item.index]!;
              const invalid = row.original.errors.length > 0;
              return (
                <tr key={row.id} data-line={row.original.line} aria-rowindex={item.index + 2} className={invalid ? "row-invalid" : undefined} style={{ height: ROW_HEIGHT }}>
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className={pinClass(cell.column, pinned.at(-1))} style={pinStyle(cell.column)}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              );
            })}
            {bottom > 0 && (
              <tr aria-hidden style={{ height: bottom }}>
                <td colSpan={ordered.length} />
              </tr>
            )}
          </tbody>
        </table>
        {rows.length === 0 && <div className="empty">No row matches this filter.</div>}
      </div>
    );
  },
);
