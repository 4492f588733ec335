"use client";

const RESIZE_STEP = 20;

type ResizableHeader = {
  getSize: () => number;
  getResizeHandler: () => (event: unknown) => void;
  column: { getIsResizing: () => boolean; resetSize: () => void };
};

/** A column's drag handle; the arrow keys on it widen or narrow the column, a double click resets it. */
export function ColumnResizer({ name, header, min, max, onSize }: { name: string; header: ResizableHeader; min: number; max: number; onSize: (size: number) => void }) {
  return (
    <span
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize column ${name}`}
      aria-valuenow={header.getSize()}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`resizer${header.column.getIsResizing() ? " resizing" : ""}`}
      onMouseDown={header.getResizeHandler()}
      onTouchStart={header.getResizeHandler()}
      onDoubleClick={() => header.column.resetSize()}
      onKeyDown={(e) => {
        const delta = e.key === "ArrowRight" ? RESIZE_STEP : e.key === "ArrowLeft" ? -RESIZE_STEP : 0;
        if (!delta) return;
        e.preventDefault();
        e.stopPropagation();
        onSize(Math.min(max, Math.max(min, header.getSize() + delta)));
      }}
    />
  );
}
