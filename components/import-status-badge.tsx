import type { Import } from "@/db/schema";

export const importStatusLabels: Record<Import["status"], string> = { validated: "Awaiting confirmation", queued: "Queued", importing: "Importing", completed: "Completed", failed: "Failed", cancelled: "Cancelled" };
const tones: Record<Import["status"], string> = { validated: "offline", queued: "role", importing: "role", completed: "online", failed: "failed", cancelled: "inactive" };

export function ImportStatusBadge({ status }: { status: Import["status"] }) {
  return <span className={`badge ${tones[status]}`}>{importStatusLabels[status]}</span>;
}

export const dialectLabels: Record<Import["dialect"], string> = {
  enos_template: "Template (.xlsx)",
  enos_api: "EnOS API",
  c8y_bulk: "Cumulocity CSV",
  device_csv: "Device CSV",
};
