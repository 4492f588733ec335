/** Deterministic formats: the same text on the server and in the browser (no hydration drift). */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatNumber(value: number): string {
  return value.toLocaleString("en-US");
}

export const statusLabels = { inactive: "Not activated", online: "Online", offline: "Offline" } as const;
