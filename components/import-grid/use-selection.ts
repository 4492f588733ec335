"use client";

import { useCallback, useMemo, useState } from "react";
import type { RowTarget, RowView } from "@/lib/import/preview/row-view";
import type { PreviewRow } from "@/lib/imports/row-window";
import type { GridSelection } from "./row-checkbox";

/**
 * Rows the user picked by line (clicks, shift-click ranges), or every row of a view ("select all
 * invalid"): with rows paged from the server, a view is selected as a filter, not as the rows loaded.
 */
type Selection = { kind: "lines"; lines: ReadonlySet<number>; anchor: { index: number; view: string } | null } | { kind: "view"; view: RowView; count: number };

const none: Selection = { kind: "lines", lines: new Set(), anchor: null };
const viewKey = (v: RowView) => `${v.filter}\u0000${v.q.trim()}\u0000${v.sort}`;
const sameView = (a: RowView, b: RowView) => a.filter === b.filter && a.q.trim() === b.q.trim();

/** The row is in the view: the server's rule (row-window.ts rowViewWhere), for drawing the boxes. */
function inView(row: PreviewRow, view: RowView) {
  const invalid = row.errors.length > 0;
  const filter = view.filter === "all" || (view.filter === "invalid" ? invalid : view.filter === "valid" ? !invalid : row.warnings.length > 0);
  const q = view.q.trim().toLowerCase();
  return filter && (!q || Object.values(row.cells).some((v) => v.toLowerCase().includes(q)));
}

export function useSelection({ view, total, linesBetween }: { view: RowView; total: number; linesBetween: (a: number, b: number) => Promise<number[]> }) {
  const [selection, setSelection] = useState<Selection>(none);
  const clear = useCallback(() => setSelection(none), []);
  const selectView = useCallback((v: RowView, count: number) => setSelection(count > 0 ? { kind: "view", view: v, count } : none), []);

  const count = selection.kind === "view" ? selection.count : selection.lines.size;
  const target: RowTarget | null = selection.kind === "view" ? { view: selection.view } : selection.lines.size > 0 ? { lines: [...selection.lines] } : null;

  const grid = useMemo<GridSelection>(
    () => ({
      isSelected: (row) => (selection.kind === "view" ? inView(row, selection.view) : selection.lines.has(row.line)),
      toggle: (row, index, range) => {
        const here = { index, view: viewKey(view) };
        // A range runs from the last clicked row of this same view (indexes of another view mean other rows).
        if (range && selection.kind === "lines" && selection.anchor?.view === here.view) {
          void linesBetween(selection.anchor.index, index).then((lines) => setSelection((s) => (s.kind === "lines" ? { ...s, lines: new Set([...s.lines, ...lines]), anchor: here } : s)));
          return;
        }
        // From a selection by view, a click starts a selection by line.
        const lines = new Set(selection.kind === "lines" ? selection.lines : []);
        if (lines.has(row.line)) lines.delete(row.line);
        else lines.add(row.line);
        setSelection({ kind: "lines", lines, anchor: here });
      },
      allState: selection.kind === "view" ? (sameView(selection.view, view) ? "all" : "some") : selection.lines.size > 0 ? "some" : "none",
      toggleAll: () => (selection.kind === "view" && sameView(selection.view, view) ? setSelection(none) : selectView(view, total)),
    }),
    [selection, view, total, linesBetween, selectView],
  );
  return { grid, count, target, clear, selectView, byView: selection.kind === "view" ? selection.view : null };
}
