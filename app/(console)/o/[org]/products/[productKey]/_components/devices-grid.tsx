"use client";

import Link from "next/link";
import { useMemo } from "react";
import { DataGrid, type GridColumn, type GridQuery } from "@/components/data-grid/data-grid";
import { DataGridSearch } from "@/components/data-grid/data-grid-search";
import { StatusBadge } from "@/components/status-badge";
import type { DeviceListRow } from "@/lib/devices/queries";
import { formatDateTime } from "@/lib/format";

export function DevicesGrid({
  rows,
  total,
  query,
  basePath,
  importsPath,
  pageSizes,
  searching,
}: {
  rows: DeviceListRow[];
  total: number;
  query: GridQuery;
  basePath: string;
  importsPath: string;
  pageSizes: readonly number[];
  searching: boolean;
}) {
  const columns = useMemo<GridColumn<DeviceListRow>[]>(
    () => [
      {
        accessorKey: "deviceKey",
        header: "Device key",
        cell: ({ row }) => (
          <Link className="mono" href={`${basePath}/devices/${encodeURIComponent(row.original.deviceKey)}`}>
            {row.original.deviceKey}
          </Link>
        ),
      },
      { accessorKey: "name", header: "Name" },
      { accessorKey: "timezone", header: "Time zone" },
      { accessorKey: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
      { accessorKey: "createdAt", header: "Created", cell: ({ row }) => formatDateTime(row.original.createdAt) },
      {
        id: "import",
        header: "Written by",
        enableSorting: false,
        cell: ({ row }) =>
          row.original.importId ? (
            <Link href={`${importsPath}/${row.original.importId}`}>{row.original.importFileName ?? "API import"}</Link>
          ) : (
            <span className="none">Created manually</span>
          ),
      },
    ],
    [basePath, importsPath],
  );
  return (
    <DataGrid
      columns={columns}
      data={rows}
      rowCount={total}
      query={query}
      getRowId={(row) => row.id}
      pageSizes={pageSizes}
      toolbar={<DataGridSearch label="Search devices" placeholder="Search by device key or name" />}
      empty={searching ? "No device matches this search." : "This product has no devices yet."}
    />
  );
}
