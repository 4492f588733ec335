"use client";

import { useEffect, useRef } from "react";
import type { PreviewRow } from "@/lib/imports/row-window";

/** What the grid needs of the preview's selection (kept by the page: lines, or every row of a view). */
export type GridSelection = {
  isSelected: (row: PreviewRow) => boolean;
  /** A click on a row's box; with Shift, the rows from the last clicked one to this one. */
  toggle: (row: PreviewRow, index: number, range: boolean) => void;
  allState: "all" | "some" | "none";
  toggleAll: () => void;
};

/** A row's selection box, or (without a row) the header's box for every row of the view. */
export function RowCheckbox({ row, index, selection }: { row?: PreviewRow; index?: number; selection: GridSelection }) {
  const box = useRef<HTMLInputElement>(null);
  const some = !row && selection.allState === "some";
  useEffect(() => {
    if (box.current) box.current.indeterminate = some;
  }, [some]);
  const checked = row ? selection.isSelected(row) : selection.allState === "all";
  return (
    <input
      ref={box}
      type="checkbox"
      className="row-check"
      aria-label={row ? `Select line ${row.line}` : "Select every row of this view"}
      checked={checked}
      // The click carries Shift; onChange does not.
      onChange={() => {}}
      onClick={(e) => (row ? selection.toggle(row, index ?? 0, e.shiftKey) : selection.toggleAll())}
    />
  );
}
