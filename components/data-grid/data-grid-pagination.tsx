"use client";

import { formatNumber } from "@/lib/format";

export function DataGridPagination({
  page,
  size,
  rowCount,
  pageSizes,
  onChange,
}: {
  page: number;
  size: number;
  rowCount: number;
  pageSizes: readonly number[];
  onChange: (patch: Record<string, string | number | null>) => void;
}) {
  const pageCount = Math.max(1, Math.ceil(rowCount / size));
  const from = rowCount === 0 ? 0 : (page - 1) * size + 1;
  const to = Math.min(page * size, rowCount);
  return (
    <div className="pager">
      <span>
        {formatNumber(from)}–{formatNumber(to)} of {formatNumber(rowCount)}
      </span>
      <div className="row">
        <label className="row">
          Rows per page
          <select className="select" value={size} onChange={(event) => onChange({ size: event.target.value })}>
            {pageSizes.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button small" disabled={page <= 1} onClick={() => onChange({ page: page - 1 })}>
          Previous
        </button>
        <span aria-live="polite">
          Page {formatNumber(Math.min(page, pageCount))} of {formatNumber(pageCount)}
        </span>
        <button type="button" className="button small" disabled={page >= pageCount} onClick={() => onChange({ page: page + 1 })}>
          Next
        </button>
      </div>
    </div>
  );
}
