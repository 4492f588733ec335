import type { Import } from "@/db/schema";

export const importStatusLabels: Record<Import["status"], string> = {
  validated: "Awaiting confirmation",
  queued: "Queued",
  importing: "Importing",
  completed: "Completed",
  completed_with_failures: "Completed with failures",
  failed: "Failed",
  cancelled: "Cancelled",
};
const tones: Record<Import["status"], string> = { validated: "offline", queued: "role", importing: "role", completed: "online", completed_with_failures: "partial", failed: "failed", cancelled: "inactive" };

/** The import's status; one that finished with failed rows says how many, in amber, never plain green. */
export function ImportStatusBadge({ status, failed = 0 }: { status: Import["status"]; failed?: number }) {
  const label = status === "completed_with_failures" && failed > 0 ? `Completed with ${failed.toLocaleString("en-US")} failed` : importStatusLabels[status];
  return <span className={`badge ${tones[status]}`}>{label}</span>;
}

export const dialectLabels: Record<Import["dialect"], string> = {
  enos_template: "Template (.xlsx)",
  enos_api: "EnOS API",
  c8y_bulk: "Cumulocity CSV",
  device_csv: "Device CSV",
};
