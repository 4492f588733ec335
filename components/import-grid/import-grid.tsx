"use client";

import { tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { forwardRef, useImperativeHandle, useMemo, useRef } from "react";
import type { ImportRowView } from "@/lib/imports/queries";
import { GridCell } from "./grid-cell";

const features = tableFeatures({});
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

export const cellId = (line: number, column: string) => `cell-${line}-${column.replace(/[^A-Za-z0-9]/g, "_")}`;

/**
 * Every staged row, virtualized (only the rows in view are in the DOM), with the file's columns
 * after the line number, the row's state and its operation.
 */
export const ImportGrid = forwardRef<GridHandle, { rows: ImportRowView[]; header: string[]; editable: boolean; showOutcome: boolean; onEdit: (line: number, column: string, value: string) => Promise<void> }>(
  function ImportGrid({ rows, header, editable, showOutcome, onEdit }, ref) {
    const columnNames = useMemo(() => header.map((h) => h.trim()).filter((h) => h !== ""), [header]);
    const columns = useMemo<ColumnDef<typeof features, ImportRowView>[]>(
      () => [
        { id: "line", header: "Line", cell: ({ row }) => <span className="line-no">{row.original.line}</span> },
        {
          id: "state",
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
            const label = r.errors.length ? `${r.errors.length} error${r.errors.length > 1 ? "s" : ""}` : r.warnings.length ? "Warning" : "Valid";
            return (
              <GridCell id={cellId(r.line, "__row")} position={{ row: row.index, col: 0 }} value={label} issues={r.errors.filter((e) => e.column === null)} warnings={rowIssues.filter((i) => !r.errors.includes(i))} editable={false} onSave={async () => {}} />
            );
          },
        },
        { id: "operation", header: "Operation", cell: ({ row }) => operationLabels[row.original.operation] },
        ...columnNames.map(
          (name, col): ColumnDef<typeof features, ImportRowView> => ({
            id: `col:${name}`,
            header: name,
            cell: ({ row }) => {
              const r = row.original;
              return (
                <GridCell
                  id={cellId(r.line, name)}
                  position={{ row: row.index, col: col + 1 }}
                  value={r.cells[name] ?? ""}
                  issues={r.errors.filter((e) => e.column === name)}
                  warnings={r.warnings.filter((w) => w.column === name)}
                  editable={editable}
                  onSave={(value) => onEdit(r.line, name, value)}
                />
              );
            },
          }),
        ),
      ],
      [columnNames, editable, onEdit, showOutcome],
    );
    const table = useTable({ features, columns, data: rows, getRowId: (row) => String(row.line) });
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
        <table className="table import-table" aria-rowcount={tableRows.length + 1}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((h) => (
                  <th key={h.id} className={h.column.id === "line" ? "sticky-col" : undefined}>
                    <table.FlexRender header={h} />
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {top > 0 && (
              <tr aria-hidden style={{ height: top }}>
                <td colSpan={columns.length} />
              </tr>
            )}
            {items.map((item) => {
              const row = tableRows[item.index]!;
              const invalid = row.original.errors.length > 0;
              return (
                <tr key={row.id} data-line={row.original.line} aria-rowindex={item.index + 2} className={invalid ? "row-invalid" : undefined} style={{ height: ROW_HEIGHT }}>
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className={cell.column.id === "line" ? "sticky-col" : undefined}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              );
            })}
            {bottom > 0 && (
              <tr aria-hidden style={{ height: bottom }}>
                <td colSpan={columns.length} />
              </tr>
            )}
          </tbody>
        </table>
        {rows.length === 0 && <div className="empty">No row matches this filter.</div>}
      </div>
    );
  },
);
