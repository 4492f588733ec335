"use client";

import { rowPaginationFeature, rowSortingFeature, tableFeatures, useTable, type ColumnDef, type RowData, type SortingState } from "@tanstack/react-table";
import { useMemo } from "react";
import { DataGridPagination } from "./data-grid-pagination";
import { useUrlQuery } from "./use-url-query";

export const gridFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type GridColumn<T extends RowData> = ColumnDef<typeof gridFeatures, T>;

export type GridQuery = { sort: string; dir: "asc" | "desc"; page: number; size: number };

/**
 * A server-driven grid: the server sorts and pages (the query comes from the URL), the table
 * renders and turns clicks into URL changes.
 */
export function DataGrid<T extends RowData>({
  columns,
  data,
  rowCount,
  query,
  getRowId,
  empty,
  toolbar,
  pageSizes,
}: {
  columns: GridColumn<T>[];
  data: T[];
  rowCount: number;
  query: GridQuery;
  getRowId: (row: T) => string;
  empty: React.ReactNode;
  toolbar?: React.ReactNode;
  pageSizes: readonly number[];
}) {
  const { setQuery, pending } = useUrlQuery();
  const sorting = useMemo<SortingState>(() => [{ id: query.sort, desc: query.dir === "desc" }], [query.sort, query.dir]);

  const table = useTable({
    features: gridFeatures,
    columns,
    data,
    getRowId,
    rowCount,
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    state: { sorting, pagination: { pageIndex: query.page - 1, pageSize: query.size } },
    onSortingChange: (updater) => {
      const [next] = typeof updater === "function" ? updater(sorting) : updater;
      if (next) setQuery({ sort: next.id, dir: next.desc ? "desc" : "asc" });
    },
  });

  return (
    <div className="card" aria-busy={pending}>
      {toolbar && <div className="toolbar">{toolbar}</div>}
      <div className="table-wrap" style={{ opacity: pending ? 0.6 : 1 }}>
        <table className="table">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th key={header.id} aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}>
                      {header.column.getCanSort() ? (
                        <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                          <table.FlexRender header={header} />
                          <span className="sort-indicator" aria-hidden>
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {data.length === 0 && <div className="empty">{empty}</div>}
      </div>
      <DataGridPagination page={query.page} size={query.size} rowCount={rowCount} pageSizes={pageSizes} onChange={setQuery} />
    </div>
  );
}
